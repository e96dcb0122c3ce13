"""Synthetic message-board exports: the shape of a city's public government message board.

Columns 留言编号, 留言用户, 留言主题, 留言时间, 留言详情 and nothing else: no location columns,
regions anonymised ("A市A3区"), estates, plants and companies named only in the words. Planted in
the background of one-off requests:

* long-running issues of one place or party (:data:`BOARD_ISSUES`): a concrete plant beside an
  estate, parking spaces sold bundled with flats, restaurant fumes under a complex, a car-loan
  fraud; each written in many ways, the place's name written in several forms, some posters
  writing again and again;
* one-off surges (a power cut, a flooded road: many messages in a day or two, each smaller);
* a person who posts many times about their own dispute (one person, many messages).

:func:`water_outage_month` writes a month with a one-week water outage at one compound, written in
many ways: the hot-issue analysis must see one issue in it, not several.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from minsheng.cases.casefile import BEIJING

HEADER = ("留言编号", "留言用户", "留言主题", "留言时间", "留言详情")


@dataclass(frozen=True)
class BoardIssue:
    """Messages about one problem of one place or party; ``{p}`` is the place as written."""

    key: str
    forms: tuple[str, ...]  # ways of writing the place ("丽发新城", "A市A3区丽发新城小区")
    titles: tuple[str, ...]
    texts: tuple[str, ...]
    messages: int
    people: int  # distinct posters (the rest are the same people writing again)
    first_day: int  # from the start of the period
    days: int


BOARD_ISSUES = (
    BoardIssue(
        "mixing_plant",
        ("丽发新城", "丽发新城小区", "A3区丽发新城", "A市A3区丽发新城小区"),
        (
            "{p}旁边的搅拌站噪音扰民",
            "投诉{p}附近宏达混凝土搅拌站",
            "{p}周边搅拌站粉尘污染严重",
            "关于{p}边上搅拌站夜间生产的问题",
            "{p}业主强烈要求搬迁宏达混凝土搅拌站",
            "宏达混凝土搅拌站严重影响{p}居民生活",
        ),
        (
            "{p}旁边的宏达混凝土搅拌站每天晚上搅拌机轰鸣，罐车进进出出，吵得睡不着觉。",
            "宏达混凝土搅拌站离{p}不到一百米，灰尘很大，窗户都不敢开，孩子老是咳嗽。",
            "{p}附近的搅拌站半夜还在生产，噪音加上粉尘，业主苦不堪言，多次反映没有结果。",
            "我住在{p}，隔壁搅拌站的水泥罐车日夜运输，路面全是泥浆，噪声超标。",
            "宏达混凝土搅拌站手续是否齐全？紧挨着{p}居民楼，扬尘和噪音严重影响健康。",
        ),
        messages=67,
        people=41,
        first_day=60,
        days=200,
    ),
    BoardIssue(
        "bundled_parking",
        ("金色家园", "金色家园小区", "A市金色家园"),
        (
            "{p}开发商捆绑销售车位",
            "{p}买房必须买车位合理吗",
            "投诉{p}车位只售不租",
            "{p}强制捆绑出售车位",
            "关于{p}车位捆绑销售的问题",
        ),
        (
            "{p}开发商要求买房必须同时购买车位，不买车位就不给签合同，这是捆绑销售。",
            "我在{p}买房，售楼处说车位和房子一起卖，车位二十万，不买就不卖房。",
            "{p}的地下车位只卖不租，开发商还要求业主把车位和房子打包买，请相关部门查处。",
            "{p}开发商把车位跟房屋捆绑，违反规定，业主多次投诉没人管。",
        ),
        messages=57,
        people=35,
        first_day=120,
        days=120,
    ),
    # A second problem of the same estate: it must stay apart from the parking spaces.
    BoardIssue(
        "broken_lifts",
        ("金色家园", "金色家园小区"),
        ("{p}电梯经常坏", "{p}电梯故障困人", "{p}电梯维修不及时"),
        (
            "{p}3号楼电梯一个月坏了五次，昨天还困了人，物业只说在报修。",
            "{p}的电梯老是停运，老人抱着孩子爬二十层楼，维保单位不作为。",
            "{p}电梯故障频发，存在安全隐患，请质监部门检查。",
        ),
        messages=26,
        people=19,
        first_day=150,
        days=100,
    ),
    BoardIssue(
        "restaurant_fumes",
        ("碧水名苑", "碧水名苑小区", "A5区碧水名苑"),
        (
            "{p}楼下餐馆油烟扰民",
            "{p}底商饭店油烟直排",
            "投诉{p}一楼烧烤店油烟",
            "{p}楼下的饭店油烟太大",
        ),
        (
            "{p}一楼开了好几家饭店，油烟直接往楼上排，家里窗户都是油。",
            "{p}楼下的餐馆没有装油烟净化器，每天中午晚上油烟呛人。",
            "我家住{p}二楼，楼下烧烤店油烟和噪音到半夜，无法开窗。",
            "{p}底商餐饮油烟直排，多次向物业反映无果，希望环保部门处理。",
        ),
        messages=31,
        people=20,
        first_day=150,
        days=90,
    ),
    BoardIssue(
        "car_loan_fraud",
        ("融通车贷", "融通车贷公司", "融通车贷平台"),
        (
            "{p}涉嫌诈骗",
            "被{p}骗了",
            "举报{p}非法集资",
            "{p}跑路了投资人怎么办",
        ),
        (
            "我在{p}投资了五万元，现在平台无法提现，客服联系不上，怀疑是诈骗。",
            "{p}以高息为诱饵吸收资金，现在老板失联，请公安立案侦查。",
            "本人是{p}的受害人，借款到期不还，很多投资人血本无归。",
            "{p}的出借人要求警方尽快追回资金，已经报案但没有进展。",
        ),
        messages=18,
        people=16,
        first_day=200,
        days=60,
    ),
)

# One-off surges: many messages in a day or two, fewer than the planted issues.
SURGES = (
    BoardIssue(
        "power_cut",
        ("幸福花园",),
        ("{p}突然停电", "{p}停电了"),
        ("{p}从中午开始停电，冰箱里的东西都坏了。", "{p}整栋楼停电，电梯停运，老人下不了楼。"),
        messages=11,
        people=10,
        first_day=100,
        days=1,
    ),
    BoardIssue(
        "flooded_road",
        ("建设路",),
        ("{p}积水严重", "{p}下雨就淹"),
        ("昨天暴雨，{p}积水到膝盖，车辆熄火。", "{p}排水不畅，一下雨就成河，行人无法通行。"),
        messages=9,
        people=9,
        first_day=190,
        days=2,
    ),
)
# One person writing about their own dispute, again and again.
PERSISTENT = BoardIssue(
    "persistent_poster",
    ("阳光公寓",),
    ("{p}房东不退押金", "再次反映{p}押金问题"),
    ("我租住{p}，房东至今不退押金，已经多次反映。", "{p}押金纠纷至今没有处理。"),
    messages=14,
    people=1,
    first_day=30,
    days=250,
)

# Background: one-off requests about many places.
PLACE_STEMS = "安华平和顺康泰瑞丰盛兴隆永乐福寿龙凤春秋明德仁义青松翠柏东方红星光华金银玉宝"
PLACE_ENDINGS = ("小区", "家园", "花园", "新村", "公寓", "嘉园")
ROAD_ENDINGS = ("路", "大街")
BACKGROUND = (
    ("{p}物业不作为", "{p}物业服务差，卫生没人打扫，保安形同虚设。"),
    ("{p}电梯经常故障", "{p}的电梯三天两头坏，老人上下楼很困难。"),
    ("{p}垃圾清运不及时", "{p}垃圾桶满了好几天没人清运，臭气熏天。"),
    ("{p}路灯不亮", "{p}附近路灯坏了很久，晚上出行不安全。"),
    ("{p}道路坑洼不平", "{p}路面破损严重，坑洼积水，电动车容易摔倒。"),
    ("咨询{p}附近学校学位", "孩子明年上小学，住在{p}，想问划片到哪所学校。"),
    ("{p}楼道堆放杂物", "{p}楼道里堆满杂物，存在消防隐患。"),
    ("{p}违章搭建", "{p}一楼住户私自扩建，占用公共绿地。"),
    ("{p}供暖不热", "{p}暖气温度只有十几度，家里很冷。"),
    ("{p}小区停车难", "{p}车位太少，晚上回来没地方停车。"),
    ("{p}附近公交站太远", "建议在{p}附近增设公交站点，方便居民出行。"),
    ("{p}装修噪音", "{p}楼上装修从早到晚电钻声不断，周末也不停。"),
    ("拖欠工资", "我在一家装修公司打工，老板拖欠三个月工资不给。"),
    ("咨询社保转移", "从外地调到A市工作，社保怎么转移接续？"),
    ("公积金提取问题", "想提取公积金付房租，需要什么材料？"),
    ("{p}宠物狗扰民", "{p}有住户养大型犬不拴绳，夜里狗叫不停。"),
    ("{p}自来水发黄", "{p}自来水有时候发黄，有异味，担心水质。"),
    ("{p}共享单车乱停放", "{p}门口共享单车乱停，堵住人行道。"),
)


@dataclass
class BoardSpec:
    start: dt.date
    end: dt.date  # included
    messages: int  # background messages (planted ones come on top)
    seed: int = 1
    issues: tuple[BoardIssue, ...] = BOARD_ISSUES + SURGES + (PERSISTENT,)
    extra: list[BoardIssue] = field(default_factory=list)


def write_board(spec: BoardSpec, path: Path) -> dict[str, list[str]]:
    """Write the export (CSV, UTF-8); returns the message numbers of each planted issue."""
    rows = sorted(_messages(spec), key=lambda row: (row[3], row[0]))
    truth: dict[str, list[str]] = {}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number, (key, user, title, moment, text) in enumerate(rows, start=1):
            identifier = f"L{number:07d}"
            writer.writerow((identifier, user, title, moment, text))
            if key:
                truth.setdefault(key, []).append(identifier)
    return truth


def water_outage_month(path: Path, *, seed: int = 3, background: int = 3000) -> list[str]:
    """A month with a one-week water outage at one compound (160 messages); returns their
    numbers."""
    spec = BoardSpec(dt.date(2026, 7, 1), dt.date(2026, 7, 31), background, seed, (WATER_OUTAGE,))
    return write_board(spec, path)[WATER_OUTAGE.key]


WATER_OUTAGE = BoardIssue(
    "water_outage",
    ("瑞祥嘉园", "瑞祥嘉园小区", "A2区瑞祥嘉园", "瑞祥嘉园东区"),
    (
        "{p}停水",
        "{p}突然停水",
        "{p}没有水了",
        "{p}停水好几天了",
        "{p}什么时候来水",
        "{p}供水中断",
        "{p}水管爆裂停水",
        "{p}连续停水无人管",
        "强烈要求{p}尽快恢复供水",
        "{p}停水没有送水车",
    ),
    (
        "{p}从前天开始停水，事先没有任何通知，做饭洗漱都成问题。",
        "{p}整个小区都没水了，物业说是管道爆裂在抢修，不知道什么时候来水。",
        "{p}已经停水三天了，家里有老人孩子，生活很不方便，也没有送水车。",
        "{p}供水中断，打自来水公司电话说在抢修，到现在还没恢复。",
        "{p}又停水了，楼上住户厕所都没法冲，请尽快恢复供水。",
        "我住{p}，这周一直没水，买桶装水都买不到了，谁来管管？",
        "{p}二次供水泵房坏了，高层一滴水都没有，物业推说不归他们管。",
        "{p}停水快一个星期了，只有晚上来一会儿水，水压很低。",
    ),
    messages=160,
    people=120,
    first_day=18,
    days=7,
)


def _messages(spec: BoardSpec) -> Iterator[tuple[str, str, str, str, str]]:
    rng = random.Random(spec.seed)
    days = (spec.end - spec.start).days + 1
    places = _background_places(rng, 400)
    users = [f"A{rng.randrange(10**8, 10**9)}" for _ in range(spec.messages)]
    for _ in range(spec.messages):
        title, text = rng.choice(BACKGROUND)
        place = rng.choice(places)
        moment = _moment(rng, spec.start, rng.randrange(days))
        user = rng.choice(users)
        yield "", user, title.format(p=place), moment, _with_area(rng, text.format(p=place))
    for issue in (*spec.issues, *spec.extra):
        yield from _planted(rng, spec, issue)


def _planted(
    rng: random.Random, spec: BoardSpec, issue: BoardIssue
) -> Iterator[tuple[str, str, str, str, str]]:
    posters = [f"A{rng.randrange(10**8, 10**9)}" for _ in range(issue.people)]
    for m in range(issue.messages):
        # Every poster writes once; the remaining messages are some of them writing again.
        user = posters[m] if m < len(posters) else rng.choice(posters[: max(1, issue.people // 3)])
        day = issue.first_day + rng.randrange(issue.days)
        day = min(day, (spec.end - spec.start).days)
        place = rng.choice(issue.forms)
        title = rng.choice(issue.titles).format(p=place)
        text = rng.choice(issue.texts).format(p=place)
        if rng.random() < 0.5:
            text += rng.choice(("希望尽快解决。", "请相关部门处理。", "盼复！", "谢谢领导。"))
        yield issue.key, user, title, _moment(rng, spec.start, day), text


def _background_places(rng: random.Random, count: int) -> list[str]:
    places: set[str] = set()
    while len(places) < count:
        stem = "".join(rng.sample(PLACE_STEMS, 2))
        ending = rng.choice(PLACE_ENDINGS if rng.random() < 0.8 else ROAD_ENDINGS)
        places.add(stem + ending)
    return sorted(places)


def _with_area(rng: random.Random, text: str) -> str:
    return f"A市A{rng.randint(1, 9)}区{text}" if rng.random() < 0.3 else text


def _moment(rng: random.Random, start: dt.date, day: int) -> str:
    moment = dt.datetime.combine(start + dt.timedelta(days=day), dt.time(0), tzinfo=BEIJING)
    moment += dt.timedelta(seconds=rng.randrange(6 * 3600, 23 * 3600))
    return moment.strftime("%Y/%m/%d %H:%M:%S")
