"""The dispatcher's page flow: the offer on the case, the form, the link on both pages."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from minsheng.carelink.models import CareLink


def form_data(tb, elder, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "beneficiary": elder.pk,
        "item": tb.item().pk,
        "starts_at": timezone.localtime(tb.start(48)).strftime("%Y-%m-%d %H:%M"),
        "duration_minutes": "60",
        "description": "陪同去医院复查",
        "consent_given_by": "elder",
        "consent_method": "phone",
        "consent_note": "本人电话同意",
    }
    return {**data, **overrides}


def test_the_dispatcher_turns_the_case_into_service_and_both_pages_show_the_link(
    client, cast, tb, care_case, elder
):
    client.force_login(cast.dispatcher)
    case_page = reverse("hotline:case", args=[care_case.number])
    form_page = reverse("carelink:turn_into_service", args=[care_case.number])
    assert form_page in client.get(case_page).content.decode()
    form = client.get(form_page)
    assert form.status_code == 200 and elder.name in form.content.decode()

    answer = client.post(form_page, form_data(tb, elder))

    assert answer.status_code == 302 and answer.url == case_page
    link = CareLink.objects.get()
    shown = client.get(case_page).content.decode()
    assert link.order.reference in shown and form_page not in shown
    client.force_login(cast.station_operator)
    order_page = client.get(reverse("timebank:order", args=[link.order.pk])).content.decode()
    assert care_case.number in order_page


def test_a_form_without_consent_is_shown_again_with_nothing_posted(
    client, cast, tb, care_case, elder
):
    client.force_login(cast.dispatcher)
    form_page = reverse("carelink:turn_into_service", args=[care_case.number])
    answer = client.post(form_page, form_data(tb, elder, consent_method=""))
    assert answer.status_code == 200 and 'aria-invalid="true"' in answer.content.decode()
    assert not CareLink.objects.exists()


def test_the_form_is_refused_to_staff_who_may_not_turn_cases(client, cast, care_case):
    client.force_login(cast.leader)
    form_page = reverse("carelink:turn_into_service", args=[care_case.number])
    assert client.get(form_page).status_code == 403
