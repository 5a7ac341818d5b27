"""Moderation measures: each takes away only what it is about, for a while, with its reason
shown to the resident, who can object; the account itself always stays open."""

from datetime import datetime, timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from initiatieven import permissions as perms
from initiatieven import services as initiative_services
from initiatieven.models import Status
from portal import services
from portal.models import MeasureScope, Notification, ParticipationMeasure
from tests.initiatieven.factories import CommentFactory, InitiativeFactory
from tests.portal.factories import UserFactory, with_two_factor

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-123"


@pytest.fixture
def resident(db):
    return UserFactory(role="huurder")


@pytest.fixture
def coordinator(db):
    return UserFactory(role="coordinator")


@pytest.fixture
def published(db):
    return InitiativeFactory(status=Status.GEPUBLICEERD)


def _fresh(user):
    """The same person as a new request would load them (no remembered measures)."""
    return type(user).objects.get(pk=user.pk)


def _allowed(user, initiative, comment) -> dict[str, bool]:
    user = _fresh(user)
    return {
        MeasureScope.COMMENT: perms.can_comment(user, initiative)[0]
        and perms.can_report_comment(user, comment)[0],
        MeasureScope.PROPOSE: perms.can_propose(user)[0],
        MeasureScope.SUPPORT: perms.can_support(user, initiative)[0],
    }


# What each scope takes away; everything else stays allowed.
TAKES_AWAY = {
    MeasureScope.COMMENT: {MeasureScope.COMMENT},
    MeasureScope.PROPOSE: {MeasureScope.PROPOSE},
    MeasureScope.SUPPORT: {MeasureScope.SUPPORT},
    MeasureScope.ALL: {MeasureScope.COMMENT, MeasureScope.PROPOSE, MeasureScope.SUPPORT},
}


@pytest.mark.parametrize("scope", list(TAKES_AWAY))
def test_each_scope_blocks_only_its_action(resident, coordinator, published, scope):
    comment = CommentFactory(initiative=published)
    assert all(_allowed(resident, published, comment).values())
    services.measure_impose(
        user=resident, by=coordinator, scope=scope, duration="week", reason="Spam geplaatst"
    )
    allowed = _allowed(resident, published, comment)
    for action, ok in allowed.items():
        assert ok is (action not in TAKES_AWAY[scope]), action
    resident.refresh_from_db()
    assert resident.is_active


def test_the_refusal_says_until_when_and_why(resident, coordinator, published):
    measure = services.measure_impose(
        user=resident, by=coordinator, scope="reageren", duration="maand", reason="Schelden"
    )
    allowed, reason = perms.can_comment(_fresh(resident), published)
    assert not allowed
    local_end = timezone.localtime(measure.ends_at)
    assert "Schelden" in reason and f"{local_end:%H:%M}" in reason
    assert str(local_end.year) in reason and "bezwaar" in reason


def test_an_expired_measure_no_longer_blocks(resident, coordinator, published, client):
    measure = services.measure_impose(
        user=resident, by=coordinator, scope="alles", duration="week", reason="Spam"
    )
    ParticipationMeasure.objects.filter(pk=measure.pk).update(
        created_at=timezone.now() - timedelta(days=8), ends_at=timezone.now() - timedelta(hours=1)
    )
    comment = CommentFactory(initiative=published)
    assert all(_allowed(resident, published, comment).values())
    # The resident's list shows it as ended, without an objection link.
    client.force_login(resident)
    page = client.get(reverse("my_overview")).content.decode()
    assert "afgelopen" in page and "Spam" in page
    assert reverse("my_measure_objection", args=[measure.pk]) not in page


def test_an_hwz_moderator_cannot_impose_until_lifted(resident, published, wijk_moderator):
    with pytest.raises(ValidationError):
        services.measure_impose(
            user=resident, by=wijk_moderator, scope="reageren", duration="onbepaald", reason="x"
        )
    assert not ParticipationMeasure.objects.exists()


