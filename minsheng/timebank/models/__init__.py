"""The Time Bank's models, by sub-domain."""

from minsheng.timebank.models.activities import Attendance, GroupActivity
from minsheng.timebank.models.applications import VolunteerApplication
from minsheng.timebank.models.catalogue import ServiceCategory, ServiceItem
from minsheng.timebank.models.funding import Grant, GrantBudget, GrantRule, Transfer
from minsheng.timebank.models.ledger import MINUTES_PER_COIN, Account, Leg, Transaction
from minsheng.timebank.models.offers import HomePoint, Invitation, VolunteerOffer
from minsheng.timebank.models.orders import (
    COMMITTED_STATES,
    FINAL_STATES,
    HOLDING_STATES,
    Dispute,
    OrderEvent,
    OrderState,
    ServiceOrder,
)
from minsheng.timebank.models.participants import (
    CareNeed,
    ElderProfile,
    Milestone,
    Station,
    TrainingRecord,
    VolunteerProfile,
)
from minsheng.timebank.models.photos import OrderPhoto
from minsheng.timebank.models.policy import PolicyValue
from minsheng.timebank.models.reports import (
    MonthlyLedgerStat,
    MonthlyServiceStat,
    MonthlyVolunteerStat,
    ReportRefresh,
    StarLevelStat,
)

__all__ = [
    "COMMITTED_STATES",
    "FINAL_STATES",
    "HOLDING_STATES",
    "MINUTES_PER_COIN",
    "Account",
    "Attendance",
    "CareNeed",
    "Dispute",
    "ElderProfile",
    "Grant",
    "GrantBudget",
    "GrantRule",
    "GroupActivity",
    "HomePoint",
    "Invitation",
    "Leg",
    "Milestone",
    "MonthlyLedgerStat",
    "MonthlyServiceStat",
    "MonthlyVolunteerStat",
    "OrderEvent",
    "OrderPhoto",
    "ReportRefresh",
    "StarLevelStat",
    "OrderState",
    "PolicyValue",
    "ServiceCategory",
    "ServiceItem",
    "ServiceOrder",
    "Station",
    "Transaction",
    "TrainingRecord",
    "Transfer",
    "VolunteerOffer",
    "VolunteerApplication",
    "VolunteerProfile",
]
