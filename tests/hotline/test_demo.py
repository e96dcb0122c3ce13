"""The demo loader: rules always, cases from the generator when it is installed."""

from __future__ import annotations

import pytest

from minsheng.hotline import demo
from minsheng.hotline.models import DispatchRule


def test_without_the_generator_the_loader_says_so_clearly(
    cast, categories, monkeypatch, tmp_path, settings
):
    settings.VAR_DIR = tmp_path  # no generated files yet
    monkeypatch.setattr(demo, "get_commands", lambda: {"migrate": "django.core"})
    with pytest.raises(demo.GeneratorMissing, match="generate-cases"):
        demo.load()
    # The dispatch rules are loaded all the same, once.
    count = DispatchRule.objects.count()
    assert count > 5
    with pytest.raises(demo.GeneratorMissing):
        demo.load()
    assert DispatchRule.objects.count() == count


def test_the_loader_imports_the_generated_files_once(
    cast, categories, monkeypatch, tmp_path, settings
):
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    calls: list[tuple] = []
    header = "number,received_at,content,district,subdistrict,handling_unit\n"

    def fake_call(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append((name, *args))
        if name == "generate_cases":
            out = args[args.index("--out") + 1]
            prefix = "Y" if "--year" in args else "R"
            with open(out, "w", encoding="utf-8") as handle:
                handle.write(header + f"{prefix}1,2025-05-01 09:00,路灯不亮,朝阳区,劲松街道,\n")

    monkeypatch.setattr(demo, "get_commands", lambda: {"generate_cases": "minsheng.hotline"})
    monkeypatch.setattr(demo, "call_command", fake_call)
    demo.load()
    demo.load()
    generated = [c for c in calls if c[0] == "generate_cases"]
    assert len(generated) == 2  # files are kept and not generated again
    assert generated[0][1:3] == ("--year", str(demo.demo_year()))
    assert "--from" in generated[1] and demo.current_window()[0].isoformat() in generated[1]
    from minsheng.hotline.models import Case

    assert set(Case.objects.filter(source="import").values_list("number", flat=True)) == {
        "Y1",
        "R1",
    }
    # Today's work in the Jinsong office's hands, once, at each stage.
    live = Case.objects.filter(source="demo")
    assert sorted(live.values_list("status", flat=True)) == [
        "accepted",
        "dispatched",
        "handled",
        "responded",
    ]
    assert [c[0] for c in calls].count("update_hotline_stats") == 2
    # Residents' own online reports, once, at each stage, with their photos.
    online = Case.objects.filter(source="web", channel="web")
    assert sorted(online.values_list("status", flat=True)) == [
        "accepted",  # reopened by the resident's online answer
        "closed",
        "dispatched",
        "dispatched",  # the anonymous suggestion
        "handled",
        "received",
    ]
    closed = online.get(status="closed").events.get(kind="surveyed").data
    assert (closed["method"], closed["rating"]) == ("online", "very_satisfied")
    assert online.get(status="accepted").events.filter(kind="reopened").exists()
    anonymous = online.get(anonymous=True)
    assert anonymous.caller_phone == "" and anonymous.tracking_key.key_hash
    # The demo resident follows the rest from their account.
    assert online.filter(caller_phone_hash=cast.family.phone_hash).count() == 5
    assert {p.role for c in online for p in c.attachments.all()} == {"resident", "after"}


def test_the_demo_covers_the_previous_year_and_this_year_so_far():
    import datetime as dt

    assert demo.demo_year(dt.date(2026, 11, 30)) == 2025
    start, end, count = demo.current_window(dt.date(2026, 11, 30))
    assert (start, end) == (dt.date(2026, 1, 1), dt.date(2026, 11, 30))
    assert 30_000 < count < 40_000
