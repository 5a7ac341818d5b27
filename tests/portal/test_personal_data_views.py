"""The resident's own pages for their data: editing the profile (with the usual checks on
bad input) and erasing the account (password again, a tick, signed out, an e-mail; a
forged or repeated POST erases nothing twice and never fails)."""

import re

import pytest
from django.core import mail
from django.test import Client

from portal.models import ErasureRecord, User
from portal.personal_data import HOOK

from .factories import UserFactory, WijkFactory

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-123"  # noqa: S105 - the factories' test password
ERASE = "/mijn/account-verwijderen/"
PROFILE = "/mijn/profiel/"
TOKEN = re.compile(r'name="submission_token" value="([0-9a-f]{32})"')


def token(response) -> str:
    return TOKEN.search(response.content.decode()).group(1)


def reauthenticate(client, next_url=ERASE):
    response = client.post(
        f"/accounts/reauthenticate/?next={next_url}", {"password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302, response.content.decode()[:500]


# Mijn overzicht links to all of it ------------------------------------------------------


def test_the_overview_has_a_section_for_ones_own_data(client):
    client.force_login(UserFactory(role="huurder"))
    page = client.get("/mijn/").content.decode()
    assert 'id="mijn-gegevens"' in page
    for url in (PROFILE, "/mijn/gegevens/download/", ERASE, "/accounts/email/"):
        assert f'href="{url}"' in page


# Erasure -------------------------------------------------------------------------------


def test_erasure_asks_for_the_password_again_then_erases_and_signs_out(
    client, django_capture_on_commit_callbacks
):
    person = UserFactory(role="huurder", first_name="Wietske")
    client.force_login(person)
    response = client.get(ERASE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    # A POST before the password: nothing happens.
    response = client.post(ERASE, {"confirm": "on"})
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]
    assert User.objects.get(pk=person.pk).is_active

    reauthenticate(client)
    page = client.get(ERASE)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Wat wij zonder uw naam bewaren" in text and "boekhouding" in text
    # Without the tick: a Dutch message, nothing erased.
    response = client.post(ERASE, {"submission_token": token(page)})
    assert response.status_code == 400
    assert "Vink aan dat u uw account wilt laten verwijderen." in response.content.decode()
    assert User.objects.filter(pk=person.pk).exists()

    page = client.get(ERASE)
    data = {"confirm": "on", "submission_token": token(page)}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ERASE, data)
    assert response.status_code == 302 and response["Location"] == "/"
    assert not User.objects.filter(pk=person.pk).exists()
    assert "_auth_user_id" not in client.session
    assert client.get("/mijn/").status_code == 302
    assert [m.to for m in mail.outbox] == [[person.email]]
    # The double click: no error, nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(ERASE, data)
    assert again.status_code == 302
    assert ErasureRecord.objects.count() == 1 and len(mail.outbox) == 1


def test_a_forged_post_erases_nothing():
    person = UserFactory(role="huurder")
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    response = client.post(ERASE, {"confirm": "on"})
    assert response.status_code == 403
    assert User.objects.get(pk=person.pk).is_active


def test_a_staff_account_is_told_to_ask_an_administrator(client):
    staff = UserFactory(role="wijkbeheerder")
    staff.werkgebied.add(WijkFactory())
    client.force_login(staff)
    page = client.get(ERASE)
    assert page.status_code == 200
    assert "Vraag een beheerder het account te sluiten" in page.content.decode()
    assert 'name="confirm"' not in page.content.decode()
    assert client.post(ERASE, {"confirm": "on"}).status_code == 403
    assert User.objects.get(pk=staff.pk).is_active


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in (ERASE, PROFILE):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_failing_part_rolls_the_whole_erasure_back(client):
    from wagtail import hooks

    person = UserFactory(role="huurder", first_name="Blijft")

    def broken(user):
        raise RuntimeError("part failed")

    part = {"key": "kapot", "label": "Kapot", "export": lambda user: [], "erase": broken}
    from portal.services import account_erase

    with hooks.register_temporarily(HOOK, lambda: part), pytest.raises(RuntimeError):
        account_erase(user=person)
    person.refresh_from_db()
    assert person.is_active and person.first_name == "Blijft"
    assert person.emailaddress_set.exists()
    assert not ErasureRecord.objects.exists()


# Profile -------------------------------------------------------------------------------


def test_a_resident_edits_the_profile(client):
    wijk = WijkFactory(name="Donderberg")
    person = UserFactory(role="huurder")
    client.force_login(person)
    page = client.get(PROFILE)
    assert page.status_code == 200 and person.email in page.content.decode()
    response = client.post(
        PROFILE,
        {
            "first_name": "Femke",
            "last_name": "van Dijk",
            "address": "Lindelaan 4, Roermond",
            "phone": "+31 6 1234 5678",
            "wijk": str(wijk.pk),
            "language": "nl",
            "submission_token": token(page),
        },
    )
    assert response.status_code == 302 and response["Location"] == PROFILE
    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.address, person.phone) == (
        "Femke",
        "van Dijk",
        "Lindelaan 4, Roermond",
        "0612345678",
    )
    assert person.wijk == wijk
    # History says who changed which fields, not the values.
    last = person.history.first()
    assert "voornaam" in last.history_change_reason.lower()
    assert "telefoonnummer" in last.history_change_reason
    assert "Femke" not in last.history_change_reason
    assert last.history_user_id == person.pk


