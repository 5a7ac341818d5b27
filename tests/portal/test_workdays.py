"""The working-day calendar: Dutch holidays, weekends, closing days, end of day, Amsterdam time."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from portal.models import ClosingDay, ResponseTermsSettings
from portal.workdays import (
    WorkingCalendar,
    add_working_days,
    is_working_day,
    response_terms,
    working_days_left,
)

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def at(y, m, d, hour=10, minute=0):
    return dt.datetime(y, m, d, hour, minute, tzinfo=AMS)


def due_day(moment, days):
    due = add_working_days(moment, days)
    assert due.tzinfo is not None
    return due.astimezone(AMS).date()


def test_plain_week():
    # Monday morning + 2 working days = Wednesday, at the end of the working day.
    due = add_working_days(at(2026, 11, 23), 2)
    assert due == dt.datetime(2026, 11, 25, 17, 0, tzinfo=AMS)


def test_weekend_is_skipped():
    assert due_day(at(2026, 11, 26), 2) == dt.date(2026, 11, 30)  # Thu -> Mon


def test_arrival_after_end_of_day_counts_from_next_working_day():
    assert due_day(at(2026, 11, 23, 16, 59), 1) == dt.date(2026, 11, 24)
    assert due_day(at(2026, 11, 23, 17, 0), 1) == dt.date(2026, 11, 25)


def test_end_of_day_is_a_setting(settings):
    settings.WORKDAY_END_HOUR = 12
    assert due_day(at(2026, 11, 23, 13), 1) == dt.date(2026, 11, 25)
    assert add_working_days(at(2026, 11, 23, 9), 1).hour == 12


def test_arrival_in_weekend_counts_from_monday():
    # Saturday: the clock starts Monday; 2 working days later is Wednesday.
    assert due_day(at(2026, 11, 28), 2) == dt.date(2026, 12, 2)


def test_zero_days_is_end_of_start_day():
    assert due_day(at(2026, 11, 28), 0) == dt.date(2026, 11, 30)


def test_utc_moment_is_read_in_amsterdam():
    # 16:30 UTC in winter is 17:30 in Amsterdam: after the end of the working day.
    moment = dt.datetime(2026, 11, 23, 16, 30, tzinfo=dt.UTC)
    assert due_day(moment, 1) == dt.date(2026, 11, 25)


def test_easter_2026():
    # Good Friday 3 April and Easter Monday 6 April 2026 are holidays.
    assert due_day(at(2026, 4, 2), 1) == dt.date(2026, 4, 7)
    assert not is_working_day(dt.date(2026, 4, 6))


def test_kings_day_on_the_27th():
    assert not is_working_day(dt.date(2026, 4, 27))  # Monday 27 April 2026
    assert due_day(at(2026, 4, 24), 1) == dt.date(2026, 4, 28)


def test_kings_day_moves_to_the_26th_when_the_27th_is_a_sunday():
    # 27 April 2025 was a Sunday, so King's Day was Saturday 26 April.
    import holidays

    assert dt.date(2025, 4, 26) in holidays.NL(years=2025)
    assert dt.date(2025, 4, 27) not in holidays.NL(years=2025)
    assert not is_working_day(dt.date(2025, 4, 26))


def test_ascension_and_whit_monday():
    assert not is_working_day(dt.date(2026, 5, 14))  # Ascension Day (Thursday)
    assert not is_working_day(dt.date(2026, 5, 25))  # Whit Monday
    # Wednesday 13 May + 1 = Friday 15 May; Friday 22 May + 1 = Tuesday 26 May.
    assert due_day(at(2026, 5, 13), 1) == dt.date(2026, 5, 15)
    assert due_day(at(2026, 5, 22), 1) == dt.date(2026, 5, 26)


def test_christmas_and_new_year():
    # Thursday 24 December 2026: 25th and 26th are holidays, then a weekend, 1 January too.
    assert due_day(at(2026, 12, 24), 1) == dt.date(2026, 12, 28)
    assert due_day(at(2026, 12, 31), 1) == dt.date(2027, 1, 4)
    assert due_day(at(2026, 12, 24), 5) == dt.date(2027, 1, 4)


def test_liberation_day_only_in_lustrum_years():
    assert not is_working_day(dt.date(2025, 5, 5))  # lustrum: Monday 5 May 2025 off
    assert is_working_day(dt.date(2026, 5, 5))  # Tuesday 5 May 2026 is a working day
    assert due_day(at(2025, 5, 2), 1) == dt.date(2025, 5, 6)


def test_corporation_closing_day():
    ClosingDay.objects.create(date=dt.date(2026, 12, 31), description="Oudejaarsdag")
    assert not is_working_day(dt.date(2026, 12, 31))
    assert due_day(at(2026, 12, 30), 1) == dt.date(2027, 1, 4)


def test_long_term_over_holidays():
    # Ten working days from Thursday 23 April 2026, across King's Day.
    assert due_day(at(2026, 4, 23), 10) == dt.date(2026, 5, 8)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(at(2026, 11, 23), -1)


def test_calendar_makes_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        cal = WorkingCalendar(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        for month in range(1, 13):
            cal.add(at(2026, month, 3), 10)


def test_working_days_left():
    due = add_working_days(at(2026, 11, 23), 5)  # Monday 30 November
    assert working_days_left(due, now=at(2026, 11, 23)) == 5
    assert working_days_left(due, now=at(2026, 11, 30)) == 0
    assert working_days_left(due, now=at(2026, 12, 2)) == -2


def test_response_terms_defaults():
    terms = response_terms()
    assert (terms.acknowledgement_days, terms.target_days, terms.feedback_days) == (2, 5, 10)
    assert isinstance(terms, ResponseTermsSettings)
