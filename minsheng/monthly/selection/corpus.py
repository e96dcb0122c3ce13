"""One streaming pass over the cases into compact columns.

The text of a case is kept only as the ids of its words; everything else the analysis needs is a
small number per case (month, place, unit, outcome). So a year of a million cases fits in a few
hundred megabytes, and the texts are never held several times over.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np

from minsheng.cases.casefile import BEIJING, CaseRecord
from minsheng.cases.names import categories, category_code
from minsheng.cases.parties import Party, find_parties, name_key, parties_in
from minsheng.cases.places import Gazetteer, Region
from minsheng.cases.text import PUNCTUATION, Analysed, TextAnalyser

KINDS = ("consultation", "help", "complaint", "report", "suggestion", "praise")
RESULTS = ("resolved", "partly_resolved", "not_resolved", "explained")
SATISFACTION = ("satisfied", "basically_satisfied", "dissatisfied", "no_answer")
# A unit's answer that points to a gap in policy rather than a failure to act.
POLICY_GAP = re.compile(
    r"政策|不具备|不属于|历史遗留|司法途径|诉讼|仲裁|暂无法|职责范围|民事纠纷|研究制定|尚未出台"
)
CATEGORY_MARK = "类:"
# Place names learnt from rows with a sub-district are trusted when they point there this often.
PLACE_AGREEMENT = 0.6


class Interner:
    """Strings to small integers, in order of first appearance (so ids are deterministic)."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.values: list[str] = []

    def __call__(self, value: str) -> int:
        found = self.ids.get(value)
        if found is None:
            found = self.ids[value] = len(self.values)
            self.values.append(value)
        return found

    def __len__(self) -> int:
        return len(self.values)


@dataclass
class Corpus:
    """Columns of the cases analysed (index ``i`` is the ``i``-th case kept)."""

    numbers: list[str] = field(default_factory=list)
    number_hash: array = field(
        default_factory=lambda: array("Q")
    )  # orders cases independently of input
    received: array = field(default_factory=lambda: array("q"))  # epoch seconds
    kind: array = field(default_factory=lambda: array("b"))
    category: array = field(default_factory=lambda: array("i"))
    district: array = field(default_factory=lambda: array("h"))  # index into gazetteer list
    subdistrict: array = field(default_factory=lambda: array("h"))
    located_by: array = field(default_factory=lambda: array("b"))  # 0 none 1 columns 2 text 3 name
    place: array = field(default_factory=lambda: array("i"))  # the first named place, -1
    caller: array = field(default_factory=lambda: array("q"))  # stable hash, 0 unknown
    unit_offsets: array = field(default_factory=lambda: array("q", [0]))
    units: array = field(default_factory=lambda: array("i"))  # lead unit first
    dispatches: array = field(default_factory=lambda: array("b"))
    returns: array = field(default_factory=lambda: array("b"))
    reopened: array = field(default_factory=lambda: array("b"))
    result: array = field(default_factory=lambda: array("b"))
    resolved: array = field(default_factory=lambda: array("b"))  # -1 unknown, 0, 1
    satisfaction: array = field(default_factory=lambda: array("b"))
    policy_gap: array = field(default_factory=lambda: array("b"))
    handling_hours: array = field(default_factory=lambda: array("f"))  # NaN when not handled
    closed: array = field(default_factory=lambda: array("q"))  # epoch seconds, -1 open
    skeleton: array = field(default_factory=lambda: array("i"))
    title_cut: array = field(default_factory=lambda: array("b"))  # 1: the content's start, cut
    token_offsets: array = field(default_factory=lambda: array("q", [0]))
    tokens: array = field(default_factory=lambda: array("I"))
    words: Interner = field(default_factory=Interner)
    categories: Interner = field(default_factory=Interner)
    unit_codes: Interner = field(default_factory=Interner)
    places: Interner = field(default_factory=Interner)
    place_kinds: dict[int, str] = field(default_factory=dict)
    skeletons: Interner = field(default_factory=Interner)
    # Every place or party named in the text or the location columns (hot issues group by them):
    # the keys of near-identical names (cases.parties), their kind and shortest written form.
    party_offsets: array = field(default_factory=lambda: array("q", [0]))
    party_ids: array = field(default_factory=lambda: array("i"))
    parties: Interner = field(default_factory=Interner)
    party_kinds: dict[int, str] = field(default_factory=dict)
    party_names: dict[int, str] = field(default_factory=dict)
    regions: list[Region] = field(default_factory=list)  # districts and sub-districts seen
    skipped: int = 0  # rows that could not be read

    def __len__(self) -> int:
        return len(self.numbers)

    def column(self, name: str) -> np.ndarray:
        return np.frombuffer(getattr(self, name), dtype=getattr(self, name).typecode)


