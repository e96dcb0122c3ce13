"""Composing a case's title, content and address from a scenario's fragments.

Content = an opening in the channel's voice + the scenario's statement (with the place) + maybe a
detail or two + maybe how long it has lasted + a demand + a closing. Slots such as ``{compound}``
are filled lazily from the case's sub-district, so only the names a fragment uses are drawn.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from minsheng.hotline.synthetic import fragments as F
from minsheng.hotline.synthetic.model import Scenario
from minsheng.hotline.synthetic.places import Subdistrict

WRITTEN = {"web", "app", "mini_program", "message_board"}
CONSULT_OPENINGS = (
    "市民来电咨询：",
    "来电人咨询：",
    "来电咨询，",
    "市民来电询问：",
    "来电人询问，",
)
AMOUNTS = (
    "2000",
    "3680",
    "4800",
    "5000",
    "6800",
    "8000多",
    "9600",
    "1.2万",
    "两万多",
    "3万",
    "1500",
    "12000",
    "2.6万",
)
COUNTS = ("十几", "二十多", "30", "四五十", "8", "12", "六七", "上百")


@dataclass(frozen=True, slots=True)
class CaseText:
    title: str
    content: str
    address: str


class _Slots(dict[str, str]):
    """Slot values for one case, drawn on first use."""

    def __init__(
        self,
        rng: random.Random,
        sd: Subdistrict,
        place: str | None,
        voice: str,
        caller_key: int,
        building: int,
        text_only: bool,
        place_kind: str,
    ) -> None:
        super().__init__()
        self.rng, self.sd, self.place, self.voice = rng, sd, place, voice
        self.caller_key, self.building, self.text_only = caller_key, building, text_only
        self.place_kind = place_kind

    def __missing__(self, key: str) -> str:
        value = getattr(self, f"_{key}")()
        self[key] = value
        return value

    def _compound(self) -> str:
        if self.place_kind in {"compound", "old_compound", "resettlement"} and self.place:
            return self.place
        return self._stable(self.sd.compounds)

    def _stable(self, pool: list[str]) -> str:
        """Regular callers keep naming the same places."""
        if self.caller_key and self.rng.random() < 0.8:
            return pool[(self.caller_key >> 5) % len(pool)]
        return self.rng.choice(pool)

    def _primary(self) -> str:
        return self.place or self._compound()

    def _loc(self) -> str:
        """The place as people name it: sometimes with district and sub-district."""
        sd, draw = self.sd, self.rng.random()
        place = self._primary()
        if self.place_kind == "road":
            place = self["road"]
        if self.text_only:
            if draw < 0.45:
                return f"{sd.district.name}{sd.name}{place}"
            if draw < 0.7:
                return f"{sd.district.name}{place}"
            return place
        if draw < 0.3:
            return f"{sd.district.name}{sd.name}{place}"
        if draw < 0.42:
            return f"{sd.name}{place}"
        return place

    def _road(self) -> str:
        if self.place_kind == "road" and self.place:
            return self.place
        return self._stable(self.sd.roads)

    def _road2(self) -> str:
        others = [road for road in self.sd.roads if road != self["road"]]
        return self.rng.choice(others or self.sd.roads)

    def _building(self) -> str:
        number = self.building if self.caller_key and self.building else self.rng.randint(1, 24)
        return f"{number}号楼"

    def _entrance(self) -> str:
        return f"{self.rng.randint(1, 6)}单元"

    def _floor(self) -> str:
        return f"{self.rng.randint(1, 6)}{self.rng.choice(('层', '楼'))}"

    def _room(self) -> str:
        return f"{self.rng.randint(1, 6)}0{self.rng.randint(1, 4)}室"

    def _pick(self, pool: list[str]) -> str:
        if self.place and self.place in pool:
            return self.place
        return self.rng.choice(pool)

    def _school(self) -> str:
        return self._pick(self.sd.schools)

    def _kindergarten(self) -> str:
        return self._pick(self.sd.kindergartens)

    def _company(self) -> str:
        return self._pick(self.sd.companies)

    def _gym(self) -> str:
        return self._pick(self.sd.gyms)

    def _shop(self) -> str:
        return self._pick(self.sd.shops)

    def _restaurant(self) -> str:
        return self._pick(self.sd.restaurants)

    def _market(self) -> str:
        return self._pick(self.sd.markets)

    def _park(self) -> str:
        return self._pick(self.sd.parks)

    def _hospital(self) -> str:
        return self._pick(self.sd.hospitals)

    def _site(self) -> str:
        return self._pick(self.sd.sites)

    def _station(self) -> str:
        return self._pick(self.sd.stations)

    def _property(self) -> str:
        return self._stable(self.sd.property_companies)

    def _bus(self) -> str:
        return f"{self.rng.choice((self.rng.randint(1, 999), self.rng.randint(300, 990)))}路公交车"

    def _stop(self) -> str:
        return f"{self.rng.choice((self['road'], self['compound']))}公交站"

    def _district(self) -> str:
        return self.sd.district.name

    def _subdistrict(self) -> str:
        return self.sd.name

    def _I(self) -> str:  # the slot is called {I}
        return "我" if self.voice == "written" else "来电人"

    def _we(self) -> str:
        return "我们" if self.voice == "written" else self.rng.choice(("居民们", "他们"))

    def _age(self) -> str:
        return str(self.rng.randint(66, 93))

    def _amount(self) -> str:
        return self.rng.choice(AMOUNTS)

    def _count(self) -> str:
        return self.rng.choice(COUNTS)

    def _months(self) -> str:
        return self.rng.choice(F.MONTH_SPANS)

    def _days(self) -> str:
        return self.rng.choice(F.DAY_SPANS)

    def _years(self) -> str:
        return self.rng.choice(F.YEAR_SPANS)

    def _since(self) -> str:
        return self.rng.choice(F.SINCE)

    def _times(self) -> str:
        return self.rng.choice(F.TIMES)

    def _hours(self) -> str:
        return self.rng.choice(
            ("两个多小时", "五六个小时", "一上午", "一整天", "十几个小时", "大半天")
        )

    def _time(self) -> str:
        return self.rng.choice(("今天早上", "昨天晚上", "今天上午", "中午", "凌晨", "昨天下午"))

    def _temp(self) -> str:
        return str(self.rng.randint(12, 16))

    def _price(self) -> str:
        return self.rng.choice(("1.2", "1.5", "1.8", "2.2"))

    def _price2(self) -> str:
        return self.rng.choice(("2.5", "2.8", "3.2", "3.5"))


def compose(
    rng: random.Random,
    scenario: Scenario,
    *,
    kind: str,
    channel: str,
    subdistrict: Subdistrict,
    place: str | None,
    caller_key: int,
    building: int,
    text_only: bool,
) -> CaseText:
    voice = "written" if channel in WRITTEN else "phone"
    slots = _Slots(rng, subdistrict, place, voice, caller_key, building, text_only, scenario.place)
    chronic = scenario.footprint is not None
    parts = [_opening(rng, voice, channel, kind)]
    statement = rng.choice(scenario.texts)
    parts.append(statement)
    question = not scenario.details and not scenario.demands
    if question:
        parts.append(rng.choice(("。", "？", "。")))
    else:
        details = list(scenario.details)
        if details and rng.random() < (0.65 if chronic else 0.45):
            parts.append(rng.choice(("，", "。")))
            parts.append(details.pop(rng.randrange(len(details))))
            if chronic and details and rng.random() < 0.3:
                parts.append("，")
                parts.append(rng.choice(details))
        if rng.random() < (0.55 if chronic else 0.22):
            parts.append("。")
            if chronic and rng.random() < 0.7:
                pool = F.CHRONIC_DURATIONS
            else:
                pool = F.LONG_DURATIONS if scenario.handling.days >= 5 else F.DURATIONS
            parts.append(rng.choice(pool))
        if rng.random() < 0.85:
            parts.append("，")
            demands = scenario.demands
            parts.append(
                rng.choice(demands)
                if demands and rng.random() < 0.75
                else rng.choice(F.GENERIC_DEMANDS)
            )
        parts.append("。")
    if rng.random() < 0.6:
        if question and voice == "phone":
            parts.append(rng.choice(F.CONSULT_CLOSINGS) if rng.random() < 0.4 else "")
        else:
            parts.append(rng.choice(F.PHONE_CLOSINGS if voice == "phone" else F.WRITTEN_CLOSINGS))
    content = "".join(parts).format_map(slots)
    title = rng.choice(scenario.titles).format_map(slots)
    if channel == "message_board":
        draw = rng.random()
        if draw < 0.3:
            title = f"关于{title}的问题"
        elif draw < 0.45:
            title = f"{title}，盼解决！"
    return CaseText(title=title, content=content, address=_address(rng, slots, scenario.place))


def _opening(rng: random.Random, voice: str, channel: str, kind: str) -> str:
    if voice == "phone":
        if kind == "consultation":
            return rng.choice(CONSULT_OPENINGS)
        return rng.choice(F.PHONE_OPENINGS) if rng.random() < 0.9 else ""
    if channel == "message_board" and rng.random() < 0.7:
        return rng.choice(F.BOARD_OPENINGS)
    return rng.choice(F.WRITTEN_OPENINGS) if rng.random() < 0.6 else ""


def _address(rng: random.Random, slots: _Slots, place_kind: str) -> str:
    sd = slots.sd
    if place_kind in {"compound", "old_compound", "resettlement"}:
        base = f"{sd.district.name}{sd.name}{slots['compound']}"
        return base + slots["building"] if rng.random() < 0.7 else base
    if place_kind == "road":
        return f"{sd.district.name}{slots['road']}" + (
            f"与{slots['road2']}交叉口" if rng.random() < 0.4 else f"{rng.randint(1, 200)}号附近"
        )
    if place_kind == "none":
        return ""
    place = slots.place or slots["compound"]
    return f"{sd.district.name}{sd.name}{place}"
