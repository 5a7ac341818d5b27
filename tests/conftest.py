import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def demo(db):
    """The demo data set, as `make run` loads it (loaded once, then copied in: see
    tests/demo_snapshot.py)."""
    from tests.demo_snapshot import load_demo

    load_demo()


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    cache.clear()
    # A transactional test's flush recreates content types with new ids; a stale cache
    # would point new rows (e.g. search index entries) at ids that no longer exist.
    ContentType.objects.clear_cache()
    yield
    cache.clear()


@pytest.fixture
def no_page_cache(settings):
    """Query counts measure the page as it is made, not the full-page cache's copy of it
    (portal.page_cache; its hits make no query at all, see tests/portal/test_page_cache.py)."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture(autouse=True)
def _dutch_to_begin_with():
    """Each test starts in the site's own language: a request to /en/… activates English
    for the thread, and `reverse()` in the next test would otherwise build /en/ addresses."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """Tasks run in the test's own process and transaction, so their effects can be
    asserted. Tests that prove the broker round trip switch this off themselves."""
    from portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def restore_migration_data():
    """Rows the migrations made (roles, root page and collection, locale), which a
    transactional test's flush removes."""
    from django.apps import apps
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page

    from fonds.roles import COFUNDING_PERMISSIONS, PAYOUT_PERMISSIONS
    from fonds.roles import ROLE_PERMISSIONS as FUND_PERMISSIONS
    from initiatieven.roles import ROLE_PERMISSIONS
    from participatie.roles import ROLE_PERMISSIONS as GROUP_PERMISSIONS
    from portal.roles import CORE_PERMISSIONS, MEASURE_PERMISSIONS, grant_permissions
    from signalen.roles import ROLE_PERMISSIONS as SIGNAL_PERMISSIONS

    for mapping in (
        CORE_PERMISSIONS,
        MEASURE_PERMISSIONS,
        ROLE_PERMISSIONS,
        FUND_PERMISSIONS,
        SIGNAL_PERMISSIONS,
        GROUP_PERMISSIONS,
        PAYOUT_PERMISSIONS,
        COFUNDING_PERMISSIONS,
    ):
        grant_permissions(apps, mapping)
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    if not Page.get_first_root_node():
        Page.add_root(instance=Page(title="Root", slug="root"))
