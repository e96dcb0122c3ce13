"""The selection (runs and decisions), the annual programme built from it, and forecasts."""

from minsheng.monthly.models.forecast import ForecastRun, ProactiveItem
from minsheng.monthly.models.programme import (
    MAX_PROBLEMS_PER_THEME,
    MIN_PROBLEMS_PER_THEME,
    Meeting,
    Plan,
    Policy,
    Problem,
    ProblemCase,
    ProblemDocument,
    ProgressNote,
    SupervisionItem,
    Task,
    Theme,
)
from minsheng.monthly.models.selection import CITY_PATH, CandidateDecision, SelectionRun

__all__ = [
    "CITY_PATH",
    "MAX_PROBLEMS_PER_THEME",
    "MIN_PROBLEMS_PER_THEME",
    "CandidateDecision",
    "ForecastRun",
    "Meeting",
    "Plan",
    "Policy",
    "ProactiveItem",
    "Problem",
    "ProblemCase",
    "ProblemDocument",
    "ProgressNote",
    "SelectionRun",
    "SupervisionItem",
    "Task",
    "Theme",
]
