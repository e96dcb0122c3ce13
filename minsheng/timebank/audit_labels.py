"""The Time Bank's audit actions, in words."""

from django.utils.translation import gettext_lazy as _

from minsheng.audit.labels import register
from minsheng.timebank.models import OrderEvent, Transfer
from minsheng.timebank.procedure import Move

# A move of the service procedure is recorded as "timebank.<move>" or "timebank.<move>_order".
MOVES = {
    Move.APPROVE: _("Service request approved"),
    Move.REJECT: _("Service request rejected"),
    Move.BOOK: _("Service booked by a volunteer"),
    Move.ASSIGN: _("Volunteer assigned by the station"),
    Move.WITHDRAW: _("Booking withdrawn"),
    Move.SIGN_IN: _("Volunteer signed in"),
    Move.SIGN_OUT: _("Volunteer signed out"),
    Move.CONFIRM: _("Service time confirmed"),
    Move.DISPUTE: _("Service time disputed"),
    Move.DECIDE: _("Dispute decided"),
    Move.CANCEL: _("Service request cancelled"),
    Move.NO_SHOW: _("Volunteer did not come"),
}
register({f"timebank.{move.value}": text for move, text in MOVES.items()})
register({f"timebank.{move.value}_order": text for move, text in MOVES.items()})
register(
    {
        f"timebank.{kind}_order": text
        for kind, text in (
            (OrderEvent.Kind.BOOKED, MOVES[Move.BOOK]),
            (OrderEvent.Kind.ASSIGNED, MOVES[Move.ASSIGN]),
        )
    }
)
register({f"timebank.{kind.value}": kind.label for kind in Transfer.Kind})
register(
    {
        "timebank.post_order": _("Service request posted"),
        "timebank.withdraw_booking": _("Booking withdrawn"),
        "timebank.add_photo": _("Photo of the visit added"),
        "timebank.view_photo": _("Photo of the visit viewed"),
        "timebank.confirm_order": _("Service time confirmed"),
        "timebank.dispute_order": _("Service time disputed"),
        "timebank.decide_dispute": _("Dispute decided"),
        "timebank.auto_confirm": _("Service time confirmed automatically"),
        "timebank.reverse_transaction": _("Payment reversed"),
        "timebank.register_volunteer": _("Volunteer registered"),
        "timebank.apply_volunteer": _("Applied to volunteer"),
        "timebank.approve_volunteer_application": _("Volunteer application approved"),
        "timebank.decline_volunteer_application": _("Volunteer application declined"),
        "timebank.record_training": _("Volunteer training recorded"),
        "timebank.set_volunteer_status": _("Volunteer status changed"),
        "timebank.register_elder": _("Elder registered"),
        "timebank.update_elder": _("Elder's details changed"),
        "timebank.register_care_need": _("Care need registered"),
        "timebank.end_care_need": _("Care need ended"),
        "timebank.request_station": _("Station application made"),
        "timebank.decide_station": _("Station application decided"),
        "timebank.set_budget": _("Budget set"),
        "timebank.propose_grant": _("Time coin grant proposed"),
        "timebank.approve_grant": _("Time coin grant approved"),
        "timebank.reject_grant": _("Time coin grant rejected"),
        "timebank.save_grant_rule": _("Grant rule saved"),
        "timebank.save_service_item": _("Service item saved"),
        "timebank.change_policy": _("Policy setting changed"),
        "timebank.create_activity": _("Group activity created"),
        "timebank.join_activity": _("Joined a group activity"),
        "timebank.confirm_attendance": _("Activity attendance confirmed"),
        "timebank.close_activity": _("Group activity closed"),
        "timebank.post_offer": _("Volunteer's offer posted or changed"),
        "timebank.place_home": _("Home point placed"),
        "timebank.invite_volunteer": _("Volunteer asked to take a request"),
    }
)
