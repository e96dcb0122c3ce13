"""Importing a file and exporting cases from the web pages, as a dispatcher or administrator."""

from __future__ import annotations

import csv
import io
import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from minsheng.audit.models import AuditEntry
from minsheng.cases.casefile import read_cases
from minsheng.hotline import transfers
from minsheng.hotline.importing import import_cases
from minsheng.hotline.models import Case
from minsheng.jobs import runner
from minsheng.jobs.models import Job
from minsheng.regions.models import Region
from tests.hotline.importing.test_import_cases import (
    BAD_PLACE,
    CLOSED,
    DISPATCHED,
    HEADER,
    RECEIVED,
    write,
)

# A Haidian case: outside the Chaoyang administrator's area.
HAIDIAN = RECEIVED.replace("A2,", "H1,").replace("朝阳区", "海淀区")


@pytest.fixture(autouse=True)
def private_folder(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path / "var"


def upload(client, user, *rows, name="cases.csv"):  # type: ignore[no-untyped-def]
    client.force_login(user)
    content = "\n".join([HEADER, *rows]).encode()
    return client.post(reverse("hotline:import"), {"file": SimpleUploadedFile(name, content)})


def test_a_dispatcher_imports_a_file_and_downloads_the_rejected_rows(client, cast, categories):
    response = upload(client, cast.dispatcher, CLOSED, BAD_PLACE, DISPATCHED)
    job = Job.objects.get(kind=transfers.IMPORT_JOB)
    result_url = reverse("hotline:import_result", args=[job.pk])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("jobs:detail", args=[job.pk]))
    assert "next=" in response["Location"]
    # Until the job has run, the result page sends back to the progress page.
    assert client.get(result_url)["Location"].startswith(reverse("jobs:detail", args=[job.pk]))
    assert runner.run_pending() == 1
    page = client.get(result_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "New cases" in page and "Download the rejected rows" in page
    job.refresh_from_db()
    assert (job.result["imported"], job.result["rejected"], job.progress) == (2, 1, 3)
    assert set(Case.objects.values_list("number", flat=True)) == {"A1", "A3"}
    download = client.get(reverse("hotline:import_rejected", args=[job.pk]))
    rows = list(
        csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig")))
    )
    assert [(row["line"], row["number"]) for row in rows] == [("3", "B1")]
    assert "火星区" in rows[0]["reason"]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "hotline.upload_cases",
        "hotline.import_batch",
        "hotline.import_cases",
        "hotline.download_rejected_rows",
    } <= actions
    # The uploaded file, with its callers' data, is gone once imported.
    assert not (transfers.job_folder(job) / "upload.csv").exists()


def test_the_import_speaks_the_language_of_its_uploader(client, cast, categories):
    client.cookies["django_language"] = "en"
    upload(client, cast.dispatcher, BAD_PLACE)
    runner.run_pending()
    job = Job.objects.get(kind=transfers.IMPORT_JOB)
    assert job.params["language"] == "en"
    path = transfers.rejected_file(actor=cast.dispatcher, job=job)
    assert "Unknown place" in path.read_text(encoding="utf-8-sig")  # type: ignore[union-attr]


def test_a_district_administrator_imports_only_cases_of_the_district(client, cast, categories):
    upload(client, cast.chaoyang_admin, RECEIVED, HAIDIAN)
    runner.run_pending()
    job = Job.objects.get(kind=transfers.IMPORT_JOB)
    assert (job.result["imported"], job.result["rejected"]) == (1, 1)
    assert Case.objects.filter(number="A2").exists()
    assert not Case.objects.filter(number="H1").exists()


