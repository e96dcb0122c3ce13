"""Places and parties named in complaint text, under one name each.

Message-board exports carry no location columns and name the place or the party only in the
words: "A市A3区丽发新城小区旁边的宏达混凝土搅拌站", "XX车贷公司". This module finds

* the named places of :func:`minsheng.cases.places.find_places` (compounds, roads, schools, …);
* parties those endings leave out: plants, projects, companies, platforms, shops;
* anonymised regions as public exports write them ("A市", "A3区", "B7县").

and gives near-identical names one key ("丽发新城" / "丽发新城小区" / "A市丽发新城"), so that
the people writing about one place are counted together whatever they call it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from minsheng.cases.places import GENERIC_PREFIXES, LEAD_INS, Gazetteer, Mention, find_places

# "A市", "A3区", "K8县", "C2镇": letters (and digits) standing for a real name.
ANONYMISED = re.compile(r"[A-Z]{1,2}\d{0,3}(?:市|区|县|镇|乡|街道)")
# Parties the place endings leave out; read backwards over the Chinese before them.
PARTY_ENDINGS = re.compile(
    r"(?P<plant>搅拌站|搅拌厂|混凝土站|沥青站|加工厂|化工厂|垃圾站|垃圾场|焚烧厂|养殖场|电厂|钢厂|工厂)"
    r"|(?P<project>项目|楼盘)"
    r"|(?P<company>(?:有限)?公司|集团|车贷|金服|平台|理财)"
    r"|(?P<shop>4S店|酒店|宾馆|商场|KTV|ktv|浴场|网吧|酒吧|大排档|烧烤店|饭馆|餐馆|饭店)"
)
# Words that end a name's reading: "投诉|宏达混凝土搅拌站", "我家楼下的|大排档".
NAME_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
# Parts of a name that do not tell two places apart: "丽发新城小区" is "丽发新城".
SUFFIXES = re.compile(
    r"(?:小区|社区|片区|店|[东西南北中]区|一期|二期|三期|[一二三四五六七八九十]期|项目|工地|楼盘|有限公司|公司)$"
)
# Phrases that look like names but point at none: "一家装修公司", "哪所学校", "占用公共绿地".
NOT_A_NAME = re.compile(
    r"^(?:[一哪这那每某几多各本该其][家所个座条栋处间片些]|占用|私自|公共|附近|周边|楼下|门口)"
)
# Words before a party that the place lead-ins leave: "希望|热力公司", "开了一家|小餐馆".
PARTY_LEAD_INS = re.compile(r".*(?:希望|要求|请|找|联系|通知|催促|开了?一?家|经营|举报|投诉)")
# A head that tells two places apart: "第一|光学仪器厂家属院" is not "第五|光学仪器厂家属院".
DISTINCT_HEAD = re.compile(r"(?:第?[一二三四五六七八九十百\d]+|[A-Za-z])$")
# Kinds coarser than a place: a district or township ("A3区"), a whole city ("A市").
AREA = "area"
CITY = "city"
MIN_KEY = 3  # a name shorter than this ("新城") says too little to stand for one place


@dataclass(frozen=True, slots=True)
class Party:
    name: str  # as written, trimmed of the words before it
    kind: str  # a place kind of places.ENDINGS, plant, project, company, shop, or area
    key: str  # the name without region codes and suffixes: one key for near-identical names


def find_parties(text: str) -> list[Party]:
    """Places, parties and anonymised areas named in ``text``, each once, in order of mention."""
    areas = ANONYMISED.findall(text)
    # Regions are cut out first so that "A市丽发新城" and "昌平区天通苑" read as the place.
    cleaned = ANONYMISED.sub("，", text) if areas else text
    _, cleaned = Gazetteer.default().regions_in(cleaned)
    mentions, _ = find_places(cleaned)
    return parties_in(areas, mentions, cleaned)


def parties_in(areas: list[str], mentions: list[Mention], cleaned: str) -> list[Party]:
    """:func:`find_parties` from a text already read: its anonymised ``areas``, its place
    ``mentions``, and the text ``cleaned`` of areas and regions (``TextAnalyser`` has them)."""
    found = [Party(area, CITY if area.endswith("市") else AREA, area) for area in areas]
    named = [(m.name, m.kind) for m in mentions if m.name] + _other_parties(cleaned)
    for name, kind in named:
        lead = PARTY_LEAD_INS.match(name)
        name = name[lead.end() :] if lead else name
        if len(name) >= MIN_KEY and not NOT_A_NAME.match(name):
            found.append(Party(name, kind, name_key(name)))
    return _unique(found)


def name_key(name: str) -> str:
    """The key under which near-identical names of one place are counted."""
    key = ANONYMISED.sub("", name).replace("（", "(").replace("）", ")")
    key = re.sub(r"\([^)]*\)", "", key)  # "力美健身(劲松店)": the branch is kept in the name only
    while True:
        shorter = SUFFIXES.sub("", key)
        if shorter == key or len(shorter) < MIN_KEY:
            return key
        key = shorter


def merge_keys(keys: Iterable[str]) -> dict[str, str]:
    """Key -> the key it is merged into: a key that ends with a shorter known key is that place.

    "其居住的丽发新城" and "东区丽发新城" end with "丽发新城", which is known by itself; "新城"
    (too short to stand for one place) merges nothing, and "第一光学仪器厂家属院" stays apart from
    "第五光学仪器厂家属院" and from "光学仪器厂家属院".
    """
    known = set(keys)
    merged: dict[str, str] = {}
    for key in sorted(known, key=len):
        target = key
        for cut in range(1, len(key) - MIN_KEY + 1):
            tail = key[cut:]
            if tail in known and not DISTINCT_HEAD.search(key[:cut]):
                target = merged.get(tail, tail)
                break
        merged[key] = target
    return merged


def _other_parties(text: str) -> list[tuple[str, str]]:
    found = []
    for match in PARTY_ENDINGS.finditer(text):
        kind = next(k for k, v in match.groupdict().items() if v is not None)
        first = match.start()
        while first > 0 and match.start() - first < 12 and NAME_CHARS.match(text[first - 1]):
            first -= 1
        prefix = text[first : match.start()]
        lead = LEAD_INS.match(prefix)
        if lead:
            prefix = prefix[lead.end() :]
        if len(prefix) < 2 or prefix in GENERIC_PREFIXES:
            continue  # "公司", "这个项目": nothing specific is left
        found.append((prefix + match[0], kind))
    return found


def _unique(parties: list[Party]) -> list[Party]:
    seen: set[str] = set()
    unique = []
    for party in parties:
        if party.key not in seen:
            seen.add(party.key)
            unique.append(party)
    return unique
