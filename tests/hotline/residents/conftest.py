"""Residents' world: the hotline's fixtures, photos kept in a temporary folder, codes read from
the text messages the SMS channel would send."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from minsheng.notifications.models import Delivery
from tests.hotline.conftest import (  # noqa: F401  (fixtures)
    categories,
    dispatched_case,
    handled_case,
    jinsong,
    jinsong_office,
    lift_category,
    new_case,
)
from tests.notifications.conftest import committed  # noqa: F401  (fixture)
from tests.photos import stored_files  # noqa: F401  (the tests' helper, imported from here)

PHONE = "13812345678"


@pytest.fixture(autouse=True)
def _photos_kept_apart(media: Path) -> Path:
    return media


def last_code(phone: str = PHONE) -> str:
    text = (
        Delivery.objects.filter(event__kind="people.phone_code")
        .filter(address_masked=phone[:3] + "****" + phone[-4:])
        .latest("pk")
        .text
    )
    found = re.search(r"\d{6}", text)
    assert found is not None
    return found.group()


@pytest.fixture
def ask_code(django_capture_on_commit_callbacks) -> Callable[..., str]:  # type: ignore[no-untyped-def]
    """Press "send me a code" on the report page and read the text message."""

    def run(client: Client, phone: str = PHONE, **form: str) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("residents:report_code"), {"phone": phone, **form})
        return last_code(phone)

    return run
