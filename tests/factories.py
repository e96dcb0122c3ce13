"""Factories for the test data: regions, organisations, people, roles and relations.

The tests' world is built here, not by the demo loaders, so that changing the demo never changes
what a test sees. ``build_beijing()`` makes the region tree, ``build_cast()`` the bodies and the
named cast (one person per role) that the fixtures in ``tests/conftest.py`` hand to every test.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from minsheng.core.identity import make_resident_id
from minsheng.people.models import Organisation, Relationship, RoleAssignment, User
from minsheng.people.organisations import COMPANIES, DEPARTMENTS
from minsheng.people.roles import Role
from minsheng.regions.models import PATH_SEPARATOR, Region

# Every member of the cast logs in with this password (the tests' own constant; it happens to be
# the demo's too, so that people reading both see the same).
PASSWORD = "minsheng-demo-2026"

# The official division list bundled with the platform: the case generator draws its places from
# the same file, so generated case files always find their sub-districts in the test tree.
DIVISIONS = Path(__file__).resolve().parents[1] / "minsheng" / "regions" / "data" / "beijing.csv"
LEVELS = {"city": 1, "district": 2, "subdistrict": 3, "community": 4}

_id_numbers = itertools.count(1)


def _level_of(code: str) -> int:
    return {6: 2, 9: 3, 12: 4}[len(code)] if code != "110000" else 1


def _path_of(region: Any) -> str:
    prefix = region.parent.path if region.parent is not None else ""
    return f"{prefix}{region.code}{PATH_SEPARATOR}"


# --- Regions and organisations -----------------------------------------------------------------


class RegionFactory(DjangoModelFactory):
    """A node of the tree; its level follows from the length of its code, its path from its parent."""

    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"110105{900 + n % 100:03d}")
    name = factory.Sequence(lambda n: f"测试街道{n}")
    name_en = factory.Sequence(lambda n: f"Test sub-district {n}")
    parent = factory.LazyFunction(lambda: Region.objects.get(code="110105"))
    level = factory.LazyAttribute(lambda region: _level_of(region.code))
    path = factory.LazyAttribute(_path_of)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"ORG-{n}")
    name = factory.Sequence(lambda n: f"测试单位{n}")
    name_en = factory.Sequence(lambda n: f"Test organisation {n}")
    kind = Organisation.Kind.MUNICIPAL_DEPARTMENT
    region = factory.LazyFunction(lambda: Region.objects.get(code="110000"))


# --- People ------------------------------------------------------------------------------------


class UserFactory(DjangoModelFactory):
    """A person with a valid (generated) resident ID number, a mobile phone and ``PASSWORD``."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person-{n}")
    name = factory.Sequence(lambda n: f"测试{n}")
    home_region = factory.LazyFunction(lambda: Region.objects.get(code="110105017001"))

    @factory.post_generation
    def identity(user: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        """``identity__birth`` and ``identity__sex`` choose the ID number's birth date and sex."""
        if user.id_number_hash:  # an existing person (get_or_create) keeps theirs
            return
        number = next(_id_numbers)
        birth, sex = kwargs.get("birth", dt.date(1980, 1, 1)), kwargs.get("sex", "F")
        user.set_id_number(make_resident_id("110105", birth, number, sex))
        user.set_phone(f"139{number:08d}")
        user.set_password(PASSWORD)
        if create:
            user.save()


class RoleFactory(DjangoModelFactory):
    class Meta:
        model = RoleAssignment
        django_get_or_create = ("user", "role", "region", "organisation")

    user = factory.SubFactory(UserFactory)
    role = Role.VOLUNTEER
    region = factory.LazyAttribute(lambda assignment: assignment.user.home_region)
    organisation = None


class RelationshipFactory(DjangoModelFactory):
    """A verified family relation (the household register was seen)."""

    class Meta:
        model = Relationship
        django_get_or_create = ("person", "relative", "kind")

    person = factory.SubFactory(UserFactory)
    relative = factory.SubFactory(UserFactory)
    kind = Relationship.Kind.CHILD
    verified_at = factory.LazyFunction(timezone.now)
    note = "户口簿"


# --- The test world ----------------------------------------------------------------------------


def build_beijing() -> dict[str, Region]:
    """The city, its 16 districts and the sub-districts and communities of the division list."""
    with DIVISIONS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    tree: dict[str, Region] = {}
    # One INSERT per level (a parent needs its key before its children are built).
    for level in sorted(LEVELS.values()):
        built = [
            RegionFactory.build(
                code=row["code"],
                name=row["name"],
                name_en=row["name_en"],
                parent=tree.get(row["parent_code"]),
            )
            for row in rows
            if LEVELS[row["level"]] == level
        ]
        tree.update((region.code, region) for region in Region.objects.bulk_create(built))
    return tree


def build_organisations(tree: dict[str, Region]) -> None:
    """The hotline centre, departments, companies, every district and sub-district office, and
    the Jinsong elderly-care station."""
    kinds, city = Organisation.Kind, tree["110000"]
    rows = [
        (
            "BJ-12345",
            "北京市12345市民服务热线",
            "Beijing 12345 Citizen Service Hotline",
            kinds.HOTLINE_CENTRE,
            city,
        ),
        *((code, name, en, kinds.MUNICIPAL_DEPARTMENT, city) for code, name, en in DEPARTMENTS),
        *((code, name, en, kinds.PUBLIC_SERVICE_COMPANY, city) for code, name, en in COMPANIES),
    ]
    for region in tree.values():
        if region.level == Region.Level.DISTRICT:
            rows.append(
                (
                    f"DG-{region.code}",
                    f"{region.name}人民政府",
                    f"{region.name_en} Government",
                    kinds.DISTRICT_OFFICE,
                    region,
                )
            )
        elif region.level == Region.Level.SUBDISTRICT:
            rows.append(
                (
                    f"SD-{region.code}",
                    f"{region.name}办事处",
                    f"{region.name_en} Office",
                    kinds.SUBDISTRICT_OFFICE,
                    region,
                )
            )
    Organisation.objects.bulk_create(
        OrganisationFactory.build(code=code, name=name, name_en=en, kind=kind, region=region)
        for code, name, en, kind, region in rows
    )
    OrganisationFactory(
        code="ST-110105017",
        name="劲松街道养老服务驿站",
        name_en="Jinsong Elderly Care Station",
        kind=kinds.SERVICE_STATION,
        region=tree["110105017"],
        parent=Organisation.objects.get(code="SD-110105017"),
    )


@dataclass(frozen=True)
class Member:
    """One person of the cast: where they live, and the role they hold (where, for whom)."""

    field: str
    username: str
    name: str
    home: str
    birth: dt.date
    sex: str
    role: str | None = None
    region: str = "110000"
    organisation: str | None = None


MEMBERS = [
    Member(
        "city_admin",
        "city-admin",
        "王建国",
        "110105017",
        dt.date(1975, 3, 12),
        "M",
        Role.CITY_ADMIN,
    ),
    Member(
        "chaoyang_admin",
        "chaoyang-admin",
        "李秀兰",
        "110105016",
        dt.date(1980, 7, 2),
        "F",
        Role.DISTRICT_ADMIN,
        "110105",
    ),
    Member(
        "station_operator",
        "jinsong-station",
        "张敏",
        "110105017001",
        dt.date(1988, 11, 20),
        "F",
        Role.STATION_OPERATOR,
        "110105017",
        "ST-110105017",
    ),
    Member(
        "volunteer",
        "volunteer",
        "刘洋",
        "110105017001",
        dt.date(1990, 5, 8),
        "M",
        Role.VOLUNTEER,
        "110105017001",
    ),
    Member(
        "elder",
        "elder",
        "赵淑珍",
        "110105017001",
        dt.date(1947, 9, 15),
        "F",
        Role.ELDER,
        "110105017001",
    ),
    Member(
        "family",
        "family",
        "赵磊",
        "110105017002",
        dt.date(1972, 1, 30),
        "M",
        Role.FAMILY_MEMBER,
        "110105017001",
    ),
    Member(
        "dispatcher",
        "dispatcher",
        "陈静",
        "110102012",
        dt.date(1992, 4, 18),
        "F",
        Role.DISPATCHER,
        "110000",
        "BJ-12345",
    ),
    Member(
        "unit_staff",
        "jinsong-office",
        "孙伟",
        "110105017",
        dt.date(1985, 6, 6),
        "M",
        Role.UNIT_STAFF,
        "110105017",
        "SD-110105017",
    ),
    Member(
        "department_staff",
        "housing-dept",
        "周强",
        "110108011",
        dt.date(1983, 2, 14),
        "M",
        Role.DEPARTMENT_STAFF,
        "110000",
        "BJ-ZJW",
    ),
    Member("leader", "leader", "吴志明", "110101001", dt.date(1968, 8, 8), "M", Role.LEADER),
    Member(
        "programme_office",
        "monthly-office",
        "郑红",
        "110102003",
        dt.date(1979, 12, 1),
        "F",
        Role.PROGRAMME_OFFICE,
    ),
    Member("outsider", "outsider", "马丽", "110106001", dt.date(1995, 10, 10), "F"),
]


def build_member(member: Member, tree: dict[str, Region]) -> User:
    user = UserFactory(
        username=member.username,
        name=member.name,
        home_region=tree[member.home],
        identity__birth=member.birth,
        identity__sex=member.sex,
    )
    if member.role:
        RoleFactory(
            user=user,
            role=member.role,
            region=tree[member.region],
            organisation=(
                Organisation.objects.get(code=member.organisation) if member.organisation else None
            ),
        )
    return user


def build_cast(tree: dict[str, Region]) -> dict[str, User]:
    """The bodies and the cast, by field name; the elder's son is a verified relative."""
    build_organisations(tree)
    people = {member.field: build_member(member, tree) for member in MEMBERS}
    RelationshipFactory(
        person=people["elder"], relative=people["family"], verified_by=people["station_operator"]
    )
    return people
