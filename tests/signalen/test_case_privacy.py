"""Privacy by design (AVG): a contact or a dossier is seen only by staff working in its
wijk and by the coordinators. Every URL of the contact log and the dossiers is tried by
every role: a resident, an HWZ moderator of the very wijk, a redacteur, the back office,
staff of another wijk (limited to it, or reaching every wijk with another werkgebied),
staff without a werkgebied and an anonymous visitor get neither the page nor a word of
it, and their posts change nothing."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from signalen import casework, services
from signalen.models import ContactMoment, Dossier, DossierRead, Referral
from tests.portal.factories import UserFactory, with_two_factor

from .case_helpers import make_contact, make_dossier, make_melding

pytestmark = pytest.mark.django_db

SECRET = "Geheimzinnigstraat 13"
TITLE = "Dossier Geheimzinnig"


@pytest.fixture
def casework_data(wijkbeheerder, wijk, partner):
    contact = make_contact(
        wijkbeheerder,
        wijk,
        address=SECRET,
        summary=f"Gesprek op {SECRET}",
        follow_up_on=timezone.localdate(),
    )
    dossier = make_dossier(wijkbeheerder, wijk, title=TITLE, address=SECRET)
    free_contact = make_contact(wijkbeheerder, wijk, summary=f"Los contact {SECRET}")
    melding = make_melding(wijk, address=SECRET)
    referral = services.refer(
        subject=dossier, partner=partner, user=wijkbeheerder, reason=f"Zorg voor {SECRET}"
    )
    casework.record_dossier_read(user=wijkbeheerder, dossier=dossier)
    return {
        "contact": contact,
        "dossier": dossier,
        "free": free_contact,
        "melding": melding,
        "referral": referral,
    }


def _staff(role, *wijken):
    user = UserFactory(role=role)
    with_two_factor(user)
    if wijken:
        user.werkgebied.add(*wijken)
    return user


@pytest.fixture
def outsiders(resident, hwz_moderator, redacteur, ondersteuner, other_wijkbeheerder, other_wijk):
    return {
        "anonymous": None,
        "resident": resident,
        "hwz moderator of the wijk": hwz_moderator,
        "redacteur": redacteur,
        "ondersteuner": ondersteuner,
        "wijkbeheerder of another wijk": other_wijkbeheerder,
        "sociaal beheerder of another wijk": _staff("sociaal-beheerder", other_wijk),
        "leefbaarheidsmedewerker without werkgebied": _staff("leefbaarheidsmedewerker"),
    }


def object_urls(data):
    contact, dossier, free, melding = (
        data["contact"],
        data["dossier"],
        data["free"],
        data["melding"],
    )
    return [
        reverse("signalen_case:contact", args=[contact.pk]),
        reverse("signalen_case:dossier", args=[dossier.pk]),
        reverse("signalen_case:dossier_reads", args=[dossier.pk]),
        reverse("signalen_case:dossier_create") + f"?contact={free.pk}",
        reverse("signalen_case:dossier_create") + f"?melding={melding.pk}",
    ]


LIST_URLS = [
    reverse("signalen_case:contacts"),
    reverse("signalen_case:contacts") + "?opvolgen=1",
    reverse("signalen_case:contacts") + f"?q={SECRET[:12]}",
    reverse("signalen_case:dossiers"),
    reverse("signalen_case:dossiers") + "?q=Geheim",
    reverse("signalen_case:reads"),
    reverse("signalen_case:referrals"),
    reverse("signalen_case:contact_log"),
    reverse("wagtailadmin_home"),
    "/admin/search/?q=Geheimzinnig",
]


def post_urls(data, other_dossier_pk):
    contact, dossier, free = data["contact"], data["dossier"], data["free"]
    return [
        (reverse("signalen_case:contact_action", args=[contact.pk, "opgevolgd"]), {"note": "x"}),
        (
            reverse("signalen_case:contact_action", args=[free.pk, "koppelen"]),
            {"dossier": dossier.pk},
        ),
        (
            reverse("signalen_case:dossier_action", args=[dossier.pk, "sluiten"]),
            {"outcome": "opgelost"},
        ),
        (
            reverse("signalen_case:dossier_action", args=[dossier.pk, "koppelen"]),
            {"contact": free.pk},
        ),
        (reverse("signalen_case:dossier_action", args=[dossier.pk, "vervuild"]), {"polluted": "1"}),
        (
            reverse("signalen_case:referral_close", args=[data["referral"].pk]),
            {"outcome": "afgerond"},
        ),
        (
            reverse("signalen_case:dossier_create"),
            {"contact": free.pk, "subject": "adres", "title": "Overgenomen"},
        ),
        (
            reverse("signalen_case:contact_log"),
            {
                "happened_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "wijk": data["contact"].wijk_id,
                "channel": "deur",
                "topics": ["overlast"],
                "summary": "Ingeschoven",
                "dossier": dossier.pk,
            },
        ),
    ]


def _state():
    return (
        list(ContactMoment.objects.order_by("pk").values_list("pk", "follow_up_on", "dossier_id")),
        list(Dossier.objects.order_by("pk").values_list("pk", "status", "polluted_home")),
        list(Referral.objects.order_by("pk").values_list("pk", "closed_at")),
    )


def test_no_outsider_sees_or_changes_a_contact_or_dossier_by_any_url(casework_data, outsiders):
    dossier = casework_data["dossier"]
    for who, user in outsiders.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        reads_before = DossierRead.objects.count()
        for url in object_urls(casework_data):
            response = client.get(url)
            assert response.status_code in (302, 403, 404), (who, url, response.status_code)
            assert SECRET not in response.content.decode(), (who, url)
        for url in LIST_URLS:
            response = client.get(url)
            body = response.content.decode()
            assert SECRET not in body and TITLE not in body, (who, url)
            assert dossier.reference not in body, (who, url)
        before = _state()
        for url, data in post_urls(casework_data, dossier.pk):
            response = client.post(url, data)
            # 400: the form refused a wijk that is not theirs.
            assert response.status_code in (302, 400, 403, 404), (who, url, response.status_code)
            assert (
                SECRET not in response.content.decode() and TITLE not in response.content.decode()
            )
            if response.status_code == 302:
                assert not response.url.startswith(
                    reverse("signalen_case:dossier", args=[dossier.pk])
                ), (who, url)
        assert _state() == before, who
        assert ContactMoment.objects.filter(summary="Ingeschoven").count() == 0
        assert DossierRead.objects.count() == reads_before, who


def test_staff_of_the_wijk_and_the_coordinator_see_everything(
    casework_data, wijkbeheerder, sociaal_beheerder, leefbaarheidsmedewerker, coordinator
):
    for user in (wijkbeheerder, sociaal_beheerder, leefbaarheidsmedewerker, coordinator):
        client = Client()
        client.force_login(user)
        for url in object_urls(casework_data)[:2] + [reverse("signalen_case:contacts")]:
            response = client.get(url)
            assert response.status_code == 200, (user, url)
            assert SECRET in response.content.decode()
        body = client.get(reverse("signalen_case:dossiers")).content.decode()
        assert TITLE in body
    # The read log and referrals overview are the coordinator's.
    client = Client()
    client.force_login(coordinator)
    assert client.get(reverse("signalen_case:reads")).status_code == 200
    assert SECRET in client.get(reverse("signalen_case:referrals")).content.decode()


def test_a_sociaal_beheerder_sees_only_the_wijken_of_their_werkgebied(
    casework_data, other_wijk, wijk
):
    """Their role reaches every wijk elsewhere (the fund); contacts and dossiers only where
    they work."""
    both = _staff("sociaal-beheerder", other_wijk)
    client = Client()
    client.force_login(both)
    assert client.get(object_urls(casework_data)[1]).status_code == 404
    both.werkgebied.add(wijk)
    assert client.get(object_urls(casework_data)[1]).status_code == 200


def test_no_generic_admin_view_lists_exports_or_chooses_them():
    """No Wagtail viewset, snippet or chooser is registered for contacts, dossiers, their
    read log or referrals: their only pages are the ones above."""
    from django.urls import get_resolver
    from wagtail.admin.viewsets import viewsets

    from signalen.models import ContactTopic, InstrumentApplied

    get_resolver().url_patterns  # noqa: B018 - loading the URLs fills Wagtail's registry
    private = {ContactMoment, ContactTopic, Dossier, DossierRead, InstrumentApplied, Referral}
    registered = {getattr(viewset, "model", None) for viewset in viewsets.viewsets}
    assert not private & registered
