"""Mijn overzicht: one's own messages and preferences, never someone else's."""

import pytest
from django.core import mail

from portal.models import Notification
from portal.notifications import notify

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def test_needs_a_login(client):
    for url in ("/mijn/", "/mijn/berichten/", "/mijn/voorkeuren/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_messages_are_private(client):
    owner, other = UserFactory(role="huurder"), UserFactory(role="huurder")
    notify(
        event="initiative_comment",
        recipients=[owner],
        title="Alleen voor mij",
        url="/initiatieven/",
    )
    note = Notification.objects.get()
    client.force_login(other)
    assert "Alleen voor mij" not in client.get("/mijn/").content.decode()
    assert client.get(f"/mijn/berichten/{note.pk}/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
    client.force_login(owner)
    assert "Alleen voor mij" in client.get("/mijn/").content.decode()
    response = client.get(f"/mijn/berichten/{note.pk}/")
    assert response.status_code == 302 and response["Location"] == "/initiatieven/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_mark_all_read(client):
    owner = UserFactory(role="huurder")
    for n in range(3):
        notify(event="initiative_comment", recipients=[owner], title=f"Bericht {n}")
    client.force_login(owner)
    assert "3 ongelezen" in client.get("/mijn/").content.decode()
    client.post("/mijn/berichten/gelezen/")
    assert not owner.notifications.filter(read_at=None).exists()


def test_an_offsite_link_is_never_followed(client):
    owner = UserFactory(role="huurder")
    notify(
        event="initiative_comment", recipients=[owner], title="Phish", url="https://evil.example/"
    )
    client.force_login(owner)
    response = client.get(f"/mijn/berichten/{Notification.objects.get().pk}/")
    assert response["Location"] == "/mijn/berichten/"


def test_email_preferences(client, django_capture_on_commit_callbacks):
    owner = UserFactory(role="huurder")
    client.force_login(owner)
    page = client.get("/mijn/voorkeuren/").content.decode()
    assert "Nieuwe reacties op uw initiatief" in page
    # Keep every optional kind except comments.
    from portal.notifications import optional_events

    keep = [e.name for e in optional_events() if e.name != "initiative_comment"]
    client.post("/mijn/voorkeuren/", {"email_events": keep})
    owner.refresh_from_db()
    assert owner.muted_email_events == ["initiative_comment"]
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="initiative_comment", recipients=[owner], title="Stil")
        notify(event="initiative_status", recipients=[owner], title="Belangrijk")
    assert [m.subject for m in mail.outbox] == ["[Fijne Wijk] Belangrijk"]
    assert owner.notifications.count() == 2


def test_unknown_event_is_a_programming_error():
    with pytest.raises(ValueError):
        notify(event="nonsense", recipients=[], title="x")


def test_the_unread_count_covers_more_than_the_five_shown_and_follows_reading(client):
    """The count of unread messages comes with the five newest (one query): it counts all
    of one's own unread messages, never another's, and drops on the next request once
    read."""
    owner, other = UserFactory(role="huurder"), UserFactory(role="huurder")
    for n in range(7):
        notify(event="initiative_comment", recipients=[owner], title=f"Bericht {n}")
    for n in range(4):
        notify(event="initiative_comment", recipients=[other], title=f"Ander {n}")
    first = owner.notifications.order_by("created_at", "pk").first()
    first.read_at = first.created_at
    first.save(update_fields=["read_at"])
    client.force_login(owner)
    page = client.get("/mijn/").content.decode()
    assert "6 ongelezen" in page and "Ander" not in page
    client.get(f"/mijn/berichten/{owner.notifications.filter(read_at=None).first().pk}/")
    assert "5 ongelezen" in client.get("/mijn/").content.decode()
    client.post("/mijn/berichten/gelezen/")
    assert "ongelezen" not in client.get("/mijn/").content.decode()
    client.force_login(other)
    assert "4 ongelezen" in client.get("/mijn/").content.decode()
