"""The accountability report's terms (the beat task fonds.report_terms): a reminder two
weeks before the due date, a final reminder on it, and escalation to the reviewer and the
coordinators a number of working days after it (Christmas does not count); each once,
also when the task runs twice."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from fonds import services, tasks
from fonds.models import AccountabilityReport, Application, FundSettings, Letter
from portal.models import Notification

from .report_helpers import fill, grant

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def _on(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(7, 15), tzinfo=AMS), tick=False)


@pytest.fixture
def report(fund_year, make_application, applicant, reviewer):
    _application, report = grant(make_application, applicant, reviewer)
    AccountabilityReport.objects.filter(pk=report.pk).update(due_date=dt.date(2026, 12, 24))
    settings = FundSettings.load()
    settings.report_escalation_days = 3
    settings.save()
    report.refresh_from_db()
    return report


def _notices(user, text):
    return Notification.objects.filter(recipient=user, title__startswith=text).count()


def test_reminder_final_reminder_and_escalation_each_once(report, applicant, reviewer, coordinator):
    runs = {}
    for day in (
        dt.date(2026, 12, 9),  # 15 days before: nothing yet
        dt.date(2026, 12, 10),  # two weeks before: the reminder
        dt.date(2026, 12, 10),  # the same day again: nothing
        dt.date(2026, 12, 23),
        dt.date(2026, 12, 24),  # the due date: the final reminder
        dt.date(2026, 12, 29),  # Christmas days do not count: 2 working days late
        dt.date(2026, 12, 30),  # 3 working days late: escalation
        dt.date(2026, 12, 31),
        dt.date(2027, 1, 4),
    ):
        with _on(day):
            runs.setdefault(day, []).append(tasks.report_terms())
    assert runs[dt.date(2026, 12, 9)] == [{"reminded": 0, "final": 0, "escalated": 0}]
    assert runs[dt.date(2026, 12, 10)] == [
        {"reminded": 1, "final": 0, "escalated": 0},
        {"reminded": 0, "final": 0, "escalated": 0},
    ]
    assert runs[dt.date(2026, 12, 24)] == [{"reminded": 0, "final": 1, "escalated": 0}]
    assert runs[dt.date(2026, 12, 29)] == [{"reminded": 0, "final": 0, "escalated": 0}]
    assert runs[dt.date(2026, 12, 30)] == [{"reminded": 0, "final": 0, "escalated": 1}]
    assert runs[dt.date(2027, 1, 4)] == [{"reminded": 0, "final": 0, "escalated": 0}]
    assert _notices(applicant, "Herinnering: verantwoording") == 1
    assert _notices(applicant, "Laatste herinnering") == 1
    assert _notices(reviewer, "Verantwoording te laat") == 1
    assert _notices(coordinator, "Verantwoording te laat") == 1
    report.refresh_from_db()
    assert report.reminded_at.date() == dt.date(2026, 12, 10)
    assert report.final_reminder_at.date() == dt.date(2026, 12, 24)
    assert report.escalated_at.date() == dt.date(2026, 12, 30)


def test_a_late_start_sends_the_final_reminder_not_both(report, applicant):
    """A report that is already past due when the task first sees it gets the final
    reminder only (the two-weeks reminder makes no sense any more)."""
    with _on(dt.date(2026, 12, 24)):
        assert tasks.report_terms() == {"reminded": 0, "final": 1, "escalated": 0}
    assert _notices(applicant, "Herinnering: verantwoording") == 0
    assert _notices(applicant, "Laatste herinnering") == 1


def test_a_submitted_report_is_not_reminded(report, applicant):
    fill(report, applicant)
    services.report_submit(report=report, user=applicant)
    with _on(dt.date(2026, 12, 30)):
        assert tasks.report_terms() == {"reminded": 0, "final": 0, "escalated": 0}
    reminders = Notification.objects.filter(recipient=applicant, title__icontains="herinnering")
    assert not reminders.exists()


def test_post_applicant_gets_letters_to_send(report, applicant):
    application = report.application
    Application.objects.filter(pk=application.pk).update(contact_channel="brief")
    before = Letter.objects.filter(application=application).count()
    with _on(dt.date(2026, 12, 10)):
        tasks.report_terms()
    with _on(dt.date(2026, 12, 24)):
        tasks.report_terms()
    letters = Letter.objects.filter(application=application).order_by("pk")[before:]
    subjects = [letter.subject for letter in letters]
    assert len(subjects) == 2 and "Laatste herinnering" in subjects[1]


def test_after_the_final_reminder_staff_may_close_it(report, applicant, reviewer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.report_not_happened(report=report, user=reviewer, reason="Geen bericht.")
    with _on(dt.date(2026, 12, 24)):
        tasks.report_terms()
    report.refresh_from_db()
    services.report_not_happened(report=report, user=reviewer, reason="Geen bericht meer.")
    report.refresh_from_db()
    assert report.status == "niet_doorgegaan"
    assert report.application.status == "vervallen"


def test_the_task_is_in_the_beat_schedule():
    from django.conf import settings

    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "fonds.report_terms" in tasks_scheduled


def test_a_report_first_seen_long_after_its_due_date(report, applicant, reviewer):
    """The applicant always has the final reminder before staff hear it is late."""
    with _on(dt.date(2027, 1, 20)):
        assert tasks.report_terms() == {"reminded": 0, "final": 1, "escalated": 0}
    assert _notices(reviewer, "Verantwoording te laat") == 0
    with _on(dt.date(2027, 1, 21)):
        assert tasks.report_terms() == {"reminded": 0, "final": 0, "escalated": 1}
    assert _notices(reviewer, "Verantwoording te laat") == 1
