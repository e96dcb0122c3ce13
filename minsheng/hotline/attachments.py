"""Storing case photos and handing them out to those allowed to see them.

Photos are cleaned (``core.uploads``) before the transaction; they are written to storage inside
it, and removed again if it does not commit, so that no file is left without its row and no row
without its file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from minsheng.audit.actions import record
from minsheng.core.uploads import (
    CleanPhoto,
    clean_photo,
    files_undone_on_failure,
    store_photo,
)
from minsheng.hotline.models import Case, CaseAttachment, CaseEvent
from minsheng.people.models import User

# files_undone_on_failure is core's, named here too: the hotline's actions take it from this module.
__all__ = ["clean_photos", "files_undone_on_failure", "stored_name", "store_photos"]

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
        name, thumb = store_photo(FOLDER, photo)
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


def stored_name(attachment: CaseAttachment, *, thumbnail: bool = False) -> str:
    """Where the photo (or its thumbnail) is kept in the private storage."""
    return attachment.thumbnail if thumbnail else attachment.file
