"""Imported cases land in the state their dates say."""

from __future__ import annotations

import pytest
from django.urls import reverse

from minsheng.hotline.importing import import_cases
from minsheng.hotline.models import Case, Status

from .test_import_cases import HEADER, RECEIVED

# Answered by the hotline on the call (a result, no unit), the call-back not yet made.
ANSWERED = (
    "C1,2026-11-30 09:00,电话,咨询,,,,,咨询居住证办理,朝阳区,劲松街道,,,"
    "140101,,,0,0,否,2026-11-30 09:05,2026-11-30 09:05,,explained,已告知来电人相关政策和办理渠道。,,,"
)


@pytest.fixture
def imported(cast, categories, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "cases.csv"
    path.write_text("\n".join([HEADER, ANSWERED, RECEIVED]) + "\n", encoding="utf-8")
    summary = import_cases(path)
    assert not summary.rejected, summary.rejected
    return Case.objects.get(number="C1")


def test_a_result_without_a_unit_is_the_hotlines_answer_awaiting_the_call_back(imported):
    assert imported.status == Status.HANDLED
    assert imported.lead_unit.code == "BJ-12345"
    assert Case.objects.get(number="A2").status == Status.RECEIVED


def test_it_is_offered_for_the_call_back_and_not_for_dispatch(cast, imported, client):
    client.force_login(cast.dispatcher)
    page = client.get(reverse("hotline:case", args=[imported.number])).content.decode()
    assert reverse("hotline:callback", args=[imported.number]) in page
    assert reverse("hotline:dispatch", args=[imported.number]) not in page
    console = client.get(reverse("hotline:console")).content.decode()
    assert imported.number in console  # among the call-backs, not the cases to dispatch
    assert Case.objects.awaiting_dispatch().filter(pk=imported.pk).count() == 0
