"""Streaming generation of synthetic cases in the case file format.

Cases are produced day by day in the order they were received, so memory holds one day at a
time whatever the count. Everything random flows from one ``random.Random(seed)``; the places of
the city come from a fixed seed (see :mod:`.places`), so files of different seeds describe the
same city.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from minsheng.cases.casefile import BEIJING, CaseWriter
from minsheng.cases.categories import default_index
from minsheng.hotline.synthetic import fragments as F
from minsheng.hotline.synthetic import scenarios_city, scenarios_home, scenarios_society
from minsheng.hotline.synthetic.model import Burst, Scenario
from minsheng.hotline.synthetic.places import Subdistrict, World, world
from minsheng.hotline.synthetic.planted import BURSTS, SURGES
from minsheng.hotline.synthetic.planted import SCENARIOS as PLANTED_SCENARIOS
from minsheng.hotline.synthetic.text import CaseText, compose

SCENARIOS: list[Scenario] = [
    *scenarios_city.SCENARIOS,
    *scenarios_home.SCENARIOS,
    *scenarios_society.SCENARIOS,
    *PLANTED_SCENARIOS,
]
BY_KEY = {scenario.key: scenario for scenario in SCENARIOS}

# Volume through the week and the year (more calls on Mondays and in the summer rains).
WEEKDAY = (1.12, 1.05, 1.02, 1.0, 0.98, 0.86, 0.84)
MONTH = (1.0, 0.86, 0.95, 0.95, 1.0, 1.05, 1.15, 1.15, 1.0, 0.95, 1.0, 1.05)
# Calls by hour of the day (the hotline answers around the clock).
HOURS = (
    0.4,
    0.2,
    0.15,
    0.1,
    0.15,
    0.3,
    1.0,
    2.5,
    4.5,
    5.5,
    5.5,
    4.8,
    3.5,
    4.0,
    4.8,
    4.8,
    4.6,
    4.0,
    3.2,
    3.0,
    2.8,
    2.2,
    1.4,
    0.8,
)
CHANNELS = (
    ("phone", 66),
    ("app", 8),
    ("mini_program", 7),
    ("web", 7),
    ("message_board", 10),
    ("other", 2),
)
# Share of rows without district/sub-district columns: message boards and older web exports.
NO_LOCATION = {"message_board": 0.95, "web": 0.4, "other": 0.3}
ANONYMOUS = {"message_board": 0.35, "web": 0.15}
REGULAR_SHARE = 0.16  # ordinary cases from a sub-district's regular callers
REGULARS_PER_SUBDISTRICT = 150


@dataclass(frozen=True, slots=True)
class GenerationSpec:
    """What to generate: ``count`` cases received from ``start`` to ``end`` (inclusive).

    A *window* file (``as_of`` set) is an export of recent weeks: the newest cases are still
    open, by age, and two surges are planted near its end. A year file is all closed.
    """

    start: dt.date
    end: dt.date
    count: int
    seed: int = 1
    as_of: dt.datetime | None = None
    number_prefix: str = ""

    @classmethod
    def year(cls, year: int, count: int, seed: int = 1) -> GenerationSpec:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), count, seed)

    @classmethod
    def window(
        cls, start: dt.date, end: dt.date | dt.datetime, count: int, seed: int = 1
    ) -> GenerationSpec:
        if isinstance(end, dt.datetime):
            as_of = end if end.tzinfo else end.replace(tzinfo=BEIJING)
            return cls(start, as_of.astimezone(BEIJING).date(), count, seed, as_of=as_of)
        as_of = dt.datetime.combine(end, dt.time(23, 59, 59), tzinfo=BEIJING)
        return cls(start, end, count, seed, as_of=as_of)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(slots=True)
class GeneratedCase:
    row: dict[str, Any]
    problem: str | None


def generate(spec: GenerationSpec) -> Iterator[GeneratedCase]:
    """The cases of ``spec`` in order of receipt (a generator: one day in memory)."""
    if spec.count < 0 or spec.end < spec.start:
        raise ValueError("The count must not be negative and the range must not be empty.")
    yield from _Generator(spec).run()


def write_cases(
    spec: GenerationSpec,
    target: Path | str | IO[str],
    *,
    xlsx: bool = False,
    on_case: Callable[[], None] | None = None,
) -> dict[str, list[str]]:
    """Write the cases to a CSV or XLSX file; returns the ground truth (see :func:`ground_truth`)."""
    truth: dict[str, list[str]] = {}
    with CaseWriter(target, xlsx=xlsx) as writer:
        for case in generate(spec):
            writer.write(case.row)
            if case.problem:
                truth.setdefault(case.problem, []).append(case.row["number"])
            if on_case:
                on_case()
    return truth


def ground_truth(spec: GenerationSpec) -> dict[str, list[str]]:
    """Case numbers of each planted problem, decoy and surge (keys of ``planted.PLANTED``)."""
    truth: dict[str, list[str]] = {}
    for case in generate(spec):
        if case.problem:
            truth.setdefault(case.problem, []).append(case.row["number"])
    return truth


def load_categories() -> dict[str, str]:
    """Code -> name path (``物业管理/物业服务/物业费收费争议``) of the default taxonomy."""
    index = default_index()
    return {code: index.path(code) for code in index.entries}


class _Pick:
    """Weighted choice with precomputed cumulative weights (fast and deterministic)."""

    __slots__ = ("items", "cumulative", "total")

    def __init__(self, pairs: Any) -> None:
        pairs = [(item, weight) for item, weight in pairs if weight > 0]
        self.items = [item for item, _ in pairs]
        self.cumulative = list(itertools.accumulate(weight for _, weight in pairs))
        self.total = self.cumulative[-1] if self.cumulative else 0.0

    def __call__(self, rng: random.Random) -> Any:
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.total)]


def _mix(*parts: int) -> int:
    """A 64-bit hash of integers (splitmix64): stable identities without storing them."""
    value = 0x9E3779B97F4A7C15
    for part in parts:
        value = (value ^ (part & 0xFFFFFFFFFFFFFFFF)) * 0xBF58476D1CE4E5B9 & 0xFFFFFFFFFFFFFFFF
        value ^= value >> 31
        value = value * 0x94D049BB133111EB & 0xFFFFFFFFFFFFFFFF
        value ^= value >> 29
    return value


def _text_key(text: str) -> int:
    return int.from_bytes(text.encode("utf-8")[:16].ljust(16, b"\0"), "little") ^ len(text)


@dataclass(slots=True)
class _Caller:
    key: int  # 0 for an anonymous caller
    home: str | None = None  # the place they call about, for regular and planted callers
    building: int = 0


@dataclass(frozen=True, slots=True)
class _Surge:
    scenario: Scenario
    problem: str | None
    subdistrict: Subdistrict
    place: str


@dataclass(slots=True)
class _Slot:
    """One case to produce: when, what, and (for bursts and planted callers) where and who."""

    at: dt.datetime
    scenario: Scenario
    problem: str | None
    subdistrict: Subdistrict | None = None
    place: str | None = None
    caller: _Caller | None = None


class _Generator:
    def __init__(self, spec: GenerationSpec) -> None:
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.world: World = world()
        self.categories = load_categories()
        self.channels = _Pick(CHANNELS)
        self.hours = _Pick(enumerate(HOURS))
        self.months = [
            _Pick((s, s.weight * _normalised(s.season)[month]) for s in SCENARIOS)
            for month in range(12)
        ]
        self.population = _Pick((sd, sd.weight) for sd in self.world.subdistricts)
        self._subdistricts: dict[str, _Pick] = {}
        self._plant_footprints()
        self.bursts = self._schedule_bursts()

    # --- Planning ----------------------------------------------------------------------------

    def _plant_footprints(self) -> None:
        """Choose, per seed, the sub-districts and places each planted problem afflicts."""
        self.footprints: dict[str, tuple[_Pick, dict[str, _Pick]]] = {}
        for scenario in SCENARIOS:
            footprint = scenario.footprint
            if footprint is None:
                continue
            weights = dict(footprint.districts)
            other = weights.pop("*", 0.0)
            favoured = [sd for sd in self.world.subdistricts if sd.district.code in weights]
            chosen = [sd for sd in favoured if self.rng.random() < footprint.coverage]
            rest = [sd for sd in self.world.subdistricts if sd.district.code not in weights]
            chosen += [sd for sd in rest if self.rng.random() < footprint.coverage * other]
            places: dict[str, _Pick] = {}
            pairs = []
            for sd in chosen:
                pool = _places(sd, scenario.place)
                low, high = footprint.places_per_subdistrict
                picked = self.rng.sample(pool, min(len(pool), self.rng.randint(low, high)))
                places[sd.code] = _Pick((name, 1.0 / (i + 1)) for i, name in enumerate(picked))
                weight = weights.get(sd.district.code, other) * self.rng.uniform(0.5, 1.5)
                pairs.append((sd, weight * len(picked)))
            self.footprints[scenario.key] = (_Pick(pairs), places)

    def _schedule_bursts(self) -> dict[dt.date, list[tuple[_Surge, int]]]:
        """Surges of one problem at one place: decided up front as (surge, cases) per day."""
        spec, rng = self.spec, self.rng
        per_day: dict[dt.date, list[tuple[_Surge, int]]] = {}
        yearly = spec.count * 365 / spec.days  # the file's volume at a yearly rate
        days = [spec.start + dt.timedelta(days=i) for i in range(spec.days)]
        for burst in BURSTS:
            pick_day = _Pick((day, burst.season[day.month - 1]) for day in days)
            if not pick_day.items:
                continue
            expected = burst.per_year * spec.count / 100_000
            number = int(expected) + (rng.random() < expected - int(expected))
            for _ in range(number):
                size = max(3, round(rng.randint(*burst.size) * yearly / 100_000))
                self._place_burst(per_day, burst, pick_day(rng), size, rng.randint(*burst.days))
        if spec.as_of is not None:
            for key, scenario, share, minimum, before, length in SURGES:
                start = max(spec.start, spec.end - dt.timedelta(days=before))
                size = max(minimum, round(spec.count * share))
                burst = Burst(scenario, 0, (size, size), (length, length), problem=key)
                self._place_burst(per_day, burst, start, size, length)
        return per_day

    def _place_burst(
        self,
        per_day: dict[dt.date, list[tuple[_Surge, int]]],
        burst: Burst,
        start: dt.date,
        size: int,
        length: int,
    ) -> None:
        scenario, rng = BY_KEY[burst.scenario], self.rng
        sd = self.population(rng)
        surge = _Surge(
            scenario, burst.problem or scenario.problem, sd, rng.choice(_places(sd, scenario.place))
        )
        days = [start + dt.timedelta(days=i) for i in range(length)]
        days = [day for day in days if day <= self.spec.end]
        # Front-loaded: most calls come on the first day.
        weights = [0.55**i for i in range(len(days))]
        counts = [int(size * w / sum(weights)) for w in weights]
        counts[0] += size - sum(counts)
        for day, count in zip(days, counts, strict=True):
            if count:
                per_day.setdefault(day, []).append((surge, count))

    def _allocate(self) -> list[int]:
        """Cases per day, summing exactly to the count (largest remainders)."""
        spec = self.spec
        days = [spec.start + dt.timedelta(days=i) for i in range(spec.days)]
        weights = [WEEKDAY[d.weekday()] * MONTH[d.month - 1] * self._share_of_day(d) for d in days]
        total = sum(weights)
        exact = [spec.count * w / total for w in weights]
        counts = [int(x) for x in exact]
        short = spec.count - sum(counts)
        order = sorted(range(len(days)), key=lambda i: (counts[i] - exact[i], i))
        for i in order[:short]:
            counts[i] += 1
        return counts

    def _moment(self, day: dt.date) -> dt.datetime:
        midnight = dt.datetime.combine(day, dt.time(0), tzinfo=BEIJING)
        limit = self._limit(day)
        for _ in range(20):
            seconds = self.hours(self.rng) * 3600 + int(self.rng.random() * 3600)
            if seconds < limit:
                break
        else:  # an export just after midnight: few calls yet
            seconds = int(self.rng.random() * limit)
        return midnight + dt.timedelta(seconds=seconds)

    def _limit(self, day: dt.date) -> int:
        """Seconds of ``day`` before the export time (the whole day but on the export day)."""
        as_of = self.spec.as_of
        if as_of is None or day != as_of.astimezone(BEIJING).date():
            return 86_400
        moment = as_of.astimezone(BEIJING)
        return max(1, moment.hour * 3600 + moment.minute * 60 + moment.second)

    def _share_of_day(self, day: dt.date) -> float:
        """How much of a day's calls come before its limit (hourly profile)."""
        limit = self._limit(day)
        if limit >= 86_400:
            return 1.0
        hours, rest = divmod(limit, 3600)
        before = sum(HOURS[:hours]) + (HOURS[hours] * rest / 3600 if hours < 24 else 0)
        return max(before / sum(HOURS), 0.001)

    # --- Producing ---------------------------------------------------------------------------

    def run(self) -> Iterator[GeneratedCase]:
        spec = self.spec
        sequence = 0
        for offset, count in enumerate(self._allocate()):
            day = spec.start + dt.timedelta(days=offset)
            slots = [
                _Slot(
                    self._moment(day), surge.scenario, surge.problem, surge.subdistrict, surge.place
                )
                for surge, cases in self.bursts.pop(day, [])
                for _ in range(cases)
            ][:count]
            month = self.months[day.month - 1]
            while len(slots) < count:
                scenario = month(self.rng)
                slots.append(_Slot(self._moment(day), scenario, scenario.problem))
            slots.sort(key=lambda slot: slot.at)
            for number, slot in enumerate(slots, start=1):
                sequence += 1
                row = self._case(slot, f"{spec.number_prefix}{day:%Y%m%d}{number:06d}", sequence)
                yield GeneratedCase(row, slot.problem)

    def _case(self, slot: _Slot, number: str, sequence: int) -> dict[str, Any]:
        rng, scenario = self.rng, slot.scenario
        channel = self.channels(rng)
        self._locate(slot, rng)
        caller = slot.caller or self._caller(slot, channel, sequence)
        sd = slot.subdistrict
        assert sd is not None
        with_location = rng.random() >= NO_LOCATION.get(channel, 0.04)
        kind = _pick_pairs(rng, scenario.kinds)
        text: CaseText = compose(
            rng,
            scenario,
            kind=kind,
            channel=channel,
            subdistrict=sd,
            place=slot.place,
            caller_key=caller.key,
            building=caller.building,
            text_only=not with_location,
        )
        row: dict[str, Any] = {
            "number": number,
            "received_at": slot.at,
            "channel": channel,
            "kind": kind,
            "title": text.title,
            "content": text.content,
            "category": self._category(scenario, channel),
            "urgency": _pick_pairs(rng, scenario.urgency),
        }
        row.update(_identity(caller.key, channel, rng))
        if with_location:
            row.update(self._location(sd, slot.place, text, channel))
        row.update(self._handling(slot, sd, channel))
        return row

    def _locate(self, slot: _Slot, rng: random.Random) -> None:
        """Where the case happens: its burst, its planted footprint, or the city at large."""
        if slot.subdistrict is not None:
            return
        scenario = slot.scenario
        if scenario.key in self.footprints:
            where, places = self.footprints[scenario.key]
            sd = where(rng)
            place = places[sd.code](rng)
            slot.subdistrict, slot.place = sd, place
            share = scenario.footprint.repeat_share if scenario.footprint else 0.0
            if rng.random() < share:
                size = scenario.footprint.callers_per_place if scenario.footprint else 4
                j = min(int(rng.random() ** 2 * size), size - 1)
                key = _mix(self.spec.seed, _text_key(scenario.key), _text_key(place), j)
                slot.caller = _Caller(key, place, key % 24 + 1)
            return
        sd = self._where(scenario)(rng)
        slot.subdistrict = sd
        if rng.random() < REGULAR_SHARE:
            # Regulars call again and again, mostly about their own compound.
            j = min(int(rng.random() ** 3 * REGULARS_PER_SUBDISTRICT), REGULARS_PER_SUBDISTRICT - 1)
            key = _mix(self.spec.seed, int(sd.code), j)
            home = sd.compounds[key % len(sd.compounds)]
            slot.caller = _Caller(key, home, key % 24 + 1)
            if scenario.place in {"compound", "old_compound"}:
                slot.place = home
                return
        pool = _places(sd, scenario.place)
        # Zipf over the places: some compounds and roads come up far more often.
        slot.place = (
            pool[min(int(rng.random() ** 2.2 * len(pool)), len(pool) - 1)] if pool else None
        )

    def _where(self, scenario: Scenario) -> _Pick:
        """Sub-districts weighted by population, with a few hot spots per scenario."""
        pick = self._subdistricts.get(scenario.key)
        if pick is None:
            local = random.Random(_mix(self.spec.seed, _text_key(scenario.key)))
            hot = {sd.code for sd in local.sample(self.world.subdistricts, scenario.hotspots)}
            pick = _Pick(
                (sd, sd.weight * (4.0 if sd.code in hot else 1.0)) for sd in self.world.subdistricts
            )
            self._subdistricts[scenario.key] = pick
        return pick

    def _caller(self, slot: _Slot, channel: str, sequence: int) -> _Caller:
        if self.rng.random() < ANONYMOUS.get(channel, 0.03):
            return _Caller(0)
        key = _mix(self.spec.seed, sequence, 7)
        return _Caller(key, None, key % 24 + 1)

    def _category(self, scenario: Scenario, channel: str) -> str:
        code = _pick_pairs(self.rng, scenario.categories)
        draw = self.rng.random()
        if channel == "message_board" and draw < 0.3:
            return ""
        if draw < 0.64:
            return code
        if draw < 0.9:
            return self.categories[code]
        if draw < 0.95:
            return code[:4]
        return ""

    def _location(
        self, sd: Subdistrict, place: str | None, text: CaseText, channel: str
    ) -> dict[str, Any]:
        rng = self.rng
        cells: dict[str, Any] = {"district": sd.district.name, "subdistrict": sd.name}
        if sd.communities and place and rng.random() < 0.7:
            cells["community"] = sd.communities[_text_key(place) % len(sd.communities)]
        if text.address:
            cells["address"] = text.address
        if channel in {"app", "mini_program"} and rng.random() < 0.75:
            key = _text_key(place or sd.name)
            cells["latitude"] = round(
                sd.latitude + ((key % 2001) - 1000) / 90_000 + rng.uniform(-0.0008, 0.0008), 6
            )
            cells["longitude"] = round(
                sd.longitude
                + ((key // 2001 % 2001) - 1000) / 70_000
                + rng.uniform(-0.0008, 0.0008),
                6,
            )
        return cells

    def _handling(self, slot: _Slot, sd: Subdistrict, channel: str) -> dict[str, Any]:
        """Dispatch, returns, contact, result and call-back, cut off at ``as_of`` if open."""
        rng, scenario = self.rng, slot.scenario
        handling = scenario.handling
        received: dt.datetime = slot.at
        cells: dict[str, Any] = {}
        dispatched = rng.random() < handling.dispatch
        if dispatched:
            # Written requests wait longer in the queue than calls.
            at = received + _hours(rng, 0.4 if channel in {"phone", "other"} else 4.0, 0.9)
            lead = self._unit(_pick_pairs(rng, scenario.route.lead), sd)
            returns = 0
            while returns < 3 and rng.random() < handling.returns:
                returns += 1
                at += _hours(rng, 18, 0.8)
                lead = self._unit(_pick_pairs(rng, scenario.route.lead), sd)
            coop = []
            for unit, chance in scenario.route.coop:
                code = self._unit(unit, sd)
                if code != lead and code not in coop and rng.random() < chance:
                    coop.append(code)
            dispatched_at = at
            responded = at + _hours(rng, handling.response_hours, 0.9)
            handled = responded + _hours(rng, handling.days * 24, handling.spread, cap=45 * 24)
        else:
            lead, coop, returns = "", [], 0
            dispatched_at = received
            responded = received + dt.timedelta(minutes=rng.randint(2, 9))
            handled = responded + (
                dt.timedelta(0) if rng.random() < 0.7 else _hours(rng, handling.days * 24, 0.8)
            )
        reopened = rng.random() < handling.reopen
        if reopened:
            handled += _hours(rng, handling.days * 24 * 0.8, 0.7, cap=30 * 24)
        result = _pick_pairs(rng, handling.results)
        surveyed = dispatched or rng.random() < 0.5
        closed = handled + _hours(rng, 30, 0.7, cap=7 * 24)
        resolved, satisfied = _survey(rng, result, handling) if surveyed else (None, None)
        cells.update(
            handling_unit=lead,
            cooperating_units=coop,
            dispatch_count=(1 + returns) if dispatched else 0,
            return_count=returns,
            reopened=reopened,
            responded_at=responded,
            handled_at=handled,
            closed_at=closed,
            result=result,
            resolution=self._resolution(scenario, result, dispatched),
            resolved=resolved,
            satisfied=satisfied,
        )
        as_of = self.spec.as_of
        if as_of is not None:
            _cut_off(cells, as_of, dispatched_at)
        return cells

    def _unit(self, unit: str, sd: Subdistrict) -> str:
        if unit == "SD":
            return f"SD-{sd.code}"
        if unit == "DG":
            return f"DG-{sd.district.code}"
        return unit

    def _resolution(self, scenario: Scenario, result: str, dispatched: bool) -> str:
        rng = self.rng
        question = not scenario.details and not scenario.demands
        if not dispatched:
            return f"{rng.choice(F.DIRECT_ANSWERS)}。"
        if question:
            body = rng.choice(
                scenario.explanations or F.CONSULT_ANSWERS
                if result == "explained"
                else scenario.fixes or F.CONSULT_ANSWERS
            )
            return (
                f"{rng.choice(F.CONSULT_RESOLUTION_OPENINGS)}{body}。{rng.choice(F.CALLBACK_NOTES)}"
            )
        if result == "resolved":
            body = rng.choice(scenario.fixes or F.GENERIC_FIXES)
        elif result == "partly_resolved":
            body = rng.choice(F.GENERIC_PARTLY)
        elif result == "not_resolved":
            body = rng.choice(F.GENERIC_NOT)
        else:
            body = rng.choice(scenario.explanations or F.GENERIC_EXPLAIN)
        return f"{rng.choice(F.RESOLUTION_OPENINGS)}{body}。{rng.choice(F.CALLBACK_NOTES)}"


def _cut_off(cells: dict[str, Any], as_of: dt.datetime, dispatched_at: dt.datetime) -> None:
    """A window file is an export at ``as_of``: later events have not happened yet."""
    if cells["closed_at"] <= as_of:
        return
    cells.update(closed_at=None, resolved=None, satisfied=None, reopened=False)
    if cells["handled_at"] > as_of:
        cells.update(handled_at=None, result=None, resolution=None)
    if cells["responded_at"] > as_of:
        cells.update(responded_at=None, return_count=0)
        cells["dispatch_count"] = min(cells["dispatch_count"], 1)
    if dispatched_at > as_of:
        cells.update(handling_unit="", cooperating_units=[], dispatch_count=0, return_count=0)


def _survey(rng: random.Random, result: str, handling: Any) -> tuple[bool | None, str]:
    """The call-back: did it get resolved, and is the caller satisfied?"""
    if rng.random() < 0.07:
        return None, "no_answer"
    chance = {"resolved": 0.94, "partly_resolved": 0.35, "not_resolved": 0.03}.get(
        result, handling.explained_accepted
    )
    resolved = rng.random() < chance
    mood = handling.mood
    draw = rng.random()
    if resolved:
        satisfied, basically = 0.80 + mood, 0.15
    else:
        satisfied, basically = max(0.03, 0.14 + mood), 0.32
    if draw < satisfied:
        return resolved, "satisfied"
    if draw < satisfied + basically:
        return resolved, "basically_satisfied"
    return resolved, "dissatisfied"


def _identity(key: int, channel: str, rng: random.Random) -> dict[str, str]:
    if not key:
        return {}
    surname = F.SURNAMES[key % len(F.SURNAMES)]
    given_key = key >> 12
    if channel == "phone" and given_key % 5 < 2:
        name = surname + ("先生" if given_key % 2 else "女士")
    else:
        first = F.GIVEN[given_key % len(F.GIVEN)]
        second = F.GIVEN[(given_key >> 8) % len(F.GIVEN)] if given_key % 3 else ""
        name = surname + first + second
    prefix = F.MOBILE_PREFIXES[(key >> 20) % len(F.MOBILE_PREFIXES)]
    phone = f"{prefix}{(key >> 28) % 100_000_000:08d}"
    return {
        "caller_id": f"C{key % 10_000_000_000:010d}",
        "caller_name": name,
        "caller_phone": phone,
    }


def _places(sd: Subdistrict, kind: str) -> list[str]:
    pools = {
        "compound": sd.compounds,
        "old_compound": sd.old_compounds,
        "resettlement": sd.resettlement,
        "road": sd.roads,
        "school": sd.schools,
        "kindergarten": sd.kindergartens,
        "gym": sd.gyms,
        "site": sd.sites,
        "shop": sd.shops,
        "restaurant": sd.restaurants,
        "market": sd.markets,
        "park": sd.parks,
        "hospital": sd.hospitals,
        "station": sd.stations,
    }
    return pools.get(kind, sd.compounds)


def _pick_pairs(rng: random.Random, pairs: tuple[tuple[str, float], ...]) -> str:
    if len(pairs) == 1:
        return pairs[0][0]
    total = sum(weight for _, weight in pairs)
    draw = rng.random() * total
    for item, weight in pairs:
        draw -= weight
        if draw < 0:
            return item
    return pairs[-1][0]


def _hours(
    rng: random.Random, median: float, sigma: float, *, cap: float | None = None
) -> dt.timedelta:
    hours = median * math.exp(rng.gauss(0.0, sigma))
    if cap is not None:
        hours = min(hours, cap)
    return dt.timedelta(minutes=max(5, int(hours * 60)))


def _normalised(season: tuple[float, ...]) -> tuple[float, ...]:
    mean = sum(season) / len(season)
    return tuple(value / mean for value in season)
