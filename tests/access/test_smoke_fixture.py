import pytest

from minsheng import access
from minsheng.people.models import User


def test_the_cast_loads(cast):
    assert access.roles_of(cast.city_admin) == {"city_admin"}
    assert access.roles_of(cast.outsider) == set()


@pytest.mark.django_db(transaction=True)
def test_a_committed_test_can_use_the_cast(cast):
    assert User.objects.filter(username="elder").exists()
