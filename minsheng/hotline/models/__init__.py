"""The hotline's models, by sub-domain; imported from here (``hotline.models.Case``)."""

from minsheng.hotline.models.attachments import CaseAttachment
from minsheng.hotline.models.cases import (
    CALLER_ID_PURPOSE,
    CALLER_PHONE_PURPOSE,
    OPEN_STATUSES,
    RATING_SATISFACTION,
    SEARCH_WORDS_MIN_LENGTH,
    WITH_UNIT,
    Case,
    CaseEvent,
    CaseNumberDay,
    CaseQuerySet,
    Category,
    CategoryQuerySet,
    Channel,
    CoHandler,
    Kind,
    Rating,
    Result,
    Satisfaction,
    Status,
    Urgency,
)
from minsheng.hotline.models.residents import TrackingKey
from minsheng.hotline.models.rules import DispatchRule, PartnerKey
from minsheng.hotline.models.stats import (
    CommunityMonth,
    ComputedMonth,
    DistrictMonth,
    DistrictVolumeMonth,
    RateCounts,
    StaleMonth,
    UnitMonth,
    VolumeMonth,
)

__all__ = [
    "CALLER_ID_PURPOSE",
    "CALLER_PHONE_PURPOSE",
    "Case",
    "CaseAttachment",
    "CaseEvent",
    "CaseNumberDay",
    "CaseQuerySet",
    "Category",
    "CategoryQuerySet",
    "Channel",
    "CoHandler",
    "CommunityMonth",
    "ComputedMonth",
    "DispatchRule",
    "DistrictMonth",
    "DistrictVolumeMonth",
    "Kind",
    "OPEN_STATUSES",
    "PartnerKey",
    "RATING_SATISFACTION",
    "Rating",
    "RateCounts",
    "Result",
    "SEARCH_WORDS_MIN_LENGTH",
    "Satisfaction",
    "StaleMonth",
    "Status",
    "TrackingKey",
    "UnitMonth",
    "Urgency",
    "VolumeMonth",
    "WITH_UNIT",
]

# Models of their own modules, registered with the app here.
from minsheng.hotline.knowledge.models import (  # noqa: F401
    Article,
    ArticleUse,
    ArticleVersion,
    ReplyTemplate,
)
from minsheng.hotline.urging import Urging  # noqa: F401
from minsheng.hotline.workdays import WorkdayException  # noqa: F401
