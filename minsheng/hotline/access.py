"""Who may see and act on cases, categories, dispatch rules, assessments and partner keys."""

from minsheng.access import Scope, define, register_model
from minsheng.hotline.models import (
    Article,
    Case,
    Category,
    DispatchRule,
    PartnerKey,
    ReplyTemplate,
    Urging,
    WorkdayException,
)

SUBTREE, ORGANISATION = Scope.SUBTREE, Scope.ORGANISATION
UNITS = {"unit_staff": ORGANISATION, "department_staff": ORGANISATION}
ADMINS = {"city_admin": SUBTREE, "district_admin": SUBTREE}

# Cases live where the problem is, and belong to their lead and cooperating units.
register_model(
    Case, region_path="region_path", organisations=("lead_unit_id", "cooperating__organisation_id")
)
define(
    "hotline.view_case",
    dispatcher=SUBTREE,
    leader=SUBTREE,
    programme_office=SUBTREE,
    **ADMINS,
    **UNITS,
)
define("hotline.add_case", dispatcher=SUBTREE)
define("hotline.change_case")  # nobody directly: through the actions below
define("hotline.delete_case")  # nobody: cases are closed or merged, never deleted
define("hotline.dispatch_case", dispatcher=SUBTREE)
define("hotline.correct_case", dispatcher=SUBTREE)
define("hotline.merge_case", dispatcher=SUBTREE)
define("hotline.callback_case", dispatcher=SUBTREE)
define("hotline.reopen_case", dispatcher=SUBTREE)
define("hotline.handle_case", **UNITS)
define("hotline.exclude_case", **ADMINS)
define("hotline.view_caller", dispatcher=SUBTREE, **UNITS)
define("hotline.export_cases", city_admin=SUBTREE, district_admin=SUBTREE, dispatcher=SUBTREE)
# Rows outside the importing user's subtree are rejected (importing.rows.Preparer).
define("hotline.import_cases", city_admin=SUBTREE, district_admin=SUBTREE, dispatcher=SUBTREE)
define(
    "hotline.view_assessment",
    dispatcher=SUBTREE,
    leader=SUBTREE,
    programme_office=SUBTREE,
    **ADMINS,
    **UNITS,
)
define(
    "hotline.view_dashboard", leader=SUBTREE, programme_office=SUBTREE, dispatcher=SUBTREE, **ADMINS
)

register_model(Category)
define("hotline.view_category", dispatcher=SUBTREE, leader=SUBTREE, **ADMINS, **UNITS)
define("hotline.add_category", city_admin=SUBTREE)
define("hotline.change_category", city_admin=SUBTREE)
define("hotline.delete_category")  # nobody: categories are deactivated

register_model(DispatchRule, region_path="region__path")
define("hotline.view_dispatchrule", dispatcher=SUBTREE, **ADMINS)
define("hotline.add_dispatchrule", **ADMINS)
define("hotline.change_dispatchrule", **ADMINS)
define("hotline.delete_dispatchrule")  # nobody: rules are deactivated

register_model(PartnerKey)
define("hotline.view_partnerkey", city_admin=SUBTREE)
define("hotline.add_partnerkey", city_admin=SUBTREE)
define("hotline.change_partnerkey", city_admin=SUBTREE)
define("hotline.delete_partnerkey")

# Working-day exceptions: the hotline office (the dispatchers) and the city administrator.
register_model(WorkdayException)
define("hotline.view_workdayexception", dispatcher=SUBTREE, **ADMINS)
define("hotline.add_workdayexception", dispatcher=SUBTREE, city_admin=SUBTREE)
define("hotline.change_workdayexception", dispatcher=SUBTREE, city_admin=SUBTREE)
define("hotline.delete_workdayexception", dispatcher=SUBTREE, city_admin=SUBTREE)

# Urging and supervision: the dispatchers and the district's administrators, within their area.
register_model(Urging, region_path="region_path", organisations=("unit_id",))
define("hotline.urge_case", dispatcher=SUBTREE, **ADMINS)
define("hotline.view_urging", dispatcher=SUBTREE, leader=SUBTREE, **ADMINS, **UNITS)
define(
    "hotline.view_supervision",
    dispatcher=SUBTREE,
    leader=SUBTREE,
    programme_office=SUBTREE,
    **ADMINS,
)

# The knowledge base: every member of staff reads it; the city administrator and the owner
# units' staff write it (an owner unit only its own articles).
register_model(Article, organisations=("owner_id",))
STAFF = {
    "dispatcher": SUBTREE,
    "leader": SUBTREE,
    "programme_office": SUBTREE,
    **ADMINS,
    **UNITS,
}
define("hotline.view_article", **STAFF)
define("hotline.add_article", city_admin=SUBTREE, **UNITS)
define("hotline.change_article", city_admin=SUBTREE, **UNITS)
define("hotline.delete_article")  # nobody: articles expire (valid until)
register_model(ReplyTemplate, organisations=("unit_id",))
define("hotline.view_replytemplate", dispatcher=SUBTREE, **ADMINS, **UNITS)
define("hotline.add_replytemplate", city_admin=SUBTREE, **UNITS)
define("hotline.change_replytemplate", city_admin=SUBTREE, **UNITS)
define("hotline.delete_replytemplate", city_admin=SUBTREE)
