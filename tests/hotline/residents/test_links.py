"""The signed link of the reply text message expires; then the resident follows the case by its
number and a code, and is told so."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from minsheng.hotline.residents import links
from minsheng.notifications.survey import survey_token

DAY = dt.timedelta(days=1)


def test_a_link_works_for_the_days_of_the_setting_and_then_says_it_expired(
    client, handled_case, settings
):
    settings.HOTLINE_CASE_LINK_DAYS = 30
    issued = timezone.now() - 30 * DAY + dt.timedelta(minutes=5)
    fresh = reverse("residents:link", args=[links.case_token(handled_case.number, issued=issued)])
    assert client.get(fresh)["Location"] == reverse("residents:case", args=[handled_case.number])

    stranger = type(client)()
    old = links.case_token(handled_case.number, issued=timezone.now() - 31 * DAY)
    page = stranger.get(reverse("residents:link", args=[old]))
    assert page.status_code == 410
    html = page.content.decode()
    assert "链接已过期" in html and "30" in html
    # The way on: the form to follow by number and code, with the number already filled in.
    assert f'value="{handled_case.number}"' in html and 'name="send_code"' in html
    assert stranger.get(reverse("residents:case", args=[handled_case.number])).status_code == 404


def test_the_setting_shortens_the_life_of_a_link(handled_case, settings):
    token = links.case_token(handled_case.number, issued=timezone.now() - 3 * DAY)
    assert links.case_number_of(token) == handled_case.number
    settings.HOTLINE_CASE_LINK_DAYS = 2
    with pytest.raises(links.LinkExpired) as expired:
        links.case_number_of(token)
    assert expired.value.number == handled_case.number


def test_forged_and_undated_links(handled_case):
    token = links.case_token(handled_case.number)
    for forged in (
        token.replace(handled_case.number, "20260101000001"),
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        # A later issue time under the old signature.
        token[:-20] + "zzzzzzz" + token[-13:],
        "x",
        "",
        token[:-12] + "链接签名被人改过了一点点儿",
    ):
        assert links.case_number_of(forged) is None
    # A genuine link of the earlier form, without a date: expired, not forged.
    with pytest.raises(links.LinkExpired):
        links.case_number_of(survey_token(handled_case.number))


def test_the_api_answers_410_for_an_expired_token(db, handled_case):
    old = links.case_token(handled_case.number, issued=timezone.now() - 40 * DAY)
    answer = APIClient().get(reverse("api:hotline_api:resident-case", args=[old]))
    assert answer.status_code == 410 and answer.json()["error"]["code"] == "expired"
    fresh = links.case_token(handled_case.number)
    assert (
        APIClient().get(reverse("api:hotline_api:resident-case", args=[fresh])).status_code == 200
    )
