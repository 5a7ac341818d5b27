"""The site search (/zoeken/): the same results in the same order as Wagtail's own
`Page.objects.live().public().filter(locale=active).specific().search()`, paged the same,
in few queries; what it keeps in the cache (cms.search: locale, private sections,
promoted queries) follows every change on the next request."""

import re

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, Page, PageViewRestriction

from cms.models import NewsPage, PolicyPage, StandardPage
from portal import page_cache

pytestmark = pytest.mark.django_db

RESULTS = re.compile(r'aria-live="polite">(?P<heading>[^<]*)</h2>\s*<ul class="fw-list">(.*?)</ul>')
LINK = re.compile(r'<h3 class="utrecht-heading-3"><a href="([^"]*)">([^<]*)</a></h3>')


def shown(client, url, **params) -> tuple[str, list[tuple[str, str]]]:
    """The results' heading and (address, title) of each result, in order."""
    response = client.get(url, params)
    assert response.status_code == 200
    match = RESULTS.search(response.content.decode())
    assert match, response.content.decode()
    return match["heading"], LINK.findall(match[2])


def wagtails_own(query: str, language: str = "nl") -> list[tuple[str, str]]:
    """What the search showed before: the specific pages, with Wagtail's own URL."""
    with translation.override(language):
        pages = Page.objects.live().public().filter(locale=Locale.get_active()).specific()
        return [(page.url, page.title) for page in pages.search(query, operator="and")]


@pytest.mark.parametrize("query", ["buurt", "wijk", "leefbaarheid", "leefbaarheidsfonds aanvragen"])
def test_the_same_results_in_the_same_order_as_wagtails_search(client, demo, query):
    expected = wagtails_own(query)
    assert expected, query  # the demo has pages for each
    pages = Paginator(expected, 10)
    for number in pages.page_range:
        heading, results = shown(client, "/zoeken/", q=query, pagina=number)
        assert results == [(url, title) for url, title in pages.page(number)]
        assert heading.startswith(f"{len(expected)} resulta")


def test_english_addresses_find_the_english_pages(client, demo):
    expected = wagtails_own("neighbourhood", "en")
    assert expected and all(url.startswith("/en/") for url, _title in expected)
    heading, results = shown(client, "/en/zoeken/", q="neighbourhood")
    assert results == expected[:10]
    assert heading.startswith(f"{len(expected)} result")


def test_more_than_a_page_counts_every_result_and_pages_as_before(client, demo):
    expected = wagtails_own("wijk")
    assert len(expected) > 10
    last = (len(expected) + 9) // 10
    html = client.get("/zoeken/", {"q": "wijk"}).content.decode()
    assert f"Pagina 1 van {last}" in html
    # Not a number: the first page; beyond the end or below 1: the last page.
    assert shown(client, "/zoeken/", q="wijk", pagina="abc")[1] == expected[:10]
    for beyond in ("0", "-3", "999"):
        assert shown(client, "/zoeken/", q="wijk", pagina=beyond)[1] == expected[(last - 1) * 10 :]


def test_a_search_is_two_queries_and_a_short_first_page_needs_no_count(client, demo):
    client.get("/zoeken/", {"q": "buurt"})  # the kept facts, as on every later search
    with CaptureQueriesContext(connection) as ctx:
        heading, results = shown(client, "/zoeken/", q="buurt")
    assert 0 < len(results) < 10
    sql = [q["sql"] for q in ctx.captured_queries]
    # The pages (one query, whatever their types) and the public initiatives.
    assert len(sql) <= 2, sql
    assert not any("COUNT(" in q.upper() for q in sql), sql
    # A full first page does count the rest: one query more, no other.
    client.get("/zoeken/", {"q": "wijk"})
    with CaptureQueriesContext(connection) as ctx:
        shown(client, "/zoeken/", q="wijk")
    assert len(ctx.captured_queries) <= 3, [q["sql"] for q in ctx.captured_queries]


def test_a_page_made_private_is_no_longer_found_and_found_again_when_public(client, demo):
    policy = PolicyPage.objects.get(locale__language_code="nl")
    assert ("/beleid/", policy.title) in shown(client, "/zoeken/", q="leefbaarheid")[1]
    restriction = PageViewRestriction.objects.create(
        page=policy, restriction_type=PageViewRestriction.LOGIN
    )
    results = shown(client, "/zoeken/", q="leefbaarheid")[1]
    assert results == wagtails_own("leefbaarheid")[:10]
    assert not any(url.startswith("/beleid/") for url, _title in results)  # and below it
    restriction.delete()
    assert ("/beleid/", policy.title) in shown(client, "/zoeken/", q="leefbaarheid")[1]


def test_a_page_moved_into_a_private_section_is_no_longer_found(client, demo):
    private = StandardPage.objects.get(locale__language_code="nl", slug="over-fijne-wijk")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    news = NewsPage.objects.live().filter(locale__language_code="nl").first()
    word = news.title.split()[-1]
    assert news.title in [title for _url, title in shown(client, "/zoeken/", q=word)[1]]
    news.move(private, pos="last-child")
    assert news.title not in [title for _url, title in shown(client, "/zoeken/", q=word)[1]]


def test_an_editors_pick_shows_on_the_next_search_and_goes_when_deleted(client, demo):
    policy = PolicyPage.objects.get(locale__language_code="nl")
    html = client.get("/zoeken/", {"q": "Hulp"}).content.decode()
    assert "Aanbevolen" not in html
    pick = SearchPromotion.objects.create(
        query=Query.get("hulp"), page=policy, description="Lees ons beleid", sort_order=0
    )
    html = client.get("/zoeken/", {"q": "Hulp"}).content.decode()
    assert "Aanbevolen" in html and "Lees ons beleid" in html
    pick.delete()
    assert "Lees ons beleid" not in client.get("/zoeken/", {"q": "Hulp"}).content.decode()
    # A query deleted with its picks: gone too.
    SearchPromotion.objects.create(
        query=Query.get("hulp"), external_link_url="https://example.org/", sort_order=0
    )
    assert "https://example.org/" in client.get("/zoeken/", {"q": "hulp"}).content.decode()
    Query.objects.filter(query_string="hulp").delete()
    assert "https://example.org/" not in client.get("/zoeken/", {"q": "hulp"}).content.decode()


def test_a_locale_change_forgets_the_kept_facts(demo):
    from django.core.cache import cache

    from cms import search as site_search

    site_search.search_facts()
    kept = cache.get(site_search.FACTS_KEY)
    assert kept is not None and kept[0] == cache.get(page_cache.GENERATION_KEY)
    Locale.objects.get(language_code="en").save()
    assert cache.get(page_cache.GENERATION_KEY) != kept[0]
    assert site_search.search_facts().locales == dict(
        Locale.objects.values_list("language_code", "pk")
    )


def test_without_a_cache_the_search_still_finds_the_same(client, demo, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert shown(client, "/zoeken/", q="buurt")[1] == wagtails_own("buurt")[:10]