class CorpusBuilder:
    """Feeds cases one by one into a :class:`Corpus`."""

    def __init__(
        self, *, start: dt.datetime, end: dt.datetime, analyser: TextAnalyser | None = None
    ) -> None:
        self.start, self.end = start, end
        self.analyser = analyser or TextAnalyser.shared()
        self.gazetteer: Gazetteer = self.analyser.gazetteer
        self.corpus = Corpus()
        self._region_ids: dict[str, int] = {}
        # For each place name, the sub-districts of the rows that named it (learnt on the way).
        self._place_regions: dict[int, Counter[int]] = {}
        self._category_cache: dict[str, tuple[str, ...]] = {}

    def add_all(
        self, records: Iterable[object], progress: Callable[[int], None] | None = None
    ) -> Corpus:
        for count, record in enumerate(records, start=1):
            if isinstance(record, CaseRecord):
                self.add(record)
            else:
                self.corpus.skipped += 1
            if progress and count % 1000 == 0:
                progress(count)
        return self.finish()

    def add(self, record: CaseRecord) -> None:
        received = record.received_at
        if not (self.start <= received < self.end):
            return
        c = self.corpus
        analysed = self.analyser.analyse(record.title, record.content)
        district, subdistrict, located_by = self._location(record, analysed.regions)
        place = -1
        for mention in analysed.mentions:
            if not mention.name:
                continue
            named = c.places(mention.name)
            c.place_kinds.setdefault(named, mention.kind)
            if place < 0:
                place = named  # the case's place is the first one named
            if subdistrict >= 0:
                # Every name in a located row teaches where that name is.
                self._place_regions.setdefault(named, Counter())[subdistrict] += 1
        c.numbers.append(record.number)
        c.number_hash.append(_hash(record.number))
        c.received.append(int(received.timestamp()))
        c.kind.append(KINDS.index(record.kind) if record.kind in KINDS else -1)
        c.category.append(c.categories(record.category or ""))
        category_words = self._category_words(record.category)
        c.district.append(district)
        c.subdistrict.append(subdistrict)
        c.located_by.append(located_by)
        c.place.append(place)
        c.caller.append(_caller_key(record))
        for unit in (record.handling_unit, *record.cooperating_units):
            if unit:
                c.units.append(c.unit_codes(unit))
        c.unit_offsets.append(len(c.units))
        c.dispatches.append(min(record.dispatch_count or 0, 100))
        c.returns.append(min(record.return_count or 0, 100))
        c.reopened.append(_flag(record.reopened))
        c.result.append(RESULTS.index(record.result) if record.result in RESULTS else -1)
        c.resolved.append(_flag(record.resolved))
        c.satisfaction.append(
            SATISFACTION.index(record.satisfied) if record.satisfied in SATISFACTION else -1
        )
        gap = record.result == "explained" or bool(
            record.resolution and POLICY_GAP.search(record.resolution)
        )
        c.policy_gap.append(1 if gap else 0)
        handled = record.handled_at
        c.handling_hours.append(
            (handled - received).total_seconds() / 3600 if handled else float("nan")
        )
        c.closed.append(int(record.closed_at.timestamp()) if record.closed_at else -1)
        c.skeleton.append(c.skeletons(analysed.skeleton))
        self._add_parties(record, analysed)
        c.title_cut.append(1 if title_is_cut(record.title, record.content) else 0)
        words = c.words
        c.tokens.extend(words(token) for token in analysed.tokens)
        # The dispatcher's category joins the words (as pseudo-words): it ties together cases
        # that name one problem differently, while the text still groups across categories.
        c.tokens.extend(words(token) for token in category_words)
        c.token_offsets.append(len(c.tokens))

    def _add_parties(self, record: CaseRecord, analysed: Analysed) -> None:
        c = self.corpus
        # The title and content as the analyser read them, then the address.
        found = parties_in(analysed.areas, analysed.mentions, analysed.unplaced)
        if record.address:
            found += find_parties(record.address)
        if record.community:
            found.append(Party(record.community, "community", name_key(record.community)))
        seen: set[int] = set()
        for party in found:
            key = c.parties(party.key)
            if key in seen:
                continue
            seen.add(key)
            c.party_ids.append(key)
            c.party_kinds.setdefault(key, party.kind)
            written = c.party_names.get(key)
            if written is None or len(party.name) < len(written):
                c.party_names[key] = party.name
        c.party_offsets.append(len(c.party_ids))

    def _category_words(self, value: str | None) -> tuple[str, ...]:
        if not value:
            return ()
        found = self._category_cache.get(value)
        if found is None:
            found = self._category_cache[value] = category_words(value)
        return found

    def _location(self, record: CaseRecord, in_text: list[Region]) -> tuple[int, int, int]:
        """Columns first; else the regions named in the text; names are resolved in finish()."""
        g = self.gazetteer
        district = g.district(record.district)
        subdistrict = g.subdistrict(record.subdistrict, district)
        by = 1 if (district or subdistrict) else 0
        if by == 0 and in_text:
            districts = [r for r in in_text if r.code in g.districts]
            district = districts[0] if districts else None
            named = [r for r in in_text if r.code in g.subdistricts]
            if district is not None:
                named = [r for r in named if r.district_code == district.code] or named
            subdistrict = named[0] if named else None
            by = 2
        if subdistrict is not None and district is None:
            district = g.districts.get(subdistrict.district_code)
        return self._region(district), self._region(subdistrict), by if district else 0

    def _region(self, region: Region | None) -> int:
        if region is None:
            return -1
        found = self._region_ids.get(region.code)
        if found is None:
            found = self._region_ids[region.code] = len(self.corpus.regions)
            self.corpus.regions.append(region)
        return found

    def absorb(self, part: Corpus, place_regions: dict[int, Counter[int]]) -> None:
        """Append the cases of a partition built by another builder (in order, unfinished).

        Every id of the part is mapped to this builder's ids in the order the part first saw
        them, so absorbing the partitions in input order gives the very corpus one builder
        would have built from the whole stream.
        """
        c = self.corpus
        words = _remap(part.words, c.words)
        category_ids = _remap(part.categories, c.categories)
        unit_ids = _remap(part.unit_codes, c.unit_codes)
        place_ids = _remap(part.places, c.places)
        skeleton_ids = _remap(part.skeletons, c.skeletons)
        party_ids = _remap(part.parties, c.parties)
        region_ids = np.array([self._region(r) for r in part.regions] + [-1], dtype=np.int64)
        # Plain lists for the look-ups one by one (a NumPy scalar costs more than the look-up).
        places, parties, regions = place_ids.tolist(), party_ids.tolist(), region_ids.tolist()
        for local, kind in part.place_kinds.items():
            c.place_kinds.setdefault(places[local], kind)
        for local, kind in part.party_kinds.items():
            c.party_kinds.setdefault(parties[local], kind)
        for local, name in part.party_names.items():
            key = parties[local]
            written = c.party_names.get(key)
            if written is None or len(name) < len(written):
                c.party_names[key] = name
        for local, counts in place_regions.items():
            mine = self._place_regions.setdefault(places[local], Counter())
            for region, count in counts.items():
                mine[regions[region]] += count
        c.numbers.extend(part.numbers)
        for name in _PLAIN_COLUMNS:
            getattr(c, name).extend(getattr(part, name))
        _extend_mapped(c.category, part.column("category"), category_ids)
        _extend_mapped(c.district, part.column("district"), region_ids)
        _extend_mapped(c.subdistrict, part.column("subdistrict"), region_ids)
        _extend_mapped(c.place, part.column("place"), np.append(place_ids, -1))
        _extend_mapped(c.skeleton, part.column("skeleton"), skeleton_ids)
        _extend_ragged(c.units, c.unit_offsets, part.column("units"), part.unit_offsets, unit_ids)
        _extend_ragged(c.tokens, c.token_offsets, part.column("tokens"), part.token_offsets, words)
        _extend_ragged(
            c.party_ids, c.party_offsets, part.column("party_ids"), part.party_offsets, party_ids
        )
        c.skipped += part.skipped

    def unfinished(self) -> tuple[Corpus, dict[int, Counter[int]]]:
        """The cases added so far and what their rows taught about places (for ``absorb``)."""
        return self.corpus, self._place_regions

    def finish(self) -> Corpus:
        """Place rows known only by a place name in the sub-district that name belongs to."""
        c = self.corpus
        homes = self._place_homes()
        subdistricts = c.column("subdistrict")
        places = c.column("place")
        unlocated = np.flatnonzero((subdistricts < 0) & (places >= 0))
        for i in unlocated.tolist():
            home = homes.get(int(places[i]))
            if home is not None:
                c.subdistrict[i] = home
                c.located_by[i] = 3
                region = c.regions[home]
                c.district[i] = self._region(self.gazetteer.districts[region.district_code])
        return c

    def _place_homes(self) -> dict[int, int]:
        """Place id -> sub-district, for names (or their tails) seen with a sub-district."""
        known: dict[str, int] = {}
        for place, counts in self._place_regions.items():
            (home, count), total = counts.most_common(1)[0], sum(counts.values())
            if count / total >= PLACE_AGREEMENT:
                known[self.corpus.places.values[place]] = home
        homes: dict[int, int] = {}
        for place, name in enumerate(self.corpus.places.values):
            # "其居住的瑞祥嘉园" ends with the known "瑞祥嘉园".
            for cut in range(len(name) - 1):
                if name[cut:] in known:
                    homes[place] = known[name[cut:]]
                    break
        return homes


