"""The online survey asks five levels of satisfaction; the rates count them exactly as the
telephone call-back's three."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from minsheng.hotline import actions
from minsheng.hotline.models import RATING_SATISFACTION, CaseEvent, Rating
from minsheng.hotline.residents.links import case_token


@pytest.mark.parametrize(
    ("rating", "counted"),
    [
        ("very_satisfied", "satisfied"),
        ("satisfied", "satisfied"),
        ("neutral", "basically_satisfied"),
        ("dissatisfied", "dissatisfied"),
        ("very_dissatisfied", "dissatisfied"),
    ],
)
def test_each_answer_counts_as_one_of_the_three_levels(handled_case, rating, counted):
    case = actions.record_online_callback(case=handled_case, resolved=True, rating=rating)
    assert (case.status, case.satisfaction) == ("closed", counted)
    surveyed = case.events.get(kind=CaseEvent.Kind.SURVEYED)
    assert surveyed.data == {
        "resolved": True,
        "satisfaction": counted,
        "method": "online",
        "rating": rating,
    }


def test_the_mapping_covers_every_level_once():
    assert set(RATING_SATISFACTION) == set(Rating.values)
    assert set(RATING_SATISFACTION.values()) == {"satisfied", "basically_satisfied", "dissatisfied"}


def test_not_resolved_still_reopens_and_dissatisfied_but_resolved_closes(cast, handled_case):
    case = actions.record_online_callback(
        case=handled_case, resolved=False, rating="very_satisfied"
    )
    assert (case.status, case.satisfaction) == ("accepted", "satisfied")
    case = actions.record_contact(actor=cast.unit_staff, case=case, note="再次联系")
    case = actions.record_result(
        actor=cast.unit_staff, case=case, result="resolved", resolution="再次维修"
    )
    case = actions.record_online_callback(case=case, resolved=True, rating="very_dissatisfied")
    assert (case.status, case.satisfaction) == ("closed", "dissatisfied")


def test_an_unknown_level_is_refused(handled_case):
    with pytest.raises(ValidationError):
        actions.record_online_callback(
            case=handled_case, resolved=True, rating="basically_satisfied"
        )


def test_the_database_refuses_a_level_counted_otherwise(handled_case):
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseEvent.objects.create(
            case=handled_case,
            kind=CaseEvent.Kind.SURVEYED,
            at=handled_case.received_at,
            data={"rating": "very_dissatisfied", "satisfaction": "satisfied"},
        )


def test_the_api_takes_the_five_levels_and_shows_the_answer(db, handled_case):
    api = APIClient()
    path = reverse("api:hotline_api:resident-survey", args=[case_token(handled_case.number)])
    refused = api.post(path, {"resolved": True, "satisfaction": "satisfied"}, format="json")
    assert refused.status_code == 400 and "rating" in refused.json()["error"]["fields"]
    answer = api.post(path, {"resolved": True, "rating": "neutral"}, format="json")
    assert answer.status_code == 200 and answer.json()["status"] == "closed"
    handled_case.refresh_from_db()
    assert handled_case.satisfaction == "basically_satisfied"
    surveyed = [s for s in answer.json()["steps"] if s["text"]]
    assert any("基本满意" in s["text"] or "neutral" in s["text"].lower() for s in surveyed)


def test_the_schema_lists_the_five_levels(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert all(level in schema for level in Rating.values)


def test_the_staff_page_shows_the_online_answer(client, cast, handled_case):
    actions.record_online_callback(case=handled_case, resolved=True, rating="very_satisfied")
    client.force_login(cast.dispatcher)
    page = client.get(reverse("hotline:case", args=[handled_case.number])).content.decode()
    assert "非常满意" in page
