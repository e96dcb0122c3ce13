"""The invented but plausible places of the synthetic city: compounds, roads, schools, firms.

The districts and sub-districts are the real ones of the bundled region tree (``cases.places``); what
lies inside them (residential compounds, roads, schools, gyms, construction sites, ...) is invented
once from a fixed seed, so that every generated file, whatever its own seed, describes the same
city and a compound named in a 2025 file is the same compound in a 2026 one. Names are unique
across the city, so a name found in a complaint points to one sub-district.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from minsheng.cases.places import bundled_regions
from minsheng.hotline.synthetic.model import words

WORLD_SEED = 12345

# Rough resident populations (millions) by district code: how busy each district's lines are.
DISTRICT_POPULATION = {
    "110101": 0.70,
    "110102": 1.10,
    "110105": 3.45,
    "110106": 2.01,
    "110107": 0.56,
    "110108": 3.13,
    "110109": 0.40,
    "110111": 1.31,
    "110112": 1.84,
    "110113": 1.32,
    "110114": 2.27,
    "110115": 1.99,
    "110116": 0.44,
    "110117": 0.46,
    "110118": 0.53,
    "110119": 0.35,
}
# Approximate centres (latitude, longitude) of the districts' built-up areas.
DISTRICT_CENTRE = {
    "110101": (39.928, 116.416),
    "110102": (39.912, 116.366),
    "110105": (39.921, 116.486),
    "110106": (39.858, 116.287),
    "110107": (39.906, 116.223),
    "110108": (39.960, 116.298),
    "110109": (39.940, 116.102),
    "110111": (39.736, 116.139),
    "110112": (39.902, 116.657),
    "110113": (40.130, 116.654),
    "110114": (40.218, 116.231),
    "110115": (39.727, 116.341),
    "110116": (40.316, 116.632),
    "110117": (40.144, 117.112),
    "110118": (40.377, 116.843),
    "110119": (40.465, 115.985),
}
# Old inner districts: more six-storey walk-ups from the 1980s and work-unit compounds.
OLD_CORE = {"110101", "110102", "110105", "110106", "110107", "110108"}

WORDS = words(
    "和平 幸福 阳光 金色 华远 远洋 首开 富力 天通 龙湖 翠微 枫林 桃园 芳草 望春 锦绣 康乐 安华 青年 "
    "东方 光华 华侨 新华 建设 团结 胜利 友谊 红星 丽都 金泰 银河 星光 长安 永安 福海 瑞祥 嘉禾 润泽 "
    "明珠 紫荆 丁香 玉兰 海棠 银杏 松榆 柳荫 榆树 槐花 杏林 梅园 兰亭 清风 明月 静安 馨港 鸿运 泰和 "
    "恒通 宏达 世纪 京华 燕京 华腾 盛世 新城 北辰 南湖 西山 东湖 朝晖 晨光 曙光 育才 春晖 秋实 文华 "
    "金隅 首城 万年 百合 玫瑰 翡翠 碧水 蓝天 白云 青松 绿洲 雅居 怡景 宜家 安居 乐园 顺景 福润 "
    "凯旋 天润 通惠 永乐 昌盛 兴华 振兴 富强 光明 朝阳 红旗 前进 先锋 东升 西苑 南苑 北苑 "
    "月季 水仙 荷花 芙蓉 桂花 樱花 石榴 枣林 柿子 苹果 葡萄 鸿福 瑞安 康泰 嘉和 祥和 和谐 "
    "万科 保利 中海 金地 首创 珠江 华润 招商 绿城 融创 远大 天恒 城建 住总 建工 亿城 当代"
)
DIRECTIONS = words("东 西 南 北 中")
COMPOUND_SUFFIXES = words(
    "家园 花园 小区 苑 嘉园 佳园 名苑 雅苑 新村 公寓 里 东里 西里 南里 北里 新城 家属院 社区 园"
)
WORK_UNITS = words(
    "电力局 棉纺厂 机床厂 化工厂 铁路局 邮电局 农机所 建工局 汽车厂 钢厂 商业局 纺织局 印刷厂 "
    "粮食局 无线电厂 机械厂 自来水公司 房管所 百货公司 运输公司 电子管厂 橡胶厂 玻璃厂 仪表厂 "
    "毛纺厂 服装厂 食品厂 木材厂 煤炭局 水利局 轻工局 物资局 供销社 医药公司 电车公司 建材厂 "
    "光学仪器厂 锅炉厂 第二建筑公司 第三建筑公司"
)
ORDINALS = words("第一 第二 第三 第四 第五 第六")
ROAD_SUFFIXES = words("路 东路 西路 南路 北路 街 大街 南街 北街 东街 西街 中路 一街 二路 三路")
HUTONG_SUFFIXES = words("胡同 条 巷")
GYM_BRANDS = words("力美 动感 型动 超燃 悦跑 铁馆 健力 博力 飞扬 极速")
CHINESE_NUMERALS = words("一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五")


@dataclass(frozen=True, slots=True)
class District:
    code: str
    name: str
    short: str  # 朝阳 for 朝阳区


@dataclass(slots=True)
class Subdistrict:
    code: str
    name: str
    stem: str  # 劲松 for 劲松街道
    district: District
    weight: float
    latitude: float
    longitude: float
    communities: list[str] = field(default_factory=list)
    compounds: list[str] = field(default_factory=list)
    old_compounds: list[str] = field(default_factory=list)  # walk-ups without lifts
    resettlement: list[str] = field(default_factory=list)  # resettlement housing (回迁房)
    roads: list[str] = field(default_factory=list)
    schools: list[str] = field(default_factory=list)
    kindergartens: list[str] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)
    gyms: list[str] = field(default_factory=list)
    shops: list[str] = field(default_factory=list)
    restaurants: list[str] = field(default_factory=list)
    markets: list[str] = field(default_factory=list)
    parks: list[str] = field(default_factory=list)
    hospitals: list[str] = field(default_factory=list)
    sites: list[str] = field(default_factory=list)  # construction sites
    property_companies: list[str] = field(default_factory=list)
    stations: list[str] = field(default_factory=list)  # elderly care stations


@dataclass
class World:
    districts: dict[str, District]
    subdistricts: list[Subdistrict]

    def __post_init__(self) -> None:
        self._index = {s.code: s for s in self.subdistricts}

    def by_code(self, code: str) -> Subdistrict:
        return self._index[code]


@functools.cache
def world() -> World:
    """The synthetic city (built once per process; always the same)."""
    rng = random.Random(WORLD_SEED)
    districts: dict[str, District] = {}
    subdistricts: list[Subdistrict] = []
    communities: dict[str, list[str]] = {}
    rows = bundled_regions()
    for row in rows:
        if row["level"] == "district":
            districts[row["code"]] = District(row["code"], row["name"], row["name"][:-1])
        elif row["level"] == "community":
            communities.setdefault(row["parent_code"], []).append(row["name"])
    per_district: dict[str, int] = {}
    for row in rows:
        if row["level"] == "subdistrict":
            per_district[row["parent_code"]] = per_district.get(row["parent_code"], 0) + 1
    used: set[str] = set()
    for row in rows:
        if row["level"] != "subdistrict":
            continue
        district = districts[row["parent_code"]]
        lat, lon = DISTRICT_CENTRE[district.code]
        spread = 0.03 if district.code in OLD_CORE else 0.06
        subdistrict = Subdistrict(
            code=row["code"],
            name=row["name"],
            stem=_stem(row["name"]),
            district=district,
            weight=DISTRICT_POPULATION[district.code]
            / per_district[district.code]
            * rng.uniform(0.6, 1.4),
            latitude=round(lat + rng.uniform(-spread, spread), 5),
            longitude=round(lon + rng.uniform(-spread, spread), 5),
            communities=communities.get(row["code"], []),
        )
        _furnish(subdistrict, rng, used)
        subdistricts.append(subdistrict)
    return World(districts=districts, subdistricts=subdistricts)


def _stem(name: str) -> str:
    for suffix in ("街道", "地区", "镇", "乡"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _unique(rng: random.Random, used: set[str], make: Callable[[], str], tries: int = 60) -> str:
    for _ in range(tries):
        name = make()
        if name not in used:
            used.add(name)
            return name
    for phase in CHINESE_NUMERALS[1:]:
        name = f"{make()}{phase}期"  # a later phase of an existing estate
        if name not in used:
            used.add(name)
            return name
    raise RuntimeError("The synthetic city ran out of place names.")


def _furnish(sd: Subdistrict, rng: random.Random, used: set[str]) -> None:
    """Invent the named places of one sub-district."""
    stem, old = sd.stem, sd.district.code in OLD_CORE
    word = lambda: rng.choice(WORDS)  # noqa: E731
    numeral = lambda: rng.choice(CHINESE_NUMERALS[:9])  # noqa: E731

    sd.roads = [
        _unique(rng, used, lambda: f"{stem}{rng.choice(ROAD_SUFFIXES)}") for _ in range(2)
    ] + [_unique(rng, used, lambda: f"{word()}{rng.choice(ROAD_SUFFIXES)}") for _ in range(4)]
    if sd.district.code in {"110101", "110102"}:
        sd.roads += [
            _unique(rng, used, lambda: f"{word()}{rng.choice(HUTONG_SUFFIXES)}") for _ in range(3)
        ]
    count = rng.randint(15, 24)
    compounds = [_unique(rng, used, lambda: f"{stem}{numeral()}区") for _ in range(3 if old else 1)]
    compounds += [
        _unique(rng, used, lambda: f"{stem}{rng.choice(('北里', '南里', '西里', '东里', '小区'))}")
    ]
    while len(compounds) < count:
        if rng.random() < 0.7:
            make = lambda: f"{word()}{rng.choice(COMPOUND_SUFFIXES)}"  # noqa: E731
        else:
            make = lambda: f"{word()}{rng.choice(DIRECTIONS)}{rng.choice(('里', '苑', '区', '园'))}"  # noqa: E731
        compounds.append(_unique(rng, used, make))

    def work_unit() -> str:
        unit = rng.choice(WORK_UNITS)
        if unit.endswith("厂") and rng.random() < 0.6:
            unit = rng.choice(ORDINALS) + unit
        return f"{unit}{rng.choice(('宿舍', '家属院', '宿舍楼', '家属楼'))}"

    olds = [
        _unique(rng, used, work_unit)
        for _ in range(rng.randint(3, 6) if old else rng.randint(1, 2))
    ]
    sd.old_compounds = olds + compounds[: (4 if old else 1)]
    sd.resettlement = [
        _unique(
            rng, used, lambda: f"{stem}{rng.choice(('回迁楼', '安置房', '定向安置房', '还迁小区'))}"
        ),
        _unique(rng, used, lambda: f"{word()}{rng.choice(('家园', '嘉园', '佳苑'))}"),
    ]
    sd.compounds = compounds + olds + sd.resettlement
    sd.schools = [
        _unique(rng, used, lambda: f"{stem}{rng.choice(('小学', '中心小学', '中学', '实验学校'))}"),
        _unique(rng, used, lambda: f"{word()}{rng.choice(('小学', '中学', '学校'))}"),
    ]
    sd.kindergartens = [
        _unique(rng, used, lambda: f"{word()}{rng.choice(('幼儿园', '双语幼儿园', '艺术幼儿园'))}")
        for _ in range(2)
    ]
    sd.companies = [
        _unique(
            rng,
            used,
            lambda: (
                f"北京{word()}{rng.choice(('科技', '商贸', '建筑工程', '餐饮管理', '物流', '文化传媒', '家政服务'))}有限公司"
            ),
        )
        for _ in range(4)
    ]
    sd.gyms = [
        _unique(rng, used, lambda: f"{rng.choice(GYM_BRANDS)}健身（{stem}店）"),
        _unique(
            rng,
            used,
            lambda: f"{word()}{rng.choice(('游泳健身', '健身会所', '瑜伽馆', '健身工作室'))}",
        ),
    ]
    sd.shops = [
        _unique(
            rng,
            used,
            lambda: (
                f"{word()}{rng.choice(('美容美发', '教育', '英语', '美术培训', '洗衣店', '超市', '便利店'))}"
            ),
        )
        for _ in range(4)
    ]
    sd.restaurants = [
        _unique(
            rng,
            used,
            lambda: f"{word()}{rng.choice(('烧烤', '火锅', '饺子馆', '川菜馆', '小吃店'))}",
        )
        for _ in range(3)
    ]
    sd.markets = [
        _unique(rng, used, lambda: f"{stem}{rng.choice(('菜市场', '农贸市场', '便民市场'))}")
    ]
    sd.parks = [_unique(rng, used, lambda: f"{word()}{rng.choice(('公园', '广场', '绿地'))}")]
    sd.hospitals = [
        _unique(rng, used, lambda: f"{stem}社区卫生服务中心"),
        f"{sd.district.short}区{rng.choice(('医院', '中医医院', '妇幼保健院'))}",
    ]
    sd.sites = [
        _unique(rng, used, lambda: f"{word()}{rng.choice(('项目', '地块', '工程'))}工地")
        for _ in range(2)
    ]
    sd.property_companies = [_unique(rng, used, lambda: f"{word()}物业") for _ in range(3)]
    sd.stations = [_unique(rng, used, lambda: f"{stem}{rng.choice(('养老服务驿站', '养老驿站'))}")]
