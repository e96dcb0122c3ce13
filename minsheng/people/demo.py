"""Demo organisations and one account per role (the same cast the tests use)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from minsheng.core.identity import make_resident_id
from minsheng.people.models import Organisation, Relationship, RoleAssignment, User
from minsheng.people.organisations import COMPANIES, DEPARTMENTS
from minsheng.people.roles import Role
from minsheng.regions.models import Region

DEMO_PASSWORD = "minsheng-demo-2026"


@dataclass(frozen=True)
class CastMember:
    username: str
    name: str
    role: str | None
    region_code: str
    organisation_code: str | None
    home_code: str
    birth: dt.date
    sex: str
    description: str


CAST = [
    CastMember(
        "city-admin",
        "王建国",
        Role.CITY_ADMIN,
        "110000",
        None,
        "110105017",
        dt.date(1975, 3, 12),
        "M",
        "City administrator",
    ),
    CastMember(
        "chaoyang-admin",
        "李秀兰",
        Role.DISTRICT_ADMIN,
        "110105",
        None,
        "110105016",
        dt.date(1980, 7, 2),
        "F",
        "District administrator of Chaoyang",
    ),
    CastMember(
        "jinsong-station",
        "张敏",
        Role.STATION_OPERATOR,
        "110105017",
        "ST-110105017",
        "110105017001",
        dt.date(1988, 11, 20),
        "F",
        "Station operator, Jinsong sub-district",
    ),
    CastMember(
        "volunteer",
        "刘洋",
        Role.VOLUNTEER,
        "110105017001",
        None,
        "110105017001",
        dt.date(1990, 5, 8),
        "M",
        "Volunteer, Jinsong North community",
    ),
    CastMember(
        "elder",
        "赵淑珍",
        Role.ELDER,
        "110105017001",
        None,
        "110105017001",
        dt.date(1947, 9, 15),
        "F",
        "Elder, 79, Jinsong North community",
    ),
    CastMember(
        "family",
        "赵磊",
        Role.FAMILY_MEMBER,
        "110105017001",
        None,
        "110105017002",
        dt.date(1972, 1, 30),
        "M",
        "Son of the elder",
    ),
    CastMember(
        "dispatcher",
        "陈静",
        Role.DISPATCHER,
        "110000",
        "BJ-12345",
        "110102012",
        dt.date(1992, 4, 18),
        "F",
        "12345 hotline dispatcher",
    ),
    CastMember(
        "jinsong-office",
        "孙伟",
        Role.UNIT_STAFF,
        "110105017",
        "SD-110105017",
        "110105017",
        dt.date(1985, 6, 6),
        "M",
        "Handling-unit staff, Jinsong sub-district office",
    ),
    CastMember(
        "housing-dept",
        "周强",
        Role.DEPARTMENT_STAFF,
        "110000",
        "BJ-ZJW",
        "110108011",
        dt.date(1983, 2, 14),
        "M",
        "Staff of the housing commission",
    ),
    CastMember(
        "leader",
        "吴志明",
        Role.LEADER,
        "110000",
        None,
        "110101001",
        dt.date(1968, 8, 8),
        "M",
        "Municipal leader",
    ),
    CastMember(
        "monthly-office",
        "郑红",
        Role.PROGRAMME_OFFICE,
        "110000",
        None,
        "110102003",
        dt.date(1979, 12, 1),
        "F",
        "One-issue-per-month office",
    ),
    CastMember(
        "outsider",
        "马丽",
        None,
        "110000",
        None,
        "110106001",
        dt.date(1995, 10, 10),
        "F",
        "Registered, no role",
    ),
]


@transaction.atomic
def load() -> None:
    _load_organisations()
    for number, member in enumerate(CAST, start=1):
        _load_member(number, member)
    _relate_elder_and_son()


def _load_organisations() -> None:
    city = Region.objects.get(code="110000")
    Organisation.objects.get_or_create(
        code="BJ-12345",
        defaults={
            "name": "北京市12345市民服务热线",
            "name_en": "Beijing 12345 Citizen Service Hotline",
            "kind": Organisation.Kind.HOTLINE_CENTRE,
            "region": city,
        },
    )
    for kind, rows in (
        (Organisation.Kind.MUNICIPAL_DEPARTMENT, DEPARTMENTS),
        (Organisation.Kind.PUBLIC_SERVICE_COMPANY, COMPANIES),
    ):
        for code, name, name_en in rows:
            Organisation.objects.get_or_create(
                code=code, defaults={"name": name, "name_en": name_en, "kind": kind, "region": city}
            )
    for district in Region.objects.districts():
        Organisation.objects.get_or_create(
            code=f"DG-{district.code}",
            defaults={
                "name": f"{district.name}人民政府",
                "name_en": f"{district.name_en} Government",
                "kind": Organisation.Kind.DISTRICT_OFFICE,
                "region": district,
            },
        )
    for subdistrict in Region.objects.subdistricts():
        office, _ = Organisation.objects.get_or_create(
            code=f"SD-{subdistrict.code}",
            defaults={
                "name": f"{subdistrict.name}办事处",
                "name_en": f"{subdistrict.name_en} Office",
                "kind": Organisation.Kind.SUBDISTRICT_OFFICE,
                "region": subdistrict,
            },
        )
    jinsong = Region.objects.get(code="110105017")
    Organisation.objects.get_or_create(
        code="ST-110105017",
        defaults={
            "name": "劲松街道养老服务驿站",
            "name_en": "Jinsong Elderly Care Station",
            "kind": Organisation.Kind.SERVICE_STATION,
            "region": jinsong,
            "parent": Organisation.objects.get(code="SD-110105017"),
        },
    )


def _load_member(number: int, member: CastMember) -> User:
    user = User.objects.filter(username=member.username).first()
    if user is None:
        user = User(username=member.username, name=member.name)
        user.home_region = Region.objects.get(code=member.home_code)
        user.set_id_number(make_resident_id("110105", member.birth, number, member.sex))
        user.set_phone(f"139{number:08d}")
        user.set_password(DEMO_PASSWORD)
        user.save()
    if member.role:
        RoleAssignment.objects.get_or_create(
            user=user,
            role=member.role,
            region=Region.objects.get(code=member.region_code),
            organisation=(
                Organisation.objects.get(code=member.organisation_code)
                if member.organisation_code
                else None
            ),
        )
    return user


def _relate_elder_and_son() -> None:
    from django.utils import timezone

    elder = User.objects.get(username="elder")
    son = User.objects.get(username="family")
    Relationship.objects.get_or_create(
        person=elder,
        relative=son,
        kind=Relationship.Kind.CHILD,
        defaults={
            "verified_by": User.objects.get(username="jinsong-station"),
            "verified_at": timezone.now(),
            "note": "户口簿",
        },
    )


def logins() -> list[tuple[str, str, str]]:
    """(login name, password, who) for the README and the demo banner."""
    return [(m.username, DEMO_PASSWORD, m.description) for m in CAST]
