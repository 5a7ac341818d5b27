"""Residents taking the last place of a meeting at the same moment (PostgreSQL): exactly
one gets it, the others go on the waiting list in order; nobody is counted twice."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from participatie import permissions, services
from participatie.models import Meeting, ResidentGroup, Rsvp, RsvpStatus
from tests.conftest import restore_migration_data
from tests.portal.factories import UserFactory, WijkFactory

RESIDENTS = 5


@pytest.mark.django_db(transaction=True)
def test_the_last_place_goes_to_one(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what is tested here: PostgreSQL only (CI's second run)")
    restore_migration_data()
    group = ResidentGroup.objects.create(name="Groep", slug="groep", wijk=WijkFactory())
    start = timezone.now() + timedelta(days=2)
    meeting = Meeting.objects.create(
        group=group,
        title="Avond",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Buurthuis",
        capacity=2,
    )
    services.rsvp(meeting=meeting, user=UserFactory(role="huurder"))  # one place left
    residents = [UserFactory(role="huurder") for _ in range(RESIDENTS)]
    # Widen the gap between reading the meeting and writing the RSVP: without the row lock
    # every thread would see the one free place and take it.
    real_check = permissions.can_rsvp

    def slow_check(*args, **kwargs):
        result = real_check(*args, **kwargs)
        time.sleep(0.2)
        return result

    monkeypatch.setattr(services.perms, "can_rsvp", slow_check)
    barrier = threading.Barrier(RESIDENTS)
    results: dict[int, str] = {}

    def take(person):
        try:
            barrier.wait(timeout=20)
            results[person.pk] = services.rsvp(meeting=meeting, user=person).status
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(person,)) for person in residents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(results) == RESIDENTS
    assert list(results.values()).count(RsvpStatus.GOING) == 1
    meeting.refresh_from_db()
    assert meeting.going_count == 2
    assert Rsvp.objects.filter(meeting=meeting, status=RsvpStatus.GOING).count() == 2
    positions = sorted(
        Rsvp.objects.filter(meeting=meeting, status=RsvpStatus.WAITING).values_list(
            "position", flat=True
        )
    )
    assert positions == list(range(1, RESIDENTS))
