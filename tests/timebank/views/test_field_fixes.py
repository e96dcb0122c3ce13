"""What residents and staff read and press on the Time Bank's pages: one way to write time,
no internal codes or login names, buttons that lead somewhere, a booking confirmed first."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from minsheng.timebank import ledger
from minsheng.timebank.actions import settlement
from minsheng.timebank.models import OrderState
from minsheng.timebank.templatetags.timebank import balance, channel_label

pytestmark = pytest.mark.django_db


def text(client, user, name, *args, query=""):
    client.force_login(user)
    response = client.get(reverse(f"timebank:{name}", args=args) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_balance_is_written_in_coins_with_its_hours_and_minutes():
    with translation.override("zh-hans"):
        assert balance(4805) == "80.08 个时间币（80小时5分钟）"


def test_the_amount_on_hold_carries_its_unit(client, tb):
    tb.booked(tb.cast.elder, tb.cast.volunteer, minutes=90)
    page = text(client, tb.cast.elder, "my_account")
    held = page.split("预约服务冻结")[1].split("</div>")[0]
    assert "1.5 <span>个时间币</span>" in held
    assert "1小时30分钟" in held


def test_the_gift_form_asks_for_hours_and_minutes(client, tb):
    page = text(client, tb.cast.elder, "gift")
    assert 'name="hours"' in page and 'name="minutes_part"' in page
    assert "分钟数" not in page
    client.post(
        reverse("timebank:gift"),
        {"receiver": tb.cast.family.pk, "hours": 1, "minutes_part": 15, "client_key": "k1"},
    )
    assert ledger.person_account(tb.cast.family).balance == 75


def test_a_gift_of_no_time_is_refused_in_words(client, tb):
    client.force_login(tb.cast.elder)
    response = client.post(
        reverse("timebank:gift"),
        {"receiver": tb.cast.family.pk, "hours": 0, "minutes_part": 0, "client_key": "k2"},
    )
    assert "请至少填写一分钟" in response.content.decode()
    assert ledger.person_account(tb.cast.family).balance == 0


def test_the_place_of_an_order_is_not_repeated(client, tb):
    order = tb.posted(tb.cast.elder, address=str(tb.jinsong))
    page = text(client, tb.cast.elder, "order", order.pk)
    assert f"{tb.jinsong} · {tb.jinsong}" not in page
    assert str(tb.jinsong) in page


def test_the_settings_show_grant_rules_by_name_not_code(client, tb):
    page = text(client, tb.cast.chaoyang_admin, "policies")
    assert "<code>alone-60</code>" not in page
    assert "alone-60" not in page


def test_choices_of_people_show_names_without_login_names(client, tb):
    page = text(client, tb.cast.elder, "gift")
    assert tb.cast.family.name in page
    assert f"({tb.cast.family.username})" not in page


def test_the_family_reaches_a_working_gift_form_from_the_elders_account(client, tb):
    page = text(client, tb.cast.family, "person_account", tb.cast.elder.pk)
    assert f"?for={tb.cast.elder.pk}" not in page
    link = reverse("timebank:gift") + f"?to={tb.cast.elder.pk}"
    assert link in page
    form = text(client, tb.cast.family, "gift", query=f"?to={tb.cast.elder.pk}")
    assert f'<option value="{tb.cast.elder.pk}" selected>' in form


def test_the_station_reaches_the_elders_gift_and_donation_forms(client, tb):
    page = text(client, tb.cast.station_operator, "person_account", tb.cast.elder.pk)
    for name in ("gift", "donate"):
        link = reverse(f"timebank:{name}") + f"?for={tb.cast.elder.pk}"
        assert link in page
        assert text(client, tb.cast.station_operator, name, query=f"?for={tb.cast.elder.pk}")


def test_booking_asks_for_confirmation_first(client, tb):
    order = tb.approved(tb.cast.elder)
    page = text(client, tb.cast.volunteer, "book", order.pk)
    assert "确认预约" in page and 'name="confirmed"' in page
    client.post(reverse("timebank:book", args=[order.pk]))
    order.refresh_from_db()
    assert order.state == OrderState.APPROVED
    client.post(reverse("timebank:book", args=[order.pk]), {"confirmed": "yes"})
    order.refresh_from_db()
    assert order.state == OrderState.BOOKED


def test_the_dispute_decision_page_repeats_the_elders_claim(client, tb):
    order = tb.served(tb.cast.elder, tb.cast.volunteer)
    with tb.after(order):
        settlement.dispute_order(
            actor=tb.cast.elder, order=order, proposed_minutes=45, reason="只来了四十五分钟"
        )
    page = text(client, tb.cast.station_operator, "decide", order.pk)
    assert "只来了四十五分钟" in page
    assert "45分钟" in page
    assert tb.cast.elder.name in page


def test_the_history_shows_proxy_moves_and_the_channel_in_words(client, tb):
    elder = tb.elder("王奶奶", login=False, minutes=600)
    order = tb.posted(elder)
    page = text(client, tb.cast.station_operator, "order", order.pk)
    history = page.split("timeline")[1]
    assert f"代{elder.name}办理" in history
    assert "web" not in history.split("</ol>")[0]
    with translation.override("zh-hans"):
        assert channel_label("web") == "网站"
