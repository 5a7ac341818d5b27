"""The HWZ's advice has its own term in working days: shown to the adviser and the
reviewer, a reminder to the advisers once the day before it ends, the reviewer told
once when it passed; the reviewer can withdraw the request, or go on without it once
(and only once) the term passed; a given advice stays readable."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from fonds import services
from fonds.models import FundSettings, HwzAdvice, Status
from fonds.tasks import term_watch
from portal.models import Notification

from .conftest import staff_client

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
# Thursday 23 April 2026, 10:00. King's Day (Monday 27 April) is no working day.
ASKED = dt.datetime(2026, 4, 23, 10, 0, tzinfo=AMS)


def at(day, hour=7):
    return time_machine.travel(dt.datetime(2026, *day, hour, 0, tzinfo=AMS), tick=False)


@pytest.fixture
def asked(make_application, reviewer, adviser):
    with time_machine.travel(ASKED, tick=False):
        application = make_application(status=Status.IN_BEHANDELING, reviewer=reviewer)
        services.application_ask_advice(application=application, user=reviewer)
    application.refresh_from_db()
    return application


def test_the_term_counts_working_days(asked, make_application, reviewer):
    # 5 working days from Thursday 23 April, skipping the weekend and King's Day.
    assert asked.advices.get().due == dt.datetime(2026, 5, 1, 17, 0, tzinfo=AMS)
    settings = FundSettings.load()
    settings.advice_days = 2
    settings.save()
    with time_machine.travel(ASKED, tick=False):
        other = make_application(status=Status.IN_BEHANDELING, reviewer=reviewer)
        advice = services.application_ask_advice(application=other, user=reviewer)
    assert advice.due == dt.datetime(2026, 4, 28, 17, 0, tzinfo=AMS)  # Fri 24, Tue 28


def test_the_due_date_is_shown_to_adviser_and_reviewer(client, asked, adviser, reviewer):
    told = Notification.objects.get(recipient=adviser, event="fund_advice")
    assert "vrijdag 1 mei 2026" in told.body
    client.force_login(adviser)
    assert "vrijdag 1 mei 2026" in client.get(reverse("fonds:advice_list")).content.decode()
    page = client.get(reverse("fonds:advice", args=[asked.pk])).content.decode()
    assert "Wij vragen uw advies uiterlijk vrijdag 1 mei 2026" in page
    staff_client(client, reviewer)
    page = client.get(reverse("fonds_application:inspect", args=[asked.pk])).content.decode()
    assert "Advies uiterlijk vrijdag 1 mei 2026" in page


def test_the_advisers_are_reminded_once_the_day_before(asked, adviser, reviewer):
    none = {"warned": 0, "escalated": 0, "reminded": 0, "passed": 0}
    with at((4, 29)):
        assert term_watch() == none  # two working days left
    with at((4, 30)):
        assert term_watch()["reminded"] == 1
        assert term_watch() == none  # never twice
    reminder = Notification.objects.get(event="fund_advice_reminder")
    assert reminder.recipient == adviser
    assert "vrijdag 1 mei 2026" in reminder.title
    assert reminder.url == reverse("fonds:advice", args=[asked.pk])
    with at((5, 1)):
        assert term_watch()["reminded"] == 0  # the same term: not again on the last day


def test_the_reviewer_is_told_once_when_the_term_passed(asked, reviewer):
    with at((5, 1)):  # the last day itself
        assert term_watch()["passed"] == 0
    with at((5, 4)):
        assert term_watch()["passed"] == 1
        assert term_watch()["passed"] == 0
    told = Notification.objects.get(event="fund_advice_term_passed")
    assert told.recipient == reviewer
    assert "verder gaan zonder advies" in told.body


def test_a_given_advice_is_neither_reminded_nor_passed(asked, adviser):
    services.application_give_advice(application=asked, user=adviser, verdict="positief")
    with at((4, 30)):
        assert term_watch()["reminded"] == 0
    with at((5, 4)):
        assert term_watch()["passed"] == 0


def test_the_reviewer_withdraws_the_request(asked, reviewer, adviser):
    with at((4, 24), 10):
        services.application_withdraw_advice(
            application=asked, user=reviewer, reason="De aanvrager heeft zelf met de HWZ gesproken"
        )
    asked.refresh_from_db()
    assert asked.status == Status.IN_BEHANDELING
    advice = asked.advices.get()
    assert advice.ended == HwzAdvice.Ending.WITHDRAWN and advice.ended_by == reviewer
    assert "zelf met de HWZ" in asked.history.first().history_change_reason
    assert Notification.objects.filter(
        recipient=adviser, title__startswith="Adviesvraag ingetrokken"
    ).exists()
    with pytest.raises(ValidationError):
        services.application_give_advice(application=asked, user=adviser, verdict="positief")
    with at((5, 4)):
        assert term_watch()["passed"] == 0


def test_going_on_without_advice_only_after_the_term(client, asked, reviewer):
    url = reverse("fonds_application:inspect", args=[asked.pk])
    staff_client(client, reviewer)
    with at((5, 1), 16):  # the last day, before its end
        with pytest.raises(ValidationError, match="vrijdag 1 mei 2026"):
            services.application_continue_without_advice(
                application=asked, user=reviewer, reason="Te lang"
            )
        assert "Verder zonder advies" not in client.get(url).content.decode()
    with at((5, 4), 9):
        assert "Verder zonder advies" in client.get(url).content.decode()
        with pytest.raises(ValidationError):
            services.application_continue_without_advice(
                application=asked, user=reviewer, reason=""
            )
        action = reverse("fonds_application:action", args=[asked.pk, "continue_without_advice"])
        client.post(action, {"reason": "De HWZ reageerde niet binnen de termijn"})
    asked.refresh_from_db()
    assert asked.status == Status.IN_BEHANDELING
    advice = asked.advices.get()
    assert advice.ended == HwzAdvice.Ending.PASSED
    assert advice.ended_reason == "De HWZ reageerde niet binnen de termijn"
    assert "niet binnen de termijn" in asked.history.first().history_change_reason


def test_a_given_advice_stays_readable(client, asked, adviser, other_adviser, reviewer, applicant):
    url = reverse("fonds:advice", args=[asked.pk])
    client.force_login(adviser)
    client.post(url, {"verdict": "positief", "remarks": "Goed voor de buurt"})
    asked.refresh_from_db()
    assert asked.status == Status.IN_BEHANDELING
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Goed voor de buurt" in text and "Positief" in text
    assert "<form" not in text.split("<main", 1)[-1].split("</main>")[0]
    assert client.post(url, {"verdict": "negatief"}).status_code == 404
    assert asked.advices.get().verdict == "positief"
    staff_client(client, reviewer)
    assert "Goed voor de buurt" in client.get(url).content.decode()
    client.force_login(other_adviser)
    assert client.get(url).status_code == 404
    client.force_login(applicant)
    assert client.get(url).status_code == 404
