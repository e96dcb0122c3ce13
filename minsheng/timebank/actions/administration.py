"""The city's and districts' settings: policies, the catalogue, grant rules."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from minsheng import access
from minsheng.audit.actions import record
from minsheng.regions.models import Region
from minsheng.timebank import clock, policies
from minsheng.timebank.actions.common import locked
from minsheng.timebank.models import GrantRule, PolicyValue, ServiceCategory, ServiceItem


def change_policy(*, actor: Any, key: str, value: Any, note: str = "") -> Any:
    """The city administrator changes one setting; the audit log keeps before and after."""
    access.require(actor, "timebank.manage_policy")
    setting = policies.BY_KEY.get(key)
    if setting is None:
        raise ValidationError({"key": _("There is no such setting.")})
    cleaned = setting.clean(value)
    before = getattr(policies.current(), key)
    with transaction.atomic():
        PolicyValue.objects.update_or_create(
            key=key, defaults={"value": cleaned, "changed_by": actor, "changed_at": clock.now()}
        )
        record(
            action="timebank.change_policy",
            target=None,
            actor=actor,
            before={key: before},
            after={key: cleaned},
            note=note.strip(),
        )
    return cleaned


def save_service_item(
    *,
    actor: Any,
    region: Region,
    category: ServiceCategory,
    code: str,
    name: str,
    name_en: str,
    description: str = "",
    typical_minutes: int = 60,
    is_active: bool = True,
) -> ServiceItem:
    """Add or change an item: the city for the base catalogue, a district for its own."""
    access.require(actor, "timebank.manage_catalogue", region)
    if region.level not in (Region.Level.CITY, Region.Level.DISTRICT):
        raise ValidationError({"region": _("Items belong to the city or to a district.")})
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the Chinese name.")
    if not name_en.strip():
        errors["name_en"] = _("Give the English name.")
    if typical_minutes <= 0:
        errors["typical_minutes"] = _("Enter a positive number of minutes.")
    if errors:
        raise ValidationError(errors)
    values = {
        "category": category,
        "name": name.strip(),
        "name_en": name_en.strip(),
        "description": description.strip(),
        "typical_minutes": typical_minutes,
        "is_active": is_active,
    }
    with transaction.atomic():
        item = ServiceItem.objects.select_for_update().filter(region=region, code=code).first()
        before = None
        if item is None:
            try:
                with transaction.atomic():
                    item = ServiceItem.objects.create(
                        region=region, code=code, created_by=actor, **values
                    )
            except IntegrityError as error:
                raise ValidationError({"code": _("This code is already used.")}) from error
        else:
            before = {key: str(getattr(item, key)) for key in values}
            for key, value in values.items():
                setattr(item, key, value)
            item.save()
        record(
            action="timebank.save_service_item",
            target=item,
            actor=actor,
            before=before,
            after={key: str(value) for key, value in values.items()},
        )
    return item


def save_grant_rule(*, actor: Any, code: str, **values: Any) -> GrantRule:
    access.require(actor, "timebank.manage_grant_rules")
    allowed = {
        "name",
        "name_en",
        "min_age",
        "requires_lives_alone",
        "requires_disability",
        "requires_low_income",
        "default_minutes",
        "is_active",
    }
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError({"code": _("Unknown fields.")})
    if values.get("default_minutes", 1) <= 0:
        raise ValidationError({"default_minutes": _("Enter a positive number of minutes.")})
    with transaction.atomic():
        rule = GrantRule.objects.filter(code=code).first()
        before = None
        if rule is None:
            rule = GrantRule.objects.create(code=code, **values)
        else:
            rule = locked(rule)
            before = {key: getattr(rule, key) for key in values}
            for key, value in values.items():
                setattr(rule, key, value)
            rule.save()
        record(
            action="timebank.save_grant_rule", target=rule, actor=actor, before=before, after=values
        )
    return rule
