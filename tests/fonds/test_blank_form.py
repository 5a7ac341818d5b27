"""The new fund form as a resident first opens it comes from the cache (fonds.blank_form):
the same markup as the form rendered afresh, with each resident's own groups and
initiatives and this request's CSRF and submission tokens, never another resident's; a
change of a wijk, a pillar or a person's groups shows on the next request; without the
cache the form is rendered as before."""

import re

import pytest
from django.conf import settings
from django.middleware.csrf import _does_token_match
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from fonds import blank_form
from fonds.forms import ApplicationForm, BudgetLineFormSet, ContributionFormSet
from tests.fonds.test_form_choices import make_group, options
from tests.initiatieven.factories import InitiativeFactory, PillarFactory
from tests.participatie.conftest import add_member
from tests.portal.factories import UserFactory, WijkFactory

pytestmark = pytest.mark.django_db

TEMPLATE = "fonds/includes/application_form.html"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION = re.compile(r'name="submission_token" value="([^"]+)"')


def the_form(html: str) -> str:
    """From the page's first line of content to the end of the form."""
    start = html.index('<p class="fw-meta">')
    return html[start : html.index("</form>", start) + len("</form>")]


def without_tokens(html: str) -> str:
    return SUBMISSION.sub('name="submission_token" value=""', CSRF.sub("csrf", html))


def afresh(user) -> str:
    """The form as the view renders a form it does not keep: built and rendered now."""
    form = ApplicationForm(user=user, initial={"wijk": user.wijk_id})
    lines = BudgetLineFormSet(prefix="regels")
    others = ContributionFormSet(prefix="bijdragen")
    return render_to_string(
        TEMPLATE,
        blank_form.context(form, lines, others, None),
        request=RequestFactory().get("/"),
    )


def get(client, language="nl"):
    with translation.override(language):
        url = reverse("fonds:apply")
    response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.fixture
def neighbours(db):
    """Two residents of one wijk, each with groups and initiatives of their own (names
    with characters that must be escaped)."""
    wijk = WijkFactory(name="Oost & West")
    PillarFactory(name="Groen")
    me = UserFactory(role="huurder", wijk=wijk)
    other = UserFactory(role="huurder", wijk=wijk)
    add_member(make_group(wijk, 'Tuin <b>"Zon"</b> & co'), me)
    add_member(make_group(wijk, "Appelboom"), me)
    add_member(make_group(wijk, "Alleen van de buurman"), other)
    InitiativeFactory(initiator=me, title="Zomerfeest <script>")
    InitiativeFactory(initiator=other, title="Buurmans idee")
    return wijk, me, other


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_kept_form_is_the_form_rendered_afresh(neighbours, language):
    _wijk, me, other = neighbours
    for person in (me, other, me):  # kept for the first, served to the next
        client = Client()
        client.force_login(person)
        for _ in range(2):
            response = get(client, language)
            shown = the_form(response.content.decode())
            with translation.override(language):
                assert without_tokens(shown) == without_tokens(the_form(afresh(person)))
    assert blank_form.TEMPLATE not in [t.name for t in response.templates]  # from the cache


def test_each_resident_gets_their_own_choices_and_tokens(neighbours):
    _wijk, me, other = neighbours
    mine, theirs = Client(), Client()
    mine.force_login(me)
    theirs.force_login(other)
    first = get(mine).content.decode()
    page = get(mine).content.decode()
    assert options(page, "resident_group") == [
        "Kies uw groep",
        "Appelboom",
        'Tuin <b>"Zon"</b> & co',
    ]
    assert "Tuin &lt;b&gt;&quot;Zon&quot;&lt;/b&gt; &amp; co" in page
    assert options(page, "initiative") == ["Geen initiatief", "Zomerfeest <script>"]
    assert "<script>" not in the_form(page)
    # this session's CSRF token, and a new submission token at every request
    secret = mine.cookies[settings.CSRF_COOKIE_NAME].value
    assert all(_does_token_match(token, secret) for token in CSRF.findall(page))
    assert len(SUBMISSION.findall(page)) == 1
    assert not set(SUBMISSION.findall(page)) & set(SUBMISSION.findall(first))
    assert "-mark" not in page and "fw-own-choices" not in page
    # the neighbour: the same kept form, with nothing of the first resident
    other_page = get(theirs).content.decode()
    assert options(other_page, "resident_group") == ["Kies uw groep", "Alleen van de buurman"]
    assert options(other_page, "initiative") == ["Geen initiatief", "Buurmans idee"]
    for text in ("Appelboom", "Zon", "Zomerfeest"):
        assert text not in other_page
    assert not set(CSRF.findall(other_page)) & set(CSRF.findall(page + first))
    assert not set(SUBMISSION.findall(other_page)) & set(SUBMISSION.findall(page + first))


