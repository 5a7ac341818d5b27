import os

import pytest
from django.core.management import call_command

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def demo(db):
    """The demo data set, as `make run` loads it."""
    call_command("load_demo", verbosity=0)


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


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """Tasks run in the test's own process and transaction, so their effects can be
    asserted. Tests that prove the broker round trip switch this off themselves."""
    from portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before
