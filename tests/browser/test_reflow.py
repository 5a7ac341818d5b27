"""Every page a resident or visitor reaches reflows at 320 px (no sideways scrolling, WCAG
1.4.10) and is axe-clean at phone and desktop width; the menu folds behind a button."""

import pytest

from .conftest import DESKTOP, PHONE, assert_reflows_and_accessible, document_overflow
from .test_initiative_journey import PASSWORD, log_in, new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def resident_pages() -> list[str]:
    """The public and resident pages, with one of each kind of detail page from the demo."""
    from cms.models import NeighbourhoodPage, NewsPage
    from fonds.models import Application
    from initiatieven.models import PUBLIC_STATUSES, Initiative

    news = NewsPage.objects.live().first()
    wijk = NeighbourhoodPage.objects.live().first()
    initiative = Initiative.objects.filter(status__in=PUBLIC_STATUSES).first()
    application = Application.objects.filter(applicant__email="huurder@fijnewijk.test").first()
    pages = [
        "/",
        "/beleid/",
        "/beleid/fysieke-woonomgeving/",
        "/instrumenten/",
        "/nieuws/",
        news.url,
        "/wijken/",
        wijk.url,
        "/wijken/maaskant/",
        "/initiatieven/",
        f"/initiatieven/{initiative.pk}/",
        "/initiatieven/nieuw/",
        "/fonds/aanvragen/nieuw/",
        "/mijn/",
        "/mijn/aanvragen/",
        "/mijn/berichten/",
        "/mijn/voorkeuren/",
        "/mijn/profiel/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/2fa/totp/activate/",
        "/zoeken/?q=bankjes",
        "/zoeken/?q=wijk",
        "/contact/",
    ]
    if application:
        pages.append(f"/mijn/aanvragen/{application.pk}/")
    return pages


def test_every_resident_page_reflows_at_320px_and_is_axe_clean(browser, browser_context_args, site):
    # Signed out first: the sign-in and sign-up pages.
    visitor = new_page(browser, browser_context_args)
    visitor.set_viewport_size(PHONE)
    for path in ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
        visitor.goto(site + path)
        assert_reflows_and_accessible(visitor)

    # The two-factor step of a staff member's sign-in.
    visitor.goto(site + "/accounts/login/")
    visitor.locator("#id_login").fill("hwz@fijnewijk.test")
    visitor.locator("#id_password").fill(PASSWORD)
    visitor.locator("#id_password").press("Enter")
    visitor.wait_for_url("**/accounts/2fa/authenticate/**")
    assert_reflows_and_accessible(visitor)

    resident = new_page(browser, browser_context_args)
    resident.set_viewport_size(PHONE)
    log_in(resident, site, "huurder@fijnewijk.test")
    for path in resident_pages():
        response = resident.goto(site + path)
        assert response.status == 200, path
        assert_reflows_and_accessible(resident)


def test_menu_folds_behind_a_button_on_a_phone(browser, browser_context_args, site):
    page = new_page(browser, browser_context_args)
    page.set_viewport_size(PHONE)
    log_in(page, site, "huurder@fijnewijk.test", next_url="/beleid/")
    button = page.get_by_role("button", name="Menu")
    main_menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert button.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    assert set(button.get_attribute("aria-controls").split()) == {"fw-account-nav", "fw-main-nav"}
    assert not main_menu.is_visible()
    assert not page.get_by_role("navigation", name="Account").is_visible()
    # The content starts near the top: the logo and the button on one line, not the menu.
    assert page.evaluate("document.getElementById('main').getBoundingClientRect().top") < 100

    # Keyboard only: the skip link, then the logo, then the menu button.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Menu"
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert main_menu.get_by_role("link", name="Instrumenten").is_visible()
    assert (
        page.get_by_role("navigation", name="Account")
        .get_by_role("link", name="Mijn overzicht")
        .is_visible()
    )
    assert page.get_by_role("search").first.is_visible()
    assert document_overflow(page) == 0
    assert_reflows_and_accessible(page)
    # Escape closes it and gives focus back to the button.
    main_menu.get_by_role("link", name="Instrumenten").focus()
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert not main_menu.is_visible()
    assert page.evaluate("document.activeElement.textContent.trim()") == "Menu"
    # Space opens it too, and a link in it works.
    page.keyboard.press("Space")
    main_menu.get_by_role("link", name="Instrumenten").click()
    page.wait_for_url("**/instrumenten/")
    assert not main_menu.is_visible()

    # At desktop width there is no button and the menu is simply there.
    page.set_viewport_size(DESKTOP)
    assert not button.is_visible()
    assert main_menu.is_visible()


def test_without_javascript_the_menu_is_simply_shown(browser, browser_context_args, site):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    page.set_viewport_size(PHONE)
    page.goto(site + "/beleid/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert menu.get_by_role("link", name="Instrumenten").is_visible()
    assert (
        page.get_by_role("navigation", name="Account")
        .get_by_role("link", name="Inloggen")
        .is_visible()
    )
    assert document_overflow(page) == 0
    context.close()
