"""The working-day calendar: Dutch working days for response terms.

A working day is a weekday that is neither a Dutch public holiday (the `holidays`
package, NL) nor a closing day the corporation entered in the admin. Moments are read in
Europe/Amsterdam. Something that arrives after the end of a working day (setting
WORKDAY_END_HOUR), or on a day off, counts from the next working day; the day of arrival
itself is day 0. A term of N working days ends at the end of the N-th working day after it.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.utils import timezone

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.NL(years=year).keys())


def closing_days_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """The closing days the corporation entered from `start` to `end` (one query)."""
    from .models import ClosingDay

    return list(ClosingDay.objects.filter(date__range=(start, end)).values_list("date", flat=True))


class WorkingCalendar:
    """Working days between two dates, with the closing days for that span read once.

    Build one per request or job and ask it many questions: it makes one query.
    """

    def __init__(self, start: dt.date, end: dt.date, *, closing_days=None):
        """`closing_days`: the closing days of the span when the caller has them already
        (fonds.queue_cache keeps them in the cache); read from the table otherwise."""
        self.start, self.end = start, end
        if closing_days is None:
            closing_days = closing_days_between(start, end)
        self.closing_days = frozenset(closing_days)

    @staticmethod
    def span_around(day: dt.date, *, days: int = 120) -> tuple[dt.date, dt.date]:
        # A term of N working days spans at most ~N*7/5 calendar days plus holidays.
        return day - dt.timedelta(days=days), day + dt.timedelta(days=days * 2 + 30)

    @classmethod
    def around(cls, day: dt.date, *, days: int = 120) -> WorkingCalendar:
        return cls(*cls.span_around(day, days=days))

    def _covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def is_working_day(self, day: dt.date) -> bool:
        if not self._covers(day):
            raise ValueError(f"{day} is outside this calendar ({self.start}..{self.end})")
        return (
            day.weekday() < 5
            and day not in _public_holidays(day.year)
            and day not in self.closing_days
        )

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after `day`."""
        day += dt.timedelta(days=1)
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def start_day(self, moment: dt.datetime) -> dt.date:
        """The working day on which the clock starts for something arriving at `moment`."""
        local = timezone.localtime(moment, AMSTERDAM)
        day = local.date()
        if self.is_working_day(day) and local.hour < settings.WORKDAY_END_HOUR:
            return day
        return self.next_working_day(day)

    def add(self, moment: dt.datetime, days: int) -> dt.datetime:
        """The end of the `days`-th working day after `moment` (aware, Amsterdam time)."""
        if days < 0:
            raise ValueError("days must not be negative")
        day = self.start_day(moment)
        for _ in range(days):
            day = self.next_working_day(day)
        return end_of_day(day)

    def days_left(self, due: dt.datetime, today: dt.date) -> int:
        """Whole working days from `today` to the day of `due`: 0 on the due day, negative
        when late. A due day beyond this calendar counts as its edge."""
        due_day = timezone.localtime(due, AMSTERDAM).date()
        return self.between(today, min(max(due_day, self.start), self.end))

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end`; negative when end < start."""
        if end < start:
            return -self.between(end, start)
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


def end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(settings.WORKDAY_END_HOUR), tzinfo=AMSTERDAM)


def add_working_days(moment: dt.datetime, days: int) -> dt.datetime:
    """The due moment of a term of `days` Dutch working days that starts at `moment`."""
    local_day = timezone.localtime(moment, AMSTERDAM).date()
    return WorkingCalendar.around(local_day, days=max(days, 10)).add(moment, days)


def is_working_day(day: dt.date) -> bool:
    return WorkingCalendar(day, day).is_working_day(day)


def working_days_left(due: dt.datetime, *, now: dt.datetime | None = None) -> int:
    """Whole working days from today until the due day: 0 on the due day, negative when late."""
    today = timezone.localtime(now or timezone.now(), AMSTERDAM).date()
    due_day = timezone.localtime(due, AMSTERDAM).date()
    return WorkingCalendar(min(today, due_day), max(today, due_day)).days_left(due, today)


def response_terms():
    """The response terms (ResponseTermsSettings) in force."""
    from .models import ResponseTermsSettings

    return ResponseTermsSettings.load()


def extend_by_working_days(due: dt.datetime, days: int) -> dt.datetime:
    """`due` moved on by `days` working days (for a term whose clock stood still)."""
    if days <= 0:
        return due
    day = timezone.localtime(due, AMSTERDAM).date()
    calendar = WorkingCalendar.around(day, days=max(days, 10))
    for _ in range(days):
        day = calendar.next_working_day(day)
    return end_of_day(day)


def working_days_between(start: dt.datetime, end: dt.datetime) -> int:
    """Working days from the day of `start` up to and including the day of `end`."""
    first = timezone.localtime(start, AMSTERDAM).date()
    last = timezone.localtime(end, AMSTERDAM).date()
    low, high = min(first, last), max(first, last)
    return WorkingCalendar(low, high).between(first, last)
