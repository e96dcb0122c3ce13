"""Where coins come from and go besides services: grants (within budgets), gifts, donations,
pool allocations, and reversals by an administrator."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, Sum, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from minsheng import access
from minsheng.audit.actions import record
from minsheng.regions.models import Region
from minsheng.timebank import clock, eligibility, ledger, policies
from minsheng.timebank.actions.common import acting_for, add_event, locked
from minsheng.timebank.errors import IdempotencyConflict, IllegalMove, NotEligible
from minsheng.timebank.models import (
    Account,
    ElderProfile,
    Grant,
    GrantBudget,
    GrantRule,
    Leg,
    OrderEvent,
    Transaction,
    Transfer,
)
from minsheng.timebank.units import describe_minutes

MAX_TRANSFER_MINUTES = 100_000 * 60
# A budget's year, as the budget pages offer it (the database refuses years before 2000).
BUDGET_YEARS = (2000, 2100)
# No issuer plans more than a hundred million hours a year.
MAX_BUDGET_MINUTES = 100_000_000 * 60


# --- Budgets and grants --------------------------------------------------------------------


def set_budget(*, actor: Any, region: Region, year: int, minutes: int) -> GrantBudget:
    """The city sets its own and each district's grant budget for a year."""
    access.require(actor, "timebank.set_budget", region)
    if region.level not in (Region.Level.CITY, Region.Level.DISTRICT):
        raise ValidationError({"region": _("Budgets belong to the city or a district.")})
    if minutes < 0:
        raise ValidationError({"minutes": _("A budget cannot be negative.")})
    if minutes > MAX_BUDGET_MINUTES:
        raise ValidationError({"minutes": _("This budget is larger than any issuer could use.")})
    if not BUDGET_YEARS[0] <= year <= BUDGET_YEARS[1]:
        raise ValidationError(
            {
                "year": _("Give a year between %(first)d and %(last)d.")
                % {"first": BUDGET_YEARS[0], "last": BUDGET_YEARS[1]}
            }
        )
    with transaction.atomic():
        budget, created = GrantBudget.objects.select_for_update().get_or_create(
            region=region, year=year, defaults={"minutes": minutes, "set_by": actor}
        )
        before = None if created else {"minutes": budget.minutes}
        budget.minutes = minutes
        budget.set_by = actor
        budget.set_at = clock.now()
        budget.save()
        record(
            action="timebank.set_budget",
            target=budget,
            actor=actor,
            before=before,
            after={"year": year, "minutes": minutes},
        )
    return budget


def issued_in_year(issuer: Account, year: int) -> int:
    """Minutes an issuance account paid out in ``year``, net of reversals back to it."""
    total = Leg.objects.filter(account=issuer, posted_at__year=year).aggregate(
        total=Coalesce(
            Sum(Case(When(side=Leg.Side.DEBIT, then=F("amount")), default=-F("amount"))), 0
        )
    )["total"]
    return int(total)


def charge_budget(region: Region, minutes: int) -> Account:
    """Lock the issuer's budget for this year and check ``minutes`` fit; returns the issuer."""
    year = clock.today().year
    budget = GrantBudget.objects.select_for_update().filter(region=region, year=year).first()
    if budget is None:
        raise NotEligible(
            _("%(issuer)s has no grant budget for %(year)s.") % {"issuer": region, "year": year}
        )
    issuer = ledger.issuance_account(region)
    used = issued_in_year(issuer, year)
    if used + minutes > budget.minutes:
        raise NotEligible(
            _("The %(year)s budget of %(issuer)s has %(left)s left; %(needed)s are needed.")
            % {
                "year": year,
                "issuer": region,
                "left": describe_minutes(max(budget.minutes - used, 0)),
                "needed": describe_minutes(minutes),
            }
        )
    return issuer