def test_an_unreadable_file_is_explained_on_the_result_page(client, cast, categories):
    client.force_login(cast.dispatcher)
    client.post(
        reverse("hotline:import"),
        {"file": SimpleUploadedFile("x.csv", b"number,title\nA1,x\n")},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    runner.run_pending()
    job = Job.objects.get(kind=transfers.IMPORT_JOB)
    page = client.get(
        reverse("hotline:import_result", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "lacks the mandatory columns" in page and "Nothing was imported" in page


def test_only_csv_and_xlsx_files_are_taken(client, cast):
    client.force_login(cast.dispatcher)
    response = client.post(
        reverse("hotline:import"),
        {"file": SimpleUploadedFile("cases.pdf", b"%PDF")},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200 and "Choose a CSV or XLSX file" in response.content.decode()
    assert not Job.objects.exists()


def test_sending_the_import_form_without_a_file_asks_for_one(client, cast):
    client.force_login(cast.dispatcher)
    response = client.post(reverse("hotline:import"), {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.parametrize("role", ["unit_staff", "leader", "outsider", "elder"])
def test_others_may_neither_import_nor_export(client, cast, role):
    client.force_login(getattr(cast, role))
    assert client.get(reverse("hotline:import")).status_code == 403
    assert client.get(reverse("hotline:export")).status_code == 403


def test_an_import_result_is_seen_only_by_who_started_it(client, cast, categories):
    upload(client, cast.dispatcher, CLOSED)
    runner.run_pending()
    job = Job.objects.get(kind=transfers.IMPORT_JOB)
    client.force_login(cast.chaoyang_admin)
    assert client.get(reverse("hotline:import_result", args=[job.pk])).status_code == 404
    assert client.get(reverse("hotline:import_rejected", args=[job.pk])).status_code == 404


@pytest.fixture
def imported(cast, categories, tmp_path):  # type: ignore[no-untyped-def]
    import_cases(write(tmp_path, CLOSED, RECEIVED, DISPATCHED, HAIDIAN))


def export(client, user, **data):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client.post(reverse("hotline:export"), {"format": "csv", **data})


def test_a_csv_export_streams_the_chosen_cases(client, cast, imported):
    response = export(client, cast.dispatcher, statuses=["received"], chinese_headers="on")
    assert response.status_code == 200 and response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["工单编号"] for row in rows] == ["A2", "H1"]
    entry = AuditEntry.objects.get(action="hotline.export_cases")
    assert entry.actor == cast.dispatcher and entry.after["statuses"] == ["received"]


def test_an_administrator_exports_only_the_cases_of_the_district(client, cast, imported):
    response = export(client, cast.chaoyang_admin)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert sorted(row["number"] for row in csv.DictReader(io.StringIO(text))) == ["A1", "A2", "A3"]


def test_a_bad_period_is_refused_with_a_message(client, cast, imported):
    response = export(client, cast.dispatcher, start="2025-03-10", end="2025-03-01")
    assert response.status_code == 200 and not response.streaming


def test_a_spreadsheet_is_prepared_then_downloaded(client, cast, imported, tmp_path):
    chaoyang = Region.objects.get(code="110105")
    response = export(client, cast.dispatcher, format="xlsx", district=chaoyang.pk)
    job = Job.objects.get(kind=transfers.EXPORT_JOB)
    assert response["Location"].startswith(reverse("jobs:detail", args=[job.pk]))
    runner.run_pending()
    page = client.get(
        reverse("hotline:export_result", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "The spreadsheet with 3 cases is ready" in page
    download = client.get(reverse("hotline:export_download", args=[job.pk]))
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"".join(download.streaming_content))
    assert sorted(r.number for r in read_cases(path)) == ["A1", "A2", "A3"]
    client.force_login(cast.chaoyang_admin)
    assert client.get(reverse("hotline:export_download", args=[job.pk])).status_code == 404


def test_old_transfer_folders_are_removed(cast, settings):
    job = runner.enqueue(transfers.IMPORT_JOB, {}, created_by=cast.dispatcher)
    folder = transfers.job_folder(job)
    folder.mkdir(parents=True)
    (folder / "rejected.csv").write_text("line,reason\n")
    assert transfers.remove_old_transfers() == 0
    old = time.time() - 8 * 86400
    os.utime(folder, (old, old))
    assert transfers.remove_old_transfers() == 1 and not folder.exists()
