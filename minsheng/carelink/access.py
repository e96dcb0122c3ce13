"""Who may turn a hotline case into a Time Bank service request."""

from minsheng.access import Scope, define, register_model
from minsheng.carelink.models import CareLink

SUBTREE, ORGANISATION = Scope.SUBTREE, Scope.ORGANISATION

register_model(CareLink, region_path="case__region_path", organisations=("case__lead_unit_id",))
# The object is the case: the dispatcher in their area, or the sub-district office leading it.
define("carelink.turn_into_service", dispatcher=SUBTREE, unit_staff=ORGANISATION)
# The object is the elder: posting a request for them on the case's grounds (the Time Bank's
# ``post_order`` checks this rule instead of its own).
define("carelink.post_for_case", dispatcher=SUBTREE, unit_staff=SUBTREE)