def test_each_resident_finds_their_own_wijk_chosen(neighbours):
    wijk, me, _other = neighbours
    elsewhere = UserFactory(role="huurder", wijk=WijkFactory(name="Noord"))
    nowhere = UserFactory(role="huurder")
    chosen = {}
    for person in (me, elsewhere, nowhere, me):
        client = Client()
        client.force_login(person)
        select = re.search(r'<select name="wijk".*?</select>', get(client).content.decode(), re.S)
        chosen[person.pk] = re.findall(r"<option [^>]*selected>([^<]*)</option>", select.group(0))
    assert chosen[me.pk] == ["Oost &amp; West"]
    assert chosen[elsewhere.pk] == ["Noord"]
    assert chosen[nowhere.pk] == ["Kies de wijk"]


def test_a_new_group_initiative_wijk_or_pillar_shows_on_the_next_request(neighbours):
    wijk, me, _other = neighbours
    client = Client()
    client.force_login(me)
    get(client)
    add_member(make_group(wijk, "Nieuwe groep"), me)
    InitiativeFactory(initiator=me, title="Nieuw initiatief")
    WijkFactory(name="Nieuwe wijk")
    pillar = PillarFactory(name="Nieuwe pijler")
    page = get(client).content.decode()
    assert "Nieuwe groep" in options(page, "resident_group")
    assert "Nieuw initiatief" in options(page, "initiative")
    assert "Nieuwe wijk" in options(page, "wijk")
    assert "Nieuwe pijler" in options(page, "pillar")
    pillar.delete()
    assert "Nieuwe pijler" not in options(get(client).content.decode(), "pillar")


def test_the_kept_form_follows_the_code_that_renders_it(neighbours, monkeypatch):
    _wijk, me, _other = neighbours
    client = Client()
    client.force_login(me)
    get(client)
    monkeypatch.setattr(blank_form, "_code", lambda: "another-version")
    response = get(client)
    assert blank_form.TEMPLATE in [t.name for t in response.templates]  # rendered anew


def test_with_keeping_off_the_form_is_rendered_every_time(neighbours, settings):
    """(A cache outage renders as well: tests/fonds/test_application_page_cache.py.)"""
    _wijk, me, _other = neighbours
    settings.STAFF_FRAGMENT_CACHE_SECONDS = 0
    client = Client()
    client.force_login(me)
    for _ in range(2):
        response = get(client)
        assert blank_form.TEMPLATE in [t.name for t in response.templates]
        page = response.content.decode()
        assert without_tokens(the_form(page)) == without_tokens(the_form(afresh(me)))
        assert "Appelboom" in options(page, "resident_group")


def test_a_draft_and_a_form_from_an_initiative_are_not_kept(neighbours):
    from fonds.models import Application
    from initiatieven.models import Initiative

    _wijk, me, _other = neighbours
    client = Client()
    client.force_login(me)
    get(client)
    mine = Initiative.objects.get(initiator=me)
    response = client.get(reverse("fonds:apply") + f"?initiatief={mine.pk}")
    assert blank_form.TEMPLATE in [t.name for t in response.templates]
    assert f'<option value="{mine.pk}" selected>' in response.content.decode()
    draft = Application.objects.create(
        applicant=me, wijk=me.wijk, title="Mijn concept", description="Buurtfeest"
    )
    response = client.get(reverse("fonds:edit", args=[draft.pk]))
    assert response.status_code == 200
    assert blank_form.TEMPLATE in [t.name for t in response.templates]
    assert 'value="Mijn concept"' in response.content.decode()
