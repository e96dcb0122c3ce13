"""Files that people upload: photos checked and cleaned with Pillow before anything is stored.

A photo is trusted only after Pillow has decoded it completely: the name and the browser's
content type are ignored (a script renamed ``.jpg`` is refused). Limits bound the file's bytes
and the picture's pixels, so a small file that expands to a huge picture (a decompression bomb)
is refused before it is decoded. The stored copy is re-encoded from the pixels alone: EXIF (the
place where it was taken, the camera, the owner's name) is not carried over, and the
orientation the camera recorded is applied to the pixels first so the photo stays upright.

Documents (policy texts) may also be PDFs: those cannot be re-encoded, so they are trusted only
when their bytes have a PDF's shape (``clean_document``) and are always served as downloads.

Storing: files are written through Django's storage API under random names
(``store_file``); an action wraps its transaction in ``files_undone_on_failure`` so that a
refused or failed write leaves no file behind.
"""

from __future__ import annotations

import io
import secrets
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000  # a 50-megapixel camera's photo is refused; phones take 12-48
MAX_PHOTO_SIDE = 2560  # stored photos are scaled down to this
THUMBNAIL_SIDE = 320
# What Pillow itself must recognise; the browser's word for the type is not trusted.
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
try:  # HEIC (iPhones) where the optional wheel is installed
    from pillow_heif import register_heif_opener

    register_heif_opener()
    PHOTO_FORMATS.add("HEIF")
except ImportError:  # pragma: no cover - depends on the machine
    pass


@dataclass(frozen=True)
class CleanPhoto:
    """A photo ready to store: re-encoded, without metadata, with its thumbnail."""

    content: bytes
    thumbnail: bytes
    content_type: str
    extension: str
    width: int
    height: int
    original_name: str


