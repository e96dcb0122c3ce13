"""Hot issues: many people raising one concrete problem about one place or party.

A hot issue, for the people who read this list, is many people writing about the same problem of
the same estate, plant, company or road, within days to a few months, whether or not the count
rises suddenly. So the messages are grouped by the places and parties they name (text and
location columns, near-identical names merged: :mod:`minsheng.cases.parties`) and, within each
place, by phrasing (TF-IDF similarity, the place's own name left out); one place's phrasings of
one problem are then merged by the year's merge of aspects (:func:`.aspects.merge_aspects`), so
that each issue holds its phrasings as aspects. No topic clustering of the whole period is
needed. Each issue's heat weighs messages, people, how much of that problem is at this place,
how concentrated it is in time, its span and its recency (``MONTHLY_SELECTION["HOT"]``), and is
explained in words.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from scipy import sparse
from sklearn.preprocessing import normalize

from minsheng.cases.parties import AREA, CITY, merge_keys
from minsheng.cases.partitions import Partitioning
from minsheng.cases.text import TextAnalyser
from minsheng.monthly.conf import selection_settings
from minsheng.monthly.selection.aspects import group_profiles, groups_of_rows, merge_aspects, take
from minsheng.monthly.selection.candidates import Candidate, Describer, month_starts
from minsheng.monthly.selection.corpus import Corpus
from minsheng.monthly.selection.engine import Progress, Selection
from minsheng.monthly.selection.evidence import DAY, gather
from minsheng.monthly.selection.partitions import read_corpus
from minsheng.monthly.selection.scoring import merge_explanation
from minsheng.monthly.selection.vectors import Vectors, vectorise

COMPONENTS = ("messages", "people", "place", "time", "span", "recency")
SHORTLIST = 3  # issues per place kept to the final, costlier scoring: top * this + 10
CHUNK = 65_536  # rows per block when comparing every message with the shortlisted problems
PLACE_WORDS = 1000  # words kept per place when splitting its messages by problem


@dataclass
class _Issue:
    place: int  # group id (see _Places)
    rows: np.ndarray  # sorted case indices
    facts: dict[str, Any]
    heat: dict[str, float]
    places: list[int]  # all groups merged into it, the first is the main one
    aspects: list[np.ndarray]  # the phrasings merged into it (sorted case indices each)
    merge: dict[str, Any]  # what its phrasings share (``merge_aspects``' evidence)


@dataclass
class _Places:
    """Which places each case names: parallel arrays (case, group), ordered by group then time."""

    rows: np.ndarray
    groups: np.ndarray
    names: list[str]  # display name of each group id
    kinds: list[str]


def hot_issues(
    records: Iterable[object],
    *,
    start: dt.datetime,
    end: dt.datetime,
    top: int = 10,
    seed: int = 1,
    progress: Progress | None = None,
    config: dict[str, Any] | None = None,
    analyser: TextAnalyser | None = None,
    partitioning: Partitioning | None = None,
) -> Selection:
    """The ``top`` hot issues among the messages received in [start, end), hottest first.

    The per-case work runs in partitions on Dask for large inputs (:mod:`.partitions`).
    """
    config = config or selection_settings()
    hot = config["HOT"]
    timings: dict[str, float] = {}
    began = time.perf_counter()
    corpus = read_corpus(records, start, end, analyser, partitioning, progress)
    timings["read"] = time.perf_counter() - began
    if not len(corpus):
        empty = _Places(*(np.zeros(0, dtype=np.int64),) * 2, [], [])
        return Selection([], _summary(corpus, empty, 0, start, end, seed, hot, timings))
    if progress:
        progress("cluster", 0, None)
    began = time.perf_counter()
    text = config["TEXT"]
    vectors = vectorise(
        corpus,
        min_df=text["MIN_DF"],
        max_df=text["MAX_DF"],
        min_words=1,
        seed=seed,
        category_weight=text["CATEGORY_WEIGHT"],
    )
    matrix = vectors.matrix
    places = _places(corpus)
    window = (int(start.timestamp()), int(end.timestamp()))
    issues = _issues(corpus, vectors, places, hot, window)
    issues = _merged(issues, hot["OVERLAP"], corpus, hot, window)
    issues.sort(key=lambda i: (-i.heat["score"], -len(i.rows), i.place))
    shortlist = issues[: top * SHORTLIST + 10]
    _weigh_place(shortlist, matrix, hot)
    for issue in shortlist:
        issue.heat = _heat(issue.facts, hot)
    shortlist.sort(key=lambda i: (-i.heat["score"], -len(i.rows), i.place))
    timings["group"] = time.perf_counter() - began
    began = time.perf_counter()
    chosen = shortlist[:top]
    candidates = _describe(corpus, vectors, places, chosen, start, end, config, progress)
    timings["describe"] = time.perf_counter() - began
    summary = _summary(corpus, places, len(issues), start, end, seed, hot, timings)
    return Selection(candidates, summary)


def _places(corpus: Corpus) -> _Places:
    """Each case's places: named places and parties; an area ("A3区") or the sub-district
    column only where a case names nothing finer."""
    n = len(corpus)
    keys = corpus.parties.values
    merged = merge_keys(keys)
    group_of = np.array([corpus.parties.ids[merged[k]] for k in keys], dtype=np.int64)
    kinds = [corpus.party_kinds[i] for i in range(len(keys))]
    is_area = np.array([kind == AREA for kind in kinds], dtype=bool)
    is_city = np.array([kind == CITY for kind in kinds], dtype=bool)
    offsets = corpus.column("party_offsets")
    ids = corpus.column("party_ids").astype(np.int64)
    case_of = np.repeat(np.arange(n, dtype=np.int64), np.diff(offsets))
    # A whole city is no place of a hot issue: everything in the export happens there.
    if len(ids):
        not_city = ~is_city[ids]
        ids, case_of = ids[not_city], case_of[not_city]
    area = is_area[ids] if len(ids) else np.zeros(0, dtype=bool)
    finer = np.bincount(case_of[~area], minlength=n) > 0
    keep = ~area | ~finer[case_of]
    rows, groups = case_of[keep], group_of[ids[keep]]
    # Cases that name nothing: their sub-district from the columns, if any.
    subdistrict = corpus.column("subdistrict").astype(np.int64)
    bare = np.flatnonzero((np.bincount(rows, minlength=n) == 0) & (subdistrict >= 0))
    rows = np.concatenate([rows, bare])
    groups = np.concatenate([groups, len(keys) + subdistrict[bare]])
    pairs = np.unique(rows * (len(keys) + len(corpus.regions) + 1) + groups)
    rows, groups = np.divmod(pairs, len(keys) + len(corpus.regions) + 1)
    order = np.lexsort(
        (corpus.column("number_hash")[rows], corpus.column("received")[rows], groups)
    )
    names = [corpus.party_names[i] for i in range(len(keys))]
    names += [region.name for region in corpus.regions]
    kinds += ["region"] * len(corpus.regions)
    return _Places(rows[order], groups[order], names, kinds)


def _issues(
    corpus: Corpus,
    vectors: Vectors,
    places: _Places,
    hot: dict[str, Any],
    window: tuple[int, int],
) -> list[_Issue]:
    """The problems of each place with enough messages and people: the place's messages split
    by phrasing, and its phrasings of one problem merged as aspects."""
    bounds = np.flatnonzero(np.r_[True, places.groups[1:] != places.groups[:-1], True])
    found: list[tuple[int, list[np.ndarray]]] = []  # (place, its phrasings)
    for low, high in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        if high - low < hot["MIN_CASES"]:
            continue
        rows = places.rows[low:high]
        phrasings = _problems(vectors.matrix, rows, hot["SIMILARITY"], hot["MERGE_SIMILARITY"])
        found.append((int(places.groups[low]), [np.sort(p) for p in phrasings]))
    issues = []
    for group, problems in _merge_phrasings(corpus, vectors, found, hot["ASPECTS"]):
        for aspects, evidence in problems:
            rows = np.unique(np.concatenate(aspects))
            if len(rows) < hot["MIN_CASES"]:
                continue
            facts = _facts(corpus, rows, hot, window)
            if facts["people"] < hot["MIN_PEOPLE"]:
                continue
            heat = _heat(facts, hot)
            issues.append(_Issue(group, rows, facts, heat, [group], aspects, evidence))
    return issues


def _merge_phrasings(
    corpus: Corpus,
    vectors: Vectors,
    found: list[tuple[int, list[np.ndarray]]],
    config: dict[str, Any],
) -> list[tuple[int, list[tuple[list[np.ndarray], dict[str, Any]]]]]:
    """Each place's phrasings grouped into problems by :func:`.aspects.merge_aspects`, the
    function that merges the year's aspects: (place, [(its phrasings, the evidence)])."""
    several = [k for k, (_, phrasings) in enumerate(found) if len(phrasings) > 1]
    first = np.cumsum([0] + [len(found[k][1]) for k in several])
    everything = [p for k in several for p in found[k][1]]
    profiled = (
        group_profiles(corpus, vectors, groups_of_rows(everything, len(corpus)), config["PHRASES"])
        if everything
        else None
    )
    start_of = dict(zip(several, first[:-1].tolist(), strict=True))
    merged = []
    for k, (group, phrasings) in enumerate(found):
        if k not in start_of or profiled is None:
            merged.append((group, [(phrasings, {"aspects": 1})]))
            continue
        ids = list(range(start_of[k], start_of[k] + len(phrasings)))
        merge = merge_aspects(take(profiled, ids), config)
        problems = [
            ([phrasings[a] for a in merge.aspects(p)], merge.evidence[p])
            for p in range(merge.count)
        ]
        merged.append((group, problems))
    return merged


