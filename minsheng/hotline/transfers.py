"""Importing and exporting case files from the web pages.

An uploaded file is kept in a private folder (``VAR_DIR/hotline/transfers/<job>/``), imported by
a background job (``minsheng.jobs``) whose page shows the progress, and deleted once imported;
the rejected rows stay there for download, and the folder is removed after
``HOTLINE_TRANSFER_KEEP_DAYS`` (7 by default): it holds callers' personal data.

Exports stream CSV straight to the browser; a spreadsheet (XLSX) is written by a background job
first, because the format cannot be streamed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from minsheng import access
from minsheng.access.policy import region_paths
from minsheng.audit.actions import record
from minsheng.cases.casefile import CaseFileError, CaseWriter
from minsheng.hotline.exporting import filtered_cases
from minsheng.hotline.importing import estimate_rows, import_cases, write_rejected
from minsheng.hotline.models import Case
from minsheng.hotline.records import case_records
from minsheng.jobs import runner, schedule
from minsheng.jobs.models import Job
from minsheng.people.models import User

IMPORT_JOB = "hotline.import_cases"
EXPORT_JOB = "hotline.export_cases"
SUFFIXES = (".csv", ".xlsx")
MAX_UPLOAD_BYTES = 1024 * 1024 * 1024  # a year of Beijing's cases is about 500 MB of CSV
XLSX_MAX_ROWS = 1_000_000  # a sheet holds 1,048,576 rows
REJECTED_FILE = "rejected.csv"
EXPORT_FILE = "cases.xlsx"


def transfers_folder() -> Path:
    return Path(settings.VAR_DIR) / "hotline" / "transfers"


def job_folder(job: Job) -> Path:
    return transfers_folder() / str(job.pk)


def keep_days() -> int:
    return int(getattr(settings, "HOTLINE_TRANSFER_KEEP_DAYS", 7))


# --- Import -------------------------------------------------------------------------------------


def upload_cases(*, actor: User, upload: UploadedFile) -> Job:
    """Keep an uploaded case file and queue its import; the job's page follows it."""
    access.require(actor, "hotline.import_cases")
    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError({"file": _("Choose a CSV or XLSX file.")})
    if not upload.size:
        raise ValidationError({"file": _("The file is empty.")})
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _("The file is larger than 1 GB: split it in parts.")})
    with transaction.atomic():
        job = runner.enqueue(IMPORT_JOB, {}, created_by=actor)
        folder = job_folder(job)
        folder.mkdir(parents=True, exist_ok=True)
        stored = folder / f"upload{suffix}"  # never the uploader's file name as a path
        with stored.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        job.params = {
            "file": stored.name,
            "name": name[:200],
            "language": translation.get_language() or settings.LANGUAGE_CODE,
        }
        job.save(update_fields=["params"])
        record(
            action="hotline.upload_cases",
            target=None,
            actor=actor,
            after={"job": str(job.pk), "file": name, "bytes": upload.size},
        )
    return job


@runner.handler(IMPORT_JOB)
def run_import(progress: runner.Progress, params: dict[str, Any]) -> dict[str, Any]:
    """The job: import the kept file as its uploader, with their area and language."""
    job = progress.job
    actor = job.created_by
    folder = job_folder(job)
    source = folder / params["file"]
    with translation.override(params.get("language")):
        total = estimate_rows(source) or 0
        done = 0

        def advance(rows: int) -> None:
            nonlocal done
            done += rows
            progress.update(done, message=_("%(count)d rows read") % {"count": done})

        progress.update(0, total, _("Importing"))
        try:
            summary = import_cases(
                source,
                actor=actor,
                on_progress=advance,
                regions=region_paths(actor, "hotline.import_cases"),
            )
        except CaseFileError as error:
            source.unlink(missing_ok=True)
            return {"name": params["name"], "error": str(error)}
        write_rejected(summary, folder / REJECTED_FILE)
    source.unlink(
        missing_ok=True
    )  # imported: the callers' data now lives encrypted in the database
    return {"name": params["name"], **summary.as_dict(), "file": params["name"]}


def import_job(user: User, pk: Any) -> Job | None:
    """The user's finished import job (None if it is not theirs to see)."""
    return _visible_job(user, pk, IMPORT_JOB)


def rejected_file(*, actor: User, job: Job) -> Path | None:
    """The rejected rows of an import (they hold callers' data: each download is audited)."""
    path = job_folder(job) / REJECTED_FILE
    if not path.is_file():
        return None
    with transaction.atomic():
        record(
            action="hotline.download_rejected_rows",
            target=None,
            actor=actor,
            after={"job": str(job.pk)},
        )
    return path


# --- Export -------------------------------------------------------------------------------------


