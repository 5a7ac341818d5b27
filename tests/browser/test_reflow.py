"""Every page a resident or visitor reaches reflows at 320 px (no sideways scrolling, WCAG
1.4.10) and is axe-clean at phone and desktop width; the menu folds behind a button."""

import pytest

from .conftest import PHONE, assert_reflows_and_accessible
from .test_initiative_journey import log_in, new_page

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
        "/initiatieven/",
        f"/initiatieven/{initiative.pk}/",
        "/initiatieven/nieuw/",
        "/fonds/aanvragen/nieuw/",
        "/mijn/",
        "/mijn/aanvragen/",
        "/mijn/berichten/",
        "/mijn/voorkeuren/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
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

    resident = new_page(browser, browser_context_args)
    resident.set_viewport_size(PHONE)
    log_in(resident, site, "huurder@fijnewijk.test")
    for path in resident_pages():
        response = resident.goto(site + path)
        assert response.status == 200, path
        assert_reflows_and_accessible(resident)
