"""Membership and RSVP rules, through the services (with their history and messages)."""

from datetime import datetime, timedelta
from datetime import time as dt_time

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from participatie import services
from participatie.models import Meeting, Membership, MembershipStatus, Rsvp, RsvpStatus
from portal.models import Notification
from tests.participatie.conftest import add_member, make_moderator
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_request_waits_for_the_moderator_who_is_told(group, resident, moderator):
    membership = services.request_to_join(group=group, user=resident)
    assert membership.status == MembershipStatus.REQUESTED
    assert Notification.objects.filter(recipient=moderator, event="group_join_request").exists()
    assert membership.history.latest().history_user == resident


def test_open_group_takes_the_member_at_once(make_group, resident):
    group = make_group(open_membership=True)
    membership = services.request_to_join(group=group, user=resident)
    assert membership.status == MembershipStatus.ACTIVE


def test_a_second_join_request_is_refused_in_dutch(group, resident):
    services.request_to_join(group=group, user=resident)
    with pytest.raises(PermissionDenied, match="al aangemeld"):
        services.request_to_join(group=group, user=resident)
    assert Membership.objects.filter(group=group, user=resident).count() == 1


def test_approve_and_decline_tell_the_resident(group, resident, other_resident, moderator):
    first = services.request_to_join(group=group, user=resident)
    second = services.request_to_join(group=group, user=other_resident)
    services.approve(membership=first, user=moderator)
    with pytest.raises(ValidationError):
        services.decline(membership=second, user=moderator, reason="  ")
    services.decline(membership=second, user=moderator, reason="De groep is vol.")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == MembershipStatus.ACTIVE and first.decided_by == moderator
    assert second.status == MembershipStatus.DECLINED
    told = Notification.objects.get(
        recipient=other_resident, title__contains="aanmelding", message__gt=""
    )
    assert told.message == "De groep is vol."
    history = second.history.latest()
    assert history.history_user == moderator and history.history_change_reason == "De groep is vol."
    # Once decided, it cannot be decided again.
    with pytest.raises(ValidationError):
        services.approve(membership=second, user=moderator)


def test_moderator_of_another_group_cannot_approve(group, make_group, resident):
    other = make_group()
    other_moderator = make_moderator(other)  # same wijk, other group
    membership = services.request_to_join(group=group, user=resident)
    with pytest.raises(PermissionDenied):
        services.approve(membership=membership, user=other_moderator)
    with pytest.raises(PermissionDenied):
        services.approve(membership=membership, user=resident)


def test_staff_in_reach_moderate_every_group(group, resident, coordinator):
    membership = services.request_to_join(group=group, user=resident)
    services.approve(membership=membership, user=coordinator)
    assert Membership.objects.get(pk=membership.pk).status == MembershipStatus.ACTIVE


def test_leave_any_time_and_join_again(group, resident, moderator):
    membership = add_member(group, resident)
    services.leave(membership=membership, user=resident)
    assert Membership.objects.get(pk=membership.pk).status == MembershipStatus.ENDED
    again = services.request_to_join(group=group, user=resident)
    assert again.status == MembershipStatus.REQUESTED


def test_only_the_member_leaves(group, resident, other_resident):
    membership = add_member(group, resident)
    with pytest.raises(PermissionDenied):
        services.leave(membership=membership, user=other_resident)


def test_set_role_needs_hwz_role_for_moderator(group, resident, coordinator):
    with pytest.raises(ValidationError):
        services.set_role(group=group, person=resident, role="moderator", user=coordinator)
    hwz = UserFactory(role="hwz-moderator")
    membership = services.set_role(group=group, person=hwz, role="moderator", user=coordinator)
    assert membership.status == MembershipStatus.ACTIVE and membership.role == "moderator"
    with pytest.raises(PermissionDenied):
        services.set_role(group=group, person=resident, role="lid", user=hwz)


# --- meetings -------------------------------------------------------------------------


