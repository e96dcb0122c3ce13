"""A cluster as a candidate: its label, key phrases and the evidence the office reads."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from typing import Any, Required, TypedDict

import numpy as np

from minsheng.cases.casefile import BEIJING
from minsheng.cases.names import category_names, unit_names
from minsheng.cases.places import GENERIC_WORDS
from minsheng.monthly.selection.corpus import Corpus, is_category_word
from minsheng.monthly.selection.evidence import Facts, month_of, resolved_answers
from minsheng.monthly.selection.naming import name_problem
from minsheng.monthly.selection.vectors import Vectors


class _Evidence(TypedDict, total=False):
    """What the cases of one cluster say about it, as the office reads it."""

    label_en: str
    keywords: list[str]
    districts: list[dict[str, Any]]
    subdistricts: list[dict[str, Any]]
    units: list[dict[str, Any]]
    months: list[dict[str, Any]]
    categories: list[dict[str, Any]]
    places: list[dict[str, Any]]
    sample_numbers: list[str]
    numbers: list[str]


class Description(_Evidence, total=False):
    """What the cases of one cluster say about it (the engine adds rank and scores)."""

    key: str
    label: str
    naming: dict[str, Any]


class Candidate(_Evidence, total=False):
    """A candidate as it travels from the engine to the output files, the stored run (JSON), the
    pages and the programme's problem form (the JSON contract of docs/monthly.md)."""

    rank: Required[int]
    key: Required[str]
    label: Required[str]
    size: Required[int]
    score: Required[float]
    components: Required[dict[str, Any]]
    explanation: str  # the year's selection
    aspects: list[dict[str, Any]]  # the clusters (hot issues: phrasings) merged into it
    merge: dict[str, Any]  # why they were merged
    naming: dict[str, Any]  # how the name was chosen
    days: list[dict[str, Any]]  # hot issues: cases per day


GENERIC = set(GENERIC_WORDS.values())
KEYWORDS = 8
SAMPLES = 5


