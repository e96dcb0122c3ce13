"""Storing case photos and handing them out to those allowed to see them.

Photos are cleaned (``core.uploads``) before the transaction; they are written to storage inside
it, and removed again if it does not commit, so that no file is left without its row and no row
without its file.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng.audit.actions import record
from minsheng.core.uploads import CleanPhoto, clean_photo
from minsheng.hotline.models import Case, CaseAttachment, CaseEvent
from minsheng.people.models import User

MAX_PHOTOS = 6
FOLDER = "hotline/cases"


def clean_photos(uploads: Sequence[Any]) -> list[CleanPhoto]:
    """Check every uploaded file (Django ``UploadedFile``s); refuse them all if one is bad."""
    if len(uploads) > MAX_PHOTOS:
        raise ValidationError(
            _("At most %(count)d photos can be added.") % {"count": MAX_PHOTOS}, code="too_many"
        )
    cleaned: list[CleanPhoto] = []
    errors: list[ValidationError] = []
    for upload in uploads:
        try:
            cleaned.append(_clean_one(upload))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_one(upload: Any) -> CleanPhoto:
    stream: IO[bytes] = upload
    return clean_photo(stream, name=getattr(upload, "name", ""), size=getattr(upload, "size", None))


def store_photos(
    case: Case,
    photos: Iterable[CleanPhoto],
    *,
    role: str,
    event: CaseEvent | None,
    actor: User | None,
) -> list[CaseAttachment]:
    """Write the photos and their rows; call inside the action's transaction."""
    saved: list[CaseAttachment] = []
    for photo in photos:
        stem = f"{FOLDER}/{timezone.now():%Y/%m}/{secrets.token_urlsafe(18)}"
        name = _write(f"{stem}.{photo.extension}", photo.content)
        thumb = _write(f"{stem}-thumb.{photo.extension}", photo.thumbnail)
        attachment = CaseAttachment.objects.create(
            case=case,
            event=event,
            role=role,
            file=name,
            thumbnail=thumb,
            content_type=photo.content_type,
            size=len(photo.content),
            width=photo.width,
            height=photo.height,
            original_name=photo.original_name,
            uploaded_by=actor,
            uploaded_at=timezone.now(),
        )
        record(
            action="hotline.upload_photo",
            target=case,
            actor=actor,
            after={"photo": attachment.pk, "role": role, "size": attachment.size},
        )
        saved.append(attachment)
    return saved


def _write(name: str, content: bytes) -> str:
    stored = default_storage.save(name, ContentFile(content))
    written = _WRITTEN.get()
    if written is not None:
        written.append(stored)
    return stored


# The files written by the action running in this thread (or task), to undo on failure.
_WRITTEN: ContextVar[list[str] | None] = ContextVar("hotline_files_written", default=None)


@contextmanager
def files_undone_on_failure() -> Iterator[None]:
    """Around an action's transaction: if it fails, the files it wrote are deleted again.

    Storage is not transactional; without this a refused action would leave orphan files.
    """
    written: list[str] = []
    token = _WRITTEN.set(written)
    try:
        yield
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    finally:
        _WRITTEN.reset(token)


def open_photo(attachment: CaseAttachment, *, thumbnail: bool = False) -> IO[bytes]:
    return default_storage.open(attachment.thumbnail if thumbnail else attachment.file, "rb")