def _meeting_data(**kwargs):
    start = timezone.now() + timedelta(days=7)
    data = {
        "title": "Bewonersavond",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "place": "Buurthuis",
        "online_url": "",
        "agenda": "Opening",
        "capacity": 10,
    }
    data.update(kwargs)
    return data


def test_plan_meeting_tells_members(group, moderator, resident):
    add_member(group, resident)
    meeting = services.plan_meeting(group=group, user=moderator, data=_meeting_data())
    assert meeting.history.latest().history_user == moderator
    assert Notification.objects.filter(recipient=resident, event="group_meeting").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"starts_at": timezone.now() - timedelta(days=1)}, "starts_at"),
        ({"ends_at": timezone.now() + timedelta(days=6)}, "ends_at"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": -3}, "capacity"),
        ({"place": "", "online_url": ""}, "place"),
    ],
)
def test_bad_meetings_are_refused_per_field(group, moderator, change, field):
    with pytest.raises(ValidationError) as refused:
        services.plan_meeting(group=group, user=moderator, data=_meeting_data(**change))
    assert field in refused.value.error_dict
    assert not Meeting.objects.exists()


def test_capacity_then_waiting_list_then_moving_up(make_meeting, group):
    meeting = make_meeting(capacity=2)
    a, b, c, d = (UserFactory(role="huurder") for _ in range(4))
    assert services.rsvp(meeting=meeting, user=a).status == RsvpStatus.GOING
    assert services.rsvp(meeting=meeting, user=b).status == RsvpStatus.GOING
    waiting_c = services.rsvp(meeting=meeting, user=c)
    waiting_d = services.rsvp(meeting=meeting, user=d)
    assert (waiting_c.status, waiting_c.position) == (RsvpStatus.WAITING, 1)
    assert (waiting_d.status, waiting_d.position) == (RsvpStatus.WAITING, 2)
    meeting.refresh_from_db()
    assert meeting.going_count == 2
    services.cancel_rsvp(meeting=meeting, user=a)
    waiting_c.refresh_from_db()
    waiting_d.refresh_from_db()
    assert waiting_c.status == RsvpStatus.GOING  # the first on the list got the place
    assert waiting_d.status == RsvpStatus.WAITING
    meeting.refresh_from_db()
    assert meeting.going_count == 2
    assert Notification.objects.filter(recipient=c, event="group_rsvp_place").exists()
    assert not Notification.objects.filter(recipient=d, event="group_rsvp_place").exists()
    # Someone waiting who cancels gives nobody a place.
    services.cancel_rsvp(meeting=meeting, user=d)
    assert Rsvp.objects.get(meeting=meeting, user=d).status == RsvpStatus.CANCELLED


def test_rsvp_refusals(make_meeting, group, moderator, resident):
    meeting = make_meeting()
    services.rsvp(meeting=meeting, user=resident)
    with pytest.raises(PermissionDenied, match="al aangemeld"):
        services.rsvp(meeting=meeting, user=resident)
    services.cancel_meeting(meeting=meeting, user=moderator, reason="Zaal niet beschikbaar")
    with pytest.raises(PermissionDenied, match="geannuleerd"):
        services.rsvp(meeting=meeting, user=UserFactory(role="huurder"))
    assert Notification.objects.filter(recipient=resident, event="group_meeting").exists()


def test_members_only_meeting_refuses_non_members(make_group, make_meeting, resident):
    closed = make_group(meetings_public=False)
    meeting = make_meeting(group=closed)
    with pytest.raises(PermissionDenied, match="alleen voor leden"):
        services.rsvp(meeting=meeting, user=resident)
    add_member(closed, resident)
    assert services.rsvp(meeting=meeting, user=resident).status == RsvpStatus.GOING


def test_minutes_only_after_the_meeting(make_meeting, moderator, resident, group):
    add_member(group, resident)
    meeting = make_meeting()
    with pytest.raises(ValidationError):
        services.publish_minutes(meeting=meeting, user=moderator, minutes="Verslag")
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    meeting.refresh_from_db()
    services.publish_minutes(meeting=meeting, user=moderator, minutes="We spraken over de tuin.")
    meeting.refresh_from_db()
    assert meeting.minutes_published_at and meeting.minutes_by == moderator
    assert Notification.objects.filter(recipient=resident, event="group_minutes").exists()


