"""A concept is the resident's own until they submit it: every URL that shows or acts on an
initiative answers 404 (or the admin's "not allowed") for everyone but its team, and an
administrator's read in the admin leaves a log row."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from cms.management.commands.load_demo import DEMO_TOTP_SECRET
from initiatieven import selectors, services
from initiatieven.models import ConceptReadLog, Initiative, Photo, Status
from initiatieven.transitions import TRANSITIONS
from portal.roles import ROLES
from tests.portal.factories import UserFactory

from .factories import jpeg_upload

pytestmark = pytest.mark.django_db

STAFF_ROLE_NAMES = [name for name, role in ROLES.items() if role.staff]
OUTSIDERS = ["anonymous", "other_resident", *STAFF_ROLE_NAMES, "superuser"]
AUTHORS = ["initiator", "co_initiator"]


@pytest.fixture
def concept(make_initiative, initiator):
    initiative = make_initiative(status=Status.CONCEPT, title="Geheime moestuinplannen")
    services._add_photos(
        initiative=initiative,
        user=initiator,
        photos=[_clean_photo()],
        alt_text="foto",
    )
    return initiative


def _clean_photo():
    from portal.uploads import clean_image

    return clean_image(jpeg_upload())


@pytest.fixture
def person(request, wijk, initiator, co_initiator):
    """Sign in as `who` (staff with two-factor set up; HWZ and wijkbeheerder in the wijk)."""

    def make(client, who):
        if who == "anonymous":
            return None
        if who in ("initiator", "co_initiator"):
            user = {"initiator": initiator, "co_initiator": co_initiator}[who]
        elif who == "other_resident":
            user = UserFactory(role="huurder")
        elif who == "superuser":
            user = UserFactory(is_superuser=True, is_staff=True)
        else:
            user = UserFactory(role=who)
            if ROLES[who].needs_werkgebied:
                user.werkgebied.add(wijk)
        client.force_login(user)
        if who not in ("initiator", "co_initiator", "other_resident"):
            # Signed in as allauth records it after password and second factor, so the
            # answers below are about the concept, not about a missing second factor.
            authenticator = TOTP.activate(user, DEMO_TOTP_SECRET).instance
            session = client.session
            session["account_authentication_methods"] = [
                {"method": "password", "at": time.time(), "email": user.email},
                {"method": "mfa", "at": time.time(), "id": authenticator.pk, "type": "totp"},
            ]
            session.save()
        return user

    return make


def _resident_urls(initiative):
    pk = initiative.pk
    photo = Photo.objects.filter(initiative=initiative).first()
    gets = [
        reverse("initiatieven:detail", args=[pk]),
        reverse("initiatieven:edit", args=[pk]),
        reverse("initiatieven:update", args=[pk]),
        reverse("initiatieven:invite", args=[pk]),
    ]
    posts = [
        *(reverse("initiatieven:transition", args=[pk, name]) for name in TRANSITIONS),
        reverse("initiatieven:support", args=[pk]),
        reverse("initiatieven:comment", args=[pk]),
        reverse("initiatieven:photo_delete", args=[pk, photo.pk]),
    ]
    return gets, posts


def _admin_urls(initiative):
    pk = initiative.pk
    gets = [
        reverse(f"initiatieven_initiative:{name}", args=[pk])
        for name in ("inspect", "history", "usage", "edit", "delete")
    ]
    posts = [reverse("initiatieven_initiative:moderate", args=[pk, name]) for name in TRANSITIONS]
    return gets, posts


@pytest.mark.parametrize("who", OUTSIDERS)
def test_every_resident_url_of_a_concept_is_404_for_outsiders(client, concept, person, who):
    person(client, who)
    gets, posts = _resident_urls(concept)
    for url in gets:
        response = client.get(url)
        if who == "anonymous" and "/bewerken/" not in url and url.endswith(f"{concept.pk}/"):
            assert response.status_code == 404, url
        elif who == "anonymous":
            assert response.status_code in (302, 404), url
        else:
            assert response.status_code == 404, url
    for url in posts:
        response = client.post(url, {"reason": "Overgenomen", "body": "Hallo"})
        assert response.status_code in ((302, 404) if who == "anonymous" else (404,)), url
        if who == "anonymous" and response.status_code == 302:
            assert "/accounts/login/" in response["Location"], url
    concept.refresh_from_db()
    assert concept.status == Status.CONCEPT and concept.photos.count() == 1
    assert concept.supports.count() == 0 and concept.comments.count() == 0


@pytest.mark.parametrize("who", AUTHORS)
def test_the_team_opens_its_concept(client, concept, person, who):
    person(client, who)
    for url in _resident_urls(concept)[0][:2]:
        assert client.get(url).status_code == 200, url
    response = client.post(reverse("initiatieven:transition", args=[concept.pk, "submit"]))
    assert response.status_code == 302
    concept.refresh_from_db()
    assert concept.status == Status.INGEDIEND


@pytest.mark.parametrize("who", [*STAFF_ROLE_NAMES, "other_resident", "anonymous"])
def test_every_admin_url_of_a_concept_is_closed(client, concept, person, who):
    person(client, who)
    gets, posts = _admin_urls(concept)
    for url in gets:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert "Geheime moestuinplannen" not in response.content.decode(), url
    for url in posts:
        assert client.post(url, {"reason": "x"}).status_code in (302, 403, 404), url
    concept.refresh_from_db()
    assert concept.status == Status.CONCEPT
    assert not ConceptReadLog.objects.exists()


@pytest.mark.parametrize("who", ["hwz-moderator", "coordinator", "superuser"])
def test_admin_list_never_shows_a_concept(client, concept, make_initiative, person, who):
    submitted = make_initiative(status=Status.INGEDIEND, title="Ingediend bankje")
    person(client, who)
    index = reverse("initiatieven_initiative:index")
    page = client.get(index).content.decode()
    assert submitted.title in page and concept.title not in page
    filtered = client.get(index + "?status=concept")
    assert concept.title not in filtered.content.decode()
    # The filter does not offer the status concept.
    assert 'value="concept"' not in page


def test_an_administrator_reads_a_concept_in_the_admin_and_it_is_logged(client, concept, person):
    admin = person(client, "superuser")
    url = reverse("initiatieven_initiative:inspect", args=[concept.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Geheime moestuinplannen" in response.content.decode()
    log = ConceptReadLog.objects.get()
    assert (log.user, log.initiative, log.view) == (admin, concept, "inspect")
    client.get(url)
    assert ConceptReadLog.objects.count() == 2
    # The log is visible to administrators, and to no staff role.
    page = client.get(reverse("initiatieven_concept_reads:index")).content.decode()
    assert "Geheime moestuinplannen" in page
    # Not on the public URL, not in the other admin views, not moderated.
    assert client.get(reverse("initiatieven:detail", args=[concept.pk])).status_code == 404
    history = reverse("initiatieven_initiative:history", args=[concept.pk])
    assert client.get(history).status_code == 404
    assert ConceptReadLog.objects.count() == 2


def test_the_read_log_is_closed_to_staff(client, person):
    person(client, "coordinator")
    response = client.get(reverse("initiatieven_concept_reads:index"))
    assert response.status_code in (302, 403)


def test_a_submitted_then_withdrawn_initiative_stays_visible_to_moderators(
    client, make_initiative, initiator, person
):
    initiative = make_initiative(status=Status.CONCEPT)
    services.initiative_transition(initiative=initiative, name="submit", user=initiator)
    services.initiative_transition(initiative=initiative, name="withdraw", user=initiator)
    person(client, "hwz-moderator")
    assert client.get(reverse("initiatieven:detail", args=[initiative.pk])).status_code == 200


def test_concepts_stay_out_of_lists_counts_and_lookups(client, concept, make_initiative, wijk):
    published = make_initiative(status=Status.GEPUBLICEERD, title="Geheime moestuin open")
    page = client.get(reverse("initiatieven:overview") + "?q=moestuin").content.decode()
    assert published.title in page and concept.title not in page
    assert selectors.initiatives_per_wijk() == {wijk.pk: 1}
    found = selectors.similar_initiatives(title="Geheime moestuinplannen", wijk_id=wijk.pk)
    assert found == [published]
    lookup = client.get(
        reverse("initiatieven:similar"), {"title": "Geheime moestuinplannen", "wijk": wijk.pk}
    ).content.decode()
    assert "Geheime moestuin open" in lookup and "Geheime moestuinplannen" not in lookup
    assert list(Initiative.objects.submitted()) == [published]


def test_withdrawing_a_concept_tells_no_moderator(make_initiative, initiator, moderator):
    from portal.models import Notification

    initiative = make_initiative(status=Status.CONCEPT)
    services.initiative_transition(initiative=initiative, name="withdraw", user=initiator)
    assert not Notification.objects.filter(recipient=moderator).exists()
