"""An initiative's changes show on its kept public pages at the next request
(portal.page_cache): its status, supports, comments (posted and hidden), progress and
the applications to the fund listed on its page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatieven import services
from initiatieven.models import Status

pytestmark = pytest.mark.django_db
LIST = reverse("initiatieven:overview")


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, len(ctx.captured_queries)


def _kept(client, url):
    """Load `url` twice; the second time from the page cache."""
    client.get(url)
    response, queries = _get(client, url)
    assert queries == 0, url
    return response.content.decode()


def test_status_changes_show_at_once(client, make_initiative, moderator):
    initiative = make_initiative(status=Status.INGEDIEND, title="Bankje bij de speeltuin")
    url = initiative.get_absolute_url()
    assert client.get(url).status_code == 404
    assert "Bankje bij de speeltuin" not in _kept(client, LIST)
    services.initiative_transition(initiative=initiative, name="publish", user=moderator)
    assert client.get(url).status_code == 200  # the 404 was never kept
    assert "Bankje bij de speeltuin" in _kept(client, LIST)
    services.initiative_transition(
        initiative=initiative, name="take_offline", user=moderator, reason="Dubbel"
    )
    assert client.get(url).status_code == 404
    assert "Bankje bij de speeltuin" not in client.get(LIST).content.decode()


def test_supports_comments_and_progress_show_at_once(
    client, make_initiative, resident, moderator, initiator
):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    url = initiative.get_absolute_url()
    assert 'fw-support-count">0<' in _kept(client, url)
    services.support_add(initiative=initiative, user=resident)
    assert 'fw-support-count">1<' in client.get(url).content.decode()

    _kept(client, url)
    comment = services.comment_post(initiative=initiative, user=resident, body="Ik doe mee!")
    assert "Ik doe mee!" in _kept(client, url)
    services.comment_hide(comment=comment, user=moderator, reason="Niet over het idee")
    html = client.get(url).content.decode()
    assert "Ik doe mee!" not in html and "verborgen door een moderator" in html

    _kept(client, url)
    services.progress_update_post(initiative=initiative, user=initiator, body="De bank staat er")
    assert "De bank staat er" in client.get(url).content.decode()


def test_a_new_name_of_a_team_member_shows_but_signing_in_keeps_the_pages(
    client, make_initiative, initiator
):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    url = initiative.get_absolute_url()
    _kept(client, url)
    initiator.first_name = "Gerrit"
    initiator.save()
    assert "Gerrit" in client.get(url).content.decode()
    _kept(client, url)
    initiator.save(update_fields=["last_login"])
    _, queries = _get(client, url)
    assert queries == 0
