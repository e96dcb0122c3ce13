"""From facts to the three scores and the score, and the score in plain words.

Each question is answered by a weighted mean of facts brought to 0..1:

* **widespread**: volume (log of the cases, relative to the largest candidate; questions count
  in part), spread (share of
  the districts, and of a quarter of the sub-districts seen), persistence (share of the months
  with a real number of cases), growth (second half of the period over the first);
* **chronic**: repeat callers, calls again after a closed case, reopened cases, handling time,
  unresolved and dissatisfied shares (the callers' own answers at call-back), overdue share;
* **needs municipal coordination**: departments and public-service companies involved, units
  per case, returns per case, districts, answers that point to a policy gap (explained, "not
  within policy").

The score is the weighted mean of the three; weights and the points where a fact counts in full
are settings (:mod:`minsheng.monthly.conf`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from minsheng.monthly.selection.evidence import Facts


@dataclass(frozen=True)
class Totals:
    cases: int
    months: int
    districts: int  # districts seen in the data
    subdistricts: int  # sub-districts seen in the data
    largest: float  # volume of the largest candidate


def components(facts: Facts, cluster: int, totals: Totals, config: dict[str, Any]) -> dict:
    """The facts of one cluster as shares and counts, with the three scores and the score."""
    f, c = facts, cluster
    size = int(f.size[c])
    monthly = f.monthly[c]
    threshold = max(1.0, 0.25 * size / max(totals.months, 1))
    half = totals.months // 2
    first, second = int(monthly[:half].sum()), int(monthly[half:].sum())
    raw = {
        "cases": size,
        "share": size / max(totals.cases, 1),
        "districts": int(f.districts[c]),
        "subdistricts": int(f.subdistricts[c]),
        "months_active": int((monthly >= threshold).sum()),
        "growth": (second - first) / size if size and half else 0.0,
        "consultation_share": _share(f.consultations[c], size),
        "repeat_callers": _share(f.repeat_callers[c], f.with_caller[c]),
        "again_after_closure": _share(f.again_after_closure[c], f.with_caller[c]),
        "recurring_places": _share(f.recurring_places[c], f.with_place[c]),
        "duplicates": _share(f.duplicates[c], size),
        "reopened": _share(f.reopened[c], size),
        "handling_days": None if math.isnan(f.handling_days[c]) else float(f.handling_days[c]),
        "resolution_rate": _share(f.resolved[c], f.answered[c], None),
        "satisfaction_rate": _share(f.satisfied[c], f.surveyed[c], None),
        "overdue": _share(f.overdue[c], size),
        "departments": int(f.departments[c]),
        "units": int(f.units[c]),
        "units_per_case": float(f.units_per_case[c]),
        "returns_per_case": _share(f.returns[c], size),
        "redispatched": _share(f.redispatched[c], size),
        "policy_gap": _share(f.policy_gap[c], f.requests[c]),
        "requests": int(f.requests[c]),
    }
    scores = _scores(raw, totals, config)
    weights = config["WEIGHTS"]
    total_weight = sum(weights.values()) or 1.0
    score = sum(weights[name] * scores[name] for name in weights) / total_weight
    return {**{k: _round(v) for k, v in raw.items()}, **scores, "score": round(score, 4)}


def _scores(raw: dict[str, Any], totals: Totals, config: dict[str, Any]) -> dict[str, float]:
    full = config["FULL_AT"]
    subdistrict_full = max(1.0, full["subdistrict_share"] * totals.subdistricts)
    unresolved = 1 - raw["resolution_rate"] if raw["resolution_rate"] is not None else 0.0
    dissatisfied = 1 - raw["satisfaction_rate"] if raw["satisfaction_rate"] is not None else 0.0
    facts = {
        "widespread": {
            "volume": math.log1p(_volume(raw, config)) / math.log1p(max(totals.largest, 1)),
            "spread": 0.5 * raw["subdistricts"] / subdistrict_full
            + 0.5 * raw["districts"] / max(totals.districts, 1),
            "persistence": raw["months_active"] / max(totals.months, 1),
            "growth": raw["growth"],
        },
        "chronic": {
            "repeat_callers": raw["repeat_callers"] / full["repeat_callers"],
            "again_after_closure": raw["again_after_closure"] / full["again_after_closure"],
            "reopened": raw["reopened"] / full["reopened"],
            "handling_time": (raw["handling_days"] or 0.0) / full["handling_days"],
            "unresolved": unresolved,
            "dissatisfied": dissatisfied,
            "overdue": raw["overdue"],
        },
        "coordination": {
            "departments": raw["departments"] / full["departments"],
            "units_per_case": (raw["units_per_case"] - 1) / full["extra_units_per_case"],
            "returns": raw["returns_per_case"] / full["returns_per_case"],
            "districts": raw["districts"] / max(totals.districts, 1),
            "policy_gap": raw["policy_gap"],
        },
    }
    config_keys = {"widespread": "WIDESPREAD", "chronic": "CHRONIC", "coordination": "COORDINATION"}
    scores = {}
    for question, values in facts.items():
        weights = config[config_keys[question]]
        total = sum(weights.values()) or 1.0
        scores[question] = round(
            sum(weights[name] * _clip(values[name]) for name in weights) / total, 4
        )
    return scores


def explain(components: dict[str, Any], config: dict[str, Any], total_months: int) -> str:
    """The score in plain words, in the active language."""
    weights = config["WEIGHTS"]
    total = sum(weights.values()) or 1.0
    parts = [
        _(
            "Score %(score)s: widespread %(widespread)s (weight %(w1)s), chronic %(chronic)s "
            "(weight %(w2)s), needs municipal coordination %(coordination)s (weight %(w3)s)."
        )
        % {
            "score": _fixed(components["score"]),
            "widespread": _fixed(components["widespread"]),
            "chronic": _fixed(components["chronic"]),
            "coordination": _fixed(components["coordination"]),
            "w1": _percent(weights["widespread"] / total),
            "w2": _percent(weights["chronic"] / total),
            "w3": _percent(weights["coordination"] / total),
        },
        _(
            "Widespread: %(cases)s cases (%(share)s of all) in %(districts)s districts and "
            "%(subdistricts)s sub-districts, in %(months)s of %(total_months)s months."
        )
        % {
            "cases": components["cases"],
            "share": _percent(components["share"], 2),
            "districts": components["districts"],
            "subdistricts": components["subdistricts"],
            "months": components["months_active"],
            "total_months": total_months,
        },
        _(
            "Chronic: %(unresolved)s not resolved and %(dissatisfied)s dissatisfied by the "
            "callers' own account; %(repeat)s of callers called again about it; a median of "
            "%(days)s days to handle; %(reopened)s reopened."
        )
        % {
            "unresolved": _percent(1 - (components["resolution_rate"] or 0)),
            "dissatisfied": _percent(1 - (components["satisfaction_rate"] or 0)),
            "repeat": _percent(components["repeat_callers"]),
            "days": _fixed(components["handling_days"] or 0, 1),
            "reopened": _percent(components["reopened"]),
        },
        _(
            "Needs municipal coordination: %(departments)s municipal departments or companies "
            "involved, %(units)s units per case, %(returns)s returns per case, %(policy)s answered "
            "as explained or outside policy."
        )
        % {
            "departments": components["departments"],
            "units": _fixed(components["units_per_case"], 1),
            "returns": _fixed(components["returns_per_case"], 2),
            "policy": _percent(components["policy_gap"]),
        },
    ]
    return " ".join(parts)


def merge_explanation(evidence: dict[str, Any], cases: int) -> dict[str, Any]:
    """How a candidate's aspects were merged, with the reason in plain words (active language)."""
    found = {**evidence, "cases": cases}
    if evidence["aspects"] < 2:
        found["text"] = _("One aspect, %(cases)s cases: nothing else told this problem.") % {
            "cases": cases
        }
        return found
    shared = "、".join(evidence["phrases"]) or "–"
    found["text"] = _(
        "%(aspects)s aspects merged, %(cases)s cases: they share the key phrases %(phrases)s "
        "and %(places)s named places; evidence %(score)s (key phrases %(p)s, centres %(c)s, "
        "categories %(k)s, places %(l)s)."
    ) % {
        "aspects": evidence["aspects"],
        "cases": cases,
        "phrases": shared,
        "places": evidence["shared_places"],
        "score": _fixed(evidence["evidence"]["score"]),
        "p": _fixed(evidence["evidence"]["phrases"]),
        "c": _fixed(evidence["evidence"]["centres"]),
        "k": _fixed(evidence["evidence"]["categories"]),
        "l": _fixed(evidence["evidence"]["places"]),
    }
    return found


def _volume(raw: dict[str, Any], config: dict[str, Any]) -> float:
    """Requests count in full, questions (consultations) only in part."""
    questions = raw["cases"] - raw["requests"]
    return raw["requests"] + config["CONSULTATION_WEIGHT"] * questions


def _share(part: Any, whole: Any, empty: float | None = 0.0) -> float | None:
    return float(part) / float(whole) if whole else empty


def _clip(value: float) -> float:
    return float(min(1.0, max(0.0, value)))


def _round(value: Any) -> Any:
    if isinstance(value, float | np.floating):
        return round(float(value), 4)
    return value


def _fixed(value: float, places: int = 2) -> str:
    return f"{value:.{places}f}"


def _percent(value: float, places: int = 0) -> str:
    return f"{value * 100:.{places}f}%"
