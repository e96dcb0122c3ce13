"""Signing at the door: by the QR code, by the phone's position, or flagged for the station."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minsheng.timebank import clock, ledger
from minsheng.timebank.actions import settlement
from minsheng.timebank.errors import IllegalMove
from minsheng.timebank.models import OrderState
from minsheng.timebank.presence import actions, guard, tokens
from minsheng.timebank.presence.geo import Position
from minsheng.timebank.presence.models import PresenceCheck

pytestmark = pytest.mark.django_db

# The elder's door in Jinsong, and points about 30 m and 1 km away.
DOOR = (39.8870, 116.4580)
NEAR = Position(39.88727, 116.4580, 15)
FAR = Position(39.8960, 116.4580, 15)


def sign(tb, order, kind, **kwargs):
    moment = order.starts_at if kind == "sign_in" else order.ends_at
    with clock.at(moment):
        return actions.sign_at_door(actor=tb.cast.volunteer, order=order, kind=kind, **kwargs)


def visit(tb, **kwargs):
    """A booked order signed in and out with the same arguments; the order at the end."""
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    first = sign(tb, order, "sign_in", **kwargs)
    second = sign(tb, first.order, "sign_out", **kwargs)
    return second.order, [first, second]


def confirm(tb, order):
    with tb.after(order):
        return settlement.confirm_order(actor=tb.cast.elder, order=order, rating=5)


def test_a_visit_signed_by_the_door_code_settles_as_qr_verified(tb, scanned):
    order, checks = visit(tb, token=scanned)
    assert [(c.status, c.method) for c in checks] == [("verified", "qr")] * 2
    assert order.signed_minutes == 60
    order = confirm(tb, order)
    assert order.state == OrderState.SETTLED
    assert guard.method_of([c.method for c in order.presence_checks.all()]) == "qr"
    assert ledger.person_account(tb.cast.volunteer).balance == 60


def test_a_sign_without_the_code_is_kept_but_flagged_and_holds_settlement_back(tb):
    order, checks = visit(tb)
    assert order.state == OrderState.SIGNED_OUT
    assert all(c.status == "flagged" and c.flags == ["no_qr"] for c in checks)
    assert all(len(c.phone_code) == 6 and c.phone_code.isdigit() for c in checks)
    with pytest.raises(IllegalMove, match="station confirms it first"):
        confirm(tb, order)
    order.refresh_from_db()
    assert order.state == OrderState.SIGNED_OUT and order.credited_minutes is None
    assert ledger.person_account(tb.cast.volunteer).balance == 0


def test_the_elders_spoken_code_confirms_the_visit_for_the_elder(tb):
    order, checks = visit(tb)
    operator = tb.cast.station_operator
    with pytest.raises(ValidationError, match="does not match"):
        actions.confirm_by_phone_code(actor=operator, check=checks[0], code="000000x")
    for check in checks:
        actions.confirm_by_phone_code(actor=operator, check=check, code=check.phone_code)
    assert set(order.presence_checks.values_list("status", "method")) == {
        ("confirmed", "phone_code")
    }
    assert confirm(tb, order).state == OrderState.SETTLED
    assert guard.method_of(["phone_code", "phone_code"]) == "phone_code"


def test_the_weakest_sign_names_the_visits_method(tb, scanned):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    sign(tb, order, "sign_in", token=scanned)
    check = sign(tb, order, "sign_out")
    actions.confirm_check(actor=tb.cast.station_operator, check=check)
    order = confirm(tb, check.order)
    assert guard.method_of([c.method for c in order.presence_checks.all()]) == "station"


def test_a_rejected_sign_settles_only_by_the_stations_dispute_decision(tb):
    order, checks = visit(tb)
    operator = tb.cast.station_operator
    with pytest.raises(ValidationError):
        actions.reject_check(actor=operator, check=checks[1], reason=" ")
    actions.reject_check(actor=operator, check=checks[1], reason="老人说没人来过")
    with pytest.raises(IllegalMove, match="rejected"):
        confirm(tb, order)
    with tb.after(order):
        settlement.dispute_order(actor=operator, order=order, reason="未到场", proposed_minutes=0)
        order = settlement.decide_dispute(actor=operator, order=order, minutes=0, decision="未服务")
    assert order.state == OrderState.SETTLED and order.credited_minutes == 0
    assert ledger.person_account(tb.cast.volunteer).balance == 0


def test_automatic_confirmation_passes_over_visits_waiting_for_the_station(tb, scanned):
    flagged, _ = visit(tb)
    verified = tb.booked(tb.cast.elder, tb.cast.volunteer, hours_ahead=48)
    sign(tb, verified, "sign_in", token=scanned)
    verified = sign(tb, verified, "sign_out", token=scanned).order
    done = settlement.auto_confirm_due(now=verified.signed_out_at + dt.timedelta(days=30))
    assert [o.pk for o in done] == [verified.pk]
    flagged.refresh_from_db()
    assert flagged.state == OrderState.SIGNED_OUT


def test_a_code_of_another_home_a_forged_one_or_a_replaced_one_is_refused(tb, door, scanned):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    neighbour = tb.elder("邻居")
    other = tokens.token_for(
        actions.issue_card(actor=tb.cast.station_operator, elder=neighbour).code
    )
    with pytest.raises(ValidationError, match="another home"):
        sign(tb, order, "sign_in", token=other)
    with pytest.raises(ValidationError, match="not a door code"):
        sign(tb, order, "sign_in", token=scanned[:-2] + "xx")
    actions.issue_card(actor=tb.cast.station_operator, elder=tb.cast.elder)  # rotation
    with pytest.raises(ValidationError, match="replaced"):
        sign(tb, order, "sign_in", token=scanned)
    order.refresh_from_db()
    assert order.state == OrderState.BOOKED and not order.presence_checks.exists()


def test_the_token_names_no_one(tb, door, scanned):
    assert tb.cast.elder.name not in scanned and tb.cast.elder.username not in scanned
    assert tokens.code_of(scanned) == door.code
    assert tokens.code_of("MSDOOR:" + door.code) is None  # unsigned


def test_the_fence_verifies_without_a_code_and_flags_a_phone_far_away(tb):
    actions.issue_card(
        actor=tb.cast.station_operator, elder=tb.cast.elder, latitude=DOOR[0], longitude=DOOR[1]
    )
    order, checks = visit(tb, position=NEAR)
    assert [(c.status, c.method) for c in checks] == [("verified", "geofence")] * 2
    assert 20 < checks[0].distance_m < 40 and checks[0].accuracy_m == 15
    far_order = tb.booked(tb.cast.elder, tb.cast.volunteer, hours_ahead=48)
    far = sign(tb, far_order, "sign_in", position=FAR)
    assert far.status == "flagged" and far.flags == ["no_qr", "outside_fence"]
    assert far.distance_m > 900


def test_a_door_code_scanned_far_from_the_door_is_flagged(tb):
    card = actions.issue_card(
        actor=tb.cast.station_operator, elder=tb.cast.elder, latitude=DOOR[0], longitude=DOOR[1]
    )
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    check = sign(tb, order, "sign_in", token=tokens.token_for(card.code), position=FAR)
    assert check.status == "flagged" and check.flags == ["outside_fence"]


def test_a_position_too_vague_does_not_verify(tb):
    actions.issue_card(
        actor=tb.cast.station_operator, elder=tb.cast.elder, latitude=DOOR[0], longitude=DOOR[1]
    )
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    check = sign(tb, order, "sign_in", position=Position(NEAR.latitude, NEAR.longitude, 2000))
    assert check.status == "flagged"


def test_only_the_booked_volunteer_signs_at_the_door(tb, scanned):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    other = tb.volunteer("别人")
    with pytest.raises(PermissionDenied):
        actions.sign_at_door(actor=other, order=order, kind="sign_in", token=scanned)


def test_staff_entering_times_confirm_the_visit_themselves(tb):
    order = tb.booked(tb.cast.elder, tb.cast.volunteer)
    operator = tb.cast.station_operator
    with clock.at(order.ends_at + dt.timedelta(hours=1)):
        actions.sign_on_page(actor=operator, order=order, kind="sign_in", at=order.starts_at)
        order = actions.sign_on_page(actor=operator, order=order, kind="sign_out", at=order.ends_at)
    assert set(order.presence_checks.values_list("status", "method")) == {("confirmed", "station")}
    assert confirm(tb, order).state == OrderState.SETTLED


def test_a_reviewed_sign_cannot_be_reviewed_again(tb):
    _, checks = visit(tb)
    actions.confirm_check(actor=tb.cast.station_operator, check=checks[0])
    with pytest.raises(IllegalMove):
        actions.reject_check(actor=tb.cast.station_operator, check=checks[0], reason="晚了")
    assert PresenceCheck.objects.get(pk=checks[0].pk).status == "confirmed"


def test_a_volunteer_or_another_station_cannot_review(tb):
    _, checks = visit(tb)
    with pytest.raises(PermissionDenied):
        actions.confirm_check(actor=tb.cast.volunteer, check=checks[0])
    with pytest.raises(PermissionDenied):
        actions.confirm_check(actor=tb.operator(tb.other_station), check=checks[0])
