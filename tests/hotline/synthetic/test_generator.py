"""The synthetic year: believable, deterministic, streaming, and with its planted problems."""

from __future__ import annotations

import collections
import csv
import datetime as dt
import io
import itertools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minsheng.cases.casefile import BEIJING, COLUMNS, CaseRecord, read_cases
from minsheng.hotline.synthetic import PLANTED, GenerationSpec, generate, ground_truth, write_cases
from minsheng.hotline.synthetic.generator import load_categories
from minsheng.hotline.synthetic.places import world

CHRONIC = [p.key for p in PLANTED if p.role == "chronic"]
DECOYS = [p.key for p in PLANTED if p.role == "decoy"]
UNIT = re.compile(r"^(SD-\d{9}|DG-\d{6}|BJ-[A-Z]+)$")


@pytest.fixture(scope="module")
def year() -> list:
    return list(generate(GenerationSpec.year(2025, 12_000, seed=11)))


def rows_of(cases):
    return [case.row for case in cases]


def test_it_writes_every_column_of_the_case_format_and_reads_back_cleanly(tmp_path):
    path = tmp_path / "cases.csv"
    write_cases(GenerationSpec.year(2025, 500, seed=3), path)
    with path.open(encoding="utf-8-sig") as handle:
        assert next(csv.reader(handle)) == list(COLUMNS)
    records = list(read_cases(path))
    assert len(records) == 500
    assert all(isinstance(record, CaseRecord) for record in records)


def test_xlsx_output_reads_back_like_csv(tmp_path):
    spec = GenerationSpec.year(2025, 120, seed=3)
    write_cases(spec, tmp_path / "a.csv")
    write_cases(spec, tmp_path / "a.xlsx", xlsx=True)
    from_csv = [r.number for r in read_cases(tmp_path / "a.csv")]
    from_xlsx = [r.number for r in read_cases(tmp_path / "a.xlsx")]
    assert from_csv == from_xlsx


def test_the_same_seed_gives_the_same_file_and_another_seed_another():
    def text(seed: int) -> str:
        buffer = io.StringIO()
        write_cases(GenerationSpec.year(2025, 800, seed=seed), buffer)
        return buffer.getvalue()

    assert text(4) == text(4)
    assert text(4) != text(5)


def test_it_streams_so_the_first_cases_come_before_a_huge_year_is_made():
    cases = generate(GenerationSpec.year(2025, 50_000_000, seed=1))
    first = list(itertools.islice(cases, 5))
    assert [case.row["received_at"].date() for case in first] == [dt.date(2025, 1, 1)] * 5


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.dates(dt.date(2019, 1, 1), dt.date(2030, 12, 1)),
    days=st.integers(1, 60),
    count=st.integers(0, 400),
    seed=st.integers(0, 2**32),
)
def test_any_window_holds_exactly_its_cases_in_order_with_unique_numbers(start, days, count, seed):
    end = start + dt.timedelta(days=days - 1)
    rows = rows_of(generate(GenerationSpec.window(start, end, count, seed)))
    assert len(rows) == count
    numbers = [row["number"] for row in rows]
    assert len(set(numbers)) == count
    times = [row["received_at"] for row in rows]
    assert times == sorted(times)
    assert all(start <= t.astimezone(BEIJING).date() <= end for t in times)


def test_values_are_those_of_the_format_and_the_demo(year):
    categories = load_categories()
    paths = set(categories.values())
    districts = {d.name for d in world().districts.values()}
    for row in rows_of(year):
        assert row["category"] in categories or row["category"] in paths or not row["category"]
        assert not row["handling_unit"] or UNIT.match(row["handling_unit"])
        assert all(UNIT.match(unit) for unit in row["cooperating_units"])
        assert row.get("district") is None or row["district"] in districts
        assert row["content"] and row["title"]
        if row["closed_at"]:
            assert (
                row["received_at"] <= row["responded_at"] <= row["handled_at"] <= row["closed_at"]
            )


def test_the_mix_looks_like_the_hotline(year):
    rows = rows_of(year)
    kinds = collections.Counter(row["kind"] for row in rows)
    assert 0.52 < kinds["consultation"] / len(rows) < 0.68
    without_place = sum(1 for row in rows if not row.get("district"))
    assert 0.08 < without_place / len(rows) < 0.3
    dispatched = [row for row in rows if row["handling_unit"]]
    satisfied = sum(row["satisfied"] in {"satisfied", "basically_satisfied"} for row in dispatched)
    surveyed = sum(row["satisfied"] not in {None, "no_answer"} for row in dispatched)
    assert satisfied / surveyed > 0.8


