"""Working days and working time by China's official calendar, with the office's own exceptions.

The official table of public holidays and adjusted working days (调休: a Saturday or Sunday
worked in exchange for a longer holiday) comes from the ``chinese-calendar`` package, which
publishes each year's State Council notice. Years it does not cover yet count Monday to Friday
as working days. On top of it the hotline office keeps local exceptions
(:class:`WorkdayException`): a day off the table does not know (a local closure), or next year's
holidays before the package has them.

Working time is the whole of each working day, in Beijing time: a deadline of "1 working day"
for a case received on Friday at 10:00 falls on Monday at 10:00; received on Saturday, the clock
starts on Monday at 00:00 and the deadline is Tuesday at 00:00 (the end of Monday).
"""

from __future__ import annotations

import datetime as dt
import functools
from bisect import bisect_left, bisect_right
from zoneinfo import ZoneInfo

from django.db import models
from django.utils.translation import gettext_lazy as _

BEIJING = ZoneInfo("Asia/Shanghai")
DAY = dt.timedelta(days=1)
# The span the calendar covers; deadlines are days or weeks away, so a generous margin.
FIRST_YEAR, LAST_YEAR = 2000, 2045


class WorkdayException(models.Model):
    """A day the office counts otherwise than the official calendar (one row per day)."""

    day = models.DateField(_("day"), unique=True)
    working = models.BooleanField(
        _("working day"),
        help_text=_("Ticked: a working day (the deadlines run). Not ticked: a day off."),
    )
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey(
        "people.User",
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        app_label = "hotline"
        verbose_name = _("working-day exception")
        verbose_name_plural = _("working-day exceptions")
        ordering = ["day"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="workday_exception_reason")
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d}"


@functools.cache
def official_range() -> tuple[int, int]:
    """The years the official table covers (from ``chinese-calendar``)."""
    from chinese_calendar.constants import holidays

    return min(holidays).year, max(holidays).year


def official_is_working(day: dt.date) -> bool:
    """Working by the official table; Monday to Friday in years it does not cover."""
    import chinese_calendar

    first, last = official_range()
    if first <= day.year <= last:
        return bool(chinese_calendar.is_workday(day))
    return day.weekday() < 5


def official_holiday_name(day: dt.date) -> str:
    """The official holiday's name in Chinese ("国庆节"), or "" for any other day."""
    import chinese_calendar

    first, last = official_range()
    if not first <= day.year <= last:
        return ""
    on_holiday, english_name = chinese_calendar.get_holiday_detail(day)
    if not on_holiday or not english_name:
        return ""
    # The library answers with the English name; its Holiday enum carries the Chinese one.
    by_english = {holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday}
    return str(by_english.get(english_name, english_name))


@functools.cache
def _official_working_ordinals() -> tuple[int, ...]:
    first = dt.date(FIRST_YEAR, 1, 1).toordinal()
    last = dt.date(LAST_YEAR, 12, 31).toordinal()
    return tuple(n for n in range(first, last + 1) if official_is_working(dt.date.fromordinal(n)))


class Calendar:
    """Working days as a sorted list of day ordinals: each question is one binary search."""

    def __init__(self, exceptions: dict[dt.date, bool] | None = None) -> None:
        working = set(_official_working_ordinals())
        for day, is_working in (exceptions or {}).items():
            (working.add if is_working else working.discard)(day.toordinal())
        self.days = sorted(working)

    def is_working(self, day: dt.date) -> bool:
        index = bisect_left(self.days, day.toordinal())
        return index < len(self.days) and self.days[index] == day.toordinal()

    def next_working(self, day: dt.date) -> dt.date:
        """``day`` if it is a working day, else the first working day after it."""
        return dt.date.fromordinal(self.days[bisect_left(self.days, day.toordinal())])

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``day`` (which need not be a working day)."""
        index = bisect_right(self.days, day.toordinal()) + count - 1
        return dt.date.fromordinal(self.days[index])

    def add(self, start: dt.datetime, amount: dt.timedelta) -> dt.datetime:
        """``start`` plus ``amount`` of working time (the whole of each working day counts)."""
        local = _wall_clock(start)
        day = local.date()
        if not self.is_working(day):
            day = self.next_working(day)
            local = dt.datetime.combine(day, dt.time())
        available = dt.datetime.combine(day + DAY, dt.time()) - local
        if amount <= available:
            return _aware(local + amount)
        whole, rest = divmod(amount - available, DAY)
        if not rest:  # the end of a working day: midnight after it
            return _aware(dt.datetime.combine(self.add_working_days(day, whole) + DAY, dt.time()))
        return _aware(dt.datetime.combine(self.add_working_days(day, whole + 1), dt.time()) + rest)

    def between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """How much working time passes from ``start`` to ``end`` (zero if ``end`` is earlier)."""
        first, last = _wall_clock(start), _wall_clock(end)
        if last <= first:
            return dt.timedelta(0)
        if first.date() == last.date():
            return last - first if self.is_working(first.date()) else dt.timedelta(0)
        total = dt.timedelta(0)
        if self.is_working(first.date()):
            total += dt.datetime.combine(first.date() + DAY, dt.time()) - first
        if self.is_working(last.date()):
            total += last - dt.datetime.combine(last.date(), dt.time())
        inside = bisect_left(self.days, last.date().toordinal()) - bisect_right(
            self.days, first.date().toordinal()
        )
        return total + inside * DAY

    def working_days(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """The working days from ``first`` to ``last``, both included."""
        low = bisect_left(self.days, first.toordinal())
        high = bisect_right(self.days, last.toordinal())
        return [dt.date.fromordinal(n) for n in self.days[low:high]]


def _wall_clock(moment: dt.datetime) -> dt.datetime:
    """Beijing wall-clock time, without a zone (China keeps no daylight saving time)."""
    return moment.astimezone(BEIJING).replace(tzinfo=None)


def _aware(local: dt.datetime) -> dt.datetime:
    return local.replace(tzinfo=BEIJING)


def calendar() -> Calendar:
    """The official calendar with the office's exceptions as they are now (one small query)."""
    return Calendar(dict(WorkdayException.objects.values_list("day", "working")))