class Describer:
    """Builds the evidence of candidates; holds the whole-corpus figures they are compared with."""

    def __init__(
        self,
        corpus: Corpus,
        vectors: Vectors,
        labels: np.ndarray,
        similarity: np.ndarray,
        facts: Facts,
        month_starts: list[dt.date],
    ) -> None:
        self.corpus, self.vectors, self.labels = corpus, vectors, labels
        self.similarity, self.facts, self.month_starts = similarity, facts, month_starts
        n = max(len(corpus), 1)
        self.global_mean = np.asarray(vectors.matrix.sum(axis=0)).ravel() / n
        words = corpus.words.values
        self.column_words = [words[i] for i in vectors.words]

    def members(self, cluster: int) -> np.ndarray:
        rows = np.flatnonzero(self.labels == cluster)
        received = self.corpus.column("received")[rows]
        return rows[np.lexsort((self.corpus.column("number_hash")[rows], received))]

    def describe(self, cluster: int, rows: np.ndarray) -> Description:
        keywords = self.keywords(rows)
        category = self.categories(rows)
        name = self.name(rows, keywords)
        sample_rows = self.sample_rows(rows)
        samples = [self.corpus.numbers[i] for i in sample_rows]
        name["naming"]["messages"] = self.messages(sample_rows[:3])
        return {
            "key": self.key(rows),
            "label": name["label"],
            "label_en": name["label_en"] or self.label_en(category),
            "naming": name["naming"],
            "keywords": keywords,
            "districts": self.districts(rows),
            "subdistricts": self.subdistricts(rows),
            "units": self.units(rows),
            "months": self.months(rows),
            "categories": category,
            "places": self.places(rows),
            "sample_numbers": samples,
            "numbers": [self.corpus.numbers[i] for i in rows.tolist()],
        }

    def aspect(self, cluster: int, problem_cases: int, problem_en: str) -> dict[str, Any]:
        """One aspect of a problem: its name, share of the problem's cases, phrases, samples."""
        return self.aspect_of(self.members(cluster), problem_cases, problem_en)

    def aspect_of(self, rows: np.ndarray, problem_cases: int, problem_en: str) -> dict[str, Any]:
        """The aspect made of these cases (in order of time). Where the glossary knows none of
        its words, its English name is the problem's: a translation, not a category's name."""
        keywords = self.keywords(rows)
        name = self.name(rows, keywords)
        return {
            "label": name["label"],
            "label_en": name["label_en"] or problem_en or self.label_en(self.categories(rows)),
            "cases": len(rows),
            "share": round(len(rows) / max(problem_cases, 1), 4),
            "keywords": keywords,
            "sample_numbers": self.samples(rows)[:3],
        }

    def key(self, rows: np.ndarray) -> str:
        """A short stable key of the candidate's cases (for decisions on the page)."""
        digest = hashlib.blake2b(digest_size=6)
        for i in rows[:50].tolist():
            digest.update(self.corpus.numbers[i].encode("utf-8"))
        return digest.hexdigest()

    def keywords(self, rows: np.ndarray) -> list[str]:
        """Words frequent here and rare elsewhere (class-based TF-IDF)."""
        mean = np.asarray(self.vectors.matrix[rows].sum(axis=0)).ravel() / max(len(rows), 1)
        weight = mean * np.log1p(mean / (self.global_mean + 1e-9))
        found = []
        for column in np.argsort(-weight, kind="stable")[: KEYWORDS * 3].tolist():
            word = self.column_words[column]
            if weight[column] <= 0 or word in GENERIC or is_category_word(word):
                continue
            found.append(word)
            if len(found) == KEYWORDS:
                break
        return found

    def name(self, rows: np.ndarray, keywords: list[str]) -> dict[str, Any]:
        """The name of the cases ``rows`` (see :mod:`.naming`)."""
        return name_problem(self.titles(rows), keywords)

    def titles(self, rows: np.ndarray, limit: int = 60) -> list[tuple[str, int]]:
        """Distinct titles (without places), the most representative first, with how many of
        the cases carry each; titles cut from the content are left out."""
        skeleton = self.corpus.column("skeleton")
        rows = rows[self.corpus.column("title_cut")[rows] == 0]
        counts = Counter(skeleton[rows].tolist())
        tie = self.corpus.column("number_hash")[rows]
        order = rows[np.lexsort((tie, -self.similarity[rows]))]
        values = self.corpus.skeletons.values
        found: list[tuple[str, int]] = []
        seen: set[int] = set()
        for i in order.tolist():
            if skeleton[i] in seen:
                continue
            seen.add(skeleton[i])
            found.append((values[skeleton[i]], counts[skeleton[i]]))
            if len(found) == limit:
                break
        return found

    def label_en(self, categories: list[dict[str, Any]]) -> str:
        if not categories:
            return ""
        names = [c["name_en"] for c in categories if c["share"] >= 0.15][:2]
        return " / ".join(names or [categories[0]["name_en"]])

    def categories(self, rows: np.ndarray) -> list[dict[str, Any]]:
        values = self.corpus.categories.values
        counts = Counter(values[c] for c in self.corpus.column("category")[rows].tolist())
        total = max(len(rows), 1)
        merged: Counter[tuple[str, str]] = Counter()
        for value, count in counts.items():
            if value:
                merged[category_names(value)] += count
        return [
            {"name": name, "name_en": name_en, "cases": count, "share": round(count / total, 4)}
            for (name, name_en), count in sorted(merged.items(), key=lambda i: (-i[1], i[0]))[:5]
        ]

    def districts(self, rows: np.ndarray) -> list[dict[str, Any]]:
        return self._regions(self.corpus.column("district")[rows])

    def subdistricts(self, rows: np.ndarray) -> list[dict[str, Any]]:
        found = self._regions(self.corpus.column("subdistrict")[rows])
        gazetteer_districts = {r.code: r for r in self.corpus.regions}
        for item in found:
            region = next(r for r in self.corpus.regions if r.code == item["code"])
            district = gazetteer_districts.get(region.district_code)
            item["district"] = district.name if district else ""
        return found

    def _regions(self, ids: np.ndarray) -> list[dict[str, Any]]:
        counts = Counter(ids[ids >= 0].tolist())
        return [
            {"code": self.corpus.regions[i].code, "name": self.corpus.regions[i].name, "cases": n}
            for i, n in sorted(
                counts.items(), key=lambda item: (-item[1], self.corpus.regions[item[0]].code)
            )
        ]

    def units(self, rows: np.ndarray) -> list[dict[str, Any]]:
        offsets = self.corpus.column("unit_offsets")
        units = self.corpus.column("units")
        counts: Counter[int] = Counter()
        for i in rows.tolist():
            counts.update(set(units[offsets[i] : offsets[i + 1]].tolist()))
        found = []
        codes = self.corpus.unit_codes.values
        for unit, count in sorted(counts.items(), key=lambda item: (-item[1], codes[item[0]]))[:20]:
            code = self.corpus.unit_codes.values[unit]
            name, name_en = unit_names(code)
            found.append({"code": code, "name": name, "name_en": name_en, "cases": count})
        return found

    def months(self, rows: np.ndarray) -> list[dict[str, Any]]:
        """Cases and the callers' answers month by month."""
        starts = self.month_starts
        first = np.datetime64(starts[0], "M").astype(np.int64)
        month = np.clip(month_of(self.corpus.column("received")[rows]) - first, 0, len(starts) - 1)
        resolved = resolved_answers(self.corpus)[rows]
        satisfaction = self.corpus.column("satisfaction")[rows]
        found = []
        for m, start in enumerate(starts):
            here = month == m
            answered = int((here & (resolved >= 0)).sum())
            surveyed = int((here & (satisfaction >= 0) & (satisfaction <= 2)).sum())
            found.append(
                {
                    "month": start.strftime("%Y-%m"),
                    "cases": int(here.sum()),
                    "resolution_rate": _rate((here & (resolved == 1)).sum(), answered),
                    "satisfaction_rate": _rate(
                        (here & (satisfaction <= 1) & (satisfaction >= 0)).sum(), surveyed
                    ),
                }
            )
        return found

    def places(self, rows: np.ndarray) -> list[dict[str, Any]]:
        place = self.corpus.column("place")[rows]
        counts = Counter(place[place >= 0].tolist())
        return [
            {
                "name": self.corpus.places.values[p],
                "kind": self.corpus.place_kinds.get(p, ""),
                "cases": n,
            }
            for p, n in sorted(
                counts.items(), key=lambda i: (-i[1], self.corpus.places.values[i[0]])
            )[:10]
        ]

    def messages(self, rows: list[int]) -> list[dict[str, str]]:
        """The number and title (without places) of the given cases: the evidence of a name."""
        skeleton = self.corpus.column("skeleton")
        values = self.corpus.skeletons.values
        return [{"number": self.corpus.numbers[i], "title": values[skeleton[i]]} for i in rows]

    def samples(self, rows: np.ndarray) -> list[str]:
        """Typical cases: closest to the cluster's centre, one per distinct title."""
        return [self.corpus.numbers[i] for i in self.sample_rows(rows)]

    def sample_rows(self, rows: np.ndarray) -> list[int]:
        tie = self.corpus.column("number_hash")[rows]
        order = rows[np.lexsort((tie, -self.similarity[rows]))]
        skeleton = self.corpus.column("skeleton")
        chosen, seen = [], set()
        for i in order.tolist():
            if skeleton[i] in seen:
                continue
            seen.add(skeleton[i])
            chosen.append(i)
            if len(chosen) == SAMPLES:
                break
        return chosen


def _rate(part: Any, whole: int) -> float | None:
    return round(float(part) / whole, 4) if whole else None


def month_starts(start: dt.datetime, end: dt.datetime) -> list[dt.date]:
    """First days of the months from ``start`` up to (not including) ``end``."""
    first = start.astimezone(BEIJING).date().replace(day=1)
    last = (end - dt.timedelta(seconds=1)).astimezone(BEIJING).date()
    months = []
    while first <= last:
        months.append(first)
        first = (first + dt.timedelta(days=32)).replace(day=1)
    return months
