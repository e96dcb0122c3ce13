"""When the service is settled, the case gets the result with its evidence; the survey follows."""

from __future__ import annotations

from minsheng.audit.models import AuditEntry
from minsheng.carelink.actions import answer_case_from_service
from minsheng.carelink.models import CareLink
from minsheng.hotline import actions as hotline
from minsheng.hotline.models import Status
from minsheng.notifications.models import Delivery
from minsheng.timebank import clock
from minsheng.timebank.actions import orders, settlement
from tests.carelink.test_turning_into_service import turn


def serve(tb, order, volunteer):  # type: ignore[no-untyped-def]
    order = orders.approve_order(actor=tb.operator(order.station), order=order)
    order = orders.book_order(actor=volunteer, order=order)
    with clock.at(order.starts_at):
        order = orders.sign_in(actor=volunteer, order=order)
    with clock.at(order.ends_at):
        return orders.sign_out(actor=volunteer, order=order)


def test_the_settled_service_answers_the_case_and_the_caller_is_asked(
    cast, tb, care_case, elder, volunteer, committed
):
    link = turn(cast.dispatcher, care_case, elder, tb)
    order = serve(tb, link.order, volunteer)
    with committed(), tb.after(order):
        settlement.confirm_order(actor=elder, order=order, rating=5)

    care_case.refresh_from_db()
    assert (care_case.status, care_case.result) == (Status.HANDLED, "resolved")
    assert volunteer.name in care_case.resolution and order.reference in care_case.resolution
    handled = care_case.events.get(kind="handled")
    evidence = handled.data["evidence"]
    assert evidence["volunteer"] == volunteer.name
    assert evidence["confirmed_by"] == "elder"
    assert evidence["signed_in_at"] and evidence["signed_out_at"]
    assert care_case.events.filter(kind="responded").exists()  # passed through, as required
    link.refresh_from_db()
    assert link.answered_at is not None and link.evidence == evidence
    assert AuditEntry.objects.filter(action="carelink.answer_case").count() == 1
    # The caller's survey follows as for any handled case.
    assert Delivery.objects.filter(event__kind="hotline.case_replied").exists()


def test_a_case_already_answered_keeps_its_result(cast, tb, care_case, elder, volunteer, committed):
    link = turn(cast.dispatcher, care_case, elder, tb)
    order = serve(tb, link.order, volunteer)
    case = hotline.accept_case(actor=cast.unit_staff, case=care_case)
    case = hotline.record_contact(actor=cast.unit_staff, case=case, note="已联系")
    hotline.record_result(
        actor=cast.unit_staff, case=case, result="partly_resolved", resolution="已安排"
    )
    with committed(), tb.after(order):
        settlement.confirm_order(actor=elder, order=order, rating=5)

    case.refresh_from_db()
    assert (case.result, case.resolution) == ("partly_resolved", "已安排")
    link = CareLink.objects.get()
    assert link.answered_at is not None and link.evidence["volunteer"] == volunteer.name
    assert AuditEntry.objects.get(action="carelink.answer_case").after["case_answered"] is False


def test_an_order_without_a_case_is_left_alone(tb, elder, volunteer, committed):
    order = tb.served(elder, volunteer)
    with committed(), tb.after(order):
        settlement.confirm_order(actor=elder, order=order, rating=5)
    assert not AuditEntry.objects.filter(action="carelink.answer_case").exists()


def test_the_case_is_answered_once_if_the_settlement_is_handed_over_again(
    cast, tb, care_case, elder, volunteer, committed
):
    link = turn(cast.dispatcher, care_case, elder, tb)
    order = serve(tb, link.order, volunteer)
    with committed(), tb.after(order):
        settlement.confirm_order(actor=elder, order=order, rating=5)
    order.refresh_from_db()

    assert answer_case_from_service(order=order, settled_by="timebank.confirm_order") is None
    assert care_case.events.filter(kind="handled").count() == 1
    assert AuditEntry.objects.filter(action="carelink.answer_case").count() == 1


def test_a_request_the_station_rejects_is_noted_on_the_case_for_its_unit(
    cast, tb, care_case, elder, committed
):
    link = turn(cast.dispatcher, care_case, elder, tb)
    with committed():
        orders.reject_order(
            actor=tb.operator(link.order.station), order=link.order, reason="时间冲突"
        )

    note = care_case.events.get(kind="note", actor=None)
    assert link.order.reference in note.note and "时间冲突" in note.note
    assert note.unit == care_case.lead_unit
    care_case.refresh_from_db()
    assert care_case.status == Status.DISPATCHED  # the unit answers it in the usual way
    assert AuditEntry.objects.filter(action="carelink.service_fell_through").count() == 1
