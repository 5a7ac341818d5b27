"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}


def _restore_migration_data():
    """Rows the migrations made (roles, root page and collection, locale), which a
    transactional test's flush removes."""
    from django.apps import apps
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page

    from initiatieven.roles import ROLE_PERMISSIONS
    from portal.roles import CORE_PERMISSIONS, SUSPENSION_PERMISSIONS, grant_permissions

    for mapping in (CORE_PERMISSIONS, SUSPENSION_PERMISSIONS, ROLE_PERMISSIONS):
        grant_permissions(apps, mapping)
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    if not Page.get_first_root_node():
        Page.add_root(instance=Page(title="Root", slug="root"))


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the demo data; its base URL."""
    _restore_migration_data()
    call_command("load_demo", verbosity=0)
    from wagtail.models import Site

    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    return live_server.url


_axe = Axe()


def assert_no_serious_axe_violations(page):
    """axe-core on the current page: no violation of impact serious or critical."""
    results = _axe.run(page)
    serious = [
        v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
    ]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] if n.get("target") else "?" for n in v["nodes"][:5])
        for v in serious
    )
    assert not serious, f"axe violations on {page.url}:\n{report}"
