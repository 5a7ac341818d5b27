"""A resident proposes an initiative, a moderator publishes it, a neighbour supports it and
reacts, and the initiator sees it all come back; plus a proposal form with mistakes."""

import re

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)

from cms.management.commands.load_demo import DEMO_TOTP_SECRET

from .conftest import assert_reflows_and_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "fijnewijk-demo"  # noqa: S105 - the documented demo password
TOTP_SECRET = DEMO_TOTP_SECRET
TITLE = "Buurtbibliotheek bij de ingang"


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now (the middle of allauth's accepted window)."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def first_wijk_name() -> str:
    """The first wijk of the demo data: the resident's wijk, in the moderator's werkgebied."""
    from portal.models import User

    return User.objects.get(email="huurder@fijnewijk.test").wijk.name


def log_in(page, site, email, *, next_url="/", totp_secret=None):
    page.goto(site + "/accounts/login/?next=" + next_url)
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    if totp_secret:
        page.wait_for_url("**/accounts/2fa/authenticate/**")
        page.locator("#id_code").fill(totp_code(totp_secret))
        page.locator("#id_code").press("Enter")
    page.wait_for_url(lambda url: "/accounts/" not in url)


def new_page(browser, browser_context_args):
    """A page in a browser context of its own: one person, one set of cookies."""
    return browser.new_context(**browser_context_args).new_page()


def messages(page) -> str:
    return page.locator(".fw-messages").inner_text()


def test_initiative_from_proposal_to_support_and_comment(browser, browser_context_args, site):
    wijk = first_wijk_name()

    # 1. The resident proposes an idea, saves a concept, comes back to it and submits it.
    huurder = new_page(browser, browser_context_args)
    log_in(huurder, site, "huurder@fijnewijk.test")
    huurder.goto(site + "/initiatieven/")
    assert_reflows_and_accessible(huurder)
    huurder.get_by_role("link", name="Initiatief indienen").first.click()
    huurder.wait_for_url("**/initiatieven/nieuw/")
    assert_reflows_and_accessible(huurder)

    huurder.get_by_label(re.compile(r"^Titel")).fill(TITLE)
    huurder.get_by_label(re.compile(r"^Wijk")).select_option(label=wijk)
    huurder.get_by_label(re.compile(r"^Wat is het idee")).fill(
        "Een kast met boeken bij de ingang van de flat. Lenen, ruilen en brengen."
    )
    huurder.get_by_label(re.compile(r"^Wat is er nodig")).fill("Een waterdichte boekenkast.")
    huurder.get_by_label(re.compile(r"^Geschatte kosten")).fill("125,50")
    huurder.get_by_label(re.compile(r"^Pijler")).select_option(label="Samen wonen")
    huurder.get_by_role("button", name="Opslaan als concept").click()
    huurder.wait_for_url(re.compile(r"/initiatieven/\d+/bewerken/$"))
    assert "Uw concept is opgeslagen" in messages(huurder)
    assert_reflows_and_accessible(huurder)
    detail_path = re.search(r"/initiatieven/\d+/", huurder.url).group(0)

    huurder.get_by_role("navigation", name="Account").get_by_role(
        "link", name="Mijn overzicht"
    ).click()
    huurder.wait_for_url("**/mijn/")
    row = huurder.get_by_role("row").filter(has_text=TITLE)
    assert "Concept" in row.inner_text()
    row.get_by_role("link", name="verder bewerken").click()
    huurder.wait_for_url("**" + detail_path + "bewerken/")
    assert huurder.get_by_label(re.compile(r"^Titel")).input_value() == TITLE
    assert huurder.get_by_label(re.compile(r"^Geschatte kosten")).input_value() == "125,50"
    huurder.get_by_role("button", name="Indienen", exact=True).click()
    huurder.wait_for_url("**" + detail_path)
    assert "Uw initiatief is ingediend" in messages(huurder)
    assert huurder.locator("h1").inner_text() == TITLE
    assert huurder.locator(".fw-badge").first.inner_text() == "Ingediend"
    cost_line = huurder.locator("p").filter(has_text="Geschatte kosten:").inner_text()
    assert re.search(r"€\s125,50", cost_line), cost_line
    assert_reflows_and_accessible(huurder)

    # 2. The HWZ moderator of that wijk publishes it from the admin.
    hwz = new_page(browser, browser_context_args)
    log_in(
        hwz,
        site,
        "hwz@fijnewijk.test",
        next_url="/admin/initiatieven/initiatieven/",
        totp_secret=TOTP_SECRET,
    )
    hwz.goto(site + "/admin/initiatieven/initiatieven/?status=ingediend")
    hwz.get_by_role("link", name=TITLE).click()
    hwz.wait_for_url(re.compile(r"/admin/initiatieven/initiatieven/inspect/\d+/$"))
    hwz.get_by_role("button", name="Publiceren").click()
    hwz.wait_for_url(re.compile(r"/admin/initiatieven/initiatieven/inspect/\d+/$"))
    success = hwz.locator(".messages .success")
    success.wait_for()
    assert f"“{TITLE}” is gepubliceerd." in success.inner_text()
    assert not hwz.get_by_role("button", name="Publiceren").count()

    # 3. A neighbour supports it and reacts.
    buur = new_page(browser, browser_context_args)
    log_in(buur, site, "buur1@fijnewijk.test")
    buur.goto(site + detail_path)
    assert buur.locator(".fw-badge").first.inner_text() == "Gepubliceerd"
    buur.get_by_role("button", name="Ik steun dit initiatief").click()
    buur.wait_for_url("**" + detail_path)
    assert "Bedankt voor uw steun!" in messages(buur)
    assert buur.locator(".fw-support-count").inner_text() == "1"
    buur.get_by_label(re.compile(r"^Uw reactie")).fill("Ik doe mee!")
    buur.get_by_role("button", name="Plaats reactie").click()
    buur.wait_for_url(re.compile(re.escape(detail_path) + r"#reactie-\d+$"))
    assert "Uw reactie is geplaatst." in messages(buur)
    assert "Ik doe mee!" in buur.locator("#reacties .fw-comment").last.inner_text()
    assert_reflows_and_accessible(buur)

    # 4. The initiator sees the support, the comment and the notifications.
    huurder.goto(site + detail_path)
    assert huurder.locator(".fw-badge").first.inner_text() == "Gepubliceerd"
    assert huurder.locator(".fw-support-count").inner_text() == "1"
    assert "buurtbewoner steunt dit idee" in huurder.get_by_role("complementary").inner_text()
    assert huurder.get_by_role("heading", name="1 reactie").is_visible()
    assert "Ik doe mee!" in huurder.locator("#reacties").inner_text()
    huurder.goto(site + "/mijn/")
    notifications = huurder.locator(".fw-notifications").inner_text()
    assert f"Nieuwe reactie op “{TITLE}”" in notifications
    assert "Ik doe mee!" in notifications
    assert f"Uw initiatief “{TITLE}”: gepubliceerd" in notifications
    assert_reflows_and_accessible(huurder)

    for page in (huurder, hwz, buur):
        page.context.close()


def test_proposal_with_mistakes_shows_dutch_errors_and_keeps_input(
    browser, browser_context_args, site
):
    page = new_page(browser, browser_context_args)
    log_in(page, site, "huurder@fijnewijk.test", next_url="/initiatieven/nieuw/")
    page.wait_for_url("**/initiatieven/nieuw/")
    description = "Een kast met boeken bij de ingang.\nLenen, ruilen en brengen."
    page.get_by_label(re.compile(r"^Wijk")).select_option(label=first_wijk_name())
    page.get_by_label(re.compile(r"^Wat is het idee")).fill(description)
    page.get_by_label(re.compile(r"^Geschatte kosten")).fill("-10")
    response_status = []
    page.on(
        "response",
        lambda r: response_status.append(r.status) if r.request.method == "POST" else None,
    )
    page.get_by_role("button", name="Opslaan als concept").click()
    page.locator("#form-errors").wait_for()
    assert response_status == [400]

    title_error = page.locator("#id_title_error")
    # Wagtail's Dutch ("Dit is een verplicht veld.") takes precedence over Django's.
    assert title_error.inner_text().strip() in (
        "Dit is een verplicht veld.",
        "Dit veld is verplicht.",
    )
    title = page.locator("#id_title")
    assert title.get_attribute("aria-invalid") == "true"
    assert "id_title_error" in title.get_attribute("aria-describedby")

    cost_error = page.locator("#id_estimated_cost_error")
    assert "De kosten kunnen niet negatief zijn." in cost_error.inner_text()
    cost = page.locator("#id_estimated_cost")
    assert cost.get_attribute("aria-invalid") == "true"
    assert "id_estimated_cost_error" in cost.get_attribute("aria-describedby")
    assert cost.input_value() == "-10"

    assert page.get_by_label(re.compile(r"^Wat is het idee")).input_value() == description
    assert page.get_by_label(re.compile(r"^Wijk")).locator("option:checked").inner_text() == (
        first_wijk_name()
    )
    assert_reflows_and_accessible(page)
    page.context.close()
