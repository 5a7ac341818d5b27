"""The Content-Security-Policy holds in a real browser: the pages of the site and of the
Wagtail admin load and run without a single violation (no inline script, style or
handler refused, nothing from elsewhere)."""

import pytest
from django.urls import reverse

from .test_initiative_journey import TOTP_SECRET, log_in, new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ${event.sample || ""}`
  );
});
"""


def watch(page) -> list[str]:
    """Record every CSP violation on `page`: the DOM event and the console's "Refused to"."""
    seen: list[str] = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: (
            seen.append(message.text)
            if "Refused to" in message.text or "Content Security Policy" in message.text
            else None
        ),
    )
    return seen


def visit(page, url, seen) -> list[str]:
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.status == 200, url
    assert response.headers.get("content-security-policy"), url
    violations = page.evaluate("window.__cspViolations") + seen
    seen.clear()
    return violations


def test_public_and_resident_pages_without_violations(browser, browser_context_args, site):
    from initiatieven.models import Initiative, Status

    published = Initiative.objects.filter(status=Status.GEPUBLICEERD).first()
    page = new_page(browser, browser_context_args)
    seen = watch(page)
    report = {}
    for path in ["/", "/beleid/", "/wijken/", "/initiatieven/", published.get_absolute_url()]:
        report[path] = visit(page, site + path, seen)
    report["/accounts/login/"] = visit(page, site + "/accounts/login/", seen)
    log_in(page, site, "huurder@fijnewijk.test")
    for path in ["/mijn/", "/fonds/aanvragen/nieuw/", "/initiatieven/nieuw/"]:
        report[path] = visit(page, site + path, seen)
    # The look-alike list while typing a title (static/js/similar-initiatives.js).
    page.get_by_label("Titel").first.fill("Moestuin")
    page.wait_for_timeout(800)
    report["typing a title"] = page.evaluate("window.__cspViolations") + seen
    assert not {k: v for k, v in report.items() if v}, report


def test_admin_pages_without_violations(browser, browser_context_args, site):
    from wagtail.models import Page

    from fonds.models import Application

    home = Page.objects.get(depth=2, locale__language_code="nl")
    application = Application.objects.exclude(status="concept").first()
    page = new_page(browser, browser_context_args)
    seen = watch(page)
    log_in(page, site, "admin@fijnewijk.test", next_url="/admin/", totp_secret=TOTP_SECRET)
    report = {}
    for path in [
        "/admin/",
        reverse("wagtailadmin_pages:edit", args=[home.pk]),
        reverse("fonds_application:index"),
        reverse("fonds_application:inspect", args=[application.pk]),
        reverse("fonds_application:intake"),
        "/admin/pages/",
        "/",  # a public page with Wagtail's user bar for an editor
        "/beleid/",
    ]:
        report[path] = visit(page, site + path, seen)
    # The page editor's tabs and its rich-text editor run their scripts too.
    page.goto(site + reverse("wagtailadmin_pages:edit", args=[home.pk]), wait_until="networkidle")
    for tab in page.locator('[role="tab"]').all():
        tab.click()
        page.wait_for_timeout(200)
    report["page editor tabs"] = page.evaluate("window.__cspViolations") + seen
    assert not {k: v for k, v in report.items() if v}, report
