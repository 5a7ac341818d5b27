"""The demo data set has resident groups with meetings: they show on the home page, the
neighbourhood page of their wijk, the overview and their own pages."""

import time

import pytest
from django.core.management import call_command

from participatie.models import Meeting, ResidentGroup

pytestmark = pytest.mark.django_db


def test_demo_groups_on_the_pages(client):
    started = time.monotonic()
    call_command("load_demo", verbosity=0)
    assert time.monotonic() - started < 120
    assert ResidentGroup.objects.count() == 3
    assert Meeting.objects.filter(minutes_published_at__isnull=False).count() == 3
    assert "Bewonersbijeenkomsten" in client.get("/").content.decode()
    page = client.get("/wijken/maaskant/").content.decode()
    assert "Bewonersgroepen in Maaskant" in page
    overview = client.get("/bewonersgroepen/").content.decode()
    for group in ResidentGroup.objects.all():
        assert group.name in overview
        assert client.get(group.get_absolute_url()).status_code == 200
    for meeting in Meeting.objects.filter(group__meetings_public=True):
        assert client.get(meeting.get_absolute_url()).status_code == 200
