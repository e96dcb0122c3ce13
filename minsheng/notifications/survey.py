"""The caller's online survey: a signed link in the reply text message, to a page where the
caller says whether the problem was solved and how satisfied they are.

The link names only the case number, signed with the platform's secret key; the answer is kept
beside the case for the call-back team, who record the official call-back (``hotline``).
"""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.urls import reverse

from minsheng.notifications.rendering import absolute_url

SALT = "minsheng.notifications.survey"
# A caller may answer for 30 days after the reply.
MAX_AGE_SECONDS = 30 * 24 * 60 * 60


def survey_token(case_number: str) -> str:
    return signing.dumps(case_number, salt=SALT, compress=True)


def case_number_of(token: str) -> str | None:
    try:
        return str(signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS))
    except signing.BadSignature:
        return None


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
