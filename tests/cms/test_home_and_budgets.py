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
    policy = PolicyPage.objects.get(locale__language_code="nl")
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


# 15 before the site was in two languages; +2 since: Wagtail's lookup of the active
# locale when it routes (WAGTAIL_I18N_ENABLED) and the link to this page's translation.
@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/", 17),
        ("/beleid/", 17),
        ("/beleid/fysieke-woonomgeving/", 17),
        ("/wijken/", 17),
        # + the latest news of the wijk; + its resident groups with their next meeting
        ("/wijken/maaskant/", 19),
        ("/instrumenten/", 17),
        ("/en/", 19),
        ("/en/beleid/fysieke-woonomgeving/", 19),
        ("/en/wijken/maaskant/", 21),
        ("/en/instrumenten/", 19),
    ],
)
def test_query_budget(client, demo, no_page_cache, django_assert_max_num_queries, url, budget):
    client.get(url)  # warm the site root cache
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


def test_second_load_changes_nothing(demo):
    from allauth.mfa.models import Authenticator
    from django.core.management import call_command
    from wagtail.models import Page, Revision

    from cms.models import HomeFeaturedLink
    from portal.models import Buurt, Complex

    def snapshot():
        return (
            Page.objects.count(),
            Revision.objects.count(),
            Authenticator.objects.count(),
            HomeFeaturedLink.objects.count(),
            Buurt.objects.count(),
            Complex.objects.count(),
        )

    before = snapshot()
    call_command("load_demo", verbosity=0)
    assert snapshot() == before


def test_staff_have_totp_with_the_demo_secret(demo):
    from allauth.mfa.models import Authenticator

    from cms.management.commands.load_demo import DEMO_TOTP_SECRET
    from portal.models import User

    assert not Authenticator.objects.filter(user__email="huurder@fijnewijk.test").exists()
    staff = User.objects.get(email="coordinator@fijnewijk.test")
    types = set(Authenticator.objects.filter(user=staff).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    import base64

    base64.b32decode(DEMO_TOTP_SECRET)  # a valid base32 secret


def test_editors_may_edit_pages_images_and_snippets(demo):
    from portal.models import User

    editor = User.objects.get(email="redacteur@fijnewijk.test")
    from wagtail.models import Page

    home = Page.objects.get(url_path="/home/").specific
    perms = home.permissions_for_user(editor)
    assert perms.can_add_subpage() and perms.can_edit() and perms.can_publish()
    for perm in (
        "cms.add_instrument",
        "cms.change_partner",
        "cms.delete_pillar",
        "wagtailimages.add_image",
        "wagtaildocs.add_document",
    ):
        assert editor.has_perm(perm), perm
