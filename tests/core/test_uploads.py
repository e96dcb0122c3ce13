"""Photos are trusted only once decoded, stored without metadata, and bounded in bytes and pixels."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from minsheng.core import uploads
from tests import photos


def test_a_photo_is_re_encoded_without_its_exif_and_gps():
    original = photos.jpeg_bytes(gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the test photo has GPS
    clean = uploads.clean_photo(io.BytesIO(original), name="street.jpg")
    stored = Image.open(io.BytesIO(clean.content))
    assert stored.format == "JPEG" and clean.content_type == "image/jpeg"
    assert not stored.getexif() and b"PhoneMaker" not in clean.content
    assert (clean.width, clean.height) == (640, 480)
    assert max(Image.open(io.BytesIO(clean.thumbnail)).size) == uploads.THUMBNAIL_SIDE


def test_a_script_renamed_jpg_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as refused:
        uploads.clean_photo(photos.script_as_jpeg(), name="photo.jpg")
    assert refused.value.code == "not_a_photo"
    assert "photo.jpg" in refused.value.messages[0]


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    with pytest.raises(ValidationError) as refused:
        uploads.clean_photo(photos.decompression_bomb(), name="bomb.png")
    assert refused.value.code == "too_many_pixels"


def test_an_oversized_file_is_refused():
    big = io.BytesIO(b"\xff\xd8" + b"0" * (uploads.MAX_PHOTO_BYTES + 10))
    with pytest.raises(ValidationError) as refused:
        uploads.clean_photo(big, name="huge.jpg")
    assert refused.value.code == "too_large"


def test_a_gif_is_not_accepted_even_though_it_is_an_image():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    with pytest.raises(ValidationError):
        uploads.clean_photo(io.BytesIO(out.getvalue()), name="a.gif")


def test_a_png_with_transparency_stays_a_png_and_large_photos_are_scaled_down():
    out = io.BytesIO()
    Image.new("RGBA", (3000, 1000), (0, 0, 0, 0)).save(out, format="PNG")
    clean = uploads.clean_photo(io.BytesIO(out.getvalue()), name="plan.png")
    assert clean.content_type == "image/png"
    assert (clean.width, clean.height) == (uploads.MAX_PHOTO_SIDE, 853)


def test_the_cameras_orientation_is_applied_to_the_pixels():
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° when shown
    Image.new("RGB", (400, 200)).save(out, format="JPEG", exif=exif)
    clean = uploads.clean_photo(io.BytesIO(out.getvalue()))
    assert (clean.width, clean.height) == (200, 400)


PDF = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\nstartxref\n9\n%%EOF\n"


def test_a_pdf_document_is_kept_as_sent():
    clean = uploads.clean_document(io.BytesIO(PDF), name="意见.pdf")
    assert (clean.content, clean.content_type, clean.extension) == (PDF, "application/pdf", "pdf")
    assert clean.thumbnail == b""


def test_a_picture_document_is_cleaned_like_a_photo():
    clean = uploads.clean_document(io.BytesIO(photos.jpeg_bytes(gps=True)), name="现场.jpg")
    assert clean.content_type == "image/jpeg" and b"PhoneMaker" not in clean.content
    assert clean.thumbnail


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"#!/bin/sh\nrm -rf /\n", "not_a_document"),
        (b"<html><script>alert(1)</script></html>", "not_a_document"),
        (PDF[:30], "not_a_pdf"),  # the header of a PDF, cut short
        (b"%PDF-x.y\n%%EOF\nstartxref", "not_a_pdf"),  # no version number
    ],
)
def test_a_file_that_is_neither_a_pdf_nor_a_picture_is_refused(content, code):
    with pytest.raises(ValidationError) as refused:
        uploads.clean_document(io.BytesIO(content), name="通知.pdf")
    assert refused.value.code == code and "通知.pdf" in refused.value.messages[0]


def test_an_oversized_pdf_is_refused():
    big = PDF[:-6] + b"0" * uploads.MAX_DOCUMENT_BYTES + PDF[-6:]
    with pytest.raises(ValidationError) as refused:
        uploads.clean_document(io.BytesIO(big), name="big.pdf")
    assert refused.value.code == "too_large"
