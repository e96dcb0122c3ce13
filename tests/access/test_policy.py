"""Every role against an object inside and one outside its scope."""

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils import translation

from minsheng import access
from minsheng.audit.actions import record
from minsheng.people import actions
from minsheng.people.models import Organisation, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbours(cast, beijing):
    """People living in other places: Shuangjing (Chaoyang) and Xinjiekou (Xicheng)."""
    shuangjing = actions.register_person(
        actor=None, username="shuangjing-resident", name="钱多", home_region=beijing["110105016"]
    )
    xicheng = actions.register_person(
        actor=None, username="xicheng-resident", name="孙莉", home_region=beijing["110102003"]
    )
    return shuangjing, xicheng


# role -> (sees the elder of Jinsong?, sees the Shuangjing resident?, sees the Xicheng resident?)
VIEW_PEOPLE = {
    "city_admin": (True, True, True),
    "chaoyang_admin": (True, True, False),
    "station_operator": (True, False, False),
    "volunteer": (False, False, False),
    "elder": (True, False, False),
    "family": (True, False, False),
    "dispatcher": (False, False, False),
    "unit_staff": (False, False, False),
    "department_staff": (False, False, False),
    "leader": (False, False, False),
    "programme_office": (False, False, False),
    "outsider": (False, False, False),
}


@pytest.mark.parametrize(("member", "expected"), VIEW_PEOPLE.items())
def test_who_sees_which_person(cast, neighbours, member, expected):
    user = getattr(cast, member)
    shuangjing, xicheng = neighbours
    seen = tuple(access.can(user, "people.view_user", p) for p in (cast.elder, shuangjing, xicheng))
    assert seen == expected
    listed = set(access.scope(user, "people.view_user", User.objects.all()))
    assert (cast.elder in listed, shuangjing in listed, xicheng in listed) == expected


def test_residents_see_themselves(cast):
    for member in ("volunteer", "elder", "family"):
        user = getattr(cast, member)
        assert access.can(user, "people.view_user", user)


@pytest.mark.parametrize(
    ("member", "own_code", "other_code"),
    [
        ("unit_staff", "SD-110105017", "SD-110105016"),
        ("department_staff", "BJ-ZJW", "BJ-CGW"),
        ("chaoyang_admin", "SD-110105016", "SD-110102003"),
        ("station_operator", "SD-110105017", "SD-110105016"),
    ],
)
def test_organisation_scopes(cast, member, own_code, other_code):
    user = getattr(cast, member)
    own = Organisation.objects.get(code=own_code)
    other = Organisation.objects.get(code=other_code)
    assert access.can(user, "people.view_organisation", own)
    assert not access.can(user, "people.view_organisation", other)


def test_the_audit_log_is_scoped_by_region(cast, neighbours):
    shuangjing, xicheng = neighbours
    near = record(action="test.near", target=cast.elder, actor=cast.city_admin)
    far = record(action="test.far", target=xicheng, actor=cast.city_admin)
    assert access.can(cast.station_operator, "audit.view_auditentry", near)
    assert not access.can(cast.station_operator, "audit.view_auditentry", far)
    assert access.can(cast.city_admin, "audit.view_auditentry", far)
    assert not access.can(cast.volunteer, "audit.view_auditentry", near)


def test_require_raises_permission_denied_in_words(cast):
    with translation.override("en"), pytest.raises(PermissionDenied, match="permission"):
        access.require(cast.outsider, "people.add_user")
    with pytest.raises(PermissionDenied, match="权限"):
        access.require(cast.outsider, "people.add_user")


def test_an_unknown_action_is_a_programming_error(cast):
    with pytest.raises(ImproperlyConfigured):
        access.can(cast.city_admin, "people.fly")


def test_anonymous_and_inactive_users_may_do_nothing(cast):
    from django.contrib.auth.models import AnonymousUser

    assert not access.can(AnonymousUser(), "people.view_user")
    cast.city_admin.is_active = False
    assert not access.can(cast.city_admin, "people.view_user", cast.elder)


def test_a_region_can_be_the_object_of_a_check(cast, beijing):
    assert access.can(cast.chaoyang_admin, "people.add_user", beijing["110105017001"])
    assert not access.can(cast.chaoyang_admin, "people.add_user", beijing["110102003"])


def test_region_paths_lists_the_subtrees(cast):
    assert access.policy.region_paths(cast.city_admin, "people.view_user") is None
    assert access.policy.region_paths(cast.chaoyang_admin, "people.view_user") == ["110000.110105."]
    assert access.policy.region_paths(cast.outsider, "people.view_user") == []


def test_family_scope_needs_a_verified_relation(cast, beijing):
    stranger = actions.register_person(
        actor=None, username="other-elder", name="周奶奶", home_region=beijing["110105017001"]
    )
    actions.record_relationship(
        actor=cast.station_operator, person=stranger, relative=cast.family, kind="child"
    )
    access.policy.forget(cast.family)
    assert not access.can(cast.family, "people.view_user", stranger)
