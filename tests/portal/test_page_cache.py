"""The full-page cache of the public pages (portal.page_cache): a hit costs no query, a
change shows at the next request, a signed-in visitor never gets a kept page, and no
anonymous public page sets a cookie."""

import re
from urllib.parse import urljoin, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import NewsIndexPage, NewsPage, Pillar, PolicyPage
from portal.models import ContactSettings, User, Wijk

pytestmark = pytest.mark.django_db
HREF = re.compile(r'href="([^"#]+)"')


def _public_initiative():
    """The demo's first public initiative (ids differ per database: sequences are not reset)."""
    from initiatieven.models import PUBLIC_STATUSES, Initiative

    return Initiative.objects.filter(status__in=PUBLIC_STATUSES).order_by("pk").first()


def _queries(client, url, method="get"):
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url)
    return response, len(ctx.captured_queries)


def _crawl(client, starts, limit=400):
    """Every page a visitor reaches by following links from `starts`."""
    seen, queue, pages = set(), list(starts), []
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        pages.append((url, response))
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            target = urlparse(urljoin(url, href))
            if target.netloc or target.path.startswith(
                ("/admin", "/static", "/media", "/documents")
            ):
                continue
            queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return pages


def test_every_public_page_is_kept_sets_no_cookie_and_a_hit_makes_no_query(client, demo):
    pages = _crawl(client, ["/", "/en/", "/sitemap.xml"])
    public = []
    for url, response in pages:
        if response.status_code != 200:
            continue
        if response.cookies:
            # Only a page with a form that needs its CSRF token may set a cookie.
            assert b"csrfmiddlewaretoken" in response.content, url
            assert "public" not in response["Cache-Control"], url
            continue
        if "public" in response.get("Cache-Control", ""):
            assert "s-maxage=60" in response["Cache-Control"], url
            assert "Accept-Language" not in response.get("Vary", ""), url
            public.append((url, response))
    kept = {url for url, _ in public}
    initiative = _public_initiative()
    wijk = Wijk.objects.order_by("pk").first()
    # Every kind of public page, in Dutch and in English.
    for language in ("", "/en"):
        for path in (
            "/",
            "/beleid/",
            "/beleid/fysieke-woonomgeving/",
            "/instrumenten/",
            "/nieuws/",
            "/nieuws/buurtbemiddeling-zo-werkt-het/",
            "/wijken/",
            "/wijken/maaskant/",
            "/initiatieven/",
            f"/initiatieven/{initiative.pk}/",
            f"/initiatieven/?wijk={wijk.pk}",
        ):
            assert language + path in kept, language + path
    assert "/sitemap.xml" in kept
    for url, first in public:
        again, queries = _queries(client, url)
        assert queries == 0, url
        assert again.status_code == 200 and again.content == first.content, url
        assert again["Cache-Control"] == first["Cache-Control"], url
        assert not again.cookies, url


def test_head_is_answered_from_the_kept_page(client, demo):
    page = client.get("/wijken/")
    head, queries = _queries(client, "/wijken/", "head")
    assert queries == 0
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Length"] == str(len(page.content))
    assert head["Content-Type"] == page["Content-Type"]
    # A HEAD first leaves the page for the GET after it.
    client.head("/nieuws/")
    get, queries = _queries(client, "/nieuws/")
    assert queries == 0 and b"<html" in get.content


def test_query_strings_are_part_of_the_address_and_junk_is_not_kept(client, demo):
    client.get("/initiatieven/?wijk=1&sort=steun")
    _, queries = _queries(client, "/initiatieven/?sort=steun&wijk=1")
    assert queries == 0  # the same parameters in another order: the same page
    _, queries = _queries(client, "/initiatieven/?wijk=2&sort=steun")
    assert queries > 0
    for junk in ("/?utm_source=x", "/initiatieven/?wijk=1&" + "x" * 300, "/?%ff%fe=%00"):
        first = client.get(junk)
        assert first.status_code == 200 and "public" not in first["Cache-Control"]
        _, queries = _queries(client, junk)
        assert queries > 0, junk


def test_search_is_not_kept(client, demo):
    client.get("/zoeken/?q=buurt")
    response, queries = _queries(client, "/zoeken/?q=buurt")
    assert queries > 0 and "public" not in response["Cache-Control"]


