"""Home spotlight, instruments by character, search promotions, 500 page, query budgets."""

import pytest
from django.template.loader import get_template
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from cms.models import PolicyPage

pytestmark = pytest.mark.django_db


def test_home_shows_featured_links_and_pillars(client, demo):
    html = client.get("/").content.decode()
    assert "Direct naar" in html
    assert 'href="/wijken/"' in html
    for slug in (
        "fysieke-woonomgeving",
        "sociale-woonomgeving-preventief",
        "sociale-woonomgeving-repressief",
        "samen-wonen",
    ):
        assert f'href="/beleid/{slug}/"' in html


def test_main_nav_lists_the_sections(client, demo):
    html = client.get("/").content.decode()
    for href in ("/beleid/", "/instrumenten/", "/nieuws/", "/wijken/", "/contact/"):
        assert f'class="fw-nav__link" href="{href}"' in html


def test_instruments_are_grouped_by_character(client, demo):
    html = client.get("/instrumenten/").content.decode()
    assert 'id="kind-sociaal-activerend"' in html
    assert 'id="kind-sociaal-repressief"' in html
    assert 'id="kind-fysiek-preventief"' in html
    assert 'id="kind-fysiek-repressief"' not in html  # no empty groups


def test_unknown_pillar_filter_shows_everything(client, demo):
    html = client.get("/instrumenten/?pijler=bestaat-niet").content.decode()
    assert "Stopgesprek" in html and "Leefbaarheidsfonds" in html


def test_search_shows_editors_pick(client, demo):
    policy = PolicyPage.objects.get()
    query = Query.get("hulp")
    SearchPromotion.objects.create(query=query, page=policy, description="Ons beleid", sort_order=0)
    html = client.get("/zoeken/", {"q": "Hulp"}).content.decode()
    assert "Aanbevolen" in html and "Ons beleid" in html


def test_search_does_not_store_unknown_queries(client, demo):
    client.get("/zoeken/", {"q": "willekeurige spam"})
    assert not Query.objects.exists()


def test_500_page_needs_no_context():
    html = get_template("500.html").render()
    assert "Er ging iets mis" in html and 'lang="nl"' in html


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/", 15),
        ("/beleid/", 15),
        ("/beleid/fysieke-woonomgeving/", 15),
        ("/wijken/", 15),
        ("/wijken/maaskant/", 15),
        ("/instrumenten/", 15),
    ],
)
def test_query_budget(client, demo, django_assert_max_num_queries, url, budget):
    client.get(url)  # warm the site root cache
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200
