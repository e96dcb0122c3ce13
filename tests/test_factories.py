"""The test world the factories build: a valid tree, the bodies, and one person per role."""

import datetime as dt

import pytest

from minsheng.people.models import Organisation, RoleAssignment
from minsheng.regions.models import Region
from tests.factories import MEMBERS, PASSWORD, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_tree_has_the_city_its_districts_and_paths_that_nest(beijing):
    assert beijing["110000"].level == Region.Level.CITY
    assert Region.objects.districts().count() == 16
    assert beijing["110105017001"].path == "110000.110105.110105017.110105017001."


def test_a_new_region_hangs_under_chaoyang_by_default(beijing):
    region = RegionFactory()
    assert region.level == Region.Level.SUBDISTRICT and beijing["110105"].contains(region)


def test_the_cast_has_each_role_once_and_every_office(cast):
    roles = RoleAssignment.objects.values_list("user__username", "role")
    assert sorted(roles) == sorted((m.username, m.role) for m in MEMBERS if m.role)
    offices = Organisation.objects.filter(kind=Organisation.Kind.SUBDISTRICT_OFFICE)
    assert offices.count() == Region.objects.subdistricts().count()
    assert [r.relative for r in cast.elder.relationships.all()] == [cast.family]


def test_people_get_valid_distinct_id_numbers_and_log_in(beijing):
    first, second = UserFactory(), UserFactory(identity__birth=dt.date(1940, 2, 3))
    assert first.id_number_hash != second.id_number_hash
    assert second.birth_date.year == 1940 and first.check_password(PASSWORD)
