"""Opening accounts: one personal and one hold account per person, one issuer per region."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

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
