import pytest
from django.core.management import CommandError, call_command

from minsheng.audit.models import AuditEntry
from minsheng.regions.importing import import_regions
from minsheng.regions.models import Region

pytestmark = pytest.mark.django_db

HEADER = ["code", "name", "name_en", "level", "parent_code"]


def rows(*lines):
    return [(number, dict(zip(HEADER, line, strict=True))) for number, line in enumerate(lines, 2)]


CITY = ("110000", "北京市", "Beijing", "city", "")
CHAOYANG = ("110105", "朝阳区", "Chaoyang", "district", "110000")
JINSONG = ("110105017", "劲松街道", "Jinsong", "subdistrict", "110105")


def test_it_creates_a_tree_with_paths():
    result = import_regions(rows(CITY, CHAOYANG, JINSONG))
    assert (result.created, result.rejected, result.applied) == (3, [], True)
    assert Region.objects.get(code="110105017").path == "110000.110105.110105017."


def test_rows_may_come_children_first():
    result = import_regions(rows(JINSONG, CHAOYANG, CITY))
    assert result.created == 3


def test_a_second_import_updates_names_and_counts_unchanged_rows():
    import_regions(rows(CITY, CHAOYANG))
    result = import_regions(
        rows(CITY, ("110105", "朝阳区", "Chaoyang District", "district", "110000"))
    )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert Region.objects.get(code="110105").name_en == "Chaoyang District"


def test_twelve_digit_statistical_codes_are_normalised():
    result = import_regions(rows(CITY, ("110105000000", "朝阳区", "", "区", "110000000000")))
    assert result.created == 2
    assert Region.objects.filter(code="110105").exists()


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (("110105017", "劲松街道", "", "subdistrict", "110199"), "Unknown parent"),
        (("110105017", "劲松街道", "", "planet", "110105"), "Unknown level"),
        (("110199", "假区", "", "district", "110105"), "cannot sit under"),
        (("11010501", "劲松街道", "", "subdistrict", "110105"), "9-digit"),
        (("110105017", "", "", "subdistrict", "110105"), "Chinese name"),
    ],
)
def test_a_bad_row_is_reported_with_its_line_and_nothing_changes(bad, reason, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        result = import_regions(rows(CITY, CHAOYANG, bad))
    assert not result.applied
    assert [(r.line, reason in r.reason) for r in result.rejected] == [(4, True)]
    assert Region.objects.count() == 0


def test_duplicate_codes_are_rejected_on_the_second_line():
    result = import_regions(rows(CITY, CHAOYANG, CHAOYANG))
    assert [r.line for r in result.rejected] == [4]


def test_a_cycle_is_reported():
    a = ("110105017", "甲", "", "subdistrict", "110105018")
    b = ("110105018", "乙", "", "subdistrict", "110105017")
    result = import_regions(rows(CITY, a, b))
    assert {r.line for r in result.rejected} == {3, 4}
    assert all("loops" in r.reason or "循环" in r.reason for r in result.rejected)


def test_skip_invalid_applies_the_valid_rows_and_drops_children_of_rejected_ones():
    orphan_parent = ("110106", "丰台区", "", "district", "110999")
    child = ("110106001", "右安门街道", "", "subdistrict", "110106")
    result = import_regions(rows(CITY, CHAOYANG, orphan_parent, child), skip_invalid=True)
    assert result.applied
    assert result.created == 2
    assert sorted(r.line for r in result.rejected) == [4, 5]


def test_moving_a_region_moves_its_subtree():
    fengtai = ("110106", "丰台区", "", "district", "110000")
    import_regions(
        rows(
            CITY,
            CHAOYANG,
            fengtai,
            JINSONG,
            ("110105017001", "劲松北社区", "", "community", "110105017"),
        )
    )
    import_regions(rows(("110105017", "劲松街道", "Jinsong", "subdistrict", "110106")))
    community = Region.objects.get(code="110105017001")
    assert community.path == "110000.110106.110105017.110105017001."


def test_an_import_is_audited():
    import_regions(rows(CITY, CHAOYANG), source="file.csv")
    entry = AuditEntry.objects.get(action="regions.import")
    assert entry.after["created"] == 2


def test_the_command_refuses_a_file_with_errors_and_says_why(tmp_path, capsys):
    path = tmp_path / "regions.csv"
    path.write_text(
        "code,name,name_en,level,parent_code\n110000,北京市,Beijing,city,\n110105,朝阳区,,district,119999\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("import_regions", str(path), language="en")
    assert "Line 3 (110105): Unknown parent code 119999." in capsys.readouterr().err
    assert not Region.objects.exists()


def test_the_command_reports_counts(tmp_path, capsys):
    path = tmp_path / "regions.csv"
    path.write_text(
        "code,name,name_en,level,parent_code\n110000,北京市,Beijing,city,\n", encoding="utf-8"
    )
    call_command("import_regions", str(path), language="zh-hans")
    assert "新建 1 条" in capsys.readouterr().out


def test_a_file_without_the_columns_is_refused(tmp_path):
    path = tmp_path / "regions.csv"
    path.write_text("code,name\n110000,北京市\n", encoding="utf-8")
    with pytest.raises(CommandError, match="level"):
        call_command("import_regions", str(path), language="en")