def title_is_cut(title: str | None, content: str) -> bool:
    """Whether the title is only a piece of the content cut off mid-clause, as exports often
    make titles ("希望在安装电动自"): such a title names nothing, however often it recurs."""
    title = (title or "").strip()
    at = content.find(title) if title else -1
    if at < 0:
        return False
    following = content[at + len(title) : at + len(title) + 1]
    return bool(following) and not PUNCTUATION.match(following)


def category_words(value: str) -> tuple[str, ...]:
    """Pseudo-words for a category (code or name path): its own name and its parent's."""
    known = categories()
    code = category_code(value)
    if not code:
        return (f"{CATEGORY_MARK}{value}",)
    names = [known[code][0]]
    if len(code) == 6 and code[:4] in known:
        names.append(known[code[:4]][0])
    return tuple(f"{CATEGORY_MARK}{name}" for name in names)


def is_category_word(word: str) -> bool:
    return word.startswith(CATEGORY_MARK)


# Columns copied as they are when partitions are absorbed (no ids in them).
_PLAIN_COLUMNS = (
    "number_hash",
    "received",
    "kind",
    "located_by",
    "caller",
    "dispatches",
    "returns",
    "reopened",
    "result",
    "resolved",
    "satisfaction",
    "policy_gap",
    "handling_hours",
    "closed",
    "title_cut",
)


