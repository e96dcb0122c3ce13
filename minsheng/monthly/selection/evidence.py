"""The facts of each cluster, computed for all clusters at once with array operations.

Every figure here is a plain count or share that can be checked by hand on a small set of cases;
:mod:`.scoring` turns them into the three scores.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from minsheng.monthly.selection.corpus import Corpus

HOUR = 3600
DAY = 24 * HOUR
DUPLICATE_WINDOW = 30 * DAY


@dataclass
class Facts:
    """Arrays indexed by cluster id (and month for ``monthly``)."""

    size: np.ndarray
    monthly: np.ndarray  # clusters x months
    districts: np.ndarray  # distinct districts with at least two cases
    subdistricts: np.ndarray  # distinct sub-districts
    consultations: np.ndarray
    repeat_callers: np.ndarray  # cases whose caller has another case in the cluster
    with_caller: np.ndarray
    again_after_closure: np.ndarray  # same caller (or place) again after a closed case
    recurring_places: np.ndarray  # cases at a named place seen in >= 3 months of the cluster
    with_place: np.ndarray
    reopened: np.ndarray
    duplicates: np.ndarray  # near-identical to an earlier case (same place or caller, 30 days)
    handling_days: np.ndarray  # median
    overdue: np.ndarray
    resolved: np.ndarray
    answered: np.ndarray
    satisfied: np.ndarray
    surveyed: np.ndarray
    returns: np.ndarray  # total returns
    redispatched: np.ndarray  # cases dispatched more than once
    units_per_case: np.ndarray
    units: np.ndarray  # distinct units
    departments: np.ndarray  # distinct departments/companies with a real share of the cases
    policy_gap: np.ndarray  # among requests other than consultations
    requests: np.ndarray  # cases other than consultations


def gather(
    corpus: Corpus,
    labels: np.ndarray,
    clusters: int,
    *,
    start: int,
    months: int,
    overdue_days: float,
    end: int,
    signature: np.ndarray,
) -> Facts:
    """Facts of ``clusters`` clusters; ``labels`` -1 are left out."""
    k = max(clusters, 1)
    member = labels >= 0
    lab = labels[member].astype(np.int64)
    count = lambda mask: np.bincount(lab[mask[member]], minlength=k)  # noqa: E731

    received = corpus.column("received")
    month = np.clip(_month_index(received) - _month_index(np.array([start]))[0], 0, months - 1)
    size = np.bincount(lab, minlength=k)
    monthly = _per_month(lab, month[member], k, months)
    resolved_flag = resolved_answers(corpus)
    answered_mask = resolved_flag >= 0
    satisfaction = corpus.column("satisfaction")
    surveyed_mask = (satisfaction >= 0) & (satisfaction <= 2)
    satisfied_mask = (satisfaction == 0) | (satisfaction == 1)

    hours = corpus.column("handling_hours")
    age_hours = (end - received) / HOUR
    overdue_mask = np.where(np.isnan(hours), age_hours, hours) > overdue_days * 24
    returns = corpus.column("returns").astype(np.int64)
    unit_offsets = corpus.column("unit_offsets")
    units_per_case = np.diff(unit_offsets)

    facts = Facts(
        size=size,
        monthly=monthly,
        districts=_distinct(lab, corpus.column("district")[member], k, at_least=2),
        subdistricts=_distinct(lab, corpus.column("subdistrict")[member], k),
        consultations=count(corpus.column("kind") == 0),
        repeat_callers=np.zeros(k, np.int64),
        with_caller=count(corpus.column("caller") != 0),
        again_after_closure=np.zeros(k, np.int64),
        recurring_places=np.zeros(k, np.int64),
        with_place=count(corpus.column("place") >= 0),
        reopened=count(corpus.column("reopened") == 1),
        duplicates=np.zeros(k, np.int64),
        handling_days=_median(lab, hours[member] / 24, k),
        overdue=count(overdue_mask),
        resolved=count(resolved_flag == 1),
        answered=count(answered_mask),
        satisfied=count(satisfied_mask),
        surveyed=count(surveyed_mask),
        returns=np.bincount(lab, weights=returns[member], minlength=k).astype(np.int64),
        redispatched=count(corpus.column("dispatches") > 1),
        units_per_case=np.bincount(lab, weights=units_per_case[member], minlength=k)
        / np.maximum(size, 1),
        units=np.zeros(k, np.int64),
        departments=np.zeros(k, np.int64),
        policy_gap=count((corpus.column("policy_gap") == 1) & (corpus.column("kind") != 0)),
        requests=count(corpus.column("kind") != 0),
    )
    _repeats(facts, corpus, labels, k, month)
    _units(facts, corpus, labels, k)
    facts.duplicates = _duplicates(corpus, labels, k, signature)
    return facts


def resolved_answers(corpus: Corpus) -> np.ndarray:
    """The caller's answer at call-back; where none, the unit's result (-1 unknown)."""
    answer = corpus.column("resolved").astype(np.int8)
    result = corpus.column("result")
    fallback = np.where(result < 0, -1, (result == 0).astype(np.int8))
    return np.where(answer >= 0, answer, fallback)


def _month_index(epoch: np.ndarray) -> np.ndarray:
    """Months since 1970 in Beijing time (UTC+8, no daylight saving)."""
    beijing = (epoch + 8 * HOUR).astype("datetime64[s]")
    return beijing.astype("datetime64[M]").astype(np.int64)


def month_of(epoch: np.ndarray) -> np.ndarray:
    return _month_index(epoch)


def _per_month(lab: np.ndarray, month: np.ndarray, k: int, months: int) -> np.ndarray:
    return np.bincount(lab * months + month, minlength=k * months).reshape(k, months)


def _distinct(lab: np.ndarray, values: np.ndarray, k: int, at_least: int = 1) -> np.ndarray:
    known = values >= 0
    pairs, counts = np.unique(
        lab[known] * (int(values.max(initial=0)) + 1) + values[known], return_counts=True
    )
    clusters = pairs // (int(values.max(initial=0)) + 1)
    return np.bincount(clusters[counts >= at_least], minlength=k)


def _median(lab: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    result = np.full(k, np.nan)
    known = ~np.isnan(values)
    lab, values = lab[known], values[known]
    order = np.lexsort((values, lab))
    lab, values = lab[order], values[order]
    bounds = np.searchsorted(lab, np.arange(k + 1))
    for cluster in range(k):
        low, high = bounds[cluster], bounds[cluster + 1]
        if high > low:
            result[cluster] = float(np.median(values[low:high]))
    return result


def _repeats(facts: Facts, corpus: Corpus, labels: np.ndarray, k: int, month: np.ndarray) -> None:
    """Repeat callers, calls after a closed case, and places that come back month after month."""
    caller = corpus.column("caller")
    received = corpus.column("received")
    closed = corpus.column("closed")
    rows = np.flatnonzero((labels >= 0) & (caller != 0))
    if len(rows):
        # Sort by cluster, caller, time: neighbours with the same cluster and caller repeat.
        tie = corpus.column("number_hash")[rows]
        order = np.lexsort((tie, received[rows], caller[rows], labels[rows]))
        rows = rows[order]
        same = np.zeros(len(rows), dtype=bool)
        same[1:] = (labels[rows][1:] == labels[rows][:-1]) & (caller[rows][1:] == caller[rows][:-1])
        repeated = same.copy()
        repeated[:-1] |= same[1:]
        facts.repeat_callers = np.bincount(labels[rows][repeated], minlength=k)
        previous_closed = np.r_[-1, closed[rows][:-1]]
        again = same & (previous_closed >= 0) & (previous_closed <= received[rows])
        facts.again_after_closure = np.bincount(labels[rows][again], minlength=k)
    place = corpus.column("place")
    rows = np.flatnonzero((labels >= 0) & (place >= 0))
    if len(rows):
        lab = labels[rows].astype(np.int64)
        key = lab * (int(place.max()) + 1) + place[rows]
        triples = np.unique(key * 1000 + month[rows])
        place_keys, months_seen = np.unique(triples // 1000, return_counts=True)
        hit = np.isin(key, place_keys[months_seen >= 3])
        facts.recurring_places = np.bincount(lab[hit], minlength=k)


def _units(facts: Facts, corpus: Corpus, labels: np.ndarray, k: int) -> None:
    """Distinct units, and departments or companies that carry a real share of the cases."""
    offsets = corpus.column("unit_offsets")
    units = corpus.column("units").astype(np.int64)
    case_of_unit = np.repeat(np.arange(len(labels)), np.diff(offsets))
    lab = labels[case_of_unit].astype(np.int64)
    # Questions passed to a department do not make it part of the problem.
    keep = (lab >= 0) & (corpus.column("kind")[case_of_unit] != 0)
    lab, units = lab[keep], units[keep]
    if not len(units):
        return
    width = int(units.max()) + 1
    pairs, counts = np.unique(lab * width + units, return_counts=True)
    clusters, unit_ids = np.divmod(pairs, width)
    facts.units = np.bincount(clusters, minlength=k)
    level = np.array([_is_department(code) for code in corpus.unit_codes.values], dtype=bool)
    threshold = np.maximum(3, 0.02 * facts.requests[clusters])
    real = level[unit_ids] & (counts >= threshold)
    facts.departments = np.bincount(clusters[real], minlength=k)


def _is_department(code: str) -> bool:
    """Municipal departments and public-service companies, not sub-districts or districts."""
    if code.startswith(("SD-", "DG-")):
        return False
    return not code.endswith(("街道", "街道办事处", "办事处", "乡", "镇", "人民政府", "区政府"))


def _duplicates(corpus: Corpus, labels: np.ndarray, k: int, signature: np.ndarray) -> np.ndarray:
    """Cases with the same words as an earlier one at the same place or from the same caller."""
    place = corpus.column("place").astype(np.int64)
    caller = corpus.column("caller")
    received = corpus.column("received")
    who = np.where(place >= 0, place + 1, np.where(caller != 0, -(caller % (2**40)) - 1, 0))
    rows = np.flatnonzero((labels >= 0) & (who != 0) & (signature != 0))
    if not len(rows):
        return np.zeros(k, np.int64)
    tie = corpus.column("number_hash")[rows]
    order = np.lexsort((tie, received[rows], who[rows], signature[rows]))
    rows = rows[order]
    same = np.zeros(len(rows), dtype=bool)
    same[1:] = (
        (signature[rows][1:] == signature[rows][:-1])
        & (who[rows][1:] == who[rows][:-1])
        & (received[rows][1:] - received[rows][:-1] <= DUPLICATE_WINDOW)
    )
    return np.bincount(labels[rows][same], minlength=k)
