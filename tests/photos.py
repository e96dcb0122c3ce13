"""Photos for tests, made with Pillow: real ones, ones with GPS in their EXIF, and bad files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

GPS = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 17.0)}


def jpeg_bytes(width: int = 640, height: int = 480, *, gps: bool = False) -> bytes:
    picture = Image.new("RGB", (width, height), (200, 120, 40))
    out = io.BytesIO()
    exif = Image.Exif()
    if gps:
        exif[ExifTags.Base.GPSInfo] = GPS
        exif[ExifTags.Base.Make] = "PhoneMaker"
    picture.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def photo(name: str = "photo.jpg", *, gps: bool = False) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(gps=gps), content_type="image/jpeg")


def script_as_jpeg() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "photo.jpg", b"#!/bin/sh\nrm -rf / --no-preserve-root\n", content_type="image/jpeg"
    )


def decompression_bomb() -> SimpleUploadedFile:
    """A small PNG that would expand to 100 million pixels."""
    picture = Image.new("1", (10_000, 10_000))
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return SimpleUploadedFile("bomb.png", out.getvalue(), content_type="image/png")


@pytest.fixture
def media(settings, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    """Uploads kept in a temporary folder (import it into a test module or conftest)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
