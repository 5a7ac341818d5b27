"""A resident's memberships and RSVPs in their data export, and gone after erasure: the
place they held goes to the waiting list, minutes they wrote stay without their name."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail import hooks

from participatie import services
from participatie.models import Meeting, Membership, Rsvp, RsvpStatus
from tests.participatie.conftest import add_member
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def _part():
    parts = [fn() for fn in hooks.get_hooks("fijnewijk_personal_data")]
    return next(part for part in parts if part["key"] == "bewonersgroepen")


def test_export_and_erase(group, make_meeting, moderator, resident):
    membership = services.request_to_join(group=group, user=resident)
    services.approve(membership=membership, user=moderator)
    meeting = make_meeting(capacity=1)
    services.rsvp(meeting=meeting, user=resident)
    waiting = UserFactory(role="huurder")
    services.rsvp(meeting=meeting, user=waiting)
    part = _part()
    rows = part["export"](resident)
    json.dumps(rows)  # JSON-serialisable
    kinds = {row["soort"] for row in rows}
    assert {"lidmaatschap", "aanmelding voor een bijeenkomst"} <= kinds

    assert part["erase"](resident) > 0
    assert not Membership.objects.filter(user=resident).exists()
    assert not Rsvp.objects.filter(user=resident).exists()
    assert not Membership.history.filter(user_id=resident.pk).exists()
    assert not Rsvp.history.filter(history_user_id=resident.pk).exists()
    assert Rsvp.objects.get(user=waiting).status == RsvpStatus.GOING
    assert part["export"](resident) == []


def test_minutes_stay_without_the_writer(group, make_meeting, coordinator):
    writer = UserFactory(role="hwz-moderator")
    add_member(group, writer, role="moderator")
    start = timezone.now() - timedelta(hours=3)
    meeting = make_meeting(starts_at=start, ends_at=start + timedelta(hours=1))
    services.publish_minutes(meeting=meeting, user=writer, minutes="Goed overleg.")
    _part()["erase"](writer)
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.minutes == "Goed overleg." and meeting.minutes_by is None
    assert not Meeting.history.filter(history_user_id=writer.pk).exists()
    assert not Meeting.history.filter(minutes_by_id=writer.pk).exists()
