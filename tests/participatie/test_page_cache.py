"""The groups overview, a group's page and a meeting's page are kept for anonymous
visitors (portal.page_cache) and show a change at the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participatie import services
from tests.participatie.conftest import add_member
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def _kept(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert len(ctx.captured_queries) == 0, url
    assert response.status_code == 200
    return response.content.decode()


def test_public_pages_kept_and_forgotten_on_change(client, group, meeting, moderator, resident):
    overview = reverse("participatie:overview")
    group_url = group.get_absolute_url()
    meeting_url = meeting.get_absolute_url()
    _kept(client, overview)
    _kept(client, group_url)
    assert "Geen maximum" in _kept(client, meeting_url)
    services.rsvp(meeting=meeting, user=resident)
    services.request_to_join(group=group, user=UserFactory(role="huurder"))
    add_member(group, resident, role="contactpersoon")
    assert (
        f"{resident.first_name} {resident.last_name[0]}." in client.get(group_url).content.decode()
    )
    services.cancel_meeting(meeting=meeting, user=moderator, reason="Zaal dicht")
    assert "geannuleerd" in client.get(meeting_url).content.decode()


def test_signed_in_pages_are_never_kept(client, group, resident):
    client.force_login(resident)
    response = client.get(group.get_absolute_url())
    assert "no-store" in response["Cache-Control"]
