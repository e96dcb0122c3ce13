"""Policy settings: every number of the scheme, with Beijing's default, changeable by the city.

The defaults are here in code; the city administrator's changes are rows of
:class:`~minsheng.timebank.models.PolicyValue`, written through ``actions.policies`` and audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from minsheng.timebank.models import PolicyValue

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Setting:
    key: str
    label: StrOrPromise
    help_text: StrOrPromise
    default: Any
    unit: StrOrPromise = ""
    minimum: int = 0
    maximum: int | None = None
    choices: tuple[tuple[str, StrOrPromise], ...] = ()

    @property
    def is_choice(self) -> bool:
        return bool(self.choices)

    @property
    def is_flag(self) -> bool:
        return isinstance(self.default, bool)

    def clean(self, raw: Any) -> Any:
        """Validate a new value (from a form or the API); raises ValidationError in words."""
        if self.is_flag:
            if isinstance(raw, str):
                return raw.strip().lower() in {"1", "true", "yes", "on"}
            return bool(raw)
        if self.is_choice:
            if raw not in {value for value, _label in self.choices}:
                raise ValidationError(_("Choose one of the listed options."), code="choice")
            return raw
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise ValidationError(_("Enter a whole number."), code="integer") from None
        if value < self.minimum or (self.maximum is not None and value > self.maximum):
            raise ValidationError(
                _("Enter a number from %(minimum)s to %(maximum)s.")
                % {"minimum": self.minimum, "maximum": self.maximum if self.maximum else "∞"},
                code="range",
            )
        return value


YEARS, MINUTES, HOURS, DAYS = _("years"), _("minutes"), _("hours"), _("days")

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "volunteer_min_age",
        _("Minimum age of volunteers"),
        _("Younger people volunteer only with a verified guardian."),
        18,
        YEARS,
        0,
        100,
    ),
    Setting(
        "elder_min_age",
        _("Age from which a person may receive services"),
        _("Checked from the resident ID number."),
        60,
        YEARS,
        0,
        120,
    ),
    Setting(
        "redemption_min_age",
        _("Age from which stored coins may be redeemed"),
        _("For the volunteer themself or their verified spouse, with a registered care need."),
        60,
        YEARS,
        0,
        120,
    ),
    Setting(
        "require_care_need",
        _("A registered care need is required to receive services"),
        _("Stations register care needs when they register elders."),
        True,
    ),
    Setting(
        "sign_tolerance_minutes",
        _("Tolerance over the booked duration"),
        _("Signed time is credited up to the booked duration plus this tolerance."),
        15,
        MINUTES,
        0,
        240,
    ),
    Setting(
        "rounding_minutes",
        _("Round credited time to"),
        _("For example 30 for half hours. 0 turns rounding off."),
        0,
        MINUTES,
        0,
        120,
    ),
    Setting(
        "rounding_mode",
        _("Rounding direction"),
        _("Used when rounding is on."),
        "nearest",
        choices=(("nearest", _("To the nearest step")), ("down", _("Down")), ("up", _("Up"))),
    ),
    Setting(
        "auto_confirm_days",
        _("Automatic confirmation after"),
        _("Orders signed out but not confirmed are confirmed automatically after this many days."),
        7,
        DAYS,
        1,
        90,
    ),
    Setting(
        "unmet_after_days",
        _("A request counts as unmet after"),
        _("Requests posted but not booked within this many days are reported as unmet."),
        3,
        DAYS,
        1,
        90,
    ),
    Setting(
        "daily_earning_cap_minutes",
        _("Daily earning cap"),
        _("Most minutes a volunteer can earn for one day's services. 0 turns it off."),
        0,
        MINUTES,
        0,
        1440,
    ),
    Setting(
        "storage_cap_minutes",
        _("Storage cap"),
        _("Most minutes a personal account may hold from services. 0 turns it off."),
        0,
        MINUTES,
        0,
    ),
    Setting(
        "storage_cap_mode",
        _("Over the storage cap"),
        _("What happens to earnings beyond the storage cap."),
        "pool",
        choices=(
            ("reject", _("Not credited (the payer keeps them)")),
            ("pool", _("Credited, then the excess goes to the public pool")),
        ),
    ),
    Setting(
        "per_service_max_minutes",
        _("Longest single service"),
        _("Most minutes booked or paid for one service. 0 turns it off."),
        0,
        MINUTES,
        0,
        1440,
    ),
    Setting("star_1_hours", _("One star at"), _("Lifetime hours of service."), 100, HOURS, 1),
    Setting("star_2_hours", _("Two stars at"), _("Lifetime hours of service."), 300, HOURS, 1),
    Setting("star_3_hours", _("Three stars at"), _("Lifetime hours of service."), 600, HOURS, 1),
    Setting("star_4_hours", _("Four stars at"), _("Lifetime hours of service."), 1000, HOURS, 1),
    Setting("star_5_hours", _("Five stars at"), _("Lifetime hours of service."), 1500, HOURS, 1),
    Setting(
        "care_home_hours",
        _("Care-home place at"),
        _("Lifetime hours that make the holder eligible for a public care home place."),
        10000,
        HOURS,
        1,
    ),
)

BY_KEY = {setting.key: setting for setting in SETTINGS}


class Policy:
    """A snapshot of every setting: ``policy.auto_confirm_days``."""

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    def __getattr__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(key) from None

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)

    @property
    def star_thresholds_minutes(self) -> list[int]:
        return [self._values[f"star_{level}_hours"] * 60 for level in range(1, 6)]

    def star_level(self, earned_minutes: int) -> int:
        return sum(1 for threshold in self.star_thresholds_minutes if earned_minutes >= threshold)

    def reaches_care_home(self, earned_minutes: int) -> bool:
        return earned_minutes >= self.care_home_hours * 60


def defaults() -> Policy:
    return Policy({setting.key: setting.default for setting in SETTINGS})


def current() -> Policy:
    """The settings in force (one query)."""
    values = {setting.key: setting.default for setting in SETTINGS}
    for key, value in PolicyValue.objects.values_list("key", "value"):
        if key in BY_KEY:
            values[key] = value
    return Policy(values)
