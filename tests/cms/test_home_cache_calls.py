"""A page asks the cache a fixed number of times, however many wijk pages the map links
to (each link from the request's own site root paths) and however many pillars it names
(their texts read once per request)."""

import pytest
from django.core.cache import cache

from cms.models import NeighbourhoodPage

pytestmark = pytest.mark.django_db


def _cache_calls(client, url, monkeypatch) -> list:
    """The cache calls a request makes; a get_many is one call (one round trip in Redis),
    not the gets the local-memory cache of the tests makes inside it."""
    calls, depth = [], [0]
    for name in ("get", "get_many", "set", "add"):
        original = getattr(cache, name)

        def counted(*args, _original=original, **kwargs):
            if not depth[0]:
                calls.append(args[:1])
            depth[0] += 1
            try:
                return _original(*args, **kwargs)
            finally:
                depth[0] -= 1

        monkeypatch.setattr(cache, name, counted)
    assert client.get(url).status_code == 200
    monkeypatch.undo()
    return calls


@pytest.mark.parametrize("url", ["/", "/wijken/", "/en/", "/initiatieven/", "/en/initiatieven/"])
def test_the_map_links_cost_no_cache_call_each(client, demo, no_page_cache, monkeypatch, url):
    client.get(url)
    pages = NeighbourhoodPage.objects.filter(locale__language_code="nl").count()
    assert pages >= 8
    calls = _cache_calls(client, url, monkeypatch)
    assert calls.count(("wagtail_site_root_paths",)) <= 1, calls
    # The site root paths, the pillars' texts, and the main menu with the page cache's
    # generation in one get_many (cms.templatetags.cms_tags.menu_pages).
    assert len(calls) <= 3, calls
