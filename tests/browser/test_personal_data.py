"""At a phone's width, the demo resident edits their profile, downloads everything we hold
about them and checks the file, then erases their account: asked for their password
again, signed out, told by e-mail. axe-core finds nothing serious on the way."""

import json

import pytest
from django.core import mail

from .conftest import PHONE, assert_no_serious_axe_violations, assert_reflows_and_accessible
from .test_initiative_journey import PASSWORD, log_in, messages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "huurder@fijnewijk.test"


def test_profile_download_and_erasure_on_a_phone(browser, browser_context_args, site):
    from portal.models import User, Wijk

    person = User.objects.get(email=EMAIL)
    other_wijk = Wijk.objects.exclude(pk=person.wijk_id).order_by("name").first()
    context = browser.new_context(**browser_context_args, viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    log_in(page, site, EMAIL, next_url="/mijn/")
    page.wait_for_url("**/mijn/")
    section = page.locator("#mijn-gegevens")
    assert "Mijn gegevens" in section.inner_text()
    assert_no_serious_axe_violations(page)

    # 1. The profile: a phone number written the way people do, a new address and wijk.
    section.get_by_role("link", name="Naam, adres, telefoonnummer en wijk wijzigen").click()
    page.wait_for_url("**/mijn/profiel/")
    assert_reflows_and_accessible(page)
    page.get_by_label("Telefoonnummer").fill("12345")
    page.get_by_role("button", name="Opslaan").click()
    assert "Nederlands telefoonnummer" in page.content()
    assert page.get_by_label("Telefoonnummer").input_value() == "12345"
    assert_no_serious_axe_violations(page)
    page.get_by_label("Telefoonnummer").fill("06 111 222 33")
    page.get_by_label("Adres").fill("Lindelaan 4, Roermond")
    page.get_by_label("Wijk").select_option(label=other_wijk.name)
    page.get_by_role("button", name="Opslaan").click()
    assert "Uw gegevens zijn opgeslagen." in messages(page)

    # 2. The download holds the profile as it is now, and the resident's initiatives.
    page.goto(site + "/mijn/")
    with page.expect_download() as caught:
        page.locator("#mijn-gegevens").get_by_role("link", name="Download al mijn gegevens").click()
    download = caught.value
    assert download.suggested_filename.startswith("mijn-gegevens-")
    data = json.loads(open(download.path(), encoding="utf-8").read())  # noqa: PTH123
    assert data["header"]["email"] == EMAIL
    account = next(item for item in data["account"] if item["type"] == "account")
    assert (account["phone"], account["address"], account["wijk"]) == (
        "0611122233",
        "Lindelaan 4, Roermond",
        other_wijk.name,
    )
    assert any(item["type"] == "initiatief" for item in data["initiatieven"])

    # 3. Erasure: the password again, then the explanation and the tick.
    page.locator("#mijn-gegevens").get_by_role("link", name="Mijn account verwijderen").click()
    page.wait_for_url("**/accounts/reauthenticate/**")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/mijn/account-verwijderen/")
    assert "Wat wij zonder uw naam bewaren" in page.content()
    assert_reflows_and_accessible(page)
    page.get_by_role("button", name="Verwijder mijn account").click()
    assert "Vink aan dat u uw account wilt laten verwijderen." in page.content()
    page.get_by_label("Ja, verwijder mijn account en mijn gegevens").check()
    page.get_by_role("button", name="Verwijder mijn account").click()
    page.wait_for_url(site + "/")
    assert "Uw account is verwijderd en u bent afgemeld." in messages(page)
    assert_no_serious_axe_violations(page)

    # Signed out, the account cannot sign in again, and the e-mail went out.
    page.goto(site + "/mijn/")
    page.wait_for_url("**/accounts/login/**")
    assert not User.objects.filter(email=EMAIL).exists()
    assert [m.to for m in mail.outbox if "verwijderd" in m.subject] == [[EMAIL]]
    context.close()
