"""Every change of the selection: starting and finishing a run, the office's decisions on candidates.

Each is checked, in one transaction, audited. The annual programme's changes are in
``monthly.programme.actions``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng import access
from minsheng.audit.actions import record
from minsheng.jobs import runner
from minsheng.monthly.models import CandidateDecision, SelectionRun
from minsheng.monthly.sources import input_directory, server_files
from minsheng.people.models import User

if TYPE_CHECKING:
    from minsheng.monthly.selection.candidates import Candidate

JOB_KIND = "monthly.selection"
UPLOAD_SUFFIXES = {".csv", ".xlsx"}


def start_selection(
    *,
    actor: User,
    mode: str,
    source: str,
    start: dt.date,
    end: dt.date,
    top: int = 30,
    seed: int = 1,
    upload: UploadedFile | None = None,
    server_file: str = "",
    language: str = "zh-hans",
) -> SelectionRun:
    """Queue a run of the selection; the job page shows its progress."""
    access.require(actor, "monthly.run_selection")
    if end < start:
        raise ValidationError(_("The period must not end before it starts."))
    if not 1 <= top <= 100:
        raise ValidationError(_("Choose between 1 and 100 candidates."))
    name, path = _source_file(source, upload, server_file)
    try:
        with transaction.atomic():
            run = SelectionRun.objects.create(
                mode=mode,
                source=source,
                source_name=name,
                source_path=str(path or ""),
                period_start=start,
                period_end=end,
                top=top,
                seed=seed,
                created_by=actor,
            )
            run.job = runner.enqueue(
                JOB_KIND, {"run": run.pk, "language": language}, created_by=actor
            )
            run.save(update_fields=["job"])
            record(action="monthly.start_selection", target=run, actor=actor, after=_facts(run))
    except Exception:
        if upload is not None and path is not None:
            path.unlink(missing_ok=True)  # nothing half-applied: the stored upload goes too
        raise
    return run


def _source_file(
    source: str, upload: UploadedFile | None, server_file: str
) -> tuple[str, Path | None]:
    if source == SelectionRun.Source.UPLOAD:
        if upload is None:
            raise ValidationError(_("Choose a case file to upload."))
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            raise ValidationError(_("Upload a CSV or XLSX case file."))
        folder = Path(settings.VAR_DIR) / "monthly" / "uploads"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{uuid.uuid4().hex}{suffix}"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        return Path(upload.name or path.name).name[:200], path
    if source == SelectionRun.Source.SERVER:
        # Only files in the input folder may be read: never a path typed in a form.
        if server_file not in server_files():
            raise ValidationError(_("Choose one of the files on the server."))
        return server_file, input_directory() / server_file
    if source == SelectionRun.Source.DATABASE:
        return "", None
    raise ValidationError(_("Choose where the cases come from."))


def finish_selection(
    *, run: SelectionRun, candidates: list[Candidate], summary: dict[str, Any]
) -> SelectionRun:
    """Store the result of a run (called by its job)."""
    with transaction.atomic():
        locked = SelectionRun.objects.select_for_update().get(pk=run.pk)
        locked.candidates = candidates
        locked.summary = summary
        locked.finished_at = timezone.now()
        locked.save(update_fields=["candidates", "summary", "finished_at"])
        record(
            action="monthly.finish_selection",
            target=locked,
            actor=None,
            after={"candidates": len(candidates), "cases": summary.get("cases")},
        )
    return locked


def record_selection(
    *,
    actor: User,
    mode: str,
    source_name: str,
    start: dt.date,
    end: dt.date,
    top: int,
    seed: int,
    candidates: list[Candidate],
    summary: dict[str, Any],
) -> SelectionRun:
    """Store a run made on the command line (``select-issues --save-as``), finished: its
    candidates are then shortlisted and planned as a programme problem like a web run's."""
    access.require(actor, "monthly.run_selection")
    source = SelectionRun.Source.SERVER if source_name else SelectionRun.Source.DATABASE
    with transaction.atomic():
        run = SelectionRun.objects.create(
            mode=mode,
            source=source,
            source_name=source_name[:200],
            period_start=start,
            period_end=end,
            top=top,
            seed=seed,
            created_by=actor,
            candidates=candidates,
            summary=summary,
            finished_at=timezone.now(),
        )
        record(
            action="monthly.record_selection",
            target=run,
            actor=actor,
            after=_facts(run) | {"candidates": len(candidates), "cases": summary.get("cases")},
        )
    return run


def decide_candidate(
    *, actor: User, run: SelectionRun, key: str, decision: str, note: str = ""
) -> CandidateDecision:
    """Shortlist or reject a candidate of a finished run, with a note."""
    access.require(actor, "monthly.decide_candidate", run)
    candidate = run.candidate(key)
    if candidate is None:
        raise ValidationError(_("This run has no such candidate."))
    if decision not in CandidateDecision.Decision.values:
        raise ValidationError(_("Choose shortlist or reject."))
    note = note.strip()
    if len(note) > 2000:
        raise ValidationError(_("The note is too long (at most 2,000 characters)."))
    with transaction.atomic():
        existing = CandidateDecision.objects.select_for_update().filter(run=run, key=key).first()
        before = _decision_facts(existing) if existing else None
        made, _created = CandidateDecision.objects.update_or_create(
            run=run,
            key=key,
            defaults={
                "rank": candidate["rank"],
                "label": candidate["label"][:200],
                "decision": decision,
                "note": note,
                "decided_by": actor,
            },
        )
        record(
            action="monthly.decide_candidate",
            target=made,
            actor=actor,
            before=before,
            after=_decision_facts(made),
        )
    return made


def _facts(run: SelectionRun) -> dict[str, Any]:
    return {
        "mode": run.mode,
        "source": run.source,
        "file": run.source_name,
        "from": run.period_start,
        "to": run.period_end,
        "top": run.top,
        "seed": run.seed,
    }


def _decision_facts(decision: CandidateDecision) -> dict[str, Any]:
    return {
        "run": decision.run_id,
        "candidate": decision.key,
        "label": decision.label,
        "decision": decision.decision,
        "note": decision.note,
    }
