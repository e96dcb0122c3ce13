"""The procedure through the pages: forms post, refusals come back as messages in words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from minsheng.timebank import clock, ledger
from minsheng.timebank.models import OrderState, ServiceOrder

pytestmark = pytest.mark.django_db


def post(client, user, name, pk, data=None, follow=True):
    client.force_login(user)
    return client.post(reverse(f"timebank:{name}", args=[pk]), data or {}, follow=follow)


def test_an_elder_posts_a_request_through_the_form(client, tb):
    client.force_login(tb.cast.elder)
    start = timezone.localtime() + dt.timedelta(days=2)
    response = client.post(
        reverse("timebank:post_request"),
        {
            "beneficiary": tb.cast.elder.pk,
            "item": tb.item().pk,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 60,
            "description": "陪我聊聊天",
            "address": "劲松北社区3号楼",
        },
        follow=True,
    )
    order = ServiceOrder.objects.get(beneficiary=tb.cast.elder)
    assert response.redirect_chain[-1][0] == reverse("timebank:order", args=[order.pk])
    assert order.state == OrderState.POSTED


def test_the_station_posts_for_an_elder_named_in_the_address(client, tb):
    client.force_login(tb.cast.station_operator)
    response = client.get(reverse("timebank:post_request") + f"?for={tb.cast.elder.pk}")
    assert response.status_code == 200
    assert tb.cast.elder.name in response.content.decode()


def test_the_whole_procedure_by_buttons(client, tb):
    order = tb.posted(tb.cast.elder)
    post(client, tb.cast.station_operator, "approve", order.pk)
    response = post(client, tb.cast.volunteer, "book", order.pk, {"confirmed": "yes"})
    assert "您已预约" in str(list(response.context["messages"])[0])
    order.refresh_from_db()
    assert order.state == OrderState.BOOKED
    with clock.at(order.starts_at):
        post(client, tb.cast.volunteer, "sign_in", order.pk)
    with clock.at(order.ends_at):
        post(client, tb.cast.volunteer, "sign_out", order.pk)
    # Signed by the button, without the door code: the station confirms the visit first.
    with clock.at(order.ends_at + dt.timedelta(minutes=5)):
        response = post(client, tb.cast.elder, "confirm", order.pk, {"rating": 5})
    assert "驿站" in response.content.decode()
    order.refresh_from_db()
    assert order.state == OrderState.SIGNED_OUT
    client.force_login(tb.cast.station_operator)
    for check in order.presence_checks.all():
        client.post(reverse("presence:confirm_check", args=[check.pk]))
    with clock.at(order.ends_at + dt.timedelta(minutes=5)):
        post(client, tb.cast.elder, "confirm", order.pk, {"rating": 5, "comment": "谢谢"})
    order.refresh_from_db()
    assert order.state == OrderState.SETTLED
    assert ledger.person_account(tb.cast.volunteer).balance == 60


def test_an_illegal_move_is_explained_not_crashed(client, tb):
    order = tb.settled(tb.cast.elder, tb.cast.volunteer)
    client.force_login(tb.cast.elder)
    response = client.post(reverse("timebank:confirm", args=[order.pk]), {"rating": 5})
    assert response.status_code == 200
    assert "已确认并支付" in response.content.decode()  # "already confirmed and paid"


def test_the_station_signs_with_times_from_a_paper_sheet(client, tb):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    local = timezone.localtime(order.starts_at)
    with clock.at(order.ends_at + dt.timedelta(hours=1)):
        post(
            client,
            tb.cast.station_operator,
            "sign_in",
            order.pk,
            {"at": local.strftime("%Y-%m-%dT%H:%M")},
        )
        post(
            client,
            tb.cast.station_operator,
            "sign_out",
            order.pk,
            {"at": (local + dt.timedelta(minutes=50)).strftime("%Y-%m-%dT%H:%M")},
        )
    order.refresh_from_db()
    assert order.signed_minutes == 50
    assert order.events.get(kind="signed_in").on_behalf_of == tb.cast.volunteer


def test_a_gift_form_submitted_twice_gives_once(client, tb):
    client.force_login(tb.cast.elder)
    data = {
        "receiver": tb.cast.family.pk,
        "hours": 0,
        "minutes_part": 30,
        "client_key": "form-123",
        "note": "",
    }
    client.post(reverse("timebank:gift"), data)
    client.post(reverse("timebank:gift"), data)
    assert ledger.person_account(tb.cast.family).balance == 30


def test_a_reversal_from_the_ledger_page(client, tb):
    order = tb.settled(tb.cast.elder, tb.cast.volunteer)
    payment = order.transactions.get(kind="service_payment")
    client.force_login(tb.cast.chaoyang_admin)
    client.post(
        reverse("timebank:transaction", args=[payment.pk]), {"minutes": 20, "reason": "争议后更正"}
    )
    assert ledger.person_account(tb.cast.volunteer).balance == 40


def test_the_station_ends_a_care_need_and_changes_circumstances(client, tb):
    profile = tb.cast.elder.elder_profile
    need = tb.cast.elder.care_needs.get()
    client.force_login(tb.cast.station_operator)
    client.post(reverse("timebank:update_elder", args=[profile.pk]), {"low_income": "on"})
    client.post(reverse("timebank:end_care_need", args=[profile.pk, need.pk]), {"reason": "搬家"})
    profile.refresh_from_db()
    need.refresh_from_db()
    assert profile.low_income and not profile.lives_alone
    assert need.ended_at is not None


def test_the_city_saves_a_grant_rule_from_the_settings_page(client, tb):
    from minsheng.timebank.models import GrantRule

    client.force_login(tb.cast.city_admin)
    client.post(
        reverse("timebank:grant_rule"),
        {
            "code": "age-85",
            "name": "85岁及以上",
            "name_en": "Aged 85 and over",
            "min_age": 85,
            "default_minutes": 900,
            "is_active": "on",
        },
    )
    assert GrantRule.objects.get(code="age-85").min_age == 85


def test_the_station_proposes_a_grant_and_is_told_why_the_pool_cannot_pay(client, tb):
    from minsheng.timebank import eligibility
    from minsheng.timebank.models import Grant

    client.force_login(tb.cast.station_operator)
    proposed = client.post(
        reverse("timebank:propose_grant"),
        {
            "recipient": tb.cast.elder.username,
            "rule": eligibility.matching_rules(tb.cast.elder)[0].pk,
            "issuer": tb.city.pk,
            "minutes": 120,
            "reason": "独居老人",
        },
    )
    assert proposed["Location"] == reverse("timebank:grants")
    assert Grant.objects.filter(recipient=tb.cast.elder, minutes=120).exists()
    refused = client.post(
        reverse("timebank:allocate"),
        {
            "recipient": tb.cast.elder.username,
            "hours": 1000,
            "minutes_part": 0,
            "reason": "困难",
            "client_key": "pool-1",
        },
    )
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
