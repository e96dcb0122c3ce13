"""Every number of the scheme is a setting with Beijing's default, changed by the city, audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minsheng.audit.models import AuditEntry
from minsheng.timebank import policies
from minsheng.timebank.actions import administration

pytestmark = pytest.mark.django_db

DEFAULTS = {
    "volunteer_min_age": 18,
    "elder_min_age": 60,
    "redemption_min_age": 60,
    "sign_tolerance_minutes": 15,
    "rounding_minutes": 0,
    "auto_confirm_days": 7,
    "daily_earning_cap_minutes": 0,
    "storage_cap_minutes": 0,
    "per_service_max_minutes": 0,
    "star_1_hours": 100,
    "star_2_hours": 300,
    "star_3_hours": 600,
    "star_4_hours": 1000,
    "star_5_hours": 1500,
    "care_home_hours": 10000,
}


def test_the_defaults_are_beijings(db):
    policy = policies.current()
    for key, value in DEFAULTS.items():
        assert getattr(policy, key) == value, key


def test_the_city_administrator_changes_a_setting_and_the_audit_log_keeps_both_values(cast):
    administration.change_policy(actor=cast.city_admin, key="auto_confirm_days", value="3")
    assert policies.current().auto_confirm_days == 3
    entry = AuditEntry.objects.get(action="timebank.change_policy")
    assert entry.before == {"auto_confirm_days": 7}
    assert entry.after == {"auto_confirm_days": 3}


@pytest.mark.parametrize("who", ["chaoyang_admin", "station_operator", "volunteer"])
def test_nobody_else_changes_policies(cast, who):
    with pytest.raises(PermissionDenied):
        administration.change_policy(actor=getattr(cast, who), key="auto_confirm_days", value=3)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("auto_confirm_days", 0),
        ("auto_confirm_days", "soon"),
        ("storage_cap_mode", "burn"),
        ("nonsense", 1),
    ],
)
def test_bad_values_are_refused_in_words(cast, key, value):
    with pytest.raises(ValidationError):
        administration.change_policy(actor=cast.city_admin, key=key, value=value)


def test_star_levels_follow_the_thresholds(db):
    policy = policies.defaults()
    assert [policy.star_level(hours * 60) for hours in (0, 99, 100, 300, 1499, 1500, 20000)] == [
        0,
        0,
        1,
        2,
        4,
        5,
        5,
    ]
    assert policy.reaches_care_home(10_000 * 60)
    assert not policy.reaches_care_home(10_000 * 60 - 1)
