"""A visitor reads the policy, and a newcomer makes a mistake signing up."""

import pytest

from .conftest import assert_reflows_and_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_policy_journey(page, site):
    page.goto(site + "/")
    assert page.locator("h1").first.inner_text() == "Samen werken aan fijne wijken"
    assert page.locator("html").get_attribute("lang") == "nl"
    assert_reflows_and_accessible(page)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Ons leefbaarheidsbeleid"
    ).click()
    page.wait_for_url("**/beleid/")
    assert_reflows_and_accessible(page)

    page.get_by_role("link", name="Fysieke woonomgeving").first.click()
    page.wait_for_url("**/beleid/fysieke-woonomgeving/")
    assert page.get_by_role("heading", name="Doel").is_visible()
    assert_reflows_and_accessible(page)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Instrumenten"
    ).click()
    page.wait_for_url("**/instrumenten/")
    assert page.get_by_role("table").first.is_visible()
    assert_reflows_and_accessible(page)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Wijken").click()
    page.wait_for_url("**/wijken/")
    assert page.locator("svg.fw-map__svg").is_visible()
    assert_reflows_and_accessible(page)

    page.get_by_role("link", name="Maaskant").last.click()
    page.wait_for_url("**/wijken/maaskant/")
    assert page.get_by_role("heading", name="Uw contactpersonen").is_visible()
    assert_reflows_and_accessible(page)


def test_skip_link_is_first_and_works(page, site):
    page.goto(site + "/beleid/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Direct naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_signup_with_wrong_email_shows_dutch_error_beside_the_field(page, site):
    page.goto(site + "/accounts/signup/")
    assert_reflows_and_accessible(page)
    page.get_by_label("E-mail").fill("geen-email")
    page.locator("#id_password1").fill("Zomer-in-de-wijk-2026")
    page.locator("#id_password2").fill("Zomer-in-de-wijk-2026")
    page.get_by_role("button", name="Registreren").click()
    error = page.locator("#id_email_error")
    error.wait_for()
    assert "Voer een geldig e-mailadres in." in error.inner_text()
    field = page.locator("#id_email")
    assert field.get_attribute("aria-invalid") == "true"
    assert "id_email_error" in field.get_attribute("aria-describedby")
    assert field.input_value() == "geen-email"
    assert_reflows_and_accessible(page)


def test_contact_form_error_keeps_input(page, site):
    page.goto(site + "/contact/")
    page.get_by_label("Naam").fill("Ahmed Jansen")
    page.get_by_role("button", name="Versturen").click()
    page.locator("#id_bericht_error").wait_for()
    assert page.get_by_label("Naam").input_value() == "Ahmed Jansen"
    assert_reflows_and_accessible(page)