def _problems(
    matrix: sparse.csr_matrix, rows: np.ndarray, similarity: float, merge_similarity: float
) -> list[np.ndarray]:
    """One place's messages split by problem: each joins the most similar problem so far (in
    order of time) or starts one; close problems are then merged and every message placed again."""
    row_of, indices, data = _entries(matrix, rows)
    # Words used once at this place link no two messages: leaving them out keeps this small.
    local_df = np.bincount(indices, minlength=matrix.shape[1])
    columns = np.flatnonzero(local_df >= 2)
    if not len(columns):
        return [rows]
    if len(columns) > PLACE_WORDS:
        # A big place: its most used words (rare ones weigh little below, and the work and
        # memory grow with the words kept).
        columns = np.sort(columns[np.argsort(-local_df[columns], kind="stable")[:PLACE_WORDS]])
    # A word counts by the share of this place's messages that use it: the words many people
    # here write ("停水", "车位") bind their messages, however the rest is phrased.
    position = np.full(matrix.shape[1], -1, dtype=np.int64)
    position[columns] = np.arange(len(columns))
    kept = position[indices] >= 0
    dense = np.zeros((len(rows), len(columns)), dtype=np.float32)
    dense[row_of[kept], position[indices[kept]]] = data[kept]
    dense = _unit_rows(dense * (local_df[columns] / len(rows)))
    sums = np.zeros((8, len(columns)), dtype=np.float32)
    norms = np.zeros(8, dtype=np.float32)
    k = 0
    for x in dense:
        if k:
            fit = (sums[:k] @ x) / norms[:k]
            best = int(np.argmax(fit))
            if fit[best] >= similarity:
                sums[best] += x
                norms[best] = np.linalg.norm(sums[best]) or 1.0
                continue
        if k == len(sums):
            sums = np.vstack([sums, np.zeros_like(sums)])
            norms = np.concatenate([norms, np.zeros_like(norms)])
        sums[k], norms[k] = x, np.linalg.norm(x) or 1.0
        k += 1
    centres = _merge_centres(sums[:k] / norms[:k, None], merge_similarity)
    assigned = np.argmax(dense @ centres.T, axis=1)
    return [rows[assigned == c] for c in range(len(centres)) if (assigned == c).any()]