def propose_grant(
    *,
    actor: Any,
    recipient: Any,
    rule: GrantRule,
    issuer: Region,
    minutes: int | None = None,
    reason: str = "",
) -> Grant:
    """A station or an administrator proposes a grant under a rule the elder meets."""
    access.require(actor, "timebank.propose_grant", recipient)
    if issuer.level not in (Region.Level.CITY, Region.Level.DISTRICT):
        raise ValidationError({"issuer": _("Grants are issued by the city or a district.")})
    home = recipient.home_region
    if home is None or not issuer.contains(home):
        raise ValidationError(
            {"issuer": _("The issuer must be the city or the person's district.")}
        )
    minutes = minutes or rule.default_minutes
    if not 0 < minutes <= MAX_TRANSFER_MINUTES:
        raise ValidationError({"minutes": _("Enter a positive number of minutes.")})
    problems = eligibility.grant_rule_problems(rule, recipient, clock.today())
    if problems:
        raise NotEligible(" ".join(problems))
    with transaction.atomic():
        grant = Grant.objects.create(
            issuer=issuer,
            recipient=recipient,
            rule=rule,
            minutes=minutes,
            reason=reason.strip(),
            proposed_by=actor,
            proposed_at=clock.now(),
        )
        record(
            action="timebank.propose_grant",
            target=grant,
            actor=actor,
            after={
                "recipient": recipient.pk,
                "rule": rule.code,
                "minutes": minutes,
                "issuer": issuer.code,
            },
        )
    return grant


def approve_grant(*, actor: Any, grant: Grant, note: str = "") -> Grant:
    """An administrator of the issuer approves: the coins are credited within the budget."""
    _require_decider(actor, grant)
    with transaction.atomic():
        grant = locked(grant)
        _ensure_proposed(grant)
        issuer = charge_budget(grant.issuer, grant.minutes)
        grant.state = Grant.State.APPROVED
        grant.decided_by = actor
        grant.decided_at = clock.now()
        grant.decision_note = note.strip()
        grant.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        ledger.post(
            [
                ledger.Movement(
                    kind=Transaction.Kind.GRANT,
                    key=f"grant:{grant.pk}",
                    debit=issuer,
                    credit=ledger.person_account(grant.recipient),
                    minutes=grant.minutes,
                    # The recipient's region: reports count grants where the coins live.
                    memo=grant.reason,
                    region_id=grant.recipient.home_region_id,
                    grant_id=grant.pk,
                )
            ],
            authorised_by=actor,
            at=clock.now(),
        )
        record(
            action="timebank.approve_grant",
            target=grant,
            actor=actor,
            after={"state": grant.state, "minutes": grant.minutes},
            note=note.strip(),
        )
    return grant


def reject_grant(*, actor: Any, grant: Grant, note: str) -> Grant:
    _require_decider(actor, grant)
    if not note.strip():
        raise ValidationError({"note": _("Say why the grant is rejected.")})
    with transaction.atomic():
        grant = locked(grant)
        _ensure_proposed(grant)
        grant.state = Grant.State.REJECTED
        grant.decided_by = actor
        grant.decided_at = clock.now()
        grant.decision_note = note.strip()
        grant.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        record(
            action="timebank.reject_grant",
            target=grant,
            actor=actor,
            after={"state": grant.state},
            note=note.strip(),
        )
    return grant


def _require_decider(actor: Any, grant: Grant) -> None:
    access.require(actor, "timebank.approve_grant", grant)
    # A district administrator decides the district's grants, not the city's.
    access.require(actor, "timebank.approve_grant", grant.issuer)


def _ensure_proposed(grant: Grant) -> None:
    if grant.state != Grant.State.PROPOSED:
        raise IllegalMove(_("This grant was already decided."))


# --- Gifts, donations and the pool ------------------------------------------------------------


def new_client_key() -> str:
    """A key for a form, so that submitting it twice posts once."""
    return uuid.uuid4().hex


def give_gift(
    *, actor: Any, giver: Any, receiver: Any, minutes: int, client_key: str, note: str = ""
) -> Transfer:
    """Coins to a verified direct relative (parents, grandparents, children, grandchildren)."""
    access.require(actor, "timebank.give_gift", giver)
    _require_self_or_staff(actor, giver)
    problems = eligibility.gift_problems(giver, receiver)
    if problems:
        raise NotEligible(" ".join(problems))
    from minsheng.people.relations import verified_relation

    return _transfer(
        actor=actor,
        kind=Transfer.Kind.GIFT,
        giver=giver,
        receiver=receiver,
        minutes=minutes,
        client_key=client_key,
        reason=note,
        relation=verified_relation(giver, receiver) or "",
        debit=ledger.person_account(giver),
        credit=ledger.person_account(receiver),
        region=giver.home_region,
        on_behalf_of=acting_for(actor, giver),
    )


