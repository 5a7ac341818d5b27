"""Every page type renders with demo data; 404, robots, sitemap, search; query counts."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import HomePage, Instrument, NeighbourhoodPage, NewsPage
from initiatieven.models import Initiative
from portal.models import User, Wijk

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/beleid/",
    "/beleid/fysieke-woonomgeving/",
    "/beleid/sociale-woonomgeving-preventief/",
    "/beleid/sociale-woonomgeving-repressief/",
    "/beleid/samen-wonen/",
    "/instrumenten/",
    "/instrumenten/?pijler=samen-wonen",
    "/nieuws/",
    "/wijken/",
    "/wijken/maaskant/",
    "/contact/",
    "/zoeken/",
    "/over-fijne-wijk/",
]


@pytest.mark.parametrize("url", PAGES)
def test_page_renders(client, demo, url):
    response = client.get(url)
    assert response.status_code == 200
    assert b'lang="nl"' in response.content
    assert b'href="#main"' in response.content


def test_news_page_renders(client, demo):
    news = NewsPage.objects.live().first()
    response = client.get(news.url)
    assert response.status_code == 200
    assert news.title in response.content.decode()


def test_every_page_type_is_covered(client, demo):
    from wagtail.models import Page

    types = {type(p.specific).__name__ for p in Page.objects.filter(depth__gt=1)}
    assert types == {
        "HomePage",
        "PolicyPage",
        "PillarPage",
        "InstrumentsPage",
        "NewsIndexPage",
        "NewsPage",
        "NeighbourhoodIndexPage",
        "NeighbourhoodPage",
        "ContactFormPage",
        "StandardPage",
    }


def test_unknown_page_is_a_dutch_404(client, demo):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_robots_and_sitemap(client, demo):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots
    assert "sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert b"/beleid/fysieke-woonomgeving/" in sitemap.content


def test_search_finds_the_policy(client, demo):
    response = client.get("/zoeken/", {"q": "leefbaarheidsbeleid"})
    assert response.status_code == 200
    assert "/beleid/" in response.content.decode()


def test_search_handles_odd_input(client, demo):
    for query in ["<script>alert(1)</script>", "x" * 500, "'; DROP TABLE", "&&&"]:
        response = client.get("/zoeken/", {"q": query, "pagina": "abc"})
        assert response.status_code == 200
        assert b"<script>alert(1)</script>" not in response.content


def test_instruments_grouped_and_filtered(client, demo):
    html = client.get("/instrumenten/?pijler=fysieke-woonomgeving").content.decode()
    assert "Toezicht en camera" in html
    assert "Stopgesprek" not in html
    html = client.get("/instrumenten/").content.decode()
    assert "Stopgesprek" in html and "Fysieke instrumenten" in html


def test_neighbourhood_page_shows_contacts_and_buurten(client, demo):
    html = client.get("/wijken/maaskant/").content.decode()
    assert "Uw contactpersonen" in html
    assert "Maaskant Noord" in html


def test_map_links_every_wijk(client, demo):
    for prefix, language in (("", "nl"), ("/en", "en")):
        html = client.get(f"{prefix}/wijken/").content.decode()
        pages = NeighbourhoodPage.objects.filter(locale__language_code=language)
        assert pages.count() == 8
        for page in pages:
            assert f'href="{page.url}"' in html


# --- demo data ----------------------------------------------------------------------


def test_load_demo_is_idempotent(demo):
    counts = (
        Wijk.objects.count(),
        User.objects.count(),
        NewsPage.objects.count(),
        Instrument.objects.count(),
        Initiative.objects.count(),
    )
    call_command("load_demo", verbosity=0)
    assert counts == (
        Wijk.objects.count(),
        User.objects.count(),
        NewsPage.objects.count(),
        Instrument.objects.count(),
        Initiative.objects.count(),
    )
    # One home page per language: the Dutch original and its English translation.
    assert sorted(HomePage.objects.values_list("locale__language_code", flat=True)) == [
        "en",
        "nl",
    ]
    assert Wijk.objects.count() == 8
    # One account per role, and four neighbours who take part in initiatives.
    assert User.objects.filter(email__endswith="@fijnewijk.test").count() == 13


def test_load_demo_refuses_without_permission(db, settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="niet toegestaan"):
        call_command("load_demo", verbosity=0)
    assert not Wijk.objects.exists()


def test_demo_accounts_have_roles(demo):
    hwz = User.objects.get(email="hwz@fijnewijk.test")
    assert hwz.groups.filter(name="hwz-moderator").exists()
    assert hwz.werkgebied.count() == 2
    assert User.objects.get(email="admin@fijnewijk.test").is_superuser
    assert User.objects.get(email="huurder@fijnewijk.test").check_password("fijnewijk-demo")


# --- query counts -------------------------------------------------------------------

COUNTED = [
    "/",
    "/beleid/",
    "/beleid/fysieke-woonomgeving/",
    "/wijken/",
    "/wijken/maaskant/",
    "/instrumenten/",
    "/nieuws/",
]


def _queries(client, url) -> int:
    client.get(url)  # warm caches (site root, settings)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_ten_times_the_data(client, db, no_page_cache):
    # Every page at both sizes in one test: ten times the demo takes seconds to load.
    call_command("load_demo", verbosity=0)
    small = {url: _queries(client, url) for url in COUNTED}
    call_command("load_demo", scale=10, verbosity=0)
    assert Wijk.objects.count() == 80
    large = {url: _queries(client, url) for url in COUNTED}
    # The news list's first page holds the demo's items without being full, and is then
    # its own count (portal.pagination); at 10x it is full and counted once more.
    lists = {"/nieuws/"}
    assert {u: n for u, n in large.items() if u not in lists} == {
        u: n for u, n in small.items() if u not in lists
    }, f"queries with demo data {small}, with 10x {large}"
    for url in lists:
        assert large[url] - small[url] in (0, 1), f"{url}: {small[url]}, with 10x {large[url]}"
    assert max(small.values()) <= 20, small


def test_home_query_budget(client, demo, no_page_cache, django_assert_max_num_queries):
    client.get("/")
    # 15 before the site was in two languages; see test_home_and_budgets.test_query_budget.
    with django_assert_max_num_queries(17):
        client.get("/")
