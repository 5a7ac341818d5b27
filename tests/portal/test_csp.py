"""A strict Content-Security-Policy on every page, reported in `check --deploy` style:
each page's header is read and every weakness is listed. Public pages: no inline script
or style at all; the Wagtail admin: no inline script without its nonce."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Page

from tests.fonds.conftest import staff_client
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

WEAK_SCRIPT = (
    "'unsafe-inline'",
    "'unsafe-eval'",
    "'unsafe-hashes'",
    "*",
    "data:",
    "http:",
    "https:",
)


def parse(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def csp_problems(response, *, admin: bool = False) -> list[str]:
    """What is missing or weak in the response's policy, as `check --deploy` reports."""
    header = response.headers.get("Content-Security-Policy")
    if not header:
        return ["csp.E001: no Content-Security-Policy header"]
    policy, problems = parse(header), []
    expected = {
        "default-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
    for name, values in expected.items():
        if policy.get(name) != values:
            problems.append(f"csp.W001: {name} is {policy.get(name)}, expected {values}")
    script = policy.get("script-src") or policy["default-src"]
    if weak := [v for v in script if v in WEAK_SCRIPT]:
        problems.append(f"csp.W002: script-src allows {weak}")
    if admin:
        if set(script) - {"'self'"} and not all(v.startswith("'nonce-") for v in script[1:]):
            problems.append(f"csp.W003: admin script-src is {script}")
    else:
        if script != ["'self'"]:
            problems.append(f"csp.W003: script-src is {script}, expected ['self']")
        if policy.get("style-src") != ["'self'"]:
            problems.append(f"csp.W004: style-src is {policy.get('style-src')}, expected ['self']")
        if policy.get("img-src") != ["'self'", "data:"]:
            problems.append(f"csp.W005: img-src is {policy.get('img-src')}")
    return problems


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)


def markup_problems(response) -> list[str]:
    html = response.content.decode()
    return [
        f"{what}: {found.group(0)[:100]}"
        for what, pattern in (
            ("inline script", INLINE_SCRIPT),
            ("event handler attribute", HANDLER),
            ("style attribute", STYLE_ATTRIBUTE),
        )
        for found in [pattern.search(html)]
        if found
    ]


def _public_pages(demo_initiative):
    return [
        "/",
        "/beleid/",
        "/wijken/",
        reverse("initiatieven:overview"),
        demo_initiative.get_absolute_url(),
        reverse("account_login"),
        "/contact/",
    ]


@pytest.fixture
def published(demo):
    from initiatieven.models import Initiative, Status

    return Initiative.objects.filter(status=Status.GEPUBLICEERD).first()


def test_public_pages_have_a_strict_policy_and_keep_to_it(client, published):
    report = {}
    for url in _public_pages(published):
        response = client.get(url)
        assert response.status_code == 200, url
        if problems := csp_problems(response) + markup_problems(response):
            report[url] = problems
    assert not report, report


def test_resident_pages_have_a_strict_policy_and_keep_to_it(client, published):
    from portal.models import User

    client.force_login(User.objects.get(email="huurder@fijnewijk.test"))
    report = {}
    for url in [
        reverse("fonds:apply"),
        reverse("my_overview"),
        reverse("initiatieven:propose"),
        published.get_absolute_url(),
        "/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        if problems := csp_problems(response) + markup_problems(response):
            report[url] = problems
    assert not report, report


def test_admin_pages_have_their_own_strict_policy(client, demo):
    from fonds.models import Application

    # A superuser with two-factor set up (the demo's accounts have TOTP already).
    staff = staff_client(client, UserFactory(is_superuser=True, is_staff=True))
    home = Page.objects.get(depth=2, locale__language_code="nl")
    application = Application.objects.exclude(status="concept").first()
    report = {}
    for url in [
        "/admin/",
        reverse("wagtailadmin_pages:edit", args=[home.pk]),
        reverse("fonds_application:inspect", args=[application.pk]),
        reverse("fonds_application:index"),
    ]:
        response = staff.get(url)
        assert response.status_code == 200, url
        if problems := csp_problems(response, admin=True):
            report[url] = problems
        # Every inline script carries this response's nonce.
        nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
        for tag in INLINE_SCRIPT.findall(response.content.decode()):
            if not nonce or f'nonce="{nonce.group(1)}"' not in tag:
                report.setdefault(url, []).append(f"inline script without the nonce: {tag}")
    assert not report, report


def test_the_public_policy_says_what_the_issue_asks(client, db):
    header = client.get(reverse("account_login")).headers["Content-Security-Policy"]
    assert parse(header) == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
