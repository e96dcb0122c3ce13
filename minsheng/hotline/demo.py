"""Demo data: the previous full year and this year up to today, generated, imported, assessed.

The files come from ``minsheng generate-cases``; loading is idempotent because the importer
updates cases by number and the statistics are recomputed per month.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.management import call_command, get_commands
from django.db import transaction
from django.utils import timezone

from minsheng.hotline.knowledge import demo as knowledge_demo
from minsheng.hotline.residents import demo as residents_demo

if TYPE_CHECKING:
    from minsheng.hotline.models import Case

YEAR_COUNT = 40_000  # cases in the previous full year ("One issue per month" mines it)
SEED = 12345


def demo_year(today: dt.date | None = None) -> int:
    """The previous full year, the one "One issue per month" studies."""
    return (today or timezone.localdate()).year - 1


def current_window(today: dt.date | None = None) -> tuple[dt.date, dt.date, int]:
    """This year so far, at the same daily volume, so that queues and trends are live."""
    today = today or timezone.localdate()
    start = dt.date(today.year, 1, 1)
    days = (today - start).days + 1
    return start, today, max(500, YEAR_COUNT * days // 365)


class GeneratorMissing(RuntimeError):
    pass


def load() -> None:
    from minsheng.hotline.importing import import_cases
    from minsheng.hotline.models import Case

    _load_rules()
    folder = Path(settings.VAR_DIR) / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    year = demo_year()
    recent_from, recent_to, recent_count = current_window()
    year_file = folder / f"cases-{year}-{YEAR_COUNT}-{SEED}.csv"
    recent_file = folder / f"cases-{recent_from}-{recent_to}-{recent_count}-{SEED}.csv"
    missing = not (year_file.exists() and recent_file.exists())
    if missing and "generate_cases" not in get_commands():
        raise GeneratorMissing(
            "The command `minsheng generate-cases` is not installed, so no demo cases can be "
            "generated. It ships with the hotline's synthetic data module."
        )
    # Arguments as on the command line: that is the generator's documented interface.
    if not year_file.exists():
        call_command(
            "generate_cases",
            "--year",
            str(year),
            "--count",
            str(YEAR_COUNT),
            "--seed",
            str(SEED),
            "--out",
            str(year_file),
        )
    if not recent_file.exists():
        # Up to this moment: the newest cases are still waiting, as they would be.
        now = timezone.localtime().strftime("%Y-%m-%d %H:%M")
        call_command(
            "generate_cases",
            "--from",
            recent_from.isoformat(),
            "--to",
            now,
            "--count",
            str(recent_count),
            "--seed",
            str(SEED + 1),
            "--out",
            str(recent_file),
        )
    for path in (year_file, recent_file):
        if not _already_imported(path, Case):
            import_cases(path)
    _load_live_work()
    residents_demo.load()
    knowledge_demo.load()
    call_command("update_hotline_stats", verbosity=0)


@transaction.atomic
def _load_rules() -> None:
    """A few dispatch rules: utilities to their companies, labour and markets to departments."""
    from minsheng.hotline.models import Category, DispatchRule
    from minsheng.people.models import Organisation

    rules = [
        ("0601", "BJ-HEAT"),
        ("0701", "BJ-WATER"),
        ("0702", "BJ-POWER"),
        ("0703", "BJ-GAS"),
        ("0802", "BJ-DRAIN"),
        ("1401", "BJ-RSJ"),
        ("1402", "BJ-RSJ"),
        ("1701", "BJ-SCJGJ"),
        ("18", "BJ-SCJGJ"),
        ("0401", "BJ-GHZRZYW"),
        ("1001", "BJ-JTW"),
        ("1902", "BJ-RSJ"),
    ]
    for code, unit_code in rules:
        category = Category.objects.filter(code=code).first()
        unit = Organisation.objects.filter(code=unit_code).first()
        if category is None or unit is None:
            continue
        DispatchRule.objects.get_or_create(
            category=category,
            region=None,
            is_active=True,
            defaults={"target": DispatchRule.Target.UNIT, "unit": unit},
        )


def _already_imported(path: Path, case_model: type[Case]) -> bool:
    """Loaded before if the file's first case is there (demo users' later work is kept)."""
    from minsheng.cases.casefile import CaseRecord, read_cases

    for item in read_cases(path):
        if isinstance(item, CaseRecord):
            return case_model.objects.filter(number=item.number).exists()
    return True


LIVE_WORK = [
    # (title, request, category, how far the Jinsong office has got)
    (
        "楼道灯不亮",
        "劲松五区3号楼二单元楼道灯坏了一个多星期，晚上老人上下楼很危险，希望尽快修好。",
        "030202",
        "dispatched",
    ),
    (
        "垃圾桶满溢",
        "劲松北社区12号楼旁边的垃圾桶天天满溢，厨余垃圾没人及时清运，味道很大。",
        "020201",
        "accepted",
    ),
    (
        "电梯经常停运",
        "劲松八区6号楼电梯这个月停了三次，每次都要等一两天才修好，家里有坐轮椅的老人。",
        "030201",
        "responded",
    ),
    (
        "餐馆油烟扰民",
        "劲松西街一家餐馆的排烟管道对着居民楼窗户，油烟很重，晚上还很吵。",
        "120201",
        "handled",
    ),
]


def _load_live_work() -> None:
    """A few of today's cases in the Jinsong office's hands, at each stage of the work."""
    from minsheng.hotline import actions
    from minsheng.hotline.models import Case, Category
    from minsheng.people.models import Organisation, User
    from minsheng.regions.models import Region

    if Case.objects.filter(source="demo").exists():
        return
    dispatcher = User.objects.get(username="dispatcher")
    staff = User.objects.get(username="jinsong-office")
    office = Organisation.objects.get(code="SD-110105017")
    jinsong = Region.objects.get(code="110105017")
    for number, (title, content, category, stage) in enumerate(LIVE_WORK, start=1):
        case = actions.receive_case(
            actor=dispatcher,
            content=content,
            title=title,
            kind="complaint",
            subdistrict=jinsong,
            category=Category.objects.get(code=category),
            source="demo",
            caller_id=f"demo-caller-{number}",
            caller_name="王秀英",
            caller_phone=f"1370000000{number}",
        )
        case = actions.dispatch_case(actor=dispatcher, case=case, unit=office)
        if stage == "dispatched":
            continue
        case = actions.accept_case(actor=staff, case=case)
        if stage == "accepted":
            continue
        case = actions.record_contact(
            actor=staff, case=case, note="已电话联系来电人，约定上门查看。"
        )
        if stage == "handled":
            actions.record_result(
                actor=staff,
                case=case,
                result="resolved",
                resolution="已约谈餐馆负责人，加装油烟净化器并调整排烟口方向。",
            )
