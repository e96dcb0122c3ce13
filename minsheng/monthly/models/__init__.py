"""The selection (runs and decisions) and the annual programme built from it."""

from minsheng.monthly.models.programme import (
    MAX_PROBLEMS_PER_THEME,
    MIN_PROBLEMS_PER_THEME,
    Meeting,
    Plan,
    Policy,
    Problem,
    ProblemCase,
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
    "Meeting",
    "Plan",
    "Policy",
    "Problem",
    "ProblemCase",
    "ProgressNote",
    "SelectionRun",
    "SupervisionItem",
    "Task",
    "Theme",
]