@pytest.fixture
def wijk_moderator(published):
    user = UserFactory(role="hwz-moderator")
    user.werkgebied.add(published.wijk)
    return user


def test_a_coordinator_imposes_until_lifted(resident, coordinator):
    measure = services.measure_impose(
        user=resident, by=coordinator, scope="voorstellen", duration="onbepaald", reason="x"
    )
    assert measure.ends_at is None and measure.is_in_force()
    assert not perms.can_propose(_fresh(resident))[0]


def test_a_second_measure_of_the_same_scope_is_refused(resident, coordinator):
    services.measure_impose(
        user=resident, by=coordinator, scope="steunen", duration="week", reason="x"
    )
    with pytest.raises(ValidationError, match="al zo'n maatregel"):
        services.measure_impose(
            user=resident, by=coordinator, scope="steunen", duration="maand", reason="y"
        )


def test_the_tenant_still_signs_in_and_opens_mijn_aanvragen(client, resident, coordinator):
    services.measure_impose(
        user=resident, by=coordinator, scope="alles", duration="drie_maanden", reason="Spam"
    )
    response = client.post("/accounts/login/", {"login": resident.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("fonds:mine")).status_code == 200
    page = client.get(reverse("my_overview")).content.decode()
    assert "Maatregelen voor uw account" in page and "Spam" in page
    assert "alle openbare deelname" in page.lower()


def test_comment_and_support_pages_show_the_measure(client, resident, coordinator, published):
    services.measure_impose(
        user=resident, by=coordinator, scope="alles", duration="week", reason="Spam"
    )
    client.force_login(resident)
    response = client.post(
        reverse("initiatieven:comment", args=[published.pk]), {"body": "Nog een keer"}
    )
    assert response.status_code in (400, 429)
    assert "voor uw account geldt een maatregel" in response.content.decode()
    assert "Nog een keer" in response.content.decode()
    response = client.post(reverse("initiatieven:support", args=[published.pk]), follow=True)
    assert "voor uw account geldt een maatregel" in response.content.decode()
    assert published.supports.count() == 0 and published.comments.count() == 0
    response = client.get(reverse("initiatieven:propose"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("my_overview")


def test_the_objection_reaches_the_coordinators_and_history(client, resident, coordinator):
    measure = services.measure_impose(
        user=resident, by=coordinator, scope="reageren", duration="week", reason="Schelden"
    )
    other_coordinator = UserFactory(role="coordinator")
    client.force_login(resident)
    url = reverse("my_measure_objection", args=[measure.pk])
    page = client.get(url).content.decode()
    assert "Schelden" in page
    # An empty objection: a Dutch message, nothing recorded.
    response = client.post(url, {"objection": "  "})
    assert response.status_code == 400
    assert "Schrijf waarom u het er niet mee eens bent." in response.content.decode()
    response = client.post(url, {"objection": "Ik citeerde iemand anders."})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.objection == "Ik citeerde iemand anders." and measure.objected_at
    for person in (coordinator, other_coordinator):
        notification = Notification.objects.get(recipient=person, event="measure_objection")
        assert notification.url == reverse("measures:inspect", args=[measure.pk])
    record = measure.history.first()
    assert record.history_user == resident and record.history_change_reason == "Bezwaar gemaakt"
    # Once is enough; someone else's measure is not theirs to object to.
    with pytest.raises(ValidationError):
        services.measure_object(measure=measure, user=resident, text="Nog eens")
    stranger = UserFactory(role="huurder")
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_only_a_coordinator_lifts_and_the_resident_is_told(resident, coordinator, wijk_moderator):
    measure = services.measure_impose(
        user=resident, by=coordinator, scope="reageren", duration="week", reason="x"
    )
    with pytest.raises(PermissionDenied):
        services.measure_lift(measure=measure, by=wijk_moderator)
    services.measure_lift(measure=measure, by=coordinator, reason="Bezwaar terecht")
    measure.refresh_from_db()
    assert not measure.is_in_force() and measure.lifted_by == coordinator
    assert Notification.objects.filter(recipient=resident, event="measure_lifted").exists()
    assert perms.can_propose(_fresh(resident))[0]


def test_imposing_leaves_history_with_who_and_why(resident, coordinator):
    measure = services.measure_impose(
        user=resident, by=coordinator, scope="reageren", duration="week", reason="x"
    )
    record = measure.history.get()
    assert record.history_user == coordinator
    assert record.history_change_reason == "Maatregel opgelegd"


def test_the_data_migration_turns_blocks_into_comment_measures(resident, coordinator):
    """A block from before (account closed, no scope or end) becomes a comment measure
    until lifted, and the account opens again."""
    measure = ParticipationMeasure.objects.create(
        user=resident, imposed_by=coordinator, reason="Oude blokkering"
    )
    type(resident).objects.filter(pk=resident.pk).update(is_active=False)
    lifted = ParticipationMeasure.objects.create(
        user=UserFactory(role="huurder"), reason="Al opgeheven", lifted_at=timezone.now()
    )
    migration = import_module("portal.migrations.0008_measures_reopen_blocked_accounts")
    migration.convert(apps, None)
    resident.refresh_from_db()
    measure.refresh_from_db()
    assert resident.is_active
    assert measure.scope == MeasureScope.COMMENT and measure.ends_at is None
    assert measure.history.first().history_change_reason.startswith("Blokkering omgezet")
    assert lifted.history.count() == 1  # only its creation: a lifted block is left as it was


def test_a_closed_account_is_told_whom_to_contact(client, resident):
    from portal.models import ContactSettings

    settings = ContactSettings.load()
    settings.email, settings.phone = "wijkteam@corporatie.test", "0475 123 456"
    settings.save()
    type(resident).objects.filter(pk=resident.pk).update(is_active=False)
    response = client.post(
        "/accounts/login/", {"login": resident.email, "password": PASSWORD}, follow=True
    )
    page = response.content.decode()
    assert "Uw account is gesloten" in page
    assert "wijkteam@corporatie.test" in page and "0475 123 456" in page


def test_moderation_by_an_initiative_moderator_hides_and_measures(resident, wijk_moderator):
    initiative = InitiativeFactory(status=Status.GEPUBLICEERD, wijk=wijk_moderator.werkgebied.get())
    comment = initiative_services.comment_post(initiative=initiative, user=resident, body="Grof")
    measure = initiative_services.comment_author_measure(
        comment=comment, user=wijk_moderator, scope="reageren", duration="week", reason="Grof"
    )
    assert measure.imposed_by == wijk_moderator
    assert abs(measure.ends_at - measure.created_at - timedelta(weeks=1)) < timedelta(minutes=1)


def test_a_month_ends_on_the_last_day_of_a_shorter_month():
    from portal.services import DURATIONS

    start = datetime(2027, 1, 31, 10, 0, tzinfo=timezone.get_current_timezone())
    end = DURATIONS["maand"][1](start)
    assert (end.year, end.month, end.day, end.hour) == (2027, 2, 28, 10)
    end = DURATIONS["drie_maanden"][1](start)
    assert (end.month, end.day) == (4, 30)


def test_the_admin_list_shows_ended_measures_as_ended(client, resident, coordinator):
    ended = services.measure_impose(
        user=resident, by=coordinator, scope="steunen", duration="week", reason="Oud"
    )
    ParticipationMeasure.objects.filter(pk=ended.pk).update(
        ends_at=timezone.now() - timedelta(days=1)
    )
    services.measure_impose(
        user=resident, by=coordinator, scope="reageren", duration="week", reason="Nieuw"
    )
    client.force_login(with_two_factor(coordinator))
    page = client.get(reverse("measures:index")).content.decode()
    assert page.count("afgelopen") == 1 and "Nieuw" in page and "Oud" in page
    inspect = client.get(reverse("measures:inspect", args=[ended.pk])).content.decode()
    assert "Deze maatregel loopt niet meer." in inspect and "Maatregel opheffen" not in inspect
