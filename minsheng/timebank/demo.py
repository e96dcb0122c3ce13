"""A believable Time Bank for ``make demo``: stations in four districts, a few hundred people,
half a year of history played through the real procedure, and something waiting for each member
of the demo cast.

Everything goes through the actions and the ledger, at past moments (``clock.at``), in time
order, so statements, reports and the ledger check look like a bank that has been running since
the summer. Loading twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from minsheng.audit.context import ActingContext, acting
from minsheng.core.identity import make_resident_id
from minsheng.people.demo import DEMO_PASSWORD
from minsheng.people.models import Organisation, Relationship, RoleAssignment, User
from minsheng.people.roles import Role
from minsheng.regions.models import Region
from minsheng.timebank import clock, eligibility, reporting
from minsheng.timebank.actions import activities, funding, orders, registration, settlement
from minsheng.timebank.catalogue import ensure_reference_data
from minsheng.timebank.errors import TimebankError
from minsheng.timebank.models import (
    GrantRule,
    ServiceCategory,
    ServiceItem,
    ServiceOrder,
    Station,
    Transaction,
    VolunteerProfile,
)

# (sub-district, organisation code, Chinese name, English name, kind)
STATIONS = [
    ("110105017", "ST-110105017", "", "", Organisation.Kind.SERVICE_STATION),  # the cast's
    (
        "110105016",
        "ST-110105016",
        "双井街道养老服务驿站",
        "Shuangjing Elderly Care Station",
        Organisation.Kind.SERVICE_STATION,
    ),
    (
        "110105018",
        "IN-110105018",
        "潘家园颐养服务中心",
        "Panjiayuan Senior Care Centre",
        Organisation.Kind.INSTITUTION,
    ),
    (
        "110105026",
        "ST-110105026",
        "望京街道养老服务驿站",
        "Wangjing Elderly Care Station",
        Organisation.Kind.SERVICE_STATION,
    ),
    (
        "110101001",
        "ST-110101001",
        "东华门街道养老服务驿站",
        "Donghuamen Elderly Care Station",
        Organisation.Kind.SERVICE_STATION,
    ),
    (
        "110101006",
        "ST-110101006",
        "东四街道养老服务驿站",
        "Dongsi Elderly Care Station",
        Organisation.Kind.SERVICE_STATION,
    ),
    (
        "110101016",
        "ST-110101016",
        "天坛街道养老服务驿站",
        "Tiantan Elderly Care Station",
        Organisation.Kind.SERVICE_STATION,
    ),
    (
        "110108011",
        "ST-110108011",
        "中关村街道养老服务驿站",
        "Zhongguancun Elderly Care Station",
        Organisation.Kind.SERVICE_STATION,
    ),
    (
        "110108010",
        "ST-110108010",
        "学院路街道养老服务驿站",
        "Xueyuanlu Elderly Care Station",
        Organisation.Kind.SERVICE_STATION,
    ),
    (
        "110108001",
        "ST-110108001",
        "万寿路街道养老服务驿站",
        "Wanshoulu Elderly Care Station",
        Organisation.Kind.SERVICE_STATION,
    ),
    (
        "110102012",
        "ST-110102012",
        "什刹海街道养老服务驿站",
        "Shichahai Elderly Care Station",
        Organisation.Kind.SERVICE_STATION,
    ),
    (
        "110102007",
        "ST-110102007",
        "月坛街道养老服务驿站",
        "Yuetan Elderly Care Station",
        Organisation.Kind.SERVICE_STATION,
    ),
    (
        "110102003",
        "ST-110102003",
        "新街口街道养老服务驿站",
        "Xinjiekou Elderly Care Station",
        Organisation.Kind.SERVICE_STATION,
    ),
]
DISTRICTS = ("110105", "110101", "110108", "110102")

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
ELDER_NAMES = [
    "淑珍",
    "秀英",
    "桂兰",
    "玉兰",
    "凤英",
    "建国",
    "国华",
    "志强",
    "德明",
    "秀兰",
    "桂英",
    "玉珍",
    "振华",
    "文华",
    "家和",
    "永福",
    "宝珍",
    "淑兰",
    "春生",
    "有才",
    "素芬",
    "丽华",
    "凤兰",
    "金凤",
    "洪亮",
    "长林",
    "福海",
    "瑞芳",
    "秀芝",
    "宗英",
]
YOUNG_NAMES = [
    "浩然",
    "子涵",
    "欣怡",
    "宇轩",
    "梓萱",
    "一诺",
    "思远",
    "佳琪",
    "晨阳",
    "雨桐",
    "俊杰",
    "若曦",
    "明轩",
    "诗涵",
    "博文",
    "语嫣",
    "天佑",
    "嘉怡",
    "志远",
    "思琪",
    "晓东",
    "丽娜",
    "海涛",
    "静怡",
    "文博",
    "雪梅",
    "建军",
    "小红",
    "鹏飞",
    "慧敏",
]
NEEDS = [
    "腿脚不便，需要有人陪同买菜和散步",
    "独居，希望有人常来聊天",
    "视力下降，需要读报和陪同就医",
    "不会用智能手机，需要帮助挂号和缴费",
    "术后恢复期，需要陪同复查",
    "老伴住院，需要帮助做家务",
]
COMMENTS = ["非常耐心，谢谢小伙子", "准时到达，服务很好", "聊得很开心", "帮了大忙", "很细心", ""]
HISTORY_DAYS = 180


@dataclass(order=True)
class Step:
    at: dt.datetime
    number: int
    run: Callable[[], None] = field(compare=False)


class DemoBank:
    """Builds the demo bank; ``rng`` makes it the same every time."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.now = timezone.now().replace(second=0, microsecond=0)
        self.start = self.now - dt.timedelta(days=HISTORY_DAYS)
        self.city = Region.objects.get(code="110000")
        self.cast = {
            u.username: u
            for u in User.objects.filter(
                username__in=[
                    "city-admin",
                    "chaoyang-admin",
                    "jinsong-station",
                    "volunteer",
                    "elder",
                    "family",
                ]
            )
        }
        self.sequence = itertools.count(1)
        self.steps: list[Step] = []
        self.numbers = itertools.count(200)
        self.stations: list[Station] = []
        self.operators: dict[int, User] = {}
        self.volunteers: dict[int, list[User]] = {}
        self.elders: dict[int, list[User]] = {}
        self.busy: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {}
        self.password_hash = make_password(DEMO_PASSWORD)

    # --- People ---------------------------------------------------------------------------------

    def person(self, *, age: int, region: Region, young: bool, login: bool) -> User:
        number = next(self.numbers)
        surname = self.rng.choice(SURNAMES)
        given = self.rng.choice(YOUNG_NAMES if young else ELDER_NAMES)
        birth = (self.now - dt.timedelta(days=age * 365 + self.rng.randint(0, 360))).date()
        sex = self.rng.choice("MF")
        user = User(username=f"tb-{number:04d}", name=surname + given, home_region=region)
        user.set_id_number(make_resident_id(region.code[:6], birth, number, sex))
        user.set_phone(f"13{self.rng.randint(0, 9)}{number:08d}")
        if login:
            # One hash for every demo account: hashing hundreds of passwords would take minutes.
            user.password = self.password_hash
        else:
            user.set_unusable_password()
        user.date_joined = self.start
        user.save()
        return user

    def homes(self, station: Station) -> list[Region]:
        communities = list(Region.objects.filter(parent=station.region))
        return communities or [station.region]

    # --- Stations ---------------------------------------------------------------------------------

    def make_stations(self) -> None:
        city_admin = self.cast["city-admin"]
        for code, org_code, name, name_en, kind in STATIONS:
            region = Region.objects.get(code=code)
            office = Organisation.objects.get(code=f"SD-{code}")
            organisation, _ = Organisation.objects.get_or_create(
                code=org_code,
                defaults={
                    "name": name,
                    "name_en": name_en,
                    "kind": kind,
                    "region": region,
                    "parent": office,
                    "confirmed_by": office if kind == Organisation.Kind.INSTITUTION else None,
                    "confirmed_at": self.start if kind == Organisation.Kind.INSTITUTION else None,
                },
            )
            with clock.at(self.start - dt.timedelta(days=30)):
                station = registration.request_station(
                    actor=city_admin,
                    organisation=organisation,
                    address=f"{region.name}社区服务中心",
                    opening_hours="周一至周六 8:30-17:30",
                    phone=f"010-6{region.code[-4:]}{len(self.stations):03d}",
                )
                station = registration.decide_station(
                    actor=city_admin, station=station, approve=True
                )
            self.stations.append(station)
            operator = (
                self.cast["jinsong-station"]
                if org_code == "ST-110105017"
                else self.operator(station)
            )
            self.operators[station.pk] = operator

    def operator(self, station: Station) -> User:
        user = self.person(
            age=self.rng.randint(28, 50), region=station.region, young=True, login=True
        )
        user.username = f"station-{station.region.code}"
        user.save(update_fields=["username"])
        RoleAssignment.objects.create(
            user=user,
            role=Role.STATION_OPERATOR,
            region=station.region,
            organisation=station.organisation,
        )
        return user

    # --- Registration -------------------------------------------------------------------------------

    def register_people(self) -> None:
        for station in self.stations:
            operator = self.operators[station.pk]
            homes = self.homes(station)
            count_v = 24 if station.region.code == "110105017" else self.rng.randint(12, 18)
            count_e = 14 if station.region.code == "110105017" else self.rng.randint(7, 11)
            self.volunteers[station.pk] = []
            self.elders[station.pk] = []
            for _ in range(count_v):
                age = self.rng.choice([17, 20, 24, 28, 33, 38, 45, 52, 58, 63])
                person = self.person(
                    age=age, region=self.rng.choice(homes), young=age < 55, login=True
                )
                when = self.start + dt.timedelta(days=self.rng.randint(-200, 120))
                self.add_volunteer(
                    person, station, operator, min(when, self.now - dt.timedelta(days=3))
                )
            for _ in range(count_e):
                age = self.rng.randint(62, 94)
                person = self.person(
                    age=age,
                    region=self.rng.choice(homes),
                    young=False,
                    login=self.rng.random() < 0.4,
                )
                self.add_elder(person, station, operator, self.start - dt.timedelta(days=20))
        jinsong = self.stations[0]
        self.add_volunteer(
            self.cast["volunteer"],
            jinsong,
            self.operators[jinsong.pk],
            self.start - dt.timedelta(days=10),
        )
        self.add_elder(
            self.cast["elder"],
            jinsong,
            self.operators[jinsong.pk],
            self.start - dt.timedelta(days=10),
            lives_alone=True,
        )

    def add_volunteer(
        self, person: User, station: Station, operator: User, when: dt.datetime
    ) -> None:
        with clock.at(when):
            guardian = None
            if (eligibility.age(person, when.date()) or 0) < 18:
                guardian = self.person(
                    age=45, region=person.home_region or station.region, young=True, login=True
                )
                Relationship.objects.create(
                    person=person,
                    relative=guardian,
                    kind=Relationship.Kind.GUARDIAN,
                    verified_by=operator,
                    verified_at=when,
                    note="户口簿",
                )
            skills = self.rng.sample(list(ServiceCategory.objects.all()), 3)
            profile = registration.register_volunteer(
                actor=operator, person=person, station=station, guardian=guardian, skills=skills
            )
        with clock.at(when + dt.timedelta(days=2)):
            registration.record_training(
                actor=operator,
                volunteer=profile,
                title="时间银行志愿者岗前培训",
                completed_on=(when + dt.timedelta(days=2)).date(),
                hours=4,
            )
        self.volunteers[station.pk].append(person)

    def add_elder(
        self,
        person: User,
        station: Station,
        operator: User,
        when: dt.datetime,
        lives_alone: bool | None = None,
    ) -> None:
        flags = {
            "lives_alone": self.rng.random() < 0.45,
            "disabled": self.rng.random() < 0.2,
            "low_income": self.rng.random() < 0.15,
        }
        if lives_alone is not None:
            flags["lives_alone"] = lives_alone
        if (eligibility.age(person, when.date()) or 0) < 80 and not any(flags.values()):
            # The stations register the elders who need the bank most: each meets a grant rule.
            flags[self.rng.choice(list(flags))] = True
        with clock.at(when):
            registration.register_elder(
                actor=operator,
                person=person,
                station=station,
                uses_smartphone=person.can_log_in,
                **flags,
            )
            registration.register_care_need(
                actor=operator,
                person=person,
                categories=self.rng.sample(list(ServiceCategory.objects.all()), 2),
                description=self.rng.choice(NEEDS),
            )
        self.elders[station.pk].append(person)

    # --- Money-like flows ---------------------------------------------------------------------

    def budgets(self) -> None:
        city_admin = self.cast["city-admin"]
        for year in {self.start.year, self.now.year}:
            funding.set_budget(actor=city_admin, region=self.city, year=year, minutes=3_000_000)
            for code in DISTRICTS:
                funding.set_budget(
                    actor=city_admin,
                    region=Region.objects.get(code=code),
                    year=year,
                    minutes=1_200_000,
                )

    def grants(self) -> None:
        """Most elders get a grant early on; a few proposals wait for a decision today."""
        city_admin = self.cast["city-admin"]
        for station in self.stations:
            district = _district_of(station)
            for number, elder in enumerate(self.elders[station.pk]):
                issuer = self.city if number % 3 == 0 else district
                when = self.start + dt.timedelta(days=self.rng.randint(0, 10))
                with clock.at(when):
                    rules = eligibility.matching_rules(elder)
                    if not rules:
                        continue
                    grant = funding.propose_grant(
                        actor=self.operators[station.pk],
                        recipient=elder,
                        rule=rules[0],
                        issuer=issuer,
                        # No typed reason: the rule's name (in both languages) says why.
                        minutes=self.grant_minutes(elder),
                    )
                with clock.at(when + dt.timedelta(days=1)):
                    decider = (
                        self.cast["chaoyang-admin"]
                        if district.code == "110105" and (issuer != self.city)
                        else city_admin
                    )
                    funding.approve_grant(actor=decider, grant=grant, note="符合条件")
        self.waiting_grants()

    def grant_minutes(self, elder: User) -> int:
        # The cast's elder uses the bank a lot (she has a story to show); others less.
        return 6000 if elder.username == "elder" else self.rng.choice([1200, 1800, 2400])

    def waiting_grants(self) -> None:
        jinsong = self.stations[0]
        operator = self.operators[jinsong.pk]
        chaoyang = _district_of(jinsong)
        rule = GrantRule.objects.get(code="age-80")
        candidates = [
            e for e in self.elders[jinsong.pk] if not eligibility.grant_rule_problems(rule, e)
        ]
        with clock.at(self.now - dt.timedelta(days=2)):
            for elder in candidates[:2]:
                funding.propose_grant(
                    actor=operator,
                    recipient=elder,
                    rule=rule,
                    issuer=chaoyang,
                    reason="高龄补充发放",
                )
            if len(candidates) > 2:
                funding.propose_grant(
                    actor=operator,
                    recipient=candidates[2],
                    rule=rule,
                    issuer=self.city,
                    reason="市级高龄补贴",
                )
            if len(candidates) > 3:
                grant = funding.propose_grant(
                    actor=operator,
                    recipient=candidates[3],
                    rule=rule,
                    issuer=chaoyang,
                    reason="重复申请",
                )
                funding.reject_grant(
                    actor=self.cast["chaoyang-admin"], grant=grant, note="本季度已发放，不重复发放"
                )

    # --- Orders, played in time order ---------------------------------------------------------------

    def at(self, moment: dt.datetime, run: Callable[[], None]) -> None:
        heapq.heappush(self.steps, Step(moment, next(self.sequence), run))

    def play(self) -> None:
        while self.steps:
            step = heapq.heappop(self.steps)
            with clock.at(step.at):
                step.run()

    def plan_history(self) -> None:
        for station in self.stations:
            count = 120 if station.region.code == "110105017" else self.rng.randint(25, 35)
            for _ in range(count):
                posted = self.start + dt.timedelta(
                    minutes=self.rng.randint(0, (HISTORY_DAYS - 4) * 1440)
                )
                self.plan_order(station, posted, outcome=self.history_outcome())

    def history_outcome(self) -> str:
        roll = self.rng.random()
        if roll < 0.80:
            return "settled"
        if roll < 0.87:
            return "cancelled"
        if roll < 0.91:
            return "no_show"
        if roll < 0.94:
            return "rejected"
        if roll < 0.97:
            return "unmet"
        return "disputed_decided"

    def service_start(self, posted: dt.datetime) -> dt.datetime:
        day = timezone.localtime(posted).date() + dt.timedelta(days=self.rng.randint(1, 4))
        hour = self.rng.choice([9, 10, 14, 15, 16])
        return timezone.make_aware(
            dt.datetime.combine(day, dt.time(hour, self.rng.choice([0, 30])))
        )

    def plan_order(
        self,
        station: Station,
        posted: dt.datetime,
        *,
        outcome: str,
        elder: User | None = None,
        volunteer: User | None = None,
        start: dt.datetime | None = None,
    ) -> None:
        elder = elder or self.rng.choice(self.elders[station.pk])
        operator = self.operators[station.pk]
        start = start or self.service_start(posted)
        volunteer = volunteer or self.pick_volunteer(station, start, 180)
        long_ones = volunteer is not None and volunteer.username == "volunteer"
        if long_ones and outcome == "no_show":
            outcome = "settled"  # the cast's volunteer is a reliable one
        minutes = self.rng.choice([120, 180] if long_ones else [60, 60, 90, 120, 30, 180])
        items = list(ServiceItem.objects.available_in(elder.home_region))
        item = self.rng.choice(items)
        address = elder.home_region.name if elder.home_region else ""
        state: dict[str, Any] = {}

        def post() -> None:
            actor = elder if elder.can_log_in and self.rng.random() < 0.6 else operator
            try:
                state["order"] = orders.post_order(
                    actor=actor,
                    beneficiary=elder,
                    item=item,
                    starts_at=start,
                    duration_minutes=minutes,
                    description=self.rng.choice(NEEDS),
                    address=address,
                )
            except TimebankError:
                return

        self.at(posted, post)
        if outcome == "posted":
            return
        review = posted + dt.timedelta(hours=self.rng.randint(1, 20))
        if outcome == "rejected":
            self.at(
                review,
                lambda: self.guard(
                    state,
                    lambda o: orders.reject_order(
                        actor=operator, order=o, reason="该时段驿站已安排集体活动，请改约其他时间"
                    ),
                ),
            )
            return
        self.at(
            review,
            lambda: self.guard(state, lambda o: orders.approve_order(actor=operator, order=o)),
        )
        if outcome in ("approved", "unmet"):
            return
        booking = min(
            review + dt.timedelta(hours=self.rng.randint(1, 30)), start - dt.timedelta(hours=1)
        )
        if volunteer is None:
            return
        self.at(booking, lambda: self.guard(state, lambda o: self.book(o, volunteer, operator)))
        self.plan_after_booking(state, outcome, start, minutes, operator, elder)

    def plan_after_booking(
        self,
        state: dict[str, Any],
        outcome: str,
        start: dt.datetime,
        minutes: int,
        operator: User,
        elder: User,
    ) -> None:
        if outcome == "booked":
            return
        if outcome == "cancelled":
            self.at(
                start - dt.timedelta(hours=self.rng.randint(2, 12)),
                lambda: self.guard(
                    state,
                    lambda o: orders.cancel_order(
                        actor=operator if not elder.can_log_in else elder,
                        order=o,
                        reason="身体不适，改天再约",
                    ),
                ),
            )
            return
        if outcome == "no_show":
            self.at(
                start + dt.timedelta(hours=2),
                lambda: self.guard(
                    state,
                    lambda o: orders.report_no_show(
                        actor=operator, order=o, note="志愿者未到，电话未接"
                    ),
                ),
            )
            return
        signed_in = start + dt.timedelta(minutes=self.rng.randint(-5, 10))
        self.at(
            signed_in,
            lambda: self.guard(state, lambda o: orders.sign_in(actor=o.volunteer, order=o)),
        )
        if outcome == "signed_in":
            return
        served = minutes + self.rng.choice([-10, -5, 0, 0, 5, 10, 20])
        signed_out = signed_in + dt.timedelta(minutes=served)
        self.at(
            signed_out,
            lambda: self.guard(state, lambda o: orders.sign_out(actor=o.volunteer, order=o)),
        )
        if outcome == "signed_out":
            return
        confirm_at = signed_out + dt.timedelta(hours=self.rng.randint(1, 30))
        if outcome in ("disputed", "disputed_decided"):
            self.at(
                confirm_at,
                lambda: self.guard(
                    state,
                    lambda o: settlement.dispute_order(
                        actor=operator if not elder.can_log_in else elder,
                        order=o,
                        reason="志愿者中途离开了约半小时",
                        proposed_minutes=max(served - 30, 15),
                    ),
                ),
            )
            if outcome == "disputed_decided":
                self.at(
                    confirm_at + dt.timedelta(days=1),
                    lambda: self.guard(
                        state,
                        lambda o: settlement.decide_dispute(
                            actor=operator,
                            order=o,
                            minutes=max(served - 20, 15),
                            decision="经电话核实双方说法，按实际服务时长计",
                        ),
                    ),
                )
            return
        rating = self.rng.choice([5, 5, 5, 4, 4, 3])
        if not elder.can_log_in and self.rng.random() < 0.15:
            return  # left for the automatic confirmation below
        actor = elder if elder.can_log_in else operator
        self.at(
            confirm_at,
            lambda: self.guard(
                state,
                lambda o: settlement.confirm_order(
                    actor=actor, order=o, rating=rating, comment=self.rng.choice(COMMENTS)
                ),
            ),
        )

    def guard(self, state: dict[str, Any], move: Callable[[ServiceOrder], Any]) -> None:
        """Run a move if the order exists; a refused move (coins ran out) ends its story."""
        order = state.get("order")
        if order is None:
            return
        try:
            state["order"] = move(order) or order
        except TimebankError:
            state.pop("order", None)

    def book(self, order: ServiceOrder, volunteer: User, operator: User) -> ServiceOrder:
        if self.rng.random() < 0.25 or not order.beneficiary.can_log_in and self.rng.random() < 0.3:
            return orders.assign_volunteer(actor=operator, order=order, volunteer=volunteer)
        return orders.book_order(actor=volunteer, order=order)

    def pick_volunteer(self, station: Station, start: dt.datetime, minutes: int) -> User | None:
        end = start + dt.timedelta(minutes=minutes + 30)
        pool = list(self.volunteers[station.pk])
        if station.region.code == "110105017" and self.rng.random() < 0.55:
            pool = [self.cast["volunteer"]]
        self.rng.shuffle(pool)
        for person in pool:
            slots = self.busy.setdefault(person.pk, [])
            if all(end <= a or start >= b for a, b in slots):
                slots.append((start, end))
                return person
        return None

    def plan_present(self) -> None:
        """Orders in every state around today, and the cast's own things to do."""
        jinsong = self.stations[0]
        elder, volunteer = self.cast["elder"], self.cast["volunteer"]
        recent = self.now - dt.timedelta(days=2)
        soon = timezone.make_aware(
            dt.datetime.combine(timezone.localdate(self.now) + dt.timedelta(days=2), dt.time(10))
        )
        # The elder: one to confirm, one booked, one open, one waiting for review.
        self.plan_order(
            jinsong,
            recent - dt.timedelta(days=1),
            outcome="signed_out",
            elder=elder,
            volunteer=volunteer,
            start=self.now - dt.timedelta(hours=26),
        )
        self.plan_order(
            jinsong, recent, outcome="booked", elder=elder, volunteer=volunteer, start=soon
        )
        self.plan_order(
            jinsong, recent, outcome="approved", elder=elder, start=soon + dt.timedelta(days=2)
        )
        self.plan_order(
            jinsong,
            self.now - dt.timedelta(hours=3),
            outcome="posted",
            elder=elder,
            start=soon + dt.timedelta(days=3),
        )
        # A dispute for the Jinsong station to decide, between the cast's elder and volunteer.
        self.plan_order(
            jinsong,
            self.now - dt.timedelta(days=5),
            outcome="disputed",
            elder=elder,
            volunteer=volunteer,
            start=self.now - dt.timedelta(days=3, hours=2),
        )
        # The station's desk.
        for station in self.stations:
            for outcome, days in (
                ("posted", 0),
                ("posted", 1),
                ("approved", 1),
                ("approved", 2),
                ("booked", 1),
                ("signed_out", 6.5),
                ("disputed", 3),
                ("signed_in", 0),
            ):
                if outcome == "signed_in":
                    start = self.now - dt.timedelta(minutes=40)
                    posted = self.now - dt.timedelta(days=2)
                elif outcome in ("signed_out", "disputed"):
                    start = self.now - dt.timedelta(days=days)
                    posted = start - dt.timedelta(days=2)
                else:
                    posted = self.now - dt.timedelta(hours=2 + 24 * days)
                    start = soon + dt.timedelta(days=days, hours=self.rng.randint(0, 6))
                self.plan_order(station, posted, outcome=outcome, start=start)

    # --- Gifts, donations, the pool, an activity, a reversal -----------------------------------

    def transfers(self) -> None:
        moment = self.now - dt.timedelta(days=20)
        jinsong = self.stations[0]
        for station in self.stations[:6]:
            donors = [
                v
                for v in self.volunteers[station.pk]
                if v.timebank_accounts.filter(kind="person", balance__gte=180).exists()
            ][:2]
            for number, donor in enumerate(donors):
                with clock.at(moment + dt.timedelta(days=number)):
                    funding.donate(
                        actor=donor,
                        donor=donor,
                        minutes=120,
                        client_key=f"demo-donation-{donor.pk}",
                        note="献给需要的老人",
                    )
        needy = self.elders[jinsong.pk][0]
        with clock.at(moment + dt.timedelta(days=5)):
            funding.allocate_from_pool(
                actor=self.operators[jinsong.pk],
                recipient=needy,
                minutes=240,
                reason="独居高龄，余额不足",
                client_key="demo-allocation-1",
            )
        # A volunteer gives coins to an elderly parent: the relation verified at the station.
        child = self.volunteers[jinsong.pk][1]
        parent = self.elders[jinsong.pk][1]
        Relationship.objects.get_or_create(
            person=parent,
            relative=child,
            kind=Relationship.Kind.CHILD,
            defaults={
                "verified_by": self.operators[jinsong.pk],
                "verified_at": moment,
                "note": "户口簿",
            },
        )
        if child.timebank_accounts.filter(kind="person", balance__gte=60).exists():
            with clock.at(moment + dt.timedelta(days=6)):
                funding.give_gift(
                    actor=child,
                    giver=child,
                    receiver=parent,
                    minutes=60,
                    client_key="demo-gift-1",
                    note="给妈妈",
                )

    def activity(self) -> None:
        jinsong = self.stations[0]
        operator = self.operators[jinsong.pk]
        item = ServiceItem.objects.get(region=self.city, code="group-exercise")
        past = self.now - dt.timedelta(days=40)
        with clock.at(past - dt.timedelta(days=10)):
            held = activities.create_activity(
                actor=operator,
                station=jinsong,
                item=item,
                title="重阳节健身操带练",
                place="劲松街道文化活动中心",
                starts_at=past,
                ends_at=past + dt.timedelta(hours=2),
                capacity=8,
            )
            for person in self.volunteers[jinsong.pk][:6]:
                activities.join_activity(actor=person, activity=held)
        with clock.at(past + dt.timedelta(hours=3)):
            for attendance in held.attendances.all():
                activities.confirm_attendance(actor=operator, attendance=attendance, minutes=120)
            activities.close_activity(actor=operator, activity=held)
        upcoming = self.now + dt.timedelta(days=5)
        with clock.at(self.now - dt.timedelta(days=1)):
            coming = activities.create_activity(
                actor=operator,
                station=jinsong,
                item=ServiceItem.objects.get(region=self.city, code="fraud-awareness"),
                title="防范养老诈骗宣传日",
                place="劲松北社区广场",
                starts_at=upcoming,
                ends_at=upcoming + dt.timedelta(hours=3),
                capacity=10,
            )
            for person in self.volunteers[jinsong.pk][6:9]:
                activities.join_activity(actor=person, activity=coming)

    def reversal(self) -> None:
        """After a decided dispute, the district corrects a payment: the original stays."""
        payment = (
            Transaction.objects.filter(
                kind="service_payment",
                order__dispute__decided_at__isnull=False,
                region__path__startswith="110000.110105.",
            )
            .order_by("posted_at")
            .first()
        )
        if payment is None:
            payment = (
                Transaction.objects.filter(kind="service_payment").order_by("posted_at").first()
            )
        if payment is None:
            return
        with clock.at(self.now - dt.timedelta(days=7)):
            funding.reverse_transaction(
                actor=self.cast["chaoyang-admin"],
                original=payment,
                minutes=15,
                reason="复核签到记录：志愿者提前15分钟离开",
            )

    def close_stale_requests(self) -> None:
        """Requests nobody took before their time: the station calls and closes them."""
        stale = ServiceOrder.objects.filter(state="approved", starts_at__lt=self.now)
        for order in stale.select_related("station"):
            with clock.at(min(order.starts_at + dt.timedelta(hours=2), self.now)):
                orders.cancel_order(
                    actor=self.operators[order.station_id],
                    order=order,
                    reason="无人接单，驿站已电话联系老人另约时间",
                )

    def build(self) -> None:
        ensure_reference_data()
        self.make_stations()
        self.budgets()
        self.register_people()
        self.grants()
        self.plan_history()
        self.plan_present()
        self.play()
        self.close_stale_requests()
        self.transfers()
        self.activity()
        self.reversal()
        with clock.at(self.now):
            settlement.auto_confirm_due()


def already_loaded() -> bool:
    return VolunteerProfile.objects.filter(person__username="volunteer").exists()


def load() -> None:
    """Load the demo bank once; later runs change nothing."""
    if already_loaded():
        return
    with transaction.atomic(), acting(ActingContext(channel="web")):
        DemoBank(random.Random(2026)).build()
    reporting.refresh()


def _district_of(station: Station) -> Region:
    district = station.region.parent
    if district is None:
        raise ValueError(f"Station {station.pk} lies in no district.")
    return district
