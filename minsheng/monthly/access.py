"""Who may run the selection and decide on candidates: the programme office and the city."""

from minsheng.access import Scope, define, register_model
from minsheng.monthly.models import CandidateDecision, SelectionRun

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
