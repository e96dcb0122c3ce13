"""Settings of "One issue per month", with defaults: ``MONTHLY_SELECTION``, ``MONTHLY_PROGRAMME``.

The weights are a starting point for the programme office, not a rule of Beijing: they are
shown on the page and in the explanation of every score.
"""

from __future__ import annotations

import copy
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # How much each of the three questions counts in the score (they are normalised to sum 1).
    "WEIGHTS": {"widespread": 0.3, "chronic": 0.4, "coordination": 0.3},
    # Within each question: which facts count, how much.
    "WIDESPREAD": {"volume": 0.35, "spread": 0.35, "persistence": 0.25, "growth": 0.05},
    "CHRONIC": {
        "repeat_callers": 0.2,
        "again_after_closure": 0.1,
        "reopened": 0.1,
        "handling_time": 0.15,
        "unresolved": 0.2,
        "dissatisfied": 0.15,
        "overdue": 0.1,
    },
    "COORDINATION": {
        "departments": 0.3,
        "units_per_case": 0.15,
        "returns": 0.25,
        "districts": 0.1,
        "policy_gap": 0.2,
    },
    # Where a fact counts in full (a share of repeat callers of 30% or more scores 1, ...).
    "FULL_AT": {
        "repeat_callers": 0.3,
        "again_after_closure": 0.15,
        "reopened": 0.1,
        "handling_days": 15.0,
        "departments": 3,
        "extra_units_per_case": 1.0,
        "returns_per_case": 0.3,
        "subdistrict_share": 0.25,
    },
    "CONSULTATION_WEIGHT": 0.3,  # a question counts this much of a request in the volume
    "OVERDUE_DAYS": 15,  # handling longer than this counts as overdue
    "MIN_CASES": 10,  # a candidate needs at least this many cases ...
    "MIN_SHARE": 0.0005,  # ... and this share of all cases
    # CATEGORY_WEIGHT: how much the dispatcher's category counts next to one word of the text.
    "TEXT": {"MIN_DF": 3, "MAX_DF": 0.3, "MIN_WORDS": 2, "CATEGORY_WEIGHT": 0.3},
    "CLUSTERING": {
        "fit_sample": 40_000,
        "min_clusters": 20,
        "max_clusters": 400,
        "clusters_per_root": 4.0,
        "merge_distance": 0.7,
        "merge_dimensions": 100,
        "merge_captured": 0.5,
        "min_similarity": 0.3,
    },
    # Hot issues: many people on one concrete problem at one place or party (docs/monthly.md).
    "HOT": {
        # How much each fact counts in the heat (normalised to sum 1; shown per candidate).
        "WEIGHTS": {
            "messages": 0.25,
            "people": 0.3,
            "place": 0.15,
            "time": 0.1,
            "span": 0.1,
            "recency": 0.1,
        },
        # Where a fact counts in full: 100 messages, 50 people, 30 days from first to last.
        "FULL_AT": {"messages": 100, "people": 50, "span_days": 30},
        "RECENCY_HALF_LIFE_DAYS": 30,  # a problem last raised this long ago counts half
        "BUSIEST_DAYS": 14,  # time concentration: the share of messages in the busiest such run
        "MIN_CASES": 5,  # an issue needs at least this many messages ...
        "MIN_PEOPLE": 3,  # ... from at least this many people
        # Cosine similarity of a message to the problem of its place: joining, and merging two
        # problems of one place; a message this close to a problem elsewhere counts as the same.
        "SIMILARITY": 0.3,
        "MERGE_SIMILARITY": 0.2,
        "OVERLAP": 0.5,  # two issues sharing this share of the smaller one's messages are one
        # One place's phrasings of one problem are merged as the year's aspects are (ASPECTS
        # below, the same function); the place's own messages all name it, so places count nil.
        "ASPECTS": {
            "MERGE_AT": 0.3,
            "WEIGHTS": {"phrases": 0.5, "centres": 0.3, "categories": 0.2, "places": 0.0},
            "MIN_PHRASES": 0.1,
            "MIN_PLACED": 5,
            "PHRASES": 20,
        },
    },
    # Merging the aspects of one problem (clusters that tell it from different sides) into one
    # candidate: the evidence of two clusters is the weighted mean of their key phrases (shared
    # characters of their distinctive words), centres (cosine), categories and named places
    # (how alike their distributions are); they merge from MERGE_AT (0-1, average linkage).
    # MIN_PHRASES > 0 refuses merges without that much key-phrase evidence; MIN_PLACED: cases
    # naming a place a cluster needs before its places count; PHRASES: key phrases per cluster.
    # CLUSTER_MERGE_DISTANCE replaces CLUSTERING["merge_distance"] for the year's selection: its
    # clusters are kept finer (purer), since the merge of aspects joins what belongs together.
    "ASPECTS": {
        "MERGE_AT": 0.3,
        "CLUSTER_MERGE_DISTANCE": 0.45,
        "WEIGHTS": {"phrases": 0.35, "centres": 0.15, "categories": 0.25, "places": 0.25},
        "MIN_PHRASES": 0.0,
        "MIN_PLACED": 5,
        "PHRASES": 20,
    },
}


def selection_settings() -> dict[str, Any]:
    """The defaults, updated (one level deep) by ``settings.MONTHLY_SELECTION``."""
    merged = copy.deepcopy(DEFAULTS)
    for key, value in getattr(settings, "MONTHLY_SELECTION", {}).items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key].update(value)
        else:
            merged[key] = value
    return merged


PROGRAMME_DEFAULTS: dict[str, Any] = {
    # Outcomes compare this many months before a theme's month with as many after it.
    "OUTCOME_MONTHS": 3,
    # An open supervision item past its deadline reminds the lead department at once, and goes
    # to the responsible leader this many days after the deadline.
    "ESCALATE_TO_LEADER_AFTER_DAYS": 7,
}


def programme_settings() -> dict[str, Any]:
    """The programme's defaults, updated by ``settings.MONTHLY_PROGRAMME``."""
    return {**PROGRAMME_DEFAULTS, **getattr(settings, "MONTHLY_PROGRAMME", {})}


FORECAST_DEFAULTS: dict[str, Any] = {
    # A group becomes a proactive item when the cases expected in its next ALERT_WEEKS weeks
    # exceed its usual volume (the last year's weekly mean) by ALERT_MARGIN (0.25 = 25% more)
    # and by at least ALERT_MIN_EXTRA cases (so that 3 instead of 2 raises nothing).
    "ALERT_WEEKS": 4,
    "ALERT_MARGIN": 0.25,
    "ALERT_MIN_EXTRA": 10,
    # Weeks forecast by the page and the weekly job when not told otherwise.
    "WEEKS": 8,
}


def forecast_settings() -> dict[str, Any]:
    """The forecast's defaults, updated by ``settings.MONTHLY_FORECAST``."""
    return {**FORECAST_DEFAULTS, **getattr(settings, "MONTHLY_FORECAST", {})}
