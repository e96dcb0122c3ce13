"""What the hotline's administrators change: dispatch rules and Open311 partner keys."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from minsheng import access
from minsheng.audit.actions import record
from minsheng.core import crypto
from minsheng.hotline.actions.cases import _require_handling_unit
from minsheng.hotline.models import Category, DispatchRule, PartnerKey
from minsheng.people.models import Organisation, User
from minsheng.regions.models import Region

PARTNER_KEY_PURPOSE = "open311-api-key"


def save_dispatch_rule(
    *,
    actor: User,
    category: Category | None,
    region: Region | None,
    target: str,
    unit: Organisation | None = None,
    cooperating: Iterable[Organisation] = (),
    note: str = "",
) -> DispatchRule:
    """Create the active rule for a (category, region) cell, replacing the one there was."""
    access.require(actor, "hotline.add_dispatchrule", region) if region else access.require(
        actor, "hotline.add_dispatchrule", Region.objects.get(level=Region.Level.CITY)
    )
    if target == DispatchRule.Target.UNIT:
        if unit is None:
            raise ValidationError({"unit": _("Choose the unit.")})
        _require_handling_unit(unit)
    else:
        unit = None
    with transaction.atomic():
        old = (
            DispatchRule.objects.select_for_update(of=("self",))
            .filter(category=category, region=region, is_active=True)
            .first()
        )
        if old is not None:
            old.is_active = False
            old.save(update_fields=["is_active"])
        rule = DispatchRule.objects.create(
            category=category, region=region, target=target, unit=unit, note=note.strip()
        )
        rule.cooperating_units.set(list(cooperating))
        record(
            action="hotline.save_dispatch_rule",
            target=rule,
            actor=actor,
            before={"rule": old.pk} if old else None,
            after={
                "category": category.code if category else None,
                "region": region.code if region else None,
                "target": target,
                "unit": unit.code if unit else None,
            },
        )
    return rule


def deactivate_dispatch_rule(*, actor: User, rule: DispatchRule) -> DispatchRule:
    access.require(actor, "hotline.change_dispatchrule", rule)
    with transaction.atomic():
        rule.is_active = False
        rule.save(update_fields=["is_active"])
        record(action="hotline.deactivate_dispatch_rule", target=rule, actor=actor)
    return rule


def issue_partner_key(*, actor: User, name: str) -> tuple[PartnerKey, str]:
    """A new Open311 api_key for a partner; the clear key is shown once and never stored."""
    access.require(actor, "hotline.add_partnerkey")
    if not name.strip():
        raise ValidationError({"name": _("Name the partner system.")})
    key = secrets.token_urlsafe(24)
    with transaction.atomic():
        partner = PartnerKey.objects.create(
            name=name.strip(),
            key_hash=crypto.keyed_hash(key, PARTNER_KEY_PURPOSE),
            key_prefix=key[:6],
            created_by=actor,
        )
        record(action="hotline.issue_partner_key", target=partner, actor=actor)
    return partner, key


def partner_for_key(key: str) -> PartnerKey | None:
    if not key:
        return None
    return PartnerKey.objects.filter(
        key_hash=crypto.keyed_hash(key, PARTNER_KEY_PURPOSE), is_active=True
    ).first()