def test_rows_without_location_columns_name_the_place_in_the_text(year):
    known = {name for sd in world().subdistricts for name in (*sd.compounds, *sd.roads)}
    placeless = [
        case.row
        for case in year
        if not case.row.get("district") and case.problem in {"lifts", "sewers", "certificates"}
    ]
    assert placeless
    assert all(any(name in row["content"] for name in known) for row in placeless)


def test_seasons_bring_heating_in_winter_and_floods_in_the_rains(year):
    heating = collections.Counter(
        case.row["received_at"].month for case in year if case.problem == "decoy_heating"
    )
    winter = sum(heating[m] for m in (1, 2, 11, 12))
    assert winter > 0.8 * sum(heating.values())
    floods = collections.Counter(
        case.row["received_at"].month for case in year if case.row["category"] in {"080201"}
    )
    assert floods[7] + floods[8] > floods[1] + floods[2] + floods[3] + floods[4]


def test_some_people_call_again_and_again(year):
    calls = collections.Counter(case.row.get("caller_id") for case in year)
    calls.pop(None, None)
    assert sum(1 for n in calls.values() if n >= 3) > 20


def outcome(cases):
    rows = [case.row for case in cases]
    resolved = sum(row["result"] == "resolved" for row in rows) / len(rows)
    surveyed = [row for row in rows if row["satisfied"] not in {None, "no_answer"}]
    happy = sum(row["satisfied"] != "dissatisfied" for row in surveyed) / len(surveyed)
    return resolved, happy


def test_planted_problems_are_chronic_widespread_and_shared_between_departments(year):
    for key in CHRONIC:
        cases = [case for case in year if case.problem == key]
        rows = rows_of(cases)
        months = {row["received_at"].month for row in rows}
        subdistricts = {row.get("subdistrict") for row in rows} - {None}
        units = {row["handling_unit"] for row in rows} | {
            unit for row in rows for unit in row["cooperating_units"]
        }
        departments = {unit for unit in units if unit.startswith("BJ-")}
        resolved, happy = outcome(cases)
        assert len(rows) > 80, key
        assert len(months) >= 10, key
        assert len(subdistricts) >= 20, key
        assert len(departments) >= 2, key
        assert sum(row["return_count"] for row in rows) / len(rows) > 0.15, key
        assert resolved < 0.35 and happy < 0.65, key


def test_decoys_are_bigger_but_fixed_quickly_and_well(year):
    chronic_sizes = [sum(case.problem == key for case in year) for key in CHRONIC]
    for key in DECOYS:
        cases = [case for case in year if case.problem == key]
        resolved, happy = outcome(cases)
        assert len(cases) > max(chronic_sizes) * 0.9, key
        assert resolved > 0.75 and happy > 0.85, key
        hours = [
            (row["handled_at"] - row["received_at"]).total_seconds() / 3600
            for row in rows_of(cases)
        ]
        assert sorted(hours)[len(hours) // 2] < 48, key


def test_ground_truth_matches_what_write_cases_reports(tmp_path):
    spec = GenerationSpec.year(2025, 3000, seed=8)
    assert write_cases(spec, tmp_path / "y.csv") == ground_truth(spec)


def test_a_window_is_an_export_whose_newest_cases_are_still_open():
    spec = GenerationSpec.window(dt.date(2026, 10, 15), dt.date(2026, 11, 30), 4000, seed=2)
    rows = rows_of(generate(spec))
    assert all(row["closed_at"] is None or row["closed_at"] <= spec.as_of for row in rows)
    last_day = [row for row in rows if row["received_at"].date() == dt.date(2026, 11, 30)]
    early = [row for row in rows if row["received_at"].date() < dt.date(2026, 11, 1)]
    assert sum(row["closed_at"] is None for row in last_day) / len(last_day) > 0.6
    assert sum(row["closed_at"] is None for row in early) / len(early) < 0.1
    states = {
        "no unit": lambda r: not r["handling_unit"] and r["responded_at"] is None,
        "dispatched": lambda r: r["handling_unit"] and r["responded_at"] is None,
        "responded": lambda r: r["responded_at"] and r["handled_at"] is None,
        "handled": lambda r: r["handled_at"] and r["closed_at"] is None,
    }
    for name, test in states.items():
        assert any(test(row) for row in last_day), name


def test_a_window_plants_surges_at_one_place_near_its_end():
    spec = GenerationSpec.window(dt.date(2026, 10, 15), dt.date(2026, 11, 30), 3000, seed=2)
    truth = ground_truth(spec)
    by_number = {case.row["number"]: case.row for case in generate(spec)}
    for key in ("surge_night_works", "surge_water"):
        rows = [by_number[n] for n in truth[key]]
        assert len(rows) >= 20
        assert min(row["received_at"].date() for row in rows) >= dt.date(2026, 11, 18)
        assert len({row.get("subdistrict") for row in rows} - {None}) == 1
    assert "surge_water" not in ground_truth(GenerationSpec.year(2025, 3000, seed=2))
