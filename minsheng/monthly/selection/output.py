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
    "explanation",
    "numbers",
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
        "explanation": candidate.get("explanation", ""),
        "numbers": ";".join(candidate["numbers"]),
    }


def to_csv(selection: Selection) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FLAT_COLUMNS)
    writer.writeheader()
    for candidate in selection.candidates:
        writer.writerow({key: csv_cell(value) for key, value in flat_row(candidate).items()})
    return buffer.getvalue()


def write_xlsx(selection: Selection, path: Path) -> None:
    """Candidates on one sheet; their case numbers on another (a cell holds 32,767 characters)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("candidates")
    columns = [c for c in FLAT_COLUMNS if c != "numbers"]
    sheet.append(xlsx_row(sheet, columns))
    for candidate in selection.candidates:
        row = flat_row(candidate)
        sheet.append(xlsx_row(sheet, [row[c] for c in columns]))
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
