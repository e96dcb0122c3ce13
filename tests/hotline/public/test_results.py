"""The public results pages: open without login, every table as CSV, no personal data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from minsheng.hotline import actions
from minsheng.hotline.models import Case
from minsheng.hotline.stats import update_stats
from minsheng.hotline.workdays import BEIJING

SLUGS = [
    "districts",
    "subdistricts",
    "hot-issues",
    "focus-waste-sorting",
    "focus-property-management",
    "programme",
]


@pytest.fixture
def last_month_cases(cast, jinsong, categories, jinsong_office) -> list[Case]:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    first = timezone.localdate().replace(day=1) - dt.timedelta(days=20)
    cases = []
    for n in range(3):
        case = actions.receive_case(
            actor=cast.dispatcher,
            content="小区物业不管事，楼道堆满杂物",
            title="物业不作为",
            subdistrict=jinsong,
            address="劲松八区606号楼",
            category=categories["030101"],
            caller_name="李秀兰",
            caller_phone=f"1391234567{n}",
            caller_id=f"110105195501011{n:03d}",
            received_at=dt.datetime.combine(first, dt.time(9 + n), BEIJING),
        )
        cases.append(actions.dispatch_case(actor=cast.dispatcher, case=case, unit=jinsong_office))
    update_stats()
    return cases


def test_the_results_open_without_login_on_the_last_full_month(last_month_cases, client):
    page = client.get(reverse("results:index"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "劲松街道" in text and "朝阳区" in text
    for slug in SLUGS:
        assert reverse("results:csv", args=[slug]) in text


@pytest.mark.parametrize("slug", SLUGS)
def test_every_table_downloads_as_csv(last_month_cases, client, slug):
    answer = client.get(reverse("results:csv", args=[slug]))
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")


def test_no_personal_data_is_published(last_month_cases, client):
    published = client.get(reverse("results:index")).content.decode()
    published += "".join(
        client.get(reverse("results:csv", args=[slug])).content.decode() for slug in SLUGS
    )
    for case in last_month_cases:
        for private in (
            case.number,
            "李秀兰",
            case.caller_name_masked,
            case.caller_phone_masked,
            case.caller_phone,
            case.caller_key_masked,
            "606号楼",
            "楼道堆满杂物",
        ):
            assert private and private not in published, private
    assert "dispatcher" not in published  # no staff accounts either


def test_an_unknown_table_is_not_found(client, db):
    assert client.get(reverse("results:csv", args=["callers"])).status_code == 404
