"""Writing a selection as JSON (the contract), CSV, XLSX or a standalone HTML report."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import IO, Any

from django.template.loader import render_to_string

from minsheng.core.spreadsheets import csv_cell, xlsx_row
from minsheng.monthly.selection.candidates import Candidate
from minsheng.monthly.selection.engine import Selection

FORMATS = ("json", "csv", "xlsx", "html")
FLAT_COLUMNS = (
    "rank",
    "label",
    "label_en",
    "keywords",
    "size",
    "score",
    "widespread",
    "chronic",
    "coordination",
    "districts",
    "subdistricts",
    "units",
    "months",
    "sample_numbers",
    "aspect_count",
    "aspects",
    "naming_method",
    "naming_phrase",
    "naming_titles",
    "explanation",
    "numbers",
)
# The aspects sheet of the workbook: one row per aspect of each candidate.
ASPECT_COLUMNS = (
    "rank",
    "label",
    "aspect",
    "aspect_en",
    "cases",
    "share",
    "keywords",
    "sample_numbers",
)


def write(selection: Selection, fmt: str, target: Path | IO[Any] | None) -> None:
    """Write to ``target`` (a path, or a text stream for json/csv/html; XLSX needs a path)."""
    if fmt == "xlsx":
        if not isinstance(target, Path):
            raise ValueError("XLSX needs a file path.")
        write_xlsx(selection, target)
        return
    text = {"json": to_json, "csv": to_csv, "html": to_html}[fmt](selection)
    if isinstance(target, Path):
        target.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    elif target is not None:
        target.write(text)


def to_json(selection: Selection) -> str:
    return json.dumps(selection.candidates, ensure_ascii=False, indent=2) + "\n"


def flat_row(candidate: Candidate) -> dict[str, Any]:
    """One candidate as spreadsheet cells (lists joined with semicolons)."""
    c = candidate["components"]
    return {
        "rank": candidate["rank"],
        "label": candidate["label"],
        "label_en": candidate.get("label_en", ""),
        "keywords": ";".join(candidate["keywords"]),
        "size": candidate["size"],
        "score": candidate["score"],
        "widespread": c.get("widespread", ""),
        "chronic": c.get("chronic", ""),
        "coordination": c.get("coordination", ""),
        "districts": ";".join(f"{d['name']}:{d['cases']}" for d in candidate["districts"]),
        "subdistricts": ";".join(f"{d['name']}:{d['cases']}" for d in candidate["subdistricts"]),
        "units": ";".join(f"{u['code']}:{u['cases']}" for u in candidate["units"]),
        "months": ";".join(f"{m['month']}:{m['cases']}" for m in candidate["months"]),
        "sample_numbers": ";".join(candidate["sample_numbers"]),
        **_aspect_cells(candidate),
        **_naming_cells(candidate),
        "explanation": candidate.get("explanation", ""),
        "numbers": ";".join(candidate["numbers"]),
    }


def _aspect_cells(candidate: Candidate) -> dict[str, Any]:
    """The aspects in one cell: "name (cases, share): key phrases [sample numbers]" each."""
    aspects = candidate.get("aspects", [])
    told = [
        f"{a['label']} ({a['cases']}, {a['share']:.0%}): "
        f"{'、'.join(a['keywords'][:5])} [{' '.join(a['sample_numbers'])}]"
        for a in aspects
    ]
    return {"aspect_count": len(aspects), "aspects": " | ".join(told)}


def _naming_cells(candidate: Candidate) -> dict[str, Any]:
    """How the name was chosen: the method, the phrase and the titles behind it."""
    naming = candidate.get("naming") or {}
    return {
        "naming_method": naming.get("method", ""),
        "naming_phrase": naming.get("phrase", ""),
        "naming_titles": ";".join(naming.get("titles", [])),
    }


def aspect_rows(candidate: Candidate) -> list[dict[str, Any]]:
    """One row per aspect of a candidate, for the workbook's aspects sheet."""
    return [
        {
            "rank": candidate["rank"],
            "label": candidate["label"],
            "aspect": aspect["label"],
            "aspect_en": aspect.get("label_en", ""),
            "cases": aspect["cases"],
            "share": aspect["share"],
            "keywords": ";".join(aspect["keywords"]),
            "sample_numbers": ";".join(aspect["sample_numbers"]),
        }
        for aspect in candidate.get("aspects", [])
    ]


def to_csv(selection: Selection) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FLAT_COLUMNS)
    writer.writeheader()
    for candidate in selection.candidates:
        writer.writerow({key: csv_cell(value) for key, value in flat_row(candidate).items()})
    return buffer.getvalue()


def write_xlsx(selection: Selection, path: Path) -> None:
    """Candidates on one sheet, their aspects on a second, their case numbers on a third (a cell
    holds 32,767 characters)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("candidates")
    columns = [c for c in FLAT_COLUMNS if c not in {"numbers", "aspects"}]
    sheet.append(xlsx_row(sheet, columns))
    for candidate in selection.candidates:
        row = flat_row(candidate)
        sheet.append(xlsx_row(sheet, [row[c] for c in columns]))
    aspects = workbook.create_sheet("aspects")
    aspects.append(list(ASPECT_COLUMNS))
    for candidate in selection.candidates:
        for row in aspect_rows(candidate):
            aspects.append(xlsx_row(aspects, [row[c] for c in ASPECT_COLUMNS]))
    cases = workbook.create_sheet("cases")
    cases.append(["rank", "label", "number"])
    for candidate in selection.candidates:
        for number in candidate["numbers"]:
            cases.append(xlsx_row(cases, [candidate["rank"], candidate["label"], number]))
    workbook.save(path)


def to_html(selection: Selection) -> str:
    return render_to_string(
        "monthly/report.html",
        {"candidates": selection.candidates, "summary": selection.summary},
    )