def test_signed_in_visitors_never_get_a_kept_page_nor_someone_elses(client, demo):
    hanna = User.objects.get(email="huurder@fijnewijk.test")
    buur = User.objects.get(email="buur1@fijnewijk.test")
    url = f"/initiatieven/{_public_initiative().pk}/"
    # Signed in on a cold cache: the page is not kept for the anonymous visitor after.
    client.force_login(hanna)
    mine = client.get(url)
    assert str(hanna) in mine.content.decode()
    assert "private" in mine["Cache-Control"] and "no-store" in mine["Cache-Control"]
    client.logout()
    anonymous, queries = _queries(client, url)
    assert queries > 0 and str(hanna) not in anonymous.content.decode()
    assert "public" in anonymous["Cache-Control"]
    # Warm for anonymous visitors now; each signed-in visitor still gets their own page.
    _, queries = _queries(client, url)
    assert queries == 0
    for person, other in ((hanna, buur), (buur, hanna)):
        client.force_login(person)
        page, queries = _queries(client, url)
        html = page.content.decode()
        assert queries > 0 and str(person) in html and str(other) not in html
        assert "no-store" in page["Cache-Control"]
        client.logout()
    again, queries = _queries(client, url)
    assert queries == 0 and again.content == anonymous.content


def test_a_visitor_with_a_message_waiting_is_not_served_a_kept_page(client, demo):
    client.get("/")
    client.cookies["messages"] = "something"
    _, queries = _queries(client, "/")
    assert queries > 0


def _publish(page):
    page.save_revision().publish()


def test_publishing_an_edit_shows_at_the_next_request(client, demo):
    policy = PolicyPage.objects.get(locale__language_code="nl")
    english = PolicyPage.objects.get(locale__language_code="en")
    for page in (policy, english):
        assert client.get(page.url).status_code == 200
        page.title = f"Nieuwe titel {page.pk}"
        _publish(page)
        assert f"Nieuwe titel {page.pk}" in client.get(page.url).content.decode()
        # Its title is in the menu of every page.
        assert f"Nieuwe titel {page.pk}" in client.get(page.get_parent().url).content.decode()


def test_unpublishing_and_a_page_published_after_a_404(client, demo):
    news = NewsPage.objects.filter(locale__language_code="nl").first()
    url = news.url
    assert client.get(url).status_code == 200
    news.unpublish()
    assert client.get(url).status_code == 404
    index = NewsIndexPage.objects.get(locale__language_code="nl")
    new = index.add_child(
        instance=NewsPage(title="Later bericht", slug="later-bericht", intro="x", live=False)
    )
    assert client.get("/nieuws/later-bericht/").status_code == 404
    assert client.get("/nieuws/later-bericht/").status_code == 404
    _publish(new)
    assert "Later bericht" in client.get("/nieuws/later-bericht/").content.decode()
    assert "Later bericht" in client.get("/nieuws/").content.decode()


def test_a_deleted_page_and_a_page_made_private_are_gone_at_once(client, demo):
    from wagtail.models import PageViewRestriction

    first, second = NewsPage.objects.filter(locale__language_code="nl")[:2]
    index_url, first_url = first.get_parent().url, first.url
    assert first.title in client.get(index_url).content.decode()
    assert client.get(first_url).status_code == 200
    first.delete()
    assert client.get(first_url).status_code == 404
    assert first.title not in client.get(index_url).content.decode()
    assert client.get(second.url).status_code == 200
    PageViewRestriction.objects.create(page=second, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(second.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_a_wijks_news_shows_on_its_page(client, demo):
    maaskant = Wijk.objects.get(name="Maaskant")
    client.get("/wijken/maaskant/")
    index = NewsIndexPage.objects.get(locale__language_code="nl")
    item = index.add_child(
        instance=NewsPage(title="Straatfeest in Maaskant", slug="straatfeest", intro="x")
    )
    item.wijken.set([maaskant])
    _publish(item)
    assert "Straatfeest in Maaskant" in client.get("/wijken/maaskant/").content.decode()


def test_a_pillar_edit_shows_on_the_policy_pages(client, demo):
    client.get("/beleid/")
    pillar = Pillar.objects.get(slug="samen-wonen", locale__language_code="nl")
    pillar.summary = "Een heel nieuwe samenvatting"
    pillar.save()
    assert "Een heel nieuwe samenvatting" in client.get("/beleid/").content.decode()


def test_a_change_of_the_contact_settings_renders_the_pages_anew(client, demo):
    client.get("/")
    _, queries = _queries(client, "/")
    assert queries == 0
    contact = ContactSettings.load()
    contact.phone = "0475 999 999"
    contact.save()
    _, queries = _queries(client, "/")
    assert queries > 0


def test_switched_off_nothing_is_kept(client, demo, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get("/")
    response, queries = _queries(client, "/")
    assert queries > 0 and "public" not in response["Cache-Control"]
