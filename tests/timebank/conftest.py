"""The Time Bank's test world: the cast, Jinsong's approved station, a trained volunteer, an
elder with a care need and some coins, budgets for this year.

``tb`` builds more people and moves orders through the real procedure.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import timezone, translation

from minsheng.core.identity import make_resident_id
from minsheng.people.models import Organisation, Relationship, User
from minsheng.regions.models import Region
from minsheng.timebank import clock, eligibility
from minsheng.timebank.actions import funding, orders, registration, settlement
from minsheng.timebank.catalogue import ensure_reference_data
from minsheng.timebank.models import GrantRule, ServiceCategory, ServiceItem, Station

_numbers = itertools.count(100)


@dataclass
class TimebankWorld:
    cast: Any
    station: Station
    other_station: Station
    city: Region
    chaoyang: Region
    jinsong: Region
    _operators: dict[int, User] = field(default_factory=dict)

    # People ----------------------------------------------------------------------------------

    def person(
        self, name: str = "测试", *, age: int = 40, region: str = "110105017001", login: bool = True
    ) -> User:
        number = next(_numbers)
        today = timezone.localdate()
        birth = dt.date(today.year - age, 1, 1)
        user = User(username=f"person-{number}", name=f"{name}{number}")
        user.home_region = Region.objects.get(code=region)
        user.set_id_number(make_resident_id("110105", birth, number, "F"))
        if login:
            user.set_password("pw-for-tests")
        else:
            user.set_unusable_password()
        user.save()
        return user

    def volunteer(self, name: str = "志愿者", *, age: int = 30, **kwargs: Any) -> User:
        person = self.person(name, age=age, **kwargs)
        station = self.station_for(person)
        profile = registration.register_volunteer(
            actor=self.cast.station_operator if station == self.station else self.cast.city_admin,
            person=person,
            station=station,
        )
        registration.record_training(
            actor=self.cast.city_admin,
            volunteer=profile,
            title="岗前培训",
            completed_on=timezone.localdate(),
        )
        return person

    def elder(self, name: str = "老人", *, age: int = 82, minutes: int = 0, **kwargs: Any) -> User:
        person = self.person(name, age=age, **kwargs)
        self.register_elder(person)
        if minutes:
            self.fund(person, minutes)
        return person

    def register_elder(self, person: User, **flags: bool) -> None:
        registration.register_elder(
            actor=self.cast.city_admin, person=person, station=self.station_for(person), **flags
        )
        registration.register_care_need(
            actor=self.cast.city_admin,
            person=person,
            categories=ServiceCategory.objects.all()[:2],
            description="行动不便，需要陪伴",
        )

    def operator(self, station: Station) -> User:
        """A station operator of ``station`` (the cast's for Jinsong)."""
        from minsheng.people.actions import grant_role

        if station == self.station:
            return self.cast.station_operator
        if station.pk in self._operators:
            return self._operators[station.pk]
        person = self.person("驿站员")
        self._operators[station.pk] = person
        grant_role(
            actor=self.cast.city_admin,
            user=person,
            role="station_operator",
            region=station.region,
            organisation=station.organisation,
        )
        return person

    def station_for(self, person: User) -> Station:
        return (
            self.station
            if person.home_region.path.startswith(self.jinsong.path)
            else (self.other_station)
        )

    def fund(self, person: User, minutes: int, rule: GrantRule | None = None) -> None:
        """A city grant under ``rule`` (by default the first the person meets), approved at once."""
        rule = rule or eligibility.matching_rules(person)[0]
        grant = funding.propose_grant(
            actor=self.cast.city_admin,
            recipient=person,
            rule=rule,
            issuer=self.city,
            minutes=minutes,
        )
        funding.approve_grant(actor=self.cast.city_admin, grant=grant)

    def relate(self, person: User, relative: User, kind: str) -> Relationship:
        return Relationship.objects.create(
            person=person,
            relative=relative,
            kind=kind,
            verified_by=self.cast.station_operator,
            verified_at=timezone.now(),
            note="户口簿",
        )

    # Orders ----------------------------------------------------------------------------------

    def item(self, code: str = "chat-visit") -> ServiceItem:
        return ServiceItem.objects.get(region=self.city, code=code)

    def posted(self, elder: User, *, minutes: int = 60, hours_ahead: int = 24, **kwargs: Any):
        return orders.post_order(
            actor=kwargs.pop(
                "actor", elder if elder.can_log_in else self.operator(self.station_for(elder))
            ),
            beneficiary=elder,
            item=kwargs.pop("item", self.item()),
            starts_at=kwargs.pop("starts_at", None) or self.start(hours_ahead),
            duration_minutes=minutes,
            **kwargs,
        )

    def approved(self, elder: User, **kwargs: Any):
        order = self.posted(elder, **kwargs)
        return orders.approve_order(actor=self.operator(order.station), order=order)

    def booked(self, elder: User, volunteer: User, **kwargs: Any):
        order = self.approved(elder, **kwargs)
        return orders.book_order(actor=volunteer, order=order)

    def served(self, elder: User, volunteer: User, *, served_minutes: int | None = None, **kw):
        """Booked, then signed in at the start and out ``served_minutes`` later."""
        order = self.booked(elder, volunteer, **kw)
        with clock.at(order.starts_at):
            order = orders.sign_in(actor=volunteer, order=order)
        end = order.starts_at + dt.timedelta(minutes=served_minutes or order.duration_minutes)
        with clock.at(end):
            return orders.sign_out(actor=volunteer, order=order)

    def settled(self, elder: User, volunteer: User, **kwargs: Any):
        order = self.served(elder, volunteer, **kwargs)
        with clock.at(order.signed_out_at + dt.timedelta(minutes=5)):
            actor = elder if elder.can_log_in else self.operator(order.station)
            return settlement.confirm_order(actor=actor, order=order, rating=5)

    @staticmethod
    def after(order: Any):
        """The clock a few minutes after the order's sign-out (for confirming)."""
        return clock.at(order.signed_out_at + dt.timedelta(minutes=5))

    @staticmethod
    def start(hours_ahead: int = 24) -> dt.datetime:
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        return now + dt.timedelta(hours=hours_ahead)


def build_world(cast: Any) -> TimebankWorld:
    from minsheng.timebank.actions.funding import set_budget

    ensure_reference_data()
    city = Region.objects.get(code="110000")
    chaoyang = Region.objects.get(code="110105")
    jinsong = Region.objects.get(code="110105017")
    jinsong_station, _ = Station.objects.get_or_create(
        organisation=Organisation.objects.get(code="ST-110105017"),
        defaults={
            "region": jinsong,
            "status": Station.Status.APPROVED,
            "decided_by": cast.chaoyang_admin,
            "decided_at": timezone.now(),
        },
    )
    shuangjing = Region.objects.get(code="110105016")
    organisation, _ = Organisation.objects.get_or_create(
        code="ST-110105016",
        defaults={
            "name": "双井街道养老服务驿站",
            "name_en": "Shuangjing Elderly Care Station",
            "kind": Organisation.Kind.SERVICE_STATION,
            "region": shuangjing,
        },
    )
    other, _ = Station.objects.get_or_create(
        organisation=organisation,
        defaults={
            "region": shuangjing,
            "status": Station.Status.APPROVED,
            "decided_by": cast.chaoyang_admin,
            "decided_at": timezone.now(),
        },
    )
    year = timezone.localdate().year
    for region in (city, chaoyang):
        set_budget(actor=cast.city_admin, region=region, year=year, minutes=10_000_000)
    return TimebankWorld(cast, jinsong_station, other, city, chaoyang, jinsong)


def register_cast(world: TimebankWorld) -> None:
    """The cast's volunteer (trained) and elder (with a care need and 20 hours of coins)."""
    cast = world.cast
    profile = registration.register_volunteer(
        actor=cast.station_operator, person=cast.volunteer, station=world.station
    )
    registration.record_training(
        actor=cast.station_operator,
        volunteer=profile,
        title="岗前培训",
        completed_on=timezone.localdate(),
    )
    world.register_elder(cast.elder, lives_alone=True)
    world.fund(cast.elder, 20 * 60)


@pytest.fixture(autouse=True)
def _english_messages():
    """Rule messages are matched in English here; pages are tested in Chinese, their default."""
    with translation.override("en"):
        yield


@pytest.fixture
def tb(cast) -> TimebankWorld:  # type: ignore[no-untyped-def]
    world = build_world(cast)
    register_cast(world)
    return world
