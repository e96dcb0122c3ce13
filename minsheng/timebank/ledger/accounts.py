"""Opening accounts: one personal and one hold account per person, one issuer per region."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from minsheng.regions.models import Region
from minsheng.timebank.models import Account


def _open(**lookup: Any) -> Account:
    account = Account.objects.filter(**lookup).first()
    if account is not None:
        return account
    try:
        # A savepoint: two requests opening the same account at once must not break the caller.
        with transaction.atomic():
            return Account.objects.create(**lookup)
    except IntegrityError:
        return Account.objects.get(**lookup)


def person_account(user: Any) -> Account:
    return _open(kind=Account.Kind.PERSON, owner_id=user.pk)


def hold_account(user: Any) -> Account:
    return _open(kind=Account.Kind.HOLD, owner_id=user.pk)


def viewed_accounts(user: Any) -> tuple[Account, Account]:
    """A person's personal and hold accounts for reading. Reading writes nothing: an account
    not opened yet (it opens with its first posting) is shown as an empty, unsaved one."""
    found = {
        account.kind: account
        for account in Account.objects.filter(
            owner_id=user.pk, kind__in=[Account.Kind.PERSON, Account.Kind.HOLD]
        )
    }
    return (
        found.get(Account.Kind.PERSON) or Account(kind=Account.Kind.PERSON, owner_id=user.pk),
        found.get(Account.Kind.HOLD) or Account(kind=Account.Kind.HOLD, owner_id=user.pk),
    )


def issuance_account(region: Region) -> Account:
    """The city's or a district's issuance account (its balance is minus what it issued)."""
    if region.level not in (Region.Level.CITY, Region.Level.DISTRICT):
        raise ValueError("Only the city and districts issue coins.")
    return _open(kind=Account.Kind.ISSUANCE, region_id=region.pk)


def pool_account() -> Account:
    return _open(kind=Account.Kind.POOL)


def accounts_of(users: list[Any]) -> dict[tuple[int | None, str], Account]:
    """Personal and hold accounts of several people in one query (opening the missing ones).

    Keyed by (owner id, kind); the owner id of such an account is never None.
    """
    ids = {user.pk for user in users}
    found = {
        (account.owner_id, account.kind): account
        for account in Account.objects.filter(
            owner_id__in=ids, kind__in=[Account.Kind.PERSON, Account.Kind.HOLD]
        )
    }
    for user_id in ids:
        for kind in (Account.Kind.PERSON, Account.Kind.HOLD):
            if (user_id, kind) not in found:
                found[(user_id, kind)] = _open(kind=kind, owner_id=user_id)
    return found


def locked_accounts(
    wanted: Sequence[tuple[int | None, str]], *, pool: bool = False
) -> dict[tuple[int | None, str], Account]:
    """The accounts named by (owner id, kind), and the pool if asked, locked in one query.

    Locked in primary-key order, as postings lock, and read with their current balances: for
    business code that decides amounts from balances (caps) before posting. Keyed like
    :func:`accounts_of`, the pool by (None, "pool").
    """
    found = _lock_where(wanted, pool)
    missing = [key for key in wanted if key not in found]
    if pool and (None, Account.Kind.POOL) not in found:
        missing.append((None, Account.Kind.POOL))
    if missing:
        # An account's first use (rare): open it, then take every lock again in order.
        for owner_id, kind in missing:
            _open(kind=kind, owner_id=owner_id)
        found = _lock_where(wanted, pool)
    return found


def _lock_where(
    wanted: Sequence[tuple[int | None, str]], pool: bool
) -> dict[tuple[int | None, str], Account]:
    condition = Q(kind=Account.Kind.POOL) if pool else Q(pk__in=[])
    for owner_id, kind in wanted:
        condition |= Q(owner_id=owner_id, kind=kind)
    rows = Account.objects.filter(condition).select_for_update().order_by("pk")
    return {(account.owner_id, account.kind): account for account in rows}