def _entries(
    matrix: sparse.csr_matrix, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The stored entries of ``rows`` as (position in ``rows``, column, value), read straight
    from the CSR arrays: thousands of small places make scipy's row indexing the slow part."""
    starts, ends = matrix.indptr[rows], matrix.indptr[rows + 1]
    lengths = ends - starts
    row_of = np.repeat(np.arange(len(rows)), lengths)
    offsets = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    where = np.repeat(starts, lengths) + offsets
    return row_of, matrix.indices[where], matrix.data[where]


def _merge_centres(centres: np.ndarray, threshold: float) -> np.ndarray:
    """Problems whose centres are this similar become one (linked in a chain)."""
    parent = list(range(len(centres)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    close = np.argwhere(np.triu(centres @ centres.T, 1) >= threshold)
    for a, b in close.tolist():
        parent[root(b)] = root(a)
    roots = sorted({root(i) for i in range(len(centres))})
    if len(roots) == len(centres):
        return centres
    groups = np.array([roots.index(root(i)) for i in range(len(centres))])
    merged = np.zeros((len(roots), centres.shape[1]), dtype=centres.dtype)
    np.add.at(merged, groups, centres)
    return _unit_rows(merged)


def _unit_rows(dense: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (numpy directly: the places are many and mostly small)."""
    norms = np.linalg.norm(dense, axis=1, keepdims=True)
    return np.asarray(dense / np.where(norms > 0, norms, 1.0), dtype=np.float32)


def _facts(
    corpus: Corpus, rows: np.ndarray, hot: dict[str, Any], window: tuple[int, int]
) -> dict[str, Any]:
    """Messages, people (one per known poster, every anonymous message its own) and time."""
    callers = corpus.column("caller")[rows]
    known = callers[callers != 0]
    received = corpus.column("received")[rows]
    first, last = int(received.min()), int(received.max())
    day = (received - first) // DAY
    busiest = int(hot["BUSIEST_DAYS"])
    per_day = np.bincount(day)
    run = np.convolve(per_day, np.ones(busiest, dtype=np.int64), mode="full")[: len(per_day)]
    peak_end = int(np.argmax(run))
    # The busiest run as the days it really has messages on.
    busy = np.flatnonzero(per_day[max(0, peak_end - busiest + 1) : peak_end + 1])
    peak_start = max(0, peak_end - busiest + 1) + int(busy[0])
    peak_end = max(0, peak_end - busiest + 1) + int(busy[-1])
    return {
        "messages": len(rows),
        "people": len(np.unique(known)) + int((callers == 0).sum()),
        "first": _day(first),
        "last": _day(last),
        "span_days": (last - first) // DAY + 1,
        "days_since_last": max(0, (window[1] - 1 - last) // DAY),
        "busiest_share": round(float(per_day[peak_start : peak_end + 1].sum()) / len(rows), 4),
        "peak_cases": int(per_day[peak_start : peak_end + 1].sum()),
        "peak_start": _day(first + peak_start * DAY),
        "peak_end": _day(first + peak_end * DAY),
        "place_share": None,  # filled for the shortlist (_weigh_place)
    }


def _heat(facts: dict[str, Any], hot: dict[str, Any]) -> dict[str, float]:
    """Each fact as a number from 0 to 1, and their weighted mean (the heat)."""
    full = hot["FULL_AT"]
    weights = hot["WEIGHTS"]
    share = facts["place_share"]
    parts = {
        "messages": min(1.0, math.log1p(facts["messages"]) / math.log1p(full["messages"])),
        "people": min(1.0, math.log1p(facts["people"]) / math.log1p(full["people"])),
        # Until measured, the place counts as fully this issue's own (an upper bound).
        "place": 1.0 if share is None else share,
        "time": facts["busiest_share"],
        "span": min(1.0, facts["span_days"] / full["span_days"]),
        "recency": 0.5 ** (facts["days_since_last"] / hot["RECENCY_HALF_LIFE_DAYS"]),
    }
    total = sum(weights.get(name, 0.0) for name in COMPONENTS) or 1.0
    score = sum(weights.get(name, 0.0) * value for name, value in parts.items()) / total
    return {**{k: round(v, 4) for k, v in parts.items()}, "score": round(score, 4)}


def _merged(
    issues: list[_Issue],
    overlap: float,
    corpus: Corpus,
    hot: dict[str, Any],
    window: tuple[int, int],
) -> list[_Issue]:
    """Issues sharing most of their messages are one ("丽发新城" and the plant beside it, named
    in the same messages): the hotter takes the other's messages and names."""
    issues = sorted(issues, key=lambda i: (-i.heat["score"], -len(i.rows), i.place))
    kept: list[_Issue] = []
    owner: dict[int, list[int]] = {}  # case -> kept issues holding it
    for issue in issues:
        counts = Counter(k for row in issue.rows.tolist() for k in owner.get(row, ()))
        target = next(
            (k for k, shared in counts.most_common() if shared >= overlap * len(issue.rows)), None
        )
        if target is None:
            target = len(kept)
            kept.append(issue)
            new_rows = issue.rows
        else:
            host = kept[target]
            new_rows = np.setdiff1d(issue.rows, host.rows)
            if len(new_rows):
                # What the other place adds counts as one more phrasing of the problem.
                host.aspects.append(new_rows)
            host.rows = np.union1d(host.rows, issue.rows)
            host.places.extend(p for p in issue.places if p not in host.places)
            host.facts = _facts(corpus, host.rows, hot, window)
            host.heat = _heat(host.facts, hot)
        for row in new_rows.tolist():
            owner.setdefault(row, []).append(target)
    return kept


def _weigh_place(issues: list[_Issue], matrix: sparse.csr_matrix, hot: dict[str, Any]) -> None:
    """How much of each problem is at its place: its similar messages here against everywhere."""
    if not issues:
        return
    threshold = hot["SIMILARITY"]
    centres = normalize(
        sparse.vstack([sparse.csr_matrix(matrix[i.rows].sum(axis=0)) for i in issues])
    )
    centres_t = centres.T.tocsc()
    everywhere = np.zeros(len(issues), dtype=np.int64)
    for start in range(0, matrix.shape[0], CHUNK):
        block = (matrix[start : start + CHUNK] @ centres_t).toarray() >= threshold
        everywhere += block.sum(axis=0)
    for k, issue in enumerate(issues):
        close = (matrix[issue.rows] @ centres[k].T).toarray().ravel() >= threshold
        share = int(close.sum()) / max(int(everywhere[k]), 1)
        issue.facts["place_share"] = round(min(1.0, share), 4)


def _describe(
    corpus: Corpus,
    vectors: Vectors,
    places: _Places,
    chosen: list[_Issue],
    start: dt.datetime,
    end: dt.datetime,
    config: dict[str, Any],
    progress: Progress | None,
) -> list[Candidate]:
    labels = np.full(len(corpus), -1, dtype=np.int64)
    for k, issue in reversed(list(enumerate(chosen))):
        labels[issue.rows] = k  # a case in two issues counts for the hotter in the facts
    months = month_starts(start, end)
    facts = gather(
        corpus,
        labels,
        len(chosen),
        start=int(start.timestamp()),
        months=len(months),
        overdue_days=config["OVERDUE_DAYS"],
        end=int(end.timestamp()),
        signature=np.zeros(len(corpus), dtype=np.uint64),
    )
    matrix = vectors.matrix
    similarity = np.zeros(len(corpus), dtype=np.float32)
    describer = Describer(corpus, vectors, labels, similarity, facts, months)
    candidates: list[Candidate] = []
    for rank, issue in enumerate(chosen, start=1):
        if progress:
            progress("describe", rank, len(chosen))
        centre = normalize(sparse.csr_matrix(matrix[issue.rows].sum(axis=0)))
        similarity[issue.rows] = (matrix[issue.rows] @ centre.T).toarray().ravel()
        rows = _in_time(corpus, issue.rows)
        detail = describer.describe(rank - 1, rows)
        aspects = [
            describer.aspect_of(_in_time(corpus, a), len(rows), detail["label_en"])
            for a in issue.aspects
        ]
        aspects.sort(key=lambda a: (-a["cases"], a["label"]))
        place = places.names[issue.place]
        problem = detail.pop("label")
        candidates.append(
            {
                "rank": rank,
                "key": detail.pop("key"),
                "label": f"{place}：{problem}",
                "label_en": detail.pop("label_en"),
                "keywords": detail.pop("keywords"),
                "size": len(rows),
                "score": issue.heat["score"],
                "components": {**issue.facts, **_outcomes(corpus, rows), "heat": issue.heat},
                "explanation": explain_heat(place, issue.facts, issue.heat),
                "days": _daily(corpus, rows),
                "aspects": aspects,
                "merge": merge_explanation(issue.merge, len(rows)),
                **detail,
                "places": _named(corpus, places, issue),
            }
        )
    return candidates


def _in_time(corpus: Corpus, rows: np.ndarray) -> np.ndarray:
    return rows[np.lexsort((corpus.column("received")[rows],))]


def _outcomes(corpus: Corpus, rows: np.ndarray) -> dict[str, Any]:
    """Where the export carries them: open cases, resolution and satisfaction."""
    closed = corpus.column("closed")[rows]
    resolved = corpus.column("resolved")[rows]
    satisfaction = corpus.column("satisfaction")[rows]
    answered = int((resolved >= 0).sum())
    surveyed = int(((satisfaction >= 0) & (satisfaction <= 2)).sum())
    return {
        "open_share": round(float((closed < 0).mean()), 4),
        "resolution_rate": round(float((resolved == 1).sum()) / answered, 4) if answered else None,
        "satisfaction_rate": round(
            float(((satisfaction >= 0) & (satisfaction <= 1)).sum()) / surveyed, 4
        )
        if surveyed
        else None,
    }


def explain_heat(place: str, facts: dict[str, Any], heat: dict[str, float]) -> str:
    """The heat in plain words: what was raised, by how many, when, and what weighed."""
    said = _(
        "%(messages)d messages from %(people)d people about %(place)s, %(first)s to %(last)s."
    ) % {
        "messages": facts["messages"],
        "people": facts["people"],
        "place": place,
        "first": facts["first"],
        "last": facts["last"],
    }
    weighed = (
        _(
            "Heat %(score).2f of 1: messages %(messages).2f, people %(people).2f, share of this "
            "problem at this place %(place).2f, busiest two weeks %(time).2f, span %(span).2f, "
            "recency %(recency).2f."
        )
        % heat
    )
    return f"{said} {weighed}"


def _named(corpus: Corpus, places: _Places, issue: _Issue) -> list[dict[str, Any]]:
    """The places and parties the issue's messages name, most named first."""
    offsets = corpus.column("party_offsets")
    ids = corpus.column("party_ids")
    counts: Counter[int] = Counter()
    for row in issue.rows.tolist():
        counts.update(set(ids[offsets[row] : offsets[row + 1]].tolist()))
    if issue.place >= len(corpus.parties) and issue.place not in counts:
        counts[issue.place] = len(issue.rows)  # a sub-district, from the columns
    return [
        {"name": places.names[p], "kind": places.kinds[p], "cases": n}
        for p, n in sorted(counts.items(), key=lambda item: (-item[1], places.names[item[0]]))[:10]
    ]


def _daily(corpus: Corpus, rows: np.ndarray) -> list[dict[str, Any]]:
    days = Counter(_day(int(t)) for t in corpus.column("received")[rows].tolist())
    return [{"day": day, "cases": n} for day, n in sorted(days.items())]


def _day(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch + 8 * 3600, tz=dt.UTC).date().isoformat()


def _summary(
    corpus: Corpus,
    places: _Places,
    found: int,
    start: dt.datetime,
    end: dt.datetime,
    seed: int,
    hot: dict[str, Any],
    timings: dict[str, float],
) -> dict[str, Any]:
    last_day = end - dt.timedelta(seconds=1)
    summary: dict[str, Any] = {"mode": "hot", "from": start.date().isoformat()}
    summary.update(to=last_day.date().isoformat(), cases=len(corpus), rows_skipped=corpus.skipped)
    # "clusters" is what the run pages show as problems found.
    summary.update(clusters=found, issues_found=found, places_named=len(corpus.parties))
    summary["cases_with_a_place"] = len(np.unique(places.rows))
    summary.update(seed=seed, weights=hot["WEIGHTS"])
    summary["seconds"] = {k: round(v, 2) for k, v in timings.items()}
    return summary
