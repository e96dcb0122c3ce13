"""The selection page: who sees what, starting runs, the ranked list, decisions, downloads."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from minsheng.audit.models import AuditEntry
from minsheng.jobs import runner
from minsheng.monthly.models import CandidateDecision, SelectionRun

pytestmark = pytest.mark.django_db


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(
    ("member", "status", "may_start"),
    [
        ("programme_office", 200, True),
        ("city_admin", 200, True),
        ("leader", 200, False),
        ("dispatcher", 403, False),
        ("outsider", 403, False),
    ],
)
def test_the_page_is_for_the_office_the_city_and_leaders(client, cast, member, status, may_start):
    response = get(client, getattr(cast, member), reverse("monthly:index"))
    assert response.status_code == status
    if status == 200:
        assert (b'name="mode"' in response.content) is may_start


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("monthly:index"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_office_starts_a_run_on_an_uploaded_file_and_sees_its_result(
    client, cast, small_year, var
):
    client.force_login(cast.programme_office)
    response = client.post(
        reverse("monthly:start"),
        {
            "mode": "year",
            "year": "2025",
            "source": "upload",
            "top": "8",
            "upload": SimpleUploadedFile("cases.csv", small_year.read_bytes(), "text/csv"),
        },
    )
    run = SelectionRun.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("jobs:detail", args=[run.job_id]))
    assert runner.run_pending() == 1
    run.refresh_from_db()
    assert run.finished and len(run.candidates) == 8 and run.summary["cases"] == 3000
    assert run.job.status == "done" and run.job.progress == 100
    page = client.get(reverse("monthly:run", args=[run.pk]))
    assert run.candidates[0]["label"] in page.content.decode()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"monthly.start_selection", "monthly.finish_selection"} <= actions


def test_only_files_in_the_input_folder_can_be_chosen_on_the_server(
    client, cast, small_year, settings, tmp_path
):
    settings.MONTHLY_INPUT_DIR = tmp_path / "inputs"
    settings.MONTHLY_INPUT_DIR.mkdir()
    (settings.MONTHLY_INPUT_DIR / "cases-2025.csv").write_bytes(small_year.read_bytes())
    client.force_login(cast.city_admin)
    data = {"mode": "year", "year": "2025", "source": "server", "top": "5"}
    refused = client.post(reverse("monthly:start"), {**data, "server_file": "../secret.csv"})
    assert refused.status_code == 400 and not SelectionRun.objects.exists()
    client.post(reverse("monthly:start"), {**data, "server_file": "cases-2025.csv"})
    runner.run_pending()
    run = SelectionRun.objects.get()
    assert run.source_name == "cases-2025.csv" and run.finished and len(run.candidates) == 5


@pytest.mark.parametrize(
    "data",
    [
        {"mode": "year", "year": "2025", "source": "upload", "top": "30"},  # no file
        {"mode": "hot", "start": "2025-12-31", "end": "2025-01-01", "source": "upload", "top": "5"},
        {"mode": "year", "year": "2025", "source": "upload", "top": "500"},
    ],
)
def test_bad_requests_are_explained_and_start_nothing(client, cast, data, var):
    client.force_login(cast.programme_office)
    response = client.post(reverse("monthly:start"), data)
    assert response.status_code == 400 and "error-summary" in response.content.decode()
    assert not SelectionRun.objects.exists()


def test_a_leader_cannot_start_a_run(client, cast, var):
    client.force_login(cast.leader)
    response = client.post(reverse("monthly:start"), {"mode": "year", "year": "2025"})
    assert response.status_code == 403


def test_the_ranked_list_and_a_candidates_evidence(
    client, cast, finished_run, django_assert_max_num_queries
):
    client.force_login(cast.leader)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("monthly:run", args=[finished_run.pk]))
    assert page.status_code == 200
    top = finished_run.candidates[0]
    with django_assert_max_num_queries(8):
        detail = client.get(reverse("monthly:candidate", args=[finished_run.pk, top["key"]]))
    text = detail.content.decode()
    assert top["label"] in text and top["months"][0]["month"] in text
    assert 'name="decision"' not in text  # a leader reads, the office decides


def test_runs_are_hidden_from_those_without_the_page(client, cast, finished_run):
    response = get(client, cast.dispatcher, reverse("monthly:run", args=[finished_run.pk]))
    assert response.status_code == 404


def test_the_office_shortlists_then_rejects_with_notes_and_both_are_audited(
    client, cast, finished_run
):
    key = finished_run.candidates[0]["key"]
    url = reverse("monthly:decide", args=[finished_run.pk, key])
    client.force_login(cast.programme_office)
    response = client.post(url, {"decision": "shortlisted", "note": "牵头部门明确"})
    assert response.status_code == 302
    client.post(url, {"decision": "rejected", "note": "已列入去年题目"})
    decision = CandidateDecision.objects.get()
    assert (decision.decision, decision.note, decision.rank) == ("rejected", "已列入去年题目", 1)
    entries = AuditEntry.objects.filter(action="monthly.decide_candidate").order_by("pk")
    assert [e.after["decision"] for e in entries] == ["shortlisted", "rejected"]
    assert entries[1].before["decision"] == "shortlisted"
    listing = client.get(reverse("monthly:run", args=[finished_run.pk])).content.decode()
    assert "已列入去年题目" in listing


def test_deciding_needs_the_office_and_a_real_candidate(client, cast, finished_run):
    key = finished_run.candidates[0]["key"]
    client.force_login(cast.leader)
    denied = client.post(
        reverse("monthly:decide", args=[finished_run.pk, key]), {"decision": "shortlisted"}
    )
    assert denied.status_code == 403
    client.force_login(cast.city_admin)
    missing = client.post(
        reverse("monthly:decide", args=[finished_run.pk, "nope"]), {"decision": "shortlisted"}
    )
    assert missing.status_code == 404
    invalid = client.post(
        reverse("monthly:decide", args=[finished_run.pk, key]), {"decision": "maybe"}
    )
    assert invalid.status_code == 400
    assert not CandidateDecision.objects.exists()


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx", "html"])
def test_a_run_downloads_in_every_format(client, cast, finished_run, fmt):
    response = get(client, cast.leader, reverse("monthly:export", args=[finished_run.pk, fmt]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]


def test_a_candidates_case_numbers_download(client, cast, finished_run):
    top = finished_run.candidates[0]
    url = reverse("monthly:numbers", args=[finished_run.pk, top["key"]])
    lines = get(client, cast.programme_office, url).content.decode().splitlines()
    assert lines[0] == "number" and lines[1:] == top["numbers"]


def test_a_run_can_read_the_cases_in_the_database(client, cast, small_year, var):
    from minsheng.hotline.importing import import_cases

    import_cases(small_year)
    client.force_login(cast.programme_office)
    form = client.get(reverse("monthly:index")).content.decode()
    assert 'value="database"' in form
    client.post(
        reverse("monthly:start"), {"mode": "year", "year": "2025", "source": "database", "top": "5"}
    )
    runner.run_pending()
    run = SelectionRun.objects.get()
    assert run.finished and run.summary["cases"] == 3000 and len(run.candidates) == 5


def test_the_period_of_a_run_reads_from_and_to_as_dates(client, cast, var):
    page = get(client, cast.programme_office, reverse("monthly:index")).content.decode()
    assert '<label for="id_start">开始日期' in page and '<label for="id_end">结束日期' in page


def test_a_candidates_title_is_in_the_pages_language(client, cast, finished_run):
    top = finished_run.candidates[0]
    url = reverse("monthly:candidate", args=[finished_run.pk, top["key"]])
    chinese = get(client, cast.leader, url).content.decode()
    assert top["label_en"] and top["label_en"] not in chinese
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert top["label_en"] in english
    names = [c["name_en"] for c in top["categories"]]
    assert all(name in english for name in names)
    assert not any(name in chinese for name in names)


def test_a_hot_issues_run_on_a_message_board_export_shows_people_and_days(
    client, cast, var, tmp_path
):
    import datetime as dt

    from minsheng.hotline.synthetic.board import BoardSpec, write_board

    path = tmp_path / "board.csv"
    truth = write_board(BoardSpec(dt.date(2019, 1, 1), dt.date(2019, 6, 30), 1500, seed=2), path)
    client.force_login(cast.programme_office)
    client.post(
        reverse("monthly:start"),
        {
            "mode": "hot",
            "start": "2019-01-01",
            "end": "2019-06-30",
            "source": "upload",
            "top": "5",
            "upload": SimpleUploadedFile("board.csv", path.read_bytes(), "text/csv"),
        },
    )
    assert runner.run_pending() == 1
    run = SelectionRun.objects.get()
    assert run.finished and run.summary["mode"] == "hot"
    plant = next(c for c in run.candidates if set(truth["mixing_plant"]) & set(c["numbers"]))
    detail = client.get(reverse("monthly:candidate", args=[run.pk, plant["key"]])).content.decode()
    people = plant["components"]["people"]
    assert f"{people} 人留言 {plant['size']} 条" in detail
    assert plant["components"]["first"] in detail and "丽发新城" in detail


def test_a_candidate_shows_its_aspects_the_merge_and_how_its_name_was_chosen(
    client, cast, finished_run
):
    merged = [c for c in finished_run.candidates if len(c["aspects"]) > 1]
    assert merged
    for candidate in (finished_run.candidates[0], merged[0]):
        url = reverse("monthly:candidate", args=[finished_run.pk, candidate["key"]])
        text = get(client, cast.leader, url).content.decode()
        assert candidate["merge"]["text"] in text
        assert "名称的由来" in text and candidate["naming"]["phrase"] in text
        for message in candidate["naming"]["messages"]:
            assert message["number"] in text
    assert "这个问题的各个方面" in text
    for aspect in merged[0]["aspects"]:
        assert aspect["label"] in text and str(aspect["cases"]) in text