def clean_photo(upload: IO[bytes], *, name: str = "", size: int | None = None) -> CleanPhoto:
    """Check ``upload`` and return a clean copy; raise ValidationError with a clear message."""
    label = name or _("the file")
    data = upload.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES or (size is not None and size > MAX_PHOTO_BYTES):
        raise ValidationError(
            _("%(name)s is larger than %(limit)d MB.")
            % {"name": label, "limit": MAX_PHOTO_BYTES // (1024 * 1024)},
            code="too_large",
        )
    picture = _decode(data, label)
    # PNGs (plans, screenshots) may be transparent: they stay PNGs; everything else is JPEG.
    keeps_alpha = picture.format == "PNG" and picture.mode in ("RGBA", "LA", "P", "PA")
    picture = ImageOps.exif_transpose(picture)
    picture = picture.convert("RGBA" if keeps_alpha else "RGB")
    picture.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
    content_type, extension, encoded = _encode(picture, keeps_alpha)
    small = picture.copy()
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    thumbnail = _encode(small, keeps_alpha)[2]
    return CleanPhoto(
        content=encoded,
        thumbnail=thumbnail,
        content_type=content_type,
        extension=extension,
        width=picture.width,
        height=picture.height,
        original_name=(name or "photo")[-100:],
    )


def clean_optional_photo(upload: Any | None) -> CleanPhoto | None:
    """A form's optional photo (a Django ``UploadedFile``, or None when none was chosen)."""
    if upload is None:
        return None
    stream: IO[bytes] = upload
    return clean_photo(stream, name=getattr(upload, "name", ""), size=getattr(upload, "size", None))


def _decode(data: bytes, label: str) -> Image.Image:
    not_a_photo = ValidationError(
        _("%(name)s is not a photo (JPEG, PNG or WebP).") % {"name": label}, code="not_a_photo"
    )
    too_big = ValidationError(
        _("%(name)s has too many pixels: at most %(limit)d million.")
        % {"name": label, "limit": MAX_PHOTO_PIXELS // 1_000_000},
        code="too_many_pixels",
    )
    try:
        with warnings.catch_warnings():
            # Pillow only warns between the limit and twice it: treat that as the bomb it is.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in PHOTO_FORMATS:
                    raise not_a_photo
                if probe.width * probe.height > MAX_PHOTO_PIXELS:
                    raise too_big
                probe.verify()  # checks the whole file's structure without decoding it
            picture = Image.open(io.BytesIO(data))
            picture.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_big from None
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise not_a_photo from None
    return picture


def _encode(picture: Image.Image, keeps_alpha: bool) -> tuple[str, str, bytes]:
    """Only the pixels are written: no ``exif=``, no ICC profile text, no comments."""
    out = io.BytesIO()
    if keeps_alpha:
        picture.save(out, format="PNG", optimize=True)
        return "image/png", "png", out.getvalue()
    picture.save(out, format="JPEG", quality=85, optimize=True)
    return "image/jpeg", "jpg", out.getvalue()


# --- Documents: PDFs as they are, pictures cleaned like photos ---------------------------------

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
PDF_TAIL = 2048  # the end-of-file marker sits within the last bytes (a trailing newline or two)


@dataclass(frozen=True)
class CleanDocument:
    """A document ready to store: a checked PDF, or a cleaned picture with its thumbnail."""

    content: bytes
    thumbnail: bytes  # empty for a PDF
    content_type: str
    extension: str
    original_name: str


def clean_document(upload: IO[bytes], *, name: str = "", size: int | None = None) -> CleanDocument:
    """A PDF or a picture; anything else (whatever its name says) is refused."""
    label = name or _("the file")
    head = upload.read(5)
    if head != b"%PDF-":
        upload.seek(0)
        try:
            photo = clean_photo(upload, name=name, size=size)
        except ValidationError as error:
            if error.code != "not_a_photo":
                raise
            raise ValidationError(
                _("%(name)s is neither a PDF nor a picture (JPEG, PNG or WebP).") % {"name": label},
                code="not_a_document",
            ) from None
        return CleanDocument(
            content=photo.content,
            thumbnail=photo.thumbnail,
            content_type=photo.content_type,
            extension=photo.extension,
            original_name=photo.original_name,
        )
    data = head + upload.read(MAX_DOCUMENT_BYTES)
    if len(data) > MAX_DOCUMENT_BYTES or (size is not None and size > MAX_DOCUMENT_BYTES):
        raise ValidationError(
            _("%(name)s is larger than %(limit)d MB.")
            % {"name": label, "limit": MAX_DOCUMENT_BYTES // (1024 * 1024)},
            code="too_large",
        )
    if not _looks_like_pdf(data):
        raise ValidationError(
            _("%(name)s is not a complete PDF file.") % {"name": label}, code="not_a_pdf"
        )
    return CleanDocument(
        content=data,
        thumbnail=b"",
        content_type="application/pdf",
        extension="pdf",
        original_name=(name or "document.pdf")[-100:],
    )


def _looks_like_pdf(data: bytes) -> bool:
    """A version header, a cross-reference (table or stream) and the end-of-file marker.

    This is the shape, not a full parse: a PDF is never opened on the server, only handed to the
    reader's own viewer as a download.
    """
    version = data[5:8]
    return (
        len(version) == 3
        and version[:1].isdigit()
        and version[1:2] == b"."
        and version[2:3].isdigit()
        and b"%%EOF" in data[-PDF_TAIL:]
        and (b"startxref" in data[-PDF_TAIL:])
    )


# --- Storage ------------------------------------------------------------------------------------


def store_file(folder: str, extension: str, content: bytes, *, suffix: str = "") -> str:
    """Write ``content`` under a name nobody can guess; the storage name is returned."""
    stem = f"{folder}/{timezone.now():%Y/%m}/{secrets.token_urlsafe(18)}"
    stored = default_storage.save(f"{stem}{suffix}.{extension}", ContentFile(content))
    written = _WRITTEN.get()
    if written is not None:
        written.append(stored)
    return stored


def store_photo(folder: str, photo: CleanPhoto | CleanDocument) -> tuple[str, str]:
    """The file and its thumbnail, if it has one; their storage names ("" for no thumbnail)."""
    name = store_file(folder, photo.extension, photo.content)
    thumb = ""
    if photo.thumbnail:
        thumb = store_file(folder, photo.extension, photo.thumbnail, suffix="-thumb")
    return name, thumb


def store_upload(folder: str, upload: CleanPhoto | CleanDocument, *, actor: Any) -> dict[str, Any]:
    """Write a cleaned upload; the columns of its ``core.stored.StoredUpload`` row."""
    name, thumb = store_photo(folder, upload)
    return {
        "file": name,
        "thumbnail": thumb,
        "content_type": upload.content_type,
        "size": len(upload.content),
        "original_name": upload.original_name,
        "uploaded_by": actor,
        "uploaded_at": timezone.now(),
    }


# The files written by the action running in this thread (or task), to undo on failure.
_WRITTEN: ContextVar[list[str] | None] = ContextVar("uploads_files_written", default=None)


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


def private_file_response(name: str, content_type: str, *, download_name: str = "") -> FileResponse:
    """A stored file for one reader only: never cached; a download unless it is a picture."""
    picture = content_type.startswith("image/")
    response = FileResponse(
        default_storage.open(name, "rb"),
        content_type=content_type,
        as_attachment=not picture,
        filename=download_name or name.rsplit("/", 1)[-1],
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    if picture:
        response["Content-Disposition"] = "inline"
    return response