def donate(*, actor: Any, donor: Any, minutes: int, client_key: str, note: str = "") -> Transfer:
    """Coins to the public pool, which stations allocate to elders in need."""
    access.require(actor, "timebank.donate", donor)
    _require_self_or_staff(actor, donor)
    return _transfer(
        actor=actor,
        kind=Transfer.Kind.DONATION,
        giver=donor,
        receiver=None,
        minutes=minutes,
        client_key=client_key,
        reason=note,
        relation="",
        debit=ledger.person_account(donor),
        credit=ledger.pool_account(),
        region=donor.home_region,
        on_behalf_of=acting_for(actor, donor),
    )


def allocate_from_pool(
    *, actor: Any, recipient: Any, minutes: int, reason: str, client_key: str
) -> Transfer:
    """An operator gives pool coins to an eligible elder, with a reason."""
    access.require(actor, "timebank.allocate_pool", recipient)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this person receives coins from the pool.")})
    problems = eligibility.recipient_problems(recipient, policies.current())
    if not ElderProfile.objects.filter(person=recipient).exists():
        problems.append(_("Not registered as an elder at a station."))
    if problems:
        raise NotEligible(" ".join(problems))
    return _transfer(
        actor=actor,
        kind=Transfer.Kind.ALLOCATION,
        giver=None,
        receiver=recipient,
        minutes=minutes,
        client_key=client_key,
        reason=reason,
        relation="",
        debit=ledger.pool_account(),
        credit=ledger.person_account(recipient),
        region=recipient.home_region,
        on_behalf_of=None,
    )


def _require_self_or_staff(actor: Any, person: Any) -> None:
    if actor.pk != person.pk and not access.can(actor, "timebank.act_for_parties", person):
        raise PermissionDenied(_("Only the account holder, or their station, can do this."))


def _transfer(
    *,
    actor: Any,
    kind: str,
    giver: Any,
    receiver: Any,
    minutes: int,
    client_key: str,
    reason: str,
    relation: str,
    debit: Account,
    credit: Account,
    region: Region | None,
    on_behalf_of: Any,
) -> Transfer:
    if not isinstance(minutes, int) or not 0 < minutes <= MAX_TRANSFER_MINUTES:
        raise ValidationError({"minutes": _("Enter a positive number of minutes.")})
    if not client_key:
        raise ValidationError({"client_key": _("A request key is required.")})
    key = f"{actor.pk}:{client_key}"[:120]
    earlier = Transfer.objects.filter(client_key=key).first()
    if earlier is not None:
        return _same_or_conflict(earlier, kind, giver, receiver, minutes)
    try:
        with transaction.atomic():
            transfer = Transfer.objects.create(
                kind=kind,
                giver=giver,
                receiver=receiver,
                minutes=minutes,
                relation=relation,
                reason=reason.strip()[:300],
                created_by=actor,
                created_at=clock.now(),
                region=region,
                client_key=key,
            )
            ledger.post(
                [
                    ledger.Movement(
                        kind=kind,
                        key=f"transfer:{transfer.pk}",
                        debit=debit,
                        credit=credit,
                        minutes=minutes,
                        memo=reason.strip()[:300],
                        region_id=region.pk if region else None,
                        transfer_id=transfer.pk,
                    )
                ],
                authorised_by=actor,
                at=clock.now(),
            )
            record(
                action=f"timebank.{kind}",
                target=transfer,
                actor=actor,
                on_behalf_of=on_behalf_of,
                after={
                    "giver": giver.pk if giver else None,
                    "receiver": receiver.pk if receiver else None,
                    "minutes": minutes,
                },
            )
    except IntegrityError as error:
        # The same key posted at the same moment by a retry: the first one won.
        if "client_key" not in str(error):
            raise
        earlier = Transfer.objects.get(client_key=key)
        return _same_or_conflict(earlier, kind, giver, receiver, minutes)
    return transfer


