"""The caller's online survey: a signed link in the reply text message, to a page where the
caller says whether the problem was solved and how satisfied they are.

The link names only the case number and a keyed signature of it; the answer is kept
beside the case for the call-back team, who record the official call-back (``hotline``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.urls import reverse

from minsheng.notifications.rendering import absolute_url

SALT = b"minsheng.notifications.survey"
# 12 characters of the keyed hash (72 bits): short enough for a text message, and no one can
# guess another case's link.
SIGNATURE_LENGTH = 12


def _signature(case_number: str) -> str:
    key = hashlib.sha256(SALT + str(settings.SECRET_KEY).encode()).digest()
    digest = hmac.new(key, case_number.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()[:SIGNATURE_LENGTH]


def survey_token(case_number: str) -> str:
    return f"{case_number}-{_signature(case_number)}"


def case_number_of(token: str) -> str | None:
    # The signature has a fixed length and may itself contain "-".
    number, separator, signature = (
        token[: -SIGNATURE_LENGTH - 1],
        token[-SIGNATURE_LENGTH - 1 : -SIGNATURE_LENGTH],
        token[-SIGNATURE_LENGTH:],
    )
    if not number or separator != "-" or not hmac.compare_digest(signature, _signature(number)):
        return None
    return number


def survey_link(case: Any) -> str:
    return absolute_url(reverse("notifications:survey", args=[survey_token(case.number)]))


def answer(*, case_number: str, resolved: bool, satisfaction: str, comment: str = "") -> Any:
    """Keep the caller's answer (a later answer replaces an earlier one)."""
    from django.db import transaction

    from minsheng.audit.actions import record
    from minsheng.hotline.models import Case
    from minsheng.notifications.models import SurveyAnswer

    case = Case.objects.filter(number=case_number).only("pk", "number", "region_path").first()
    with transaction.atomic():
        saved, _created = SurveyAnswer.objects.update_or_create(
            case_number=case_number,
            defaults={
                "resolved": resolved,
                "satisfaction": satisfaction,
                "comment": comment.strip()[:2000],
                "region_path": case.region_path if case else "",
            },
        )
        record(
            action="notifications.survey_answer",
            target=case,
            actor=None,
            after={"resolved": resolved, "satisfaction": satisfaction},
            region_path=case.region_path if case else "",
        )
    return saved
