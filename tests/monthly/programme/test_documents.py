"""Documents on a problem: PDFs and pictures added by the office or the lead department, read
by whoever may see the problem, every upload and download audited."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from minsheng.audit.models import AuditEntry
from minsheng.monthly.models import ProblemDocument
from tests import photos
from tests.database import assert_append_only
from tests.photos import stored_files

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\nstartxref\n9\n%%EOF\n"


def pdf(name: str = "通知.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def add(client, user, problem, upload, title="加装电梯实施意见"):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client.post(
        reverse("monthly:document_add", args=[problem.pk]),
        {"title": title, "file": upload},
        follow=True,
    )


def test_the_lead_department_adds_a_pdf_that_readers_download(client, cast, problem):
    add(client, cast.department_staff, problem, pdf())
    document = ProblemDocument.objects.get(problem=problem)
    assert (document.content_type, document.uploaded_by) == (
        "application/pdf",
        cast.department_staff,
    )
    client.force_login(cast.leader)
    page = client.get(reverse("monthly:problem", args=[problem.pk])).content.decode()
    assert "加装电梯实施意见" in page and reverse("monthly:document", args=[document.pk]) in page
    answer = client.get(reverse("monthly:document", args=[document.pk]))
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == PDF
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"].startswith("attachment")
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert answer["Cache-Control"] == "private, no-store"
    added = AuditEntry.objects.get(action="monthly.add_document")
    assert added.actor == cast.department_staff and added.after["type"] == "application/pdf"
    assert AuditEntry.objects.get(action="monthly.download_document").actor == cast.leader


def test_the_office_adds_a_picture_kept_without_its_gps(client, cast, problem, media):
    add(
        client, cast.programme_office, problem, photos.photo("现场.jpg", gps=True), title="现场照片"
    )
    document = ProblemDocument.objects.get(problem=problem)
    kept = (media / document.file).read_bytes()
    assert document.content_type == "image/jpeg" and document.thumbnail
    assert not Image.open(io.BytesIO(kept)).getexif() and b"PhoneMaker" not in kept


@pytest.mark.parametrize(
    "upload",
    [
        pdf("通知.pdf", b"#!/bin/sh\nrm -rf /\n"),  # a script named .pdf
        pdf("通知.pdf", b"<html><script>alert(1)</script></html>"),
        pdf("通知.pdf", PDF[:40]),  # a PDF's header, but not a whole file
        photos.script_as_jpeg(),
    ],
)
def test_a_disguised_file_is_refused_and_nothing_is_kept(client, cast, problem, media, upload):
    page = add(client, cast.department_staff, problem, upload).content.decode()
    assert upload.name in page  # the message names the file
    assert not ProblemDocument.objects.exists() and stored_files(media) == []
    assert not AuditEntry.objects.filter(action="monthly.add_document").exists()


def test_a_pdf_over_the_limit_is_refused(client, cast, problem, media, monkeypatch):
    from minsheng.core import uploads

    monkeypatch.setattr(uploads, "MAX_DOCUMENT_BYTES", len(PDF) - 1)
    add(client, cast.department_staff, problem, pdf())
    assert not ProblemDocument.objects.exists() and stored_files(media) == []


def test_the_leader_reads_but_does_not_add(client, cast, problem):
    client.force_login(cast.leader)
    page = client.get(reverse("monthly:problem", args=[problem.pk])).content.decode()
    assert reverse("monthly:document_add", args=[problem.pk]) not in page
    answer = client.post(
        reverse("monthly:document_add", args=[problem.pk]), {"title": "x", "file": pdf()}
    )
    assert answer.status_code == 403 and not ProblemDocument.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "dispatcher", "unit_staff", "volunteer"])
def test_others_can_neither_add_nor_download(client, cast, problem, who):
    add(client, cast.department_staff, problem, pdf())
    document = ProblemDocument.objects.get()
    person = getattr(cast, who)
    client.force_login(person)
    assert client.get(reverse("monthly:document", args=[document.pk])).status_code == 404
    answer = client.post(
        reverse("monthly:document_add", args=[problem.pk]), {"title": "x", "file": pdf()}
    )
    assert answer.status_code == 404
    assert ProblemDocument.objects.count() == 1
    assert not AuditEntry.objects.filter(action="monthly.download_document").exists()


@pytest.mark.django_db(transaction=True)
def test_documents_cannot_be_rewritten_or_deleted(client, cast, problem):
    add(client, cast.department_staff, problem, pdf())
    assert_append_only(ProblemDocument, ProblemDocument.objects.get().pk, "title")