def _same_or_conflict(
    earlier: Transfer, kind: str, giver: Any, receiver: Any, minutes: int
) -> Transfer:
    same = (
        earlier.kind == kind
        and earlier.giver_id == (giver.pk if giver else None)
        and earlier.receiver_id == (receiver.pk if receiver else None)
        and earlier.minutes == minutes
    )
    if not same:
        raise IdempotencyConflict(
            _("This request was already made with different details; nothing was posted.")
        )
    return earlier


# --- Reversals ---------------------------------------------------------------------------------

# The advisory-lock space of reversals (a transaction id is hashed into the second key).
REVERSAL_LOCK = 0x7B_5E_01

REVERSIBLE = {
    Transaction.Kind.GRANT,
    Transaction.Kind.SERVICE_PAYMENT,
    Transaction.Kind.ACTIVITY_PAYMENT,
    Transaction.Kind.GIFT,
    Transaction.Kind.DONATION,
    Transaction.Kind.ALLOCATION,
    Transaction.Kind.STORAGE_OVERFLOW,
}


def reversed_minutes(original: Transaction) -> int:
    total = Leg.objects.filter(transaction__reverses=original, side=Leg.Side.CREDIT).aggregate(
        total=Coalesce(Sum("amount"), 0)
    )["total"]
    return int(total)


def reverse_transaction(
    *, actor: Any, original: Transaction, minutes: int | None, reason: str
) -> Transaction:
    """Post a new transaction moving ``minutes`` (all that is left by default) back.

    The original is never edited. A service payment goes back to the payer's own account
    (the hold is long closed); the other kinds go back where they came from.
    """
    access.require(actor, "timebank.reverse_transaction", original)
    if original.kind == Transaction.Kind.GRANT and original.grant is not None:
        # Only the issuer's administrators take back what the issuer granted.
        access.require(actor, "timebank.approve_grant", original.grant.issuer)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the transaction is reversed.")})
    if original.kind not in REVERSIBLE:
        raise IllegalMove(_("Holds, releases and reversals cannot be reversed."))
    with transaction.atomic():
        # Two partial reversals of one transaction queue here. An advisory lock, as ledger rows
        # are append-only and the application's role may not lock them for update.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, hashint8(%s))", [REVERSAL_LOCK, original.pk]
            )
        original = Transaction.objects.get(pk=original.pk)
        debit_leg, credit_leg = _two_legs(original)
        left = debit_leg.amount - reversed_minutes(original)
        amount = left if minutes is None else minutes
        if not isinstance(amount, int) or amount <= 0:
            raise ValidationError({"minutes": _("Enter a positive number of minutes.")})
        if amount > left:
            raise IllegalMove(
                _("Only %(left)s of this transaction are left to reverse.")
                % {"left": describe_minutes(left)}
            )
        back_to = debit_leg.account
        if back_to.kind == Account.Kind.HOLD:
            back_to = ledger.person_account(back_to.owner)
        number = original.reversals.count() + 1
        reversal = ledger.post(
            [
                ledger.Movement(
                    kind=Transaction.Kind.REVERSAL,
                    key=f"reversal:{original.pk}:{number}",
                    debit=credit_leg.account,
                    credit=back_to,
                    minutes=amount,
                    memo=reason.strip(),
                    region_id=original.region_id,
                    order_id=original.order_id,
                    reverses_id=original.pk,
                )
            ],
            authorised_by=actor,
            at=clock.now(),
        )[0]
        order = original.order
        if order is not None:
            add_event(
                order,
                OrderEvent.Kind.REVERSED,
                from_state=order.state,
                actor=actor,
                note=reason.strip(),
                data={"minutes": amount, "transaction": reversal.pk},
            )
        record(
            action="timebank.reverse_transaction",
            target=original,
            actor=actor,
            after={"reversal": reversal.pk, "minutes": amount},
            note=reason.strip(),
        )
    return reversal


def _two_legs(original: Transaction) -> tuple[Leg, Leg]:
    legs = list(original.legs.select_related("account", "account__owner"))
    debit = [leg for leg in legs if leg.side == Leg.Side.DEBIT]
    credit = [leg for leg in legs if leg.side == Leg.Side.CREDIT]
    if len(debit) != 1 or len(credit) != 1:
        raise IllegalMove(_("Only transactions with one payer and one payee can be reversed."))
    return debit[0], credit[0]
