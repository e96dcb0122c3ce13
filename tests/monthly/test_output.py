"""The selection's exports carry the aspects of each candidate and the evidence behind its name."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import load_workbook

from minsheng.monthly.selection import output
from minsheng.monthly.selection.engine import Selection


def candidate() -> dict:
    return {
        "rank": 1,
        "key": "k1",
        "label": "加装电梯难",
        "label_en": "Installing lifts: hard",
        "keywords": ["加装电梯", "一楼"],
        "size": 5,
        "score": 0.8,
        "components": {"widespread": 0.7, "chronic": 0.9, "coordination": 0.6},
        "explanation": "…",
        "districts": [{"code": "110105", "name": "朝阳区", "cases": 5}],
        "subdistricts": [],
        "units": [],
        "months": [{"month": "2025-03", "cases": 5}],
        "sample_numbers": ["A1", "B1"],
        "numbers": ["A1", "A2", "A3", "B1", "B2"],
        "naming": {
            "method": "titles",
            "phrase": "加装电梯难",
            "key_phrases": ["加装电梯", "一楼"],
            "titles": ["加装电梯难", "一楼反对加装电梯"],
            "messages": [{"number": "A1", "title": "加装电梯难"}],
        },
        "aspects": [
            {
                "label": "一楼反对加装电梯",
                "label_en": "Ground floor: objecting",
                "cases": 3,
                "share": 0.6,
                "keywords": ["一楼", "反对"],
                "sample_numbers": ["A1", "A2"],
            },
            {
                "label": "电梯井管线迁改",
                "label_en": "Lift shafts pipes",
                "cases": 2,
                "share": 0.4,
                "keywords": ["管线", "迁改"],
                "sample_numbers": ["B1"],
            },
        ],
    }


def test_the_csv_has_the_aspects_and_the_naming_evidence():
    rows = list(csv.DictReader(io.StringIO(output.to_csv(Selection([candidate()])))))
    row = rows[0]
    assert row["aspect_count"] == "2"
    assert row["aspects"] == (
        "一楼反对加装电梯 (3, 60%): 一楼、反对 [A1 A2] | 电梯井管线迁改 (2, 40%): 管线、迁改 [B1]"
    )
    assert row["naming_method"] == "titles" and row["naming_phrase"] == "加装电梯难"
    assert row["naming_titles"] == "加装电梯难;一楼反对加装电梯"


def test_the_workbook_has_an_aspects_sheet(tmp_path):
    path = tmp_path / "c.xlsx"
    output.write(Selection([candidate()]), "xlsx", path)
    workbook = load_workbook(path, read_only=True)
    assert workbook.sheetnames == ["candidates", "aspects", "cases"]
    header, *rows = workbook["candidates"].iter_rows(values_only=True)
    first = dict(zip(header, rows[0], strict=True))
    assert first["aspect_count"] == 2 and first["naming_phrase"] == "加装电梯难"
    header, *aspects = workbook["aspects"].iter_rows(values_only=True)
    assert header == output.ASPECT_COLUMNS
    assert aspects == [
        (
            1,
            "加装电梯难",
            "一楼反对加装电梯",
            "Ground floor: objecting",
            3,
            0.6,
            "一楼;反对",
            "A1;A2",
        ),
        (1, "加装电梯难", "电梯井管线迁改", "Lift shafts pipes", 2, 0.4, "管线;迁改", "B1"),
    ]


def test_a_candidate_without_aspects_exports_none():
    bare = {k: v for k, v in candidate().items() if k not in {"aspects", "naming"}}
    row = next(csv.DictReader(io.StringIO(output.to_csv(Selection([bare])))))
    assert row["aspect_count"] == "0" and row["aspects"] == "" and row["naming_method"] == ""


def test_the_json_keeps_the_aspects_and_the_naming():
    exported = json.loads(output.to_json(Selection([candidate()])))[0]
    assert [a["share"] for a in exported["aspects"]] == [0.6, 0.4]
    assert exported["naming"]["titles"] == ["加装电梯难", "一楼反对加装电梯"]
