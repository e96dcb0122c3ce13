"""Recognising places in complaint text: districts, sub-districts, and the names that decide.

Many exports (message boards, older systems) carry no location columns: the place is in the
words, "朝阳区劲松八区3号楼" or "力美健身（劲松店）". Two things are recognised here:

* region names (districts, sub-districts and townships) from the region tree;
* named places by their endings (…小区, …家园, …东里, …路, …小学, …健身（…店）, …项目工地,
  …有限公司, …). A name is cut after the last lead-in word ("其居住的", "位于") and kept only if
  something specific is left ("我们小区" is not a name).

Each named place is reported with its kind and replaced, for the topic analysis, by a generic word
of that kind ("小区", "健身房", "工地"): the problem stays, the address goes.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass

from minsheng.regions.bundled import BEIJING_CSV

# (ending, kind) — longer endings first; a kind's generic word replaces the name in the text.
ENDINGS: tuple[tuple[str, str], ...] = (
    (r"健身（[^）]{1,8}店）", "gym"),
    (r"健身\([^)]{1,8}店\)", "gym"),
    (r"游泳健身|健身会所|健身工作室|瑜伽馆", "gym"),
    (r"(?:项目|工程|地块)工地", "site"),
    (r"有限公司", "company"),
    (r"社区卫生服务中心|中医医院|妇幼保健院|医院", "hospital"),
    (r"养老服务驿站|养老驿站", "station"),
    (r"菜市场|农贸市场|便民市场|超市|便利店", "market"),
    (r"美容美发|美发店|美容店|洗衣店|美术培训|培训中心|培训学校|教育|英语", "shop"),
    (r"小吃店|饺子馆|川菜馆|火锅|烧烤|餐厅|饭店", "restaurant"),
    (r"公园|广场(?!舞)|绿地", "park"),
    (r"双语幼儿园|艺术幼儿园|幼儿园", "kindergarten"),
    (r"实验学校|中心小学|小学|中学|学校", "school"),
    (r"还迁小区|回迁楼|安置房|定向安置房", "compound"),
    (r"家属院|家属楼|宿舍楼|宿舍", "compound"),
    (r"家园|花园|嘉园|佳园|佳苑|名苑|雅苑|新村|新城|公寓|小区", "compound"),
    (r"[东西南北中](?:里|苑|园|区)", "compound"),
    (r"[一二三四五六七八九十]+区", "compound"),
    (r"苑", "compound"),
    (
        r"(?:大街|[东西南北中一二三四五六七八九]街|街)(?![道头坊区面])"
        r"|(?:[东西南北中一二三四五六七八九]路|路)(?![灯口面边段上下线过人费牌况由径程途桥])"
        r"|胡同|巷",
        "road",
    ),
)
GENERIC_WORDS = {
    "compound": "小区",
    "road": "道路",
    "school": "学校",
    "kindergarten": "幼儿园",
    "gym": "健身房",
    "site": "工地",
    "company": "公司",
    "hospital": "医院",
    "station": "养老驿站",
    "market": "市场",
    "park": "公园",
    "shop": "商户",
    "restaurant": "餐馆",
}
# Endings are found first, then the name is read backwards over the Chinese characters before
# them (at most ten): one scan of the text instead of a backtracking search.
ENDING_PATTERN = re.compile(
    # The look-ahead lets most positions fail on one character class.
    # (Every Chinese character of the endings: a superset of the ones they start with.)
    "(?=["
    + "".join(sorted(set(re.findall(r"[\u4e00-\u9fff]", "".join(e for e, _ in ENDINGS)))))
    + "])"
    "(?:" + "|".join(f"(?P<k{i}>{ending})" for i, (ending, _) in enumerate(ENDINGS)) + ")"
    r"(?P<phase>[一二三四五六七八九十]期)?"
)
KIND_OF_GROUP = {f"k{i}": kind for i, (_, kind) in enumerate(ENDINGS)}
# Words after which a name starts: "其居住的|瑞祥嘉园", "位于|京华东街", "孩子今年上|…".
LEAD_INS = re.compile(
    r".*(?:反映|表示|位于|附近|门口|对面|旁边|所在|咨询|询问|请问|靠近|关于|投诉|举报|一下|调整|建议|增设|延伸|打通|"
    r"[我你他她它们想要去来在的了是有没不很都就还也又把被给让跟与对从到为于以今年上住称说：:])"
)
# Prefixes that leave nothing specific: "我们小区", "这条路", "公办幼儿园".
GENERIC_PREFIXES = {
    "我们",
    "我家",
    "咱们",
    "该",
    "这个",
    "那个",
    "整个",
    "本",
    "这",
    "那",
    "其",
    "各",
    "新",
    "老",
    "老旧",
    "周边",
    "附近",
    "公办",
    "民办",
    "普惠性",
    "普惠",
    "私立",
    "一所",
    "这所",
    "隔壁",
    "同一",
    "其他",
    "好几个",
    "很多",
    "一些",
    "多个",
    "几个",
    "所有",
    "市",
    "区",
    "城区",
    "马",
    "道",
    "公",
    "走",
    "线",
    "电",
    "铁",
    "网",
    "出",
    "水",
    "思",
    "上",
    "逛",
    "沿",
    "临",
    "马上",
    "一条",
    "这条",
    "那条",
    "这段",
    "一段",
    "路口",
    "小",
    "中",
    "大",
    "学",
    "医",
    "去",
    "回",
    "健身",
    "幼儿",
    "一家",
    "这家",
    "那家",
    "小区",
    "社区",
    "楼下",
    "楼上",
    "门",
    "家",
    "居民",
    "业主",
    "住户",
    "孩子",
    "家长",
    "上下班",
    "回家",
    "出门",
    "过",
    "校外",
    "培训",
    "哪些",
    "哪个",
    "哪家",
    "什么",
    "那些",
    "这些",
    "外语",
    "少儿",
    "儿童",
    "职业",
    "学历",
    "义务",
    "学前",
    "家庭",
    "网上",
    "线上",
    "继续",
}
NOT_ROADS = re.compile(
    r"^(?:\d+|[一二三四五六七八九十百]+)路$"
    r"|(?:公交|线路|电路|水路|网络|铁路|道路|马路|公路|跑路|走路|出路|让路|修路|带路|铺路|绕路|"
    r"过路|拦路|挡路|上街|逛街|沿街|临街)$"
)


@functools.cache
def bundled_regions() -> tuple[dict[str, str], ...]:
    """The rows of the bundled region tree (code, name, level, parent_code, …), read once."""
    with BEIJING_CSV.open(encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    district_code: str  # the district itself for districts


@dataclass(frozen=True, slots=True)
class Mention:
    name: str  # "" for a generic mention ("我们小区")
    kind: str


class Gazetteer:
    """District and sub-district names, found in text by one regular expression."""

    def __init__(self, districts: list[Region], subdistricts: list[Region]) -> None:
        self.districts = {r.code: r for r in districts}
        self.subdistricts = {r.code: r for r in subdistricts}
        self._by_name: dict[str, list[Region]] = {}
        for region in [*districts, *subdistricts]:
            self._by_name.setdefault(region.name, []).append(region)
        names = sorted(self._by_name, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, names)))

    @classmethod
    @functools.cache
    def default(cls) -> Gazetteer:
        """The bundled region tree (no database needed, so files can be analysed anywhere)."""
        districts, subdistricts = [], []
        for row in bundled_regions():
            if row["level"] == "district":
                districts.append(Region(row["code"], row["name"], row["code"]))
            elif row["level"] == "subdistrict":
                subdistricts.append(Region(row["code"], row["name"], row["parent_code"]))
        return cls(districts, subdistricts)

    def regions_in(self, text: str) -> tuple[list[Region], str]:
        """The regions named in ``text`` and the text without them."""
        found = [region for m in self._pattern.finditer(text) for region in self._by_name[m[0]]]
        return found, self._pattern.sub("，", text) if found else text

    def district(self, value: str | None) -> Region | None:
        """A district given by code or name (as in a file's column)."""
        if not value:
            return None
        if value in self.districts:
            return self.districts[value]
        regions = [r for r in self._by_name.get(value, []) if r.code in self.districts]
        return regions[0] if regions else None

    def subdistrict(self, value: str | None, district: Region | None = None) -> Region | None:
        """A sub-district by code or name; a name shared by two districts needs the district."""
        if not value:
            return None
        if value in self.subdistricts:
            return self.subdistricts[value]
        regions = [r for r in self._by_name.get(value, []) if r.code in self.subdistricts]
        if district is not None:
            regions = [r for r in regions if r.district_code == district.code]
        return regions[0] if len(regions) == 1 else None


def find_places(text: str) -> tuple[list[Mention], str]:
    """Named places in ``text`` and the text with each replaced by its generic word."""
    mentions: list[Mention] = []
    pieces: list[str] = []
    position = 0
    for match in ENDING_PATTERN.finditer(text):
        start = match.start()
        first = start
        while first > position and start - first < 10 and _is_chinese(text[first - 1]):
            first -= 1
        if start - first < 2:
            continue  # "小区" alone, or right after another name
        groups = match.groupdict()
        kind = KIND_OF_GROUP[next(g for g, v in groups.items() if v is not None and g != "phase")]
        prefix = _trim(text[first:start])
        end = match.end()
        # "南苑" + "九区": an ending right after an ending belongs to the same name.
        following = ENDING_PATTERN.match(text, end)
        while following and following.end() - end <= 4:
            end = following.end()
            following = ENDING_PATTERN.match(text, end)
        name = _name(prefix, text[start:end], kind)
        if name is None and kind == "road":
            continue  # "马路", "23路": not a place at all
        mentions.append(Mention(name or "", kind))
        pieces.append(text[position : start - len(prefix)])
        pieces.append(GENERIC_WORDS[kind])
        position = end
    if not mentions:
        return mentions, text
    pieces.append(text[position:])
    return mentions, "".join(pieces)


def _is_chinese(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _trim(prefix: str) -> str:
    """Drop the words before the name: "其居住的瑞祥" -> "瑞祥"."""
    lead = LEAD_INS.match(prefix)
    return prefix[lead.end() :] if lead else prefix


def _name(prefix: str, ending: str, kind: str) -> str | None:
    if prefix in GENERIC_PREFIXES or not prefix:
        return None
    if kind == "road":
        name = prefix + ending
        if len(prefix) < 2 or NOT_ROADS.search(name):
            return None
        return name
    if len(prefix) < 2 and not re.match(r"[一二三四五六七八九十]", ending):
        return None
    return prefix + ending
