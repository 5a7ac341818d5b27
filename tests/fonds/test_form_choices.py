"""The fund form's choices (fonds.form_choices): the wijken and pillars come from the cache
until one of them changes, and a change shows on the next request, in Dutch and English;
each resident's own groups and initiatives are read for them alone, in one query; what is
posted is still checked against the tables."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from cms.models import Pillar
from fonds import form_choices
from fonds.models import Application
from portal.models import Wijk
from tests.fonds.test_views import _data
from tests.initiatieven.factories import InitiativeFactory, PillarFactory
from tests.participatie.conftest import add_member
from tests.portal.factories import UserFactory, WijkFactory

pytestmark = pytest.mark.django_db


def make_group(wijk, name, **extra):
    from django.utils.text import slugify

    from participatie.models import ResidentGroup

    return ResidentGroup.objects.create(
        name=name,
        slug=slugify(name),
        wijk=wijk,
        description="Wij houden de binnentuin samen bij.",
        meets_when="Elke eerste dinsdag",
        **extra,
    )


def options(page: str, name: str) -> list[str]:
    import html
    import re

    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return [html.unescape(o) for o in re.findall(r"<option [^>]*>([^<]*)</option>", select)]


def form_page(client, language="nl") -> str:
    with translation.override(language):
        url = reverse("fonds:apply")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_wijken_and_pillars_are_read_once_then_kept(client, applicant, wijk):
    PillarFactory(name="Schoon")
    client.force_login(applicant)
    form_page(client)
    with CaptureQueriesContext(connection) as ctx:
        page = form_page(client)
    tables = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "portal_wijk" not in tables and "cms_pillar" not in tables
    assert wijk.name in options(page, "wijk") and "Schoon" in options(page, "pillar")


def test_a_new_renamed_or_removed_wijk_shows_on_the_next_request(client, applicant, wijk):
    client.force_login(applicant)
    gone = WijkFactory(name="Oude wijk")
    assert "Oude wijk" in options(form_page(client), "wijk")
    WijkFactory(name="Nieuwbouw")
    wijk.name = "Hernoemd & zo"
    wijk.save()
    gone.delete()
    shown = options(form_page(client), "wijk")
    assert "Nieuwbouw" in shown and "Hernoemd & zo" in shown
    assert "Oude wijk" not in shown
    assert shown == ["Kies de wijk", *Wijk.objects.order_by("name").values_list("name", flat=True)]


def test_a_renamed_pillar_and_its_english_name_show_on_the_next_request(client, applicant, wijk):
    pillar = PillarFactory(name="Samen wonen")
    client.force_login(applicant)
    assert "Samen wonen" in options(form_page(client, "en"), "pillar")  # not translated yet
    english, _ = Locale.objects.get_or_create(language_code="en")
    translated = Pillar.objects.create(
        name="Living together",
        slug=pillar.slug,
        translation_key=pillar.translation_key,
        locale=english,
        sort_order=pillar.sort_order,
    )
    assert "Living together" in options(form_page(client, "en"), "pillar")
    translated.name = "Living side by side"
    translated.save()
    pillar.name = "Samen leven"
    pillar.save()
    shown = options(form_page(client, "en"), "pillar")
    assert "Living side by side" in shown and "Choose a pillar" in shown
    # the English pillar is not a choice of its own; the Dutch page keeps its Dutch names
    assert len(shown) == 2
    assert options(form_page(client), "pillar") == ["Kies een pijler", "Samen leven"]


def test_a_change_inside_a_transaction_is_not_kept_from_before_it():
    from django.db import transaction

    wijk = WijkFactory(name="Eerst")
    assert (wijk.pk, "Eerst") in form_choices.shared_choices()["wijk"]
    with transaction.atomic():
        wijk.name = "Daarna"
        wijk.save()
        assert (wijk.pk, "Daarna") in form_choices.shared_choices()["wijk"]
    assert (wijk.pk, "Daarna") in form_choices.shared_choices()["wijk"]


def test_without_the_cache_the_tables_are_read(settings):
    wijk = WijkFactory(name="Zonder cache")
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    assert (wijk.pk, "Zonder cache") in form_choices.shared_choices()["wijk"]


def test_each_resident_sees_only_their_own_groups_and_initiatives(client, wijk):
    me, other = UserFactory(role="huurder"), UserFactory(role="huurder")
    for name in ("Zonnebloem", "Appelboom"):
        add_member(make_group(wijk, name), me)
    add_member(make_group(wijk, "Andermans groep"), other)
    add_member(make_group(wijk, "Opgeheven groep", active=False), me)
    InitiativeFactory(initiator=me, title="Zomerfeest")
    shared = InitiativeFactory(initiator=other, title="Boomfeestdag")
    shared.co_initiators.add(me)
    InitiativeFactory(initiator=other, title="Alleen van een ander")
    client.force_login(me)
    page = form_page(client)
    assert options(page, "resident_group") == ["Kies uw groep", "Appelboom", "Zonnebloem"]
    assert options(page, "initiative") == ["Geen initiatief", "Boomfeestdag", "Zomerfeest"]
    client.force_login(other)
    page = form_page(client)
    assert options(page, "resident_group") == ["Kies uw groep", "Andermans groep"]
    assert options(page, "initiative") == [
        "Geen initiatief",
        "Alleen van een ander",
        "Boomfeestdag",
    ]


def test_the_initiative_in_the_address_is_chosen(client, applicant, wijk):
    mine = InitiativeFactory(initiator=applicant, title="Mijn idee")
    client.force_login(applicant)
    page = client.get(reverse("fonds:apply") + f"?initiatief={mine.pk}").content.decode()
    assert f'<option value="{mine.pk}" selected>Mijn idee</option>' in page
    assert '<input type="radio" name="applicant_kind" value="initiatief"' in page


def test_what_is_posted_is_checked_against_the_tables(client, applicant, wijk, fund_year):
    pillar = PillarFactory()
    gone = WijkFactory(name="Verdwijnt")
    theirs = InitiativeFactory(title="Van een ander")
    client.force_login(applicant)
    assert "Verdwijnt" in options(form_page(client), "wijk")  # kept in the cache
    gone_pk = gone.pk
    gone.delete()
    data = {**_data(wijk, pillar, opslaan="1"), "wijk": gone_pk}
    response = client.post(reverse("fonds:apply"), data)
    assert response.status_code == 400 and not Application.objects.exists()
    assert "Verdwijnt" not in options(response.content.decode(), "wijk")
    # another person's initiative typed into the form is refused too
    data = _data(wijk, pillar, opslaan="1", applicant_kind="initiatief", initiative=theirs.pk)
    response = client.post(reverse("fonds:apply"), data)
    assert response.status_code == 400 and not Application.objects.exists()
    assert "Van een ander" not in response.content.decode()


def test_the_verified_email_comes_with_the_role_facts(client, applicant, wijk):
    from allauth.account.models import EmailAddress

    from portal.permissions import has_verified_email, remember_role_facts

    client.force_login(applicant)
    with CaptureQueriesContext(connection) as ctx:
        form_page(client)
    assert "account_emailaddress" not in " ".join(
        q["sql"] for q in ctx.captured_queries if not q["sql"].startswith("SELECT 'g'")
    )
    EmailAddress.objects.filter(user=applicant).update(verified=False)
    response = client.get(reverse("fonds:apply"))
    assert response.status_code == 302 and response.url == reverse("account_email")
    # outside a request (no facts remembered) the address is read as before
    fresh = type(applicant).objects.get(pk=applicant.pk)
    assert has_verified_email(fresh) is False
    EmailAddress.objects.filter(user=applicant).update(verified=True)
    fresh = type(applicant).objects.get(pk=applicant.pk)
    assert remember_role_facts(fresh).verified_email is True
    with CaptureQueriesContext(connection) as ctx:
        assert has_verified_email(fresh) is True
    assert not ctx.captured_queries
    assert client.get(reverse("fonds:apply")).status_code == 200


def test_the_own_choices_compiled_once_are_the_querysets_rows(wijk):
    """own_choices_of() runs SQL compiled once per process with each person's id put in:
    the same rows as the querysets the form checks against, for everyone, in one query."""
    me, other, nobody = (UserFactory(role="huurder") for _ in range(3))
    add_member(make_group(wijk, "Zonnebloem"), me)
    add_member(make_group(wijk, "Appelboom"), me)
    add_member(make_group(wijk, "Andermans groep"), other)
    add_member(make_group(wijk, "Opgeheven groep", active=False), me)
    InitiativeFactory(initiator=me, title="Zomerfeest")
    shared = InitiativeFactory(initiator=other, title="Boomfeestdag")
    shared.co_initiators.add(me)
    for person in (me, other, nobody, me):
        expected = form_choices.own_choices(*form_choices.own_querysets(person))
        with CaptureQueriesContext(connection) as ctx:
            assert form_choices.own_choices_of(person) == expected
        assert len(ctx.captured_queries) == 1
    assert [name for _pk, name in form_choices.own_choices_of(me)["resident_group"]] == [
        "Appelboom",
        "Zonnebloem",
    ]
    assert [title for _pk, title in form_choices.own_choices_of(me)["initiative"]] == [
        "Boomfeestdag",
        "Zomerfeest",
    ]
    assert form_choices.own_choices_of(nobody) == {"resident_group": [], "initiative": []}
