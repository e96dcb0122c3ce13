"""Files that people upload: photos checked and cleaned with Pillow before anything is stored.

A photo is trusted only after Pillow has decoded it completely: the name and the browser's
content type are ignored (a script renamed ``.jpg`` is refused). Limits bound the file's bytes
and the picture's pixels, so a small file that expands to a huge picture (a decompression bomb)
is refused before it is decoded. The stored copy is re-encoded from the pixels alone: EXIF (the
place where it was taken, the camera, the owner's name) is not carried over, and the
orientation the camera recorded is applied to the pixels first so the photo stays upright.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
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