def test_reminder_the_day_before_once(make_meeting, resident, django_capture_on_commit_callbacks):
    from participatie.tasks import meeting_reminders

    tomorrow = timezone.localtime() + timedelta(days=1)
    meeting = make_meeting(starts_at=tomorrow, ends_at=tomorrow + timedelta(hours=1))
    later = make_meeting(
        starts_at=tomorrow + timedelta(days=3), ends_at=tomorrow + timedelta(days=3, hours=1)
    )
    services.rsvp(meeting=meeting, user=resident)
    services.rsvp(meeting=later, user=resident)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert meeting_reminders() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert meeting_reminders() == 0
    reminders = [m for m in mail.outbox if "Herinnering" in m.subject]
    assert len(reminders) == 1
    assert reminders[0].attachments[0][0].endswith(".ics")


def test_a_meeting_planned_today_for_early_tomorrow_is_reminded_today(make_meeting, resident):
    """Planned at 10:00 for 07:30 the next morning: the 11:00 run reminds; a meeting 30
    hours away waits for a later run."""
    import time_machine

    from participatie.tasks import meeting_reminders

    today = timezone.localdate() + timedelta(days=7)

    def at(day, hour, minute=0):
        return timezone.make_aware(datetime.combine(day, dt_time(hour, minute)))

    with time_machine.travel(at(today, 10), tick=False):
        early = make_meeting(
            starts_at=at(today + timedelta(days=1), 7, 30),
            ends_at=at(today + timedelta(days=1), 9),
        )
        far = make_meeting(
            starts_at=at(today + timedelta(days=1), 16, 30),
            ends_at=at(today + timedelta(days=1), 18),
        )
        services.rsvp(meeting=early, user=resident)
        services.rsvp(meeting=far, user=resident)
    with time_machine.travel(at(today, 11), tick=False):
        assert meeting_reminders() == 1
        assert meeting_reminders() == 0
    with time_machine.travel(at(today, 17), tick=False):
        assert meeting_reminders() == 1


class FlakyBackend:
    """A mail server that fails on the second message it is given, once."""

    sent: list = []
    calls = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        FlakyBackend.calls += 1
        if FlakyBackend.calls == 2:
            raise OSError("mail server down")
        FlakyBackend.sent.extend(messages)
        return len(messages)


def test_announcement_retried_after_failure_sends_no_second_mail(
    group, moderator, settings, django_capture_on_commit_callbacks
):
    from participatie.models import AnnouncementDelivery
    from participatie.tasks import send_announcement

    members = [UserFactory(role="huurder") for _ in range(3)]
    for member in members:
        add_member(group, member)
    muted = UserFactory(role="huurder", muted_email_events=["group_announcement"])
    add_member(group, muted)
    settings.EMAIL_BACKEND = "tests.participatie.test_services.FlakyBackend"
    FlakyBackend.sent, FlakyBackend.calls = [], 0
    announcement = services.announce(
        group=group, user=moderator, title="Tuindag", body="Zaterdag om tien uur."
    )
    with pytest.raises(OSError):
        send_announcement.run(announcement.pk)  # the first run breaks off at member 2
    assert [m.to for m in FlakyBackend.sent] == [[members[0].email]]
    with django_capture_on_commit_callbacks(execute=True):
        send_announcement.run(announcement.pk)  # the retry
    sent_to = sorted(m.to[0] for m in FlakyBackend.sent)
    assert sent_to == sorted(m.email for m in members)  # each once; the muted one none
    assert AnnouncementDelivery.objects.filter(announcement=announcement).count() == 4
    assert Notification.objects.filter(recipient=muted, event="group_announcement").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_announcement.run(announcement.pk) == 0
    assert len(FlakyBackend.sent) == 3
