"""The phone app's pages and the station's presence desk, through the Django test client."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from minsheng.timebank import clock
from minsheng.timebank.actions import settlement
from minsheng.timebank.presence import actions
from minsheng.timebank.presence.models import PresenceCheck

pytestmark = pytest.mark.django_db


def test_every_page_links_the_manifest_which_makes_the_app_installable(client, tb):
    client.force_login(tb.cast.volunteer)
    page = client.get(reverse("web:home")).content.decode()
    assert f'<link rel="manifest" href="{reverse("presence:manifest")}">' in page
    answer = client.get(reverse("presence:manifest"))
    assert answer["Content-Type"] == "application/manifest+json"
    manifest = json.loads(answer.content)
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == manifest["scope"] == reverse("presence:field")
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_the_service_worker_keeps_the_app_and_its_files(client, tb):
    worker = client.get(reverse("presence:service_worker"))
    assert worker["Content-Type"].startswith("text/javascript")
    text = worker.content.decode()
    assert reverse("presence:field") in text and "vendor/jsqr/jsQR.js" in text
    assert client.get("/static/vendor/jsqr/jsQR.js").status_code == 200


def test_the_volunteer_sees_the_booked_visit_with_its_address_and_earnings(client, tb):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer, address="劲松北社区3号楼2单元")
    client.force_login(tb.cast.volunteer)
    with clock.at(order.starts_at):
        page = client.get(reverse("presence:field")).content.decode()
    assert "劲松北社区3号楼2单元" in page
    assert f'id="visit-{order.pk}"' in page
    assert "扫描门码签到" in page


def test_an_open_request_shows_no_address_in_the_app(client, tb):
    tb.approved(tb.cast.elder, address="劲松北社区3号楼2单元")
    client.force_login(tb.cast.volunteer)
    assert "劲松北社区3号楼2单元" not in client.get(reverse("presence:field")).content.decode()


def test_without_javascript_the_volunteer_signs_and_the_station_sees_it_flagged(client, tb):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    client.force_login(tb.cast.volunteer)
    with clock.at(order.starts_at):
        client.post(reverse("presence:sign_without_code", args=[order.pk, "sign_in"]))
        page = client.get(reverse("presence:field")).content.decode()
    check = PresenceCheck.objects.get(order=order)
    assert check.status == "flagged" and check.phone_code in page
    client.force_login(tb.cast.station_operator)
    desk = client.get(reverse("presence:desk")).content.decode()
    assert f'id="check-{check.pk}"' in desk
    client.post(reverse("presence:phone_code", args=[check.pk]), {"code": check.phone_code})
    check.refresh_from_db()
    assert (check.status, check.method) == ("confirmed", "phone_code")


def test_the_app_posts_a_sign_as_json(client, tb, scanned):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    client.force_login(tb.cast.volunteer)
    payload = json.dumps({"order": order.pk, "kind": "sign_in", "token": scanned})
    with clock.at(order.starts_at):
        answer = client.post(
            reverse("presence:receive_sign"), {"payload": payload}, content_type="application/json"
        )
    assert answer.status_code == 200, answer.content
    assert answer.json()["method"] == "qr"
    wrong = client.post(
        reverse("presence:receive_sign"), {"payload": "{"}, content_type="application/json"
    )
    assert wrong.status_code == 400 and wrong.json()["error"]


def test_the_station_prints_a_door_card_and_the_desk_shows_how_visits_were_verified(client, tb):
    client.force_login(tb.cast.station_operator)
    answer = client.post(
        reverse("presence:issue_card", args=[tb.cast.elder.pk]), {"latitude": "", "longitude": ""}
    )
    assert answer.status_code == 302
    card = client.get(answer["Location"]).content.decode()
    assert "<svg" in card
    tb.settled(tb.cast.elder, tb.cast.volunteer)
    desk = client.get(reverse("presence:desk"))
    shares = {row["method"]: row["count"] for row in desk.context["shares"]}
    assert shares["unrecorded"] == 1 and shares["qr"] == 0


def test_a_volunteer_cannot_open_the_desk_nor_another_station_the_card(client, tb):
    client.force_login(tb.cast.volunteer)
    assert client.get(reverse("presence:desk")).status_code == 403
    client.force_login(tb.operator(tb.other_station))
    assert client.get(reverse("presence:card", args=[tb.cast.elder.pk])).status_code == 404


def test_the_reports_give_the_share_of_visits_verified_by_each_method(client, tb, scanned):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    with clock.at(order.starts_at):
        actions.sign_at_door(actor=tb.cast.volunteer, order=order, kind="sign_in", token=scanned)
    with clock.at(order.ends_at):
        order = actions.sign_at_door(
            actor=tb.cast.volunteer, order=order, kind="sign_out", token=scanned
        ).order
    with tb.after(order):
        settlement.confirm_order(actor=tb.cast.elder, order=order, rating=5)
    tb.settled(tb.cast.elder, tb.cast.volunteer, hours_ahead=48)  # signed before presence checks
    client.force_login(tb.cast.city_admin)
    table = client.get(reverse("timebank:reports")).context["tables"]["verification"]
    assert [row[1:] for row in table.rows] == [[1, 50.0], [0, 0], [0, 0], [0, 0], [1, 50.0]]


def test_the_app_registers_its_phone_key_and_hears_why_a_key_is_refused(client, tb, phone):
    client.force_login(tb.cast.volunteer)
    url = reverse("presence:register_device")
    known = client.post(url, {"public_key": phone.public_key}, content_type="application/json")
    assert known.status_code == 200 and known.json() == {"key_id": phone.device.key_id}
    not_a_key = client.post(url, {"public_key": "bm90IGEga2V5"}, content_type="application/json")
    assert not_a_key.status_code == 400 and not_a_key.json()["error"]
    client.force_login(tb.volunteer("别人"))
    taken = client.post(url, {"public_key": phone.public_key}, content_type="application/json")
    assert taken.status_code == 403 and taken.json()["error"]
