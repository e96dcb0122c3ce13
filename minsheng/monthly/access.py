"""Who may do what in "One issue per month": the selection and the annual programme."""

from minsheng.access import Scope, define, register_model
from minsheng.monthly.models import (
    CandidateDecision,
    ForecastRun,
    Meeting,
    Plan,
    Policy,
    ProactiveItem,
    Problem,
    ProblemCase,
    ProblemDocument,
    ProgressNote,
    SelectionRun,
    SupervisionItem,
    Task,
    Theme,
)

# Both are city-wide: the roles are held at the city, whose subtree is everything.
register_model(SelectionRun)
register_model(CandidateDecision)

define(
    "monthly.view_selection",
    programme_office=Scope.SUBTREE,
    city_admin=Scope.SUBTREE,
    leader=Scope.SUBTREE,
)
define("monthly.run_selection", programme_office=Scope.SUBTREE, city_admin=Scope.SUBTREE)
define("monthly.decide_candidate", programme_office=Scope.SUBTREE, city_admin=Scope.SUBTREE)
define(
    "monthly.suggest_category",
    dispatcher=Scope.SUBTREE,
    programme_office=Scope.SUBTREE,
    city_admin=Scope.SUBTREE,
)

# The annual programme. The office edits; a problem's leader (their own problems) and its lead
# department's staff see it and report progress on it; the city and leaders read the whole plan.
register_model(Plan)
register_model(Theme)
register_model(Meeting)
register_model(Problem, people=["leader"], organisations=["lead_department"])
for part in (Task, Policy, ProgressNote, SupervisionItem, ProblemCase, ProblemDocument):
    register_model(part, people=["problem__leader"], organisations=["problem__lead_department"])

define(
    "monthly.view_plan",
    programme_office=Scope.SUBTREE,
    city_admin=Scope.SUBTREE,
    leader=Scope.SUBTREE,
    department_staff=Scope.SUBTREE,
)
define(
    "monthly.view_problem",
    programme_office=Scope.SUBTREE,
    city_admin=Scope.SUBTREE,
    leader=Scope.OWN,
    department_staff=Scope.ORGANISATION,
)
define("monthly.edit_programme", programme_office=Scope.SUBTREE)
# Policy texts and pictures: the office and the lead department add them; whoever may see the
# problem reads them (monthly.view_problem).
define("monthly.add_document", programme_office=Scope.SUBTREE, department_staff=Scope.ORGANISATION)
define(
    "monthly.report_progress",
    programme_office=Scope.SUBTREE,
    leader=Scope.OWN,
    department_staff=Scope.ORGANISATION,
)

# Forecasts (未诉先办): the office and the city run them and hand their proactive items to units;
# leaders read them; a unit's staff see the items handed to their unit.
register_model(ForecastRun)
register_model(ProactiveItem, organisations=["unit"])
define(
    "monthly.view_forecast",
    programme_office=Scope.SUBTREE,
    city_admin=Scope.SUBTREE,
    leader=Scope.SUBTREE,
)
define("monthly.run_forecast", programme_office=Scope.SUBTREE, city_admin=Scope.SUBTREE)
define("monthly.act_on_forecast", programme_office=Scope.SUBTREE)
define(
    "monthly.view_proactive_item",
    programme_office=Scope.SUBTREE,
    city_admin=Scope.SUBTREE,
    leader=Scope.SUBTREE,
    department_staff=Scope.ORGANISATION,
    unit_staff=Scope.ORGANISATION,
)
