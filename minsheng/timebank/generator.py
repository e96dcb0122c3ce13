"""District-sized data sets for benchmarks and dashboards (``minsheng generate-timebank``).

People, registrations and orders are written in bulk; every coin moves through the ledger's own
``post()`` (grants, holds, payments, releases), in chunks of one database transaction each, so
the data set passes ``minsheng check-ledger`` like any other. Orders are settled services spread
over the past year; the generated orders carry their events but no audit entries.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from minsheng.core import crypto
from minsheng.core.identity import make_resident_id
from minsheng.people.models import ID_HASH_PURPOSE, Organisation, RoleAssignment, User
from minsheng.people.roles import Role
from minsheng.regions.models import Region
from minsheng.timebank import ledger, reporting
from minsheng.timebank.catalogue import ensure_reference_data
from minsheng.timebank.models import (
    Account,
    CareNeed,
    ElderProfile,
    Grant,
    GrantBudget,
    GrantRule,
    Milestone,
    OrderEvent,
    OrderState,
    ServiceCategory,
    ServiceItem,
    ServiceOrder,
    Station,
    TrainingRecord,
    VolunteerProfile,
)
from minsheng.timebank.policies import current as current_policy

DURATIONS = (30, 60, 60, 90, 120, 120, 180)
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏"
)
GIVEN = "秀英桂兰玉珍建国志强德明文华淑芬丽华春生浩然子涵欣怡宇轩梓萱一诺思远佳琪晨阳雨桐俊杰博文"
ORDER_CHUNK = 1500  # orders per database transaction (three postings each, within PG's limits)
PEOPLE_CHUNK = 2000

Bar = Callable[..., AbstractContextManager[Any]]

# Personal and hold accounts by (owner id, kind).
Accounts = dict[tuple[int | None, str], Account]


@dataclass(frozen=True)
class Plan:
    volunteers: int
    elders: int
    orders: int
    seed: int = 1
    district: str = "110105"
    days: int = 365
    extra_minutes: int = 600  # granted to each elder beyond what their services cost


class Generator:
    def __init__(self, plan: Plan, bar: Bar) -> None:
        self.plan = plan
        self.bar = bar
        self.rng = random.Random(plan.seed)
        self.now = timezone.now().replace(second=0, microsecond=0)
        self.start = self.now - dt.timedelta(days=plan.days)
        self.prefix = f"gen{plan.seed}"
        self.district = Region.objects.get(code=plan.district)
        self.taken_ids = set(
            User.objects.exclude(id_number_hash=None).values_list("id_number_hash", flat=True)
        )

    # --- Stations and people ----------------------------------------------------------------------

    def stations(self) -> dict[int, Station]:
        """One approved station per sub-district of the district (created when missing)."""
        admin = self.admin
        result = {}
        for region in Region.objects.subdistricts().within(self.district):
            organisation, _ = Organisation.objects.get_or_create(
                code=f"ST-{region.code}",
                defaults={
                    "name": f"{region.name}养老服务驿站",
                    "name_en": f"{region.name_en} Elderly Care Station",
                    "kind": Organisation.Kind.SERVICE_STATION,
                    "region": region,
                },
            )
            station, _ = Station.objects.get_or_create(
                organisation=organisation,
                defaults={
                    "region": region,
                    "status": Station.Status.APPROVED,
                    "decided_by": admin,
                    "decided_at": self.start,
                },
            )
            result[region.pk] = station
        return result

    @property
    def admin(self) -> User:
        found = getattr(self, "_admin", None)
        if found is None:
            found, _ = User.objects.get_or_create(
                username=f"{self.prefix}-admin", defaults={"name": "数据生成"}
            )
            self._admin = found
        return found

    def homes(self) -> list[Region]:
        subdistricts = list(Region.objects.subdistricts().within(self.district))
        communities = list(
            Region.objects.filter(level=Region.Level.COMMUNITY).within(self.district)
        )
        return subdistricts + communities

    def people(self, kind: str, count: int, ages: tuple[int, int]) -> list[User]:
        homes = self.homes()
        created: list[User] = []
        with self.bar(total=count, description=f"people ({kind})", unit="people") as bar:
            for offset in range(0, count, PEOPLE_CHUNK):
                batch = [
                    self.person(kind, number, ages, self.rng.choice(homes))
                    for number in range(offset, min(count, offset + PEOPLE_CHUNK))
                ]
                created += User.objects.bulk_create(batch)
                bar.update(len(batch))
        return created

    def person(self, kind: str, number: int, ages: tuple[int, int], home: Region) -> User:
        user = User(
            username=f"{self.prefix}-{kind}{number:06d}",
            name=self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, 2)),
            home_region=home,
            date_joined=self.start,
        )
        sex = self.rng.choice("MF")
        for attempt in range(1000):
            age_days = self.rng.randint(ages[0] * 365 + 10, ages[1] * 365 - 10)
            birth = (self.now - dt.timedelta(days=age_days)).date()
            number_text = make_resident_id(self.district.code, birth, number + attempt, sex)
            digest = crypto.keyed_hash(number_text, ID_HASH_PURPOSE)
            if digest not in self.taken_ids:
                self.taken_ids.add(digest)
                break
        user.set_id_number(number_text)
        user.set_unusable_password()
        return user

    def register(
        self, volunteers: list[User], elders: list[User], stations: dict[int, Station]
    ) -> None:
        def station_of(person: User) -> Station:
            return _station_of(person, stations)

        categories = list(ServiceCategory.objects.all())
        admin = self.admin
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=p, role=Role.VOLUNTEER, region=p.home_region) for p in volunteers]
            + [RoleAssignment(user=p, role=Role.ELDER, region=p.home_region) for p in elders],
            batch_size=PEOPLE_CHUNK,
        )
        profiles = VolunteerProfile.objects.bulk_create(
            [
                VolunteerProfile(
                    person=p,
                    station=station_of(p),
                    status=VolunteerProfile.Status.ACTIVE,
                    registered_by=admin,
                    registered_at=self.start,
                )
                for p in volunteers
            ],
            batch_size=PEOPLE_CHUNK,
        )
        TrainingRecord.objects.bulk_create(
            [
                TrainingRecord(
                    volunteer=v,
                    title="岗前培训",
                    completed_on=self.start.date(),
                    hours=4,
                    recorded_by=admin,
                )
                for v in profiles
            ],
            batch_size=PEOPLE_CHUNK,
        )
        ElderProfile.objects.bulk_create(
            [
                ElderProfile(
                    person=p,
                    station=station_of(p),
                    lives_alone=True,
                    registered_by=admin,
                    registered_at=self.start,
                )
                for p in elders
            ],
            batch_size=PEOPLE_CHUNK,
        )
        needs = CareNeed.objects.bulk_create(
            [
                CareNeed(
                    person=p, description="生成数据", registered_by=admin, registered_at=self.start
                )
                for p in elders
            ],
            batch_size=PEOPLE_CHUNK,
        )
        through = CareNeed.categories.through
        through.objects.bulk_create(
            [
                through(careneed_id=n.pk, servicecategory_id=self.rng.choice(categories).pk)
                for n in needs
            ],
            batch_size=PEOPLE_CHUNK,
        )
        Account.objects.bulk_create(
            [
                Account(kind=kind, owner=p)
                for p in volunteers + elders
                for kind in (Account.Kind.PERSON, Account.Kind.HOLD)
            ],
            batch_size=PEOPLE_CHUNK,
        )

    # --- Orders and money ---------------------------------------------------------------------------

    def schedule(
        self, volunteers: list[User], elders: list[User], count: int | None = None
    ) -> list[dict[str, Any]]:
        items = list(
            ServiceItem.objects.available_in(self.district).values_list("pk", "category_id")
        )
        span = int((self.now - dt.timedelta(days=2) - self.start).total_seconds() // 60)
        orders: list[dict[str, Any]] = []
        for _ in range(self.plan.orders if count is None else count):
            elder = self.rng.choice(elders)
            volunteer = self.rng.choice(volunteers)
            minutes = self.rng.choice(DURATIONS)
            signed = max(5, minutes + self.rng.choice((-15, -5, 0, 0, 0, 5)))
            start = self.start + dt.timedelta(minutes=self.rng.randint(0, span))
            item, category = self.rng.choice(items)
            orders.append(
                {
                    "elder": elder,
                    "volunteer": volunteer,
                    "minutes": minutes,
                    "credited": min(signed, minutes),
                    "signed": signed,
                    "start": start,
                    "item": item,
                    "category": category,
                }
            )
        orders.sort(key=lambda o: o["start"])
        return orders

    def grants(self, elders: list[User], needs: dict[int, int]) -> None:
        """Each elder is granted (by the district) what their services will cost, and more."""
        rule = GrantRule.objects.get(code="alone-60")
        issuer = ledger.issuance_account(self.district)
        admin = self.admin
        extra = self.plan.extra_minutes
        total = sum(needs.get(e.pk, 0) + extra for e in elders)
        for year in range(self.start.year, self.now.year + 1):
            budget, _ = GrantBudget.objects.get_or_create(
                region=self.district, year=year, defaults={"minutes": 0, "set_by": admin}
            )
            GrantBudget.objects.filter(pk=budget.pk).update(minutes=budget.minutes + total)
        accounts = self.accounts(elders)
        with self.bar(total=len(elders), description="grants", unit="grants") as bar:
            for offset in range(0, len(elders), ORDER_CHUNK):
                batch = elders[offset : offset + ORDER_CHUNK]
                with transaction.atomic():
                    grants = Grant.objects.bulk_create(
                        [
                            Grant(
                                issuer=self.district,
                                recipient=e,
                                rule=rule,
                                minutes=needs.get(e.pk, 0) + extra,
                                reason="生成数据",
                                state=Grant.State.APPROVED,
                                proposed_by=admin,
                                proposed_at=self.start,
                                decided_by=admin,
                                decided_at=self.start,
                            )
                            for e in batch
                        ]
                    )
                    ledger.post(
                        [
                            ledger.Movement(
                                kind="grant",
                                key=f"grant:{g.pk}",
                                debit=issuer,
                                credit=accounts[(g.recipient_id, "person")],
                                minutes=g.minutes,
                                region_id=g.recipient.home_region_id,
                                grant_id=g.pk,
                                at=self.start,
                            )
                            for g in grants
                        ],
                        authorised_by=admin,
                    )
                bar.update(len(batch))

    def accounts(self, people: list[User]) -> Accounts:
        ids = [p.pk for p in people]
        found: Accounts = {}
        for offset in range(0, len(ids), 10_000):
            for account in Account.objects.filter(owner_id__in=ids[offset : offset + 10_000]):
                found[(account.owner_id, account.kind)] = account
        return found

    def orders(
        self, schedule: list[dict[str, Any]], stations: dict[int, Station], accounts: Accounts
    ) -> None:
        admin = self.admin
        with self.bar(total=len(schedule), description="orders", unit="orders") as bar:
            for offset in range(0, len(schedule), ORDER_CHUNK):
                batch = schedule[offset : offset + ORDER_CHUNK]
                with transaction.atomic():
                    created = ServiceOrder.objects.bulk_create(
                        [self.order(o, stations) for o in batch]
                    )
                    OrderEvent.objects.bulk_create(
                        [e for order in created for e in self.events(order)]
                    )
                    ledger.post(
                        [m for order in created for m in self.movements(order, accounts)],
                        authorised_by=admin,
                    )
                bar.update(len(batch))

    def order(self, o: dict[str, Any], stations: dict[int, Station]) -> ServiceOrder:
        elder: User = o["elder"]
        region = elder.home_region
        station = _station_of(elder, stations)
        start = o["start"]
        posted = start - dt.timedelta(hours=self.rng.randint(20, 96))
        signed_out = start + dt.timedelta(minutes=o["signed"])
        return ServiceOrder(
            beneficiary=elder,
            payer=elder,
            volunteer=o["volunteer"],
            posted_by=elder,
            station=station,
            region=region,
            item_id=o["item"],
            category_id=o["category"],
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=o["minutes"]),
            duration_minutes=o["minutes"],
            state=OrderState.SETTLED,
            held_minutes=0,
            signed_in_at=start,
            signed_out_at=signed_out,
            signed_minutes=o["signed"],
            credited_minutes=o["credited"],
            rating=self.rng.choice((5, 5, 4, 4, 3)),
            created_at=posted,
            booked_at=posted + dt.timedelta(hours=3),
            closed_at=signed_out + dt.timedelta(hours=5),
        )

    def events(self, order: ServiceOrder) -> list[OrderEvent]:
        S = OrderState
        steps = [
            ("posted", "", S.POSTED, order.created_at, order.beneficiary_id),
            ("approved", S.POSTED, S.APPROVED, order.created_at + dt.timedelta(hours=1), None),
            ("booked", S.APPROVED, S.BOOKED, order.booked_at, order.volunteer_id),
            ("signed_in", S.BOOKED, S.SIGNED_IN, order.signed_in_at, order.volunteer_id),
            ("signed_out", S.SIGNED_IN, S.SIGNED_OUT, order.signed_out_at, order.volunteer_id),
            ("confirmed", S.SIGNED_OUT, S.SIGNED_OUT, order.closed_at, order.beneficiary_id),
            ("settled", S.SIGNED_OUT, S.SETTLED, order.closed_at, order.beneficiary_id),
        ]
        return [
            OrderEvent(
                order=order,
                kind=kind,
                from_state=before,
                to_state=after,
                at=at,
                actor_id=actor,
                channel="import",
            )
            for kind, before, after, at, actor in steps
            if at is not None
        ]

    def movements(self, order: ServiceOrder, accounts: Accounts) -> Iterator[ledger.Movement]:
        payer = accounts[(order.payer_id, "person")]
        hold = accounts[(order.payer_id, "hold")]
        earner = accounts[(order.volunteer_id, "person")]
        for_order = partial(ledger.Movement, region_id=order.region_id, order_id=order.pk)
        key = f"order:{order.pk}"
        credited = order.credited_minutes or 0
        yield for_order(
            kind="hold",
            key=f"{key}:hold:1",
            debit=payer,
            credit=hold,
            minutes=order.duration_minutes,
            at=order.booked_at,
        )
        yield for_order(
            kind="service_payment",
            key=f"{key}:payment",
            debit=hold,
            credit=earner,
            minutes=credited,
            at=order.closed_at,
        )
        rest = order.duration_minutes - credited
        if rest:
            yield for_order(
                kind="release",
                key=f"{key}:release:final",
                debit=hold,
                credit=payer,
                minutes=rest,
                at=order.closed_at,
            )

    def signed_out_orders(self, count: int) -> list[ServiceOrder]:
        """Orders served yesterday and waiting for confirmation, their coins on hold."""
        people = User.objects.filter(username__startswith=f"{self.prefix}-")
        volunteers = list(people.filter(volunteer_profile__isnull=False))
        elders = list(people.filter(elder_profile__isnull=False).select_related("home_region"))
        stations = self.stations()
        accounts = self.accounts(volunteers + elders)
        schedule = self.schedule(volunteers, elders, count)
        made: list[ServiceOrder] = []
        for offset in range(0, len(schedule), ORDER_CHUNK):
            batch = schedule[offset : offset + ORDER_CHUNK]
            with transaction.atomic():
                orders = []
                for o in batch:
                    order = self.order(o, stations)
                    order.state, order.held_minutes = OrderState.SIGNED_OUT, order.duration_minutes
                    order.credited_minutes = order.rating = order.closed_at = None
                    orders.append(order)
                created = ServiceOrder.objects.bulk_create(orders)
                ledger.post(
                    [next(iter(self.movements(order, accounts))) for order in created],
                    authorised_by=self.admin,
                )  # only the hold: the payment waits for the confirmation
                made += created
        return made

    def milestones(self) -> None:
        policy = current_policy()
        earners = Account.objects.filter(
            kind=Account.Kind.PERSON, earned__gt=0, owner__username__startswith=f"{self.prefix}-"
        )
        rows = []
        for owner_id, earned in earners.values_list("owner_id", "earned"):
            for level in range(1, policy.star_level(earned) + 1):
                rows.append(
                    Milestone(
                        person_id=owner_id,
                        kind=f"star_{level}",
                        reached_at=self.now,
                        earned_minutes=earned,
                    )
                )
            if policy.reaches_care_home(earned):
                rows.append(
                    Milestone(
                        person_id=owner_id,
                        kind=Milestone.Kind.CARE_HOME,
                        reached_at=self.now,
                        earned_minutes=earned,
                    )
                )
        Milestone.objects.bulk_create(rows, ignore_conflicts=True, batch_size=PEOPLE_CHUNK)

    def run(self) -> dict[str, int]:
        if User.objects.filter(username__startswith=f"{self.prefix}-v").exists():
            raise ValueError(f"A data set with seed {self.plan.seed} is already there.")
        ensure_reference_data()
        stations = self.stations()
        volunteers = self.people("v", self.plan.volunteers, (18, 70))
        elders = self.people("e", self.plan.elders, (62, 95))
        with transaction.atomic():
            self.register(volunteers, elders, stations)
        schedule = self.schedule(volunteers, elders)
        needs: dict[int, int] = {}
        for o in schedule:
            needs[o["elder"].pk] = needs.get(o["elder"].pk, 0) + o["minutes"]
        self.grants(elders, needs)
        accounts = self.accounts(volunteers + elders)
        self.orders(schedule, stations, accounts)
        self.milestones()
        with connection.cursor() as cursor:
            # Fresh statistics after a bulk load, so that checks and reports plan well.
            cursor.execute(
                "ANALYZE timebank_leg, timebank_transaction, timebank_account, "
                "timebank_serviceorder, timebank_orderevent"
            )
        reporting.refresh()
        return {"volunteers": len(volunteers), "elders": len(elders), "orders": len(schedule)}


def _station_of(person: User, stations: dict[int, Station]) -> Station:
    """The station of a generated person's sub-district (people live in its communities)."""
    region = person.home_region
    if region is None or region.level < Region.Level.SUBDISTRICT or region.parent_id is None:
        raise ValueError(f"{person.username} lives in no sub-district.")
    return stations[region.pk if region.level == Region.Level.SUBDISTRICT else region.parent_id]