def test_choosing_english_goes_on_in_english(client):
    person = UserFactory(role="huurder")
    client.force_login(person)
    response = client.post(
        PROFILE,
        {"first_name": "Sam", "last_name": "", "address": "", "phone": "", "language": "en"},
    )
    assert response["Location"] == "/en" + PROFILE
    person.refresh_from_db()
    assert person.language == "en"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "Nederlands telefoonnummer"),
        ("phone", "+32 470 12 34 56", "Nederlands telefoonnummer"),
        ("first_name", "Jan\x00", "Null"),
        ("first_name", "x" * 10_000, "hoogstens 150 tekens"),
        ("last_name", "de\nJong", "één regel"),
        ("address", "a" * 300, "hoogstens 200 tekens"),
        ("wijk", "99999999999999999999999", "Kies een wijk uit de lijst."),
        ("wijk", "abc", "Kies een wijk uit de lijst."),
        ("language", "xx", "Kies Nederlands of Engels."),
    ],
)
def test_bad_input_gets_a_dutch_message_and_nothing_is_lost(client, field, value, message):
    person = UserFactory(role="huurder", first_name="Oud")
    client.force_login(person)
    data = {
        "first_name": "Nieuw",
        "last_name": "Achternaam",
        "address": "Kerkstraat 1",
        "phone": "0475123456",
        "language": "nl",
        field: value,
    }
    response = client.post(PROFILE, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message.lower() in page.lower() or "null" in page.lower()
    assert 'value="Kerkstraat 1"' in page or field == "address"
    person.refresh_from_db()
    assert person.first_name == "Oud"


def test_a_script_in_the_profile_is_shown_as_text(client):
    person = UserFactory(role="huurder")
    client.force_login(person)
    payload = "<script>alert(1)</script>"
    response = client.post(
        PROFILE,
        {"first_name": payload, "last_name": "", "address": payload, "phone": "", "language": "nl"},
    )
    assert response.status_code == 302
    page = client.get(PROFILE).content.decode()
    assert payload not in page and "&lt;script&gt;" in page


def test_moving_to_another_wijk_forgets_the_complex_of_the_old_one(client):
    from portal.models import Buurt, Complex

    old, new = WijkFactory(), WijkFactory()
    buurt = Buurt.objects.create(wijk=old, code="BU09359901", name="Oude buurt")
    flat = Complex.objects.create(buurt=buurt, code="C-1", name="De Linde")
    person = UserFactory(role="huurder", wijk=old, complex=flat)
    client.force_login(person)
    data = {"first_name": "Sam", "last_name": "", "address": "", "phone": "", "language": "nl"}
    client.post(PROFILE, {**data, "wijk": str(old.pk)})
    person.refresh_from_db()
    assert person.complex == flat
    client.post(PROFILE, {**data, "wijk": str(new.pk)})
    person.refresh_from_db()
    assert person.wijk == new and person.complex is None


@pytest.mark.parametrize("url", ["/accounts/reauthenticate/?next=/mijn/", "/accounts/email/"])
def test_the_password_check_and_email_page_say_u(client, url):
    """The pages the erasure and the profile send a resident to (allauth's) say "u"."""
    from .test_one_register import informal_words

    client.force_login(UserFactory(role="huurder"))
    assert informal_words(client.get(url)) == []
