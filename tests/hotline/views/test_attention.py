"""The home pages of dispatchers and units say what waits for them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def home(client, user) -> str:  # type: ignore[no-untyped-def]
    """The home page, in English."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.get(reverse("web:home")).content.decode()


def test_the_dispatcher_sees_the_cases_waiting_for_dispatch(client, cast, new_case):
    body = home(client, cast.dispatcher)
    assert "1 case waits for dispatch." in body
    assert reverse("hotline:console") in body


def test_the_unit_sees_new_and_overdue_cases(client, cast, dispatched_case):
    type(dispatched_case).objects.filter(pk=dispatched_case.pk).update(
        response_due=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )
    body = home(client, cast.unit_staff)
    assert "1 new case to accept or return." in body
    assert "1 of your unit&#x27;s cases is overdue." in body  # the apostrophe is escaped
    # The overdue case comes first: it is urgent.
    assert body.index("is overdue") < body.index("to accept or return")


def test_someone_without_hotline_work_sees_none(client, cast, dispatched_case):
    assert reverse("hotline:workbench") not in home(client, cast.outsider)
