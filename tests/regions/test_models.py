import pytest
from django.db import IntegrityError, transaction

from minsheng.regions.models import Region

pytestmark = pytest.mark.django_db


def test_within_finds_a_subtree_by_prefix(beijing):
    chaoyang = beijing["110105"]
    codes = set(Region.objects.within(chaoyang).values_list("code", flat=True))
    assert "110105017001" in codes
    assert "110101001" not in codes
    assert all(code.startswith("110105") for code in codes)


def test_ancestor_at_finds_the_district_of_a_community(beijing):
    assert beijing["110105017001"].ancestor_at(Region.Level.DISTRICT).code == "110105"


def test_the_bundled_tree_has_sixteen_districts_with_two_sub_districts_each(beijing):
    districts = Region.objects.districts()
    assert districts.count() == 16
    for district in districts:
        assert Region.objects.within(district).subdistricts().count() >= 2


def test_the_database_refuses_a_district_without_parent(beijing):
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(code="110120", name="假区", level=2, path="x.")


def test_region_names_follow_the_language(beijing):
    from django.utils import translation

    with translation.override("en"):
        assert str(beijing["110105"]) == "Chaoyang District"
    with translation.override("zh-hans"):
        assert str(beijing["110105"]) == "朝阳区"
