"""Who gave someone staff rights, and when: every change of a person's roles, werkgebied,
is_staff, is_superuser and is_active is kept and shown to administrators."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import formats, timezone, translation

from portal.selectors import user_role_history

from .factories import UserFactory, WijkFactory

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def administrator():
    return UserFactory(
        is_superuser=True, is_staff=True, first_name="Ada", last_name="Beheer"
    )  # with TOTP


def _edit_form(target, groups, werkgebied=()):
    return {
        "email": target.email,
        "first_name": target.first_name,
        "last_name": target.last_name,
        "is_active": "on",
        "groups": [group.pk for group in groups],
        "werkgebied": [wijk.pk for wijk in werkgebied],
        "phone": "",
        "wijk": "",
        "complex": "",
        "password1": "",
        "password2": "",
    }


def test_a_role_given_in_the_admin_is_recorded_with_who_and_when(client, administrator):
    target = UserFactory(role="huurder")
    wijk = WijkFactory(name="Binnenstad")
    moderator = Group.objects.get(name="hwz-moderator")
    client.force_login(administrator)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    moment = datetime.datetime.combine(tomorrow, datetime.time(9, 30), tzinfo=AMSTERDAM)

    with time_machine.travel(moment, tick=False):
        response = client.post(
            reverse("wagtailusers_users:edit", args=[target.pk]),
            _edit_form(target, [moderator], [wijk]),
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("wagtailusers_users:index")

    latest = user_role_history(target)[0]
    assert latest.by == administrator
    assert latest.date == moment
    assert latest.changes == [
        "Rol gegeven: HWZ-moderator",
        "Rol afgenomen: Huurder",
        "Aan werkgebied toegevoegd: Binnenstad",
    ]

    page = client.get(reverse("wagtailusers_users:role_history", args=[target.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Rol gegeven: HWZ-moderator" in html
    assert "Aan werkgebied toegevoegd: Binnenstad" in html
    assert "Ada Beheer" in html
    with translation.override("nl"):
        shown = formats.date_format(moment, "j F Y H:i")
    assert shown.endswith("09:30")
    assert shown in html  # Dutch time, not UTC


def test_the_user_page_links_to_the_role_history(client, administrator):
    target = UserFactory(role="coordinator")
    client.force_login(administrator)
    url = reverse("wagtailusers_users:role_history", args=[target.pk])
    for page in ("edit", "history"):
        html = client.get(reverse(f"wagtailusers_users:{page}", args=[target.pk])).content.decode()
        assert url in html, page


def test_staff_flags_and_closing_an_account_are_recorded(client, administrator):
    target = UserFactory(role="huurder")
    client.force_login(administrator)
    form = _edit_form(target, [Group.objects.get(name="coordinator")])
    edit = reverse("wagtailusers_users:edit", args=[target.pk])
    client.post(edit, {**form, "is_superuser": "on"})
    target.refresh_from_db()
    assert target.is_superuser

    # Only an administrator closes an account (moderation measures never do).
    blocked = UserFactory(role="huurder")
    closing = {**_edit_form(blocked, [Group.objects.get(name="huurder")])}
    del closing["is_active"]
    client.post(reverse("wagtailusers_users:edit", args=[blocked.pk]), closing)
    blocked.refresh_from_db()
    assert not blocked.is_active

    assert "Beheerder (superuser) geworden" in user_role_history(target)[0].changes
    assert "Account gedeactiveerd" in user_role_history(blocked)[0].changes


def test_signing_in_or_a_new_password_leaves_no_record(client):
    person = UserFactory(role="huurder")
    before = person.history.count()
    client.post("/accounts/login/", {"login": person.email, "password": "geheim-wachtwoord-123"})
    person.refresh_from_db()
    assert person.last_login is not None
    person.muted_email_events = ["x"]
    person.save(update_fields=["muted_email_events"])
    assert person.history.count() == before
    # A full save is kept, but is no change of roles: the history page leaves it out.
    changes_before = user_role_history(person)
    person.set_password("een-ander-wachtwoord-456")
    person.save()
    assert user_role_history(person) == changes_before
    assert not hasattr(person.history.first(), "password")


def test_only_administrators_read_the_role_history(client):
    target = UserFactory(role="hwz-moderator")
    url = reverse("wagtailusers_users:role_history", args=[target.pk])
    for role in ("coordinator", "sociaal-beheerder", "hwz-moderator"):
        client.force_login(UserFactory(role=role))  # with TOTP: only the permission is missing
        response = client.get(url)
        assert response.status_code in (302, 403), role
        assert "Rol gegeven" not in response.content.decode()
    client.force_login(UserFactory(role="huurder"))
    assert client.get(url).status_code in (302, 403)


def test_the_role_history_query_count_does_not_grow(
    client, administrator, django_assert_max_num_queries
):
    target = UserFactory(role="huurder")
    groups = list(Group.objects.all())
    for group in groups:
        target.groups.add(group)
    target.werkgebied.add(*[WijkFactory() for _ in range(5)])
    client.force_login(administrator)
    client.get("/admin/")  # warm the session
    with django_assert_max_num_queries(20):
        response = client.get(reverse("wagtailusers_users:role_history", args=[target.pk]))
    assert response.status_code == 200