def _remap(local: Interner, shared: Interner) -> np.ndarray:
    """The shared id of each local id, interning new values in the local order."""
    values = local.values
    # Known values looked up at C speed; only the new ones (few, once the vocabulary has
    # grown) go through the interner, in the local order.
    ids = np.fromiter(map(shared.ids.get, values, repeat(-1)), dtype=np.int64, count=len(values))
    for i in np.flatnonzero(ids < 0).tolist():
        ids[i] = shared(values[i])
    return ids


def _extend_mapped(target: array, values: np.ndarray, ids: np.ndarray) -> None:
    """Append ids mapped through ``ids``; -1 (nothing) indexes the last entry when it is -1."""
    if len(values):
        # As bytes of the column's type: no Python number per value.
        target.frombytes(ids[values].astype(target.typecode).tobytes())


def _extend_ragged(
    target: array, offsets: array, values: np.ndarray, part_offsets: array, ids: np.ndarray
) -> None:
    base = offsets[-1]
    _extend_mapped(target, values, ids)
    shifted = np.frombuffer(part_offsets, dtype=offsets.typecode)[1:] + base
    offsets.frombytes(shifted.astype(offsets.typecode).tobytes())


def _flag(value: bool | None) -> int:
    return -1 if value is None else int(value)


def _caller_key(record: CaseRecord) -> int:
    """A stable 63-bit key of the caller (id, else phone); 0 when anonymous.

    A masked phone (``138****5678``, as exports from the database carry) identifies no one.
    """
    identity = record.caller_id
    if not identity and record.caller_phone and "*" not in record.caller_phone:
        identity = record.caller_phone
    if not identity:
        return 0
    return _hash(identity) >> 1 or 1


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    return (
        dt.datetime(year, 1, 1, tzinfo=BEIJING),
        dt.datetime(year + 1, 1, 1, tzinfo=BEIJING),
    )


def range_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """From the start of ``start`` to the end of ``end`` (inclusive), Beijing time."""
    return (
        dt.datetime.combine(start, dt.time(0), tzinfo=BEIJING),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), tzinfo=BEIJING),
    )
