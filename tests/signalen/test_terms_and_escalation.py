"""Response terms of a melding in Dutch working days (a public holiday is no working
day), the clock standing still while waiting on the reporter, compliance stored per
melding, and the daily task that warns and escalates each term once."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from portal.models import Notification
from signalen import services
from signalen.models import Melding
from signalen.tasks import term_watch

AMS = ZoneInfo("Europe/Amsterdam")


def at(*args):
    return dt.datetime(*args, tzinfo=AMS)


def local_day(moment):
    return moment.astimezone(AMS).date()


def test_terms_skip_christmas_and_move_on_by_the_paused_working_days(make_melding, wijkbeheerder):
    # Monday 21 December 2026, 10:00. Christmas (Friday 25th) and New Year's Day (Friday
    # 1 January) are no working days.
    with time_machine.travel(at(2026, 12, 21, 10, 0), tick=False):
        melding = make_melding()
    assert local_day(melding.acknowledge_due) == dt.date(2026, 12, 23)  # 2 working days
    assert local_day(melding.answer_target) == dt.date(2026, 12, 29)  # 5: 22,23,24,28,29
    assert local_day(melding.answer_due) == dt.date(2027, 1, 6)  # 10: ...,30,31,4,5,6

    with time_machine.travel(at(2026, 12, 22, 9, 0), tick=False):
        services.melding_acknowledge(melding=melding, user=wijkbeheerder)
        services.melding_start(melding=melding, user=wijkbeheerder)
        services.melding_wait_on_reporter(
            melding=melding, user=wijkbeheerder, question="Welk portiek bedoelt u?"
        )
    melding.refresh_from_db()
    assert melding.acknowledged_in_time is True
    assert melding.paused_at is not None

    # Resumed on Tuesday 29 December: 23, 24, 28 and 29 December stood still (4 days).
    with time_machine.travel(at(2026, 12, 29, 11, 0), tick=False):
        services.melding_resume(melding=melding, user=wijkbeheerder)
    melding.refresh_from_db()
    assert melding.paused_working_days == 4
    assert melding.paused_at is None
    assert local_day(melding.answer_target) == dt.date(2027, 1, 5)
    assert local_day(melding.answer_due) == dt.date(2027, 1, 12)
    assert melding.queue_due == melding.answer_due

    # Answered on 11 January: after the target, within the latest term.
    with time_machine.travel(at(2027, 1, 11, 15, 0), tick=False):
        services.melding_feedback(melding=melding, user=wijkbeheerder, text="Gerepareerd.")
    melding.refresh_from_db()
    assert melding.answered_in_time is True


def test_late_acknowledgement_and_answer_are_stored_as_late(make_melding, wijkbeheerder):
    with time_machine.travel(at(2026, 11, 2, 10, 0), tick=False):  # Monday
        melding = make_melding()
    with time_machine.travel(at(2026, 11, 10, 10, 0), tick=False):
        services.melding_acknowledge(melding=melding, user=wijkbeheerder)
    with time_machine.travel(at(2026, 11, 20, 10, 0), tick=False):
        services.melding_feedback(melding=melding, user=wijkbeheerder, text="Klaar.")
    melding.refresh_from_db()
    assert melding.acknowledged_in_time is False
    assert melding.answered_in_time is False


def test_term_watch_warns_once_and_escalates_once(
    make_melding, wijkbeheerder, other_wijkbeheerder, coordinator
):
    # Monday 2 November 2026: acknowledgement due Wednesday 4 November.
    with time_machine.travel(at(2026, 11, 2, 10, 0), tick=False):
        melding = make_melding()
        assert term_watch() == {"warned": 0, "escalated": 0}
    with time_machine.travel(at(2026, 11, 3, 7, 0), tick=False):
        assert term_watch() == {"warned": 1, "escalated": 0}
        assert term_watch() == {"warned": 0, "escalated": 0}  # once per term
    warning = Notification.objects.get(event="melding_term_warning")
    # No one assigned: the staff of the wijk (not of another wijk).
    assert warning.recipient == wijkbeheerder
    assert melding.reference in warning.title
    with time_machine.travel(at(2026, 11, 5, 7, 0), tick=False):
        assert term_watch() == {"warned": 0, "escalated": 1}
        assert term_watch() == {"warned": 0, "escalated": 0}
    escalation = Notification.objects.get(event="melding_term_escalated")
    assert escalation.recipient == coordinator
    assert not Notification.objects.filter(recipient=other_wijkbeheerder).exists()

    # The next term (the answer) is warned again, to the person it is assigned to.
    with time_machine.travel(at(2026, 11, 5, 9, 0), tick=False):
        services.melding_assign(melding=melding, user=wijkbeheerder, assignee=wijkbeheerder)
    melding.refresh_from_db()
    answer_day = local_day(melding.answer_due)
    with time_machine.travel(dt.datetime.combine(answer_day, dt.time(7), tzinfo=AMS), tick=False):
        assert term_watch() == {"warned": 1, "escalated": 0}
    assert Notification.objects.filter(event="melding_term_warning").count() == 2


def test_term_watch_leaves_a_paused_melding_alone(make_melding, wijkbeheerder, coordinator):
    with time_machine.travel(at(2026, 11, 2, 10, 0), tick=False):
        melding = make_melding()
        services.melding_assign(melding=melding, user=wijkbeheerder, assignee=wijkbeheerder)
        services.melding_wait_on_reporter(melding=melding, user=wijkbeheerder, question="?")
    with time_machine.travel(at(2026, 12, 1, 7, 0), tick=False):
        assert term_watch() == {"warned": 0, "escalated": 0}
    assert Melding.objects.get(pk=melding.pk).escalated_for is None


def test_term_watch_is_in_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "signalen.term_watch" in tasks