def export_queryset(*, actor: User, filters: dict[str, Any]) -> QuerySet[Case]:
    """The cases ``actor`` may export, chosen by ``filters`` (as ``export-cases`` takes them)."""
    access.require(actor, "hotline.export_cases")
    visible = access.scope(actor, "hotline.export_cases", Case.objects.all())
    try:
        return filtered_cases(queryset=visible, **filters)
    except ValueError as error:
        raise ValidationError(str(error)) from error


def start_csv_export(*, actor: User, filters: dict[str, Any]) -> QuerySet[Case]:
    """The cases of a CSV download, once the download is audited."""
    cases = export_queryset(actor=actor, filters=filters)
    with transaction.atomic():
        record(
            action="hotline.export_cases",
            target=None,
            actor=actor,
            after={"format": "csv", **_jsonable(filters)},
        )
    return cases


def csv_chunks(cases: QuerySet[Case], *, chinese_headers: bool) -> Iterator[str]:
    """The cases as CSV text, a few hundred rows at a time (with a BOM, for spreadsheets)."""
    buffer = io.StringIO()
    writer = CaseWriter(buffer, chinese_headers=chinese_headers)
    yield "\ufeff"
    for count, case in enumerate(case_records(cases), start=1):
        writer.write(case.as_row())
        if count % 500 == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate(0)
    return text


def start_xlsx_export(*, actor: User, filters: dict[str, Any], chinese_headers: bool) -> Job:
    """Queue writing a spreadsheet of the chosen cases (too many rows are refused)."""
    cases = export_queryset(actor=actor, filters=filters)
    if cases.count() > XLSX_MAX_ROWS:
        raise ValidationError(
            _(
                "More than %(count)d cases: a spreadsheet cannot hold them. Choose CSV, or fewer "
                "cases."
            )
            % {"count": XLSX_MAX_ROWS}
        )
    params: dict[str, Any] = {
        "filters": _jsonable(filters),
        "chinese_headers": chinese_headers,
        "language": translation.get_language() or settings.LANGUAGE_CODE,
    }
    with transaction.atomic():
        job = runner.enqueue(EXPORT_JOB, params, created_by=actor)
        record(
            action="hotline.export_cases",
            target=None,
            actor=actor,
            after={"format": "xlsx", "job": str(job.pk), **params["filters"]},
        )
    return job


@runner.handler(EXPORT_JOB)
def run_xlsx_export(progress: runner.Progress, params: dict[str, Any]) -> dict[str, Any]:
    job = progress.job
    filters = _from_jsonable(params["filters"])
    with translation.override(params.get("language")):
        cases = export_queryset(actor=job.created_by, filters=filters)  # type: ignore[arg-type]
        total = cases.count()
        progress.update(0, total, _("Writing the spreadsheet"))
        folder = job_folder(job)
        folder.mkdir(parents=True, exist_ok=True)
        with CaseWriter(
            folder / EXPORT_FILE, xlsx=True, chinese_headers=params["chinese_headers"]
        ) as writer:
            for count, case in enumerate(case_records(cases), start=1):
                writer.write(case.as_row())
                if count % 1000 == 0:
                    progress.update(count)
    return {"count": total, "file": EXPORT_FILE}


def export_job(user: User, pk: Any) -> Job | None:
    return _visible_job(user, pk, EXPORT_JOB)


def exported_file(job: Job) -> Path | None:
    path = job_folder(job) / EXPORT_FILE
    return path if job.status == Job.Status.DONE and path.is_file() else None


# --- Housekeeping -------------------------------------------------------------------------------


@schedule.every(name="hotline.remove_old_transfers", hours=6)
def remove_old_transfers(now: float | None = None) -> int:
    """Delete transfer folders older than the keeping period (they hold personal data)."""
    folder = transfers_folder()
    if not folder.is_dir():
        return 0
    limit = (now or time.time()) - keep_days() * 86400
    removed = 0
    for child in folder.iterdir():
        if child.is_dir() and _UUID(child.name) and child.stat().st_mtime < limit:
            shutil.rmtree(child, ignore_errors=True)
            removed += 1
    return removed


_UUID = re.compile(r"[0-9a-f-]{36}").fullmatch


def _visible_job(user: User, pk: Any, kind: str) -> Job | None:
    jobs = access.scope(user, "jobs.view_job", Job.objects.filter(kind=kind))
    return jobs.filter(pk=pk).first()


def _jsonable(filters: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat() if isinstance(value, dt.date) else value
        for key, value in filters.items()
        if value not in (None, "", [])
    }


def _from_jsonable(filters: dict[str, Any]) -> dict[str, Any]:
    dates = {"start", "end"}
    return {
        key: dt.date.fromisoformat(value) if key in dates else value
        for key, value in filters.items()
    }
