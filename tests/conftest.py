"""Shared fixtures: the Beijing region tree and a named cast, built by ``tests/factories.py``.

The cast: a city administrator, the district administrator of
Chaoyang, the station operator of Jinsong sub-district, a volunteer, an elder and her son, a
hotline dispatcher, the staff of the Jinsong sub-district office (a handling unit), a member of
the housing commission, a municipal leader, the One-issue-per-month office, and an outsider with
no role.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from minsheng.people.models import User
from tests.photos import media  # noqa: F401  (fixture: uploads kept in a temporary folder)

# Property tests are judged on what they find, not on time: a busy machine must not fail them
# (speed is measured by the benchmarks).
hypothesis_settings.register_profile(
    "minsheng", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("minsheng")

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
def var(settings, tmp_path):  # type: ignore[no-untyped-def]
    """The data folder (``VAR_DIR``) of one test: uploads, runs and exports written there."""
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.fixture
def beijing(db):  # type: ignore[no-untyped-def]
    """The region tree of the division list (16 districts, sub-districts, communities)."""
    from tests.factories import build_beijing

    return build_beijing()


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
    from tests.factories import build_cast

    return Cast(**build_cast(beijing))


@pytest.fixture
def served_world(cast):  # type: ignore[no-untyped-def]
    """The cast with the Time Bank's stations, volunteer and elder, and two hotline cases: a
    world whose pages and API have something to show (the fuzzer's, the odd-queries walk)."""
    from minsheng.cases.taxonomy import load_default
    from minsheng.hotline import actions
    from minsheng.hotline.models import Category
    from minsheng.regions.models import Region
    from tests.timebank.conftest import build_world, register_cast

    load_default(Category)  # loaded by a migration, gone after an earlier committed test
    world = build_world(cast)
    register_cast(world)
    world.approved(cast.elder)
    jinsong = Region.objects.get(code="110105017")
    for content in ("劲松三区5号楼电梯坏了三天。", "小区门口垃圾没人清运。"):
        actions.receive_case(
            actor=cast.dispatcher, content=content, kind="complaint", subdistrict=jinsong
        )
    return world


# Tests that need a generated year of cases or a finished selection run take many seconds each:
# they are slow (left out of `make check`) whichever file they are in.
SLOW_FIXTURES = {
    "generated_year",
    "generated_window",
    "small_year",
    "finished_run",
    "dask_clusters",
}
# And tests measured slow in a run of the suite (written by scripts/list_slow_tests.py).
SLOW_LIST = Path(__file__).with_name("slow_tests.txt")


def _measured_slow() -> frozenset[str]:
    lines = SLOW_LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    measured = _measured_slow()
    for item in items:
        function = item.nodeid.split("[")[0]
        if function in measured or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request or a command of an earlier test in
    the same worker may have left another one active in the thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """API throttling counts requests in the cache: each test starts with none counted."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def dask_clusters():
    """Local Dask clusters of 1 and 2 worker processes, reached by address like a remote one."""
    from distributed import LocalCluster

    # The scheduler runs in this process and logs at INFO as clients leave, through a handler
    # that may still hold a test's captured (and by then closed) stream.
    logging.getLogger("distributed").setLevel(logging.WARNING)
    started = {
        workers: LocalCluster(
            n_workers=workers, threads_per_worker=1, dashboard_address=":0", silence_logs=40
        )
        for workers in (1, 2)
    }
    yield {workers: cluster.scheduler_address for workers, cluster in started.items()}
    for cluster in started.values():
        cluster.close()
