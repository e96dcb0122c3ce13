"""Shared fixtures: the Beijing region tree and the named cast of the demo.

The cast (see ``minsheng.people.demo.CAST``): a city administrator, the district administrator of
Chaoyang, the station operator of Jinsong sub-district, a volunteer, an elder and her son, a
hotline dispatcher, the staff of the Jinsong sub-district office (a handling unit), a member of
the housing commission, a municipal leader, the One-issue-per-month office, and an outsider with
no role.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest

from minsheng.people.models import User

# Playwright's synchronous API runs an event loop in the test thread; the ORM calls made by
# the tests themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config: pytest.Config) -> None:
    # The embedded server is stopped by the process that started it: start it here, in the
    # process that outlives the test workers, rather than in whichever worker connects first.
    from minsheng import dbserver

    if dbserver.is_embedded():
        dbserver.ensure_running()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def beijing(db):  # type: ignore[no-untyped-def]
    """The bundled region tree (16 districts, sub-districts, communities)."""
    from minsheng.regions import demo
    from minsheng.regions.models import Region

    demo.load()
    return {region.code: region for region in Region.objects.all()}


@dataclass
class Cast:
    city_admin: User
    chaoyang_admin: User
    station_operator: User
    volunteer: User
    elder: User
    family: User
    dispatcher: User
    unit_staff: User
    department_staff: User
    leader: User
    programme_office: User
    outsider: User

    def all(self) -> dict[str, User]:
        return dict(vars(self))


@pytest.fixture
def cast(beijing):  # type: ignore[no-untyped-def]
    from minsheng.people import demo

    demo.load()
    get = User.objects.get
    return Cast(
        city_admin=get(username="city-admin"),
        chaoyang_admin=get(username="chaoyang-admin"),
        station_operator=get(username="jinsong-station"),
        volunteer=get(username="volunteer"),
        elder=get(username="elder"),
        family=get(username="family"),
        dispatcher=get(username="dispatcher"),
        unit_staff=get(username="jinsong-office"),
        department_staff=get(username="housing-dept"),
        leader=get(username="leader"),
        programme_office=get(username="monthly-office"),
        outsider=get(username="outsider"),
    )
