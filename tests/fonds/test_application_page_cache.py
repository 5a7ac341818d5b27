"""The application page in the admin keeps its facts column (the fields, the budget, the
questions and advice, the letters and the timeline) in the cache (portal.fragment_cache):
a second visit reads none of those parts, and every change to something the column shows
is on the page at the next request, whoever or whatever made it. What belongs to one
reader is kept for them alone (their column of buttons, with their CSRF token and new
submission tokens put in at each request) or never (whether they stepped aside, the
letters' forms); what belongs to today (an advice term that passed) is never kept."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fonds import services
from fonds.models import BudgetLine, HwzAdvice, Status
from portal import fragment_cache
from tests.portal.factories import UserFactory

from .conftest import staff_client

pytestmark = pytest.mark.django_db


def url(application):
    return reverse("fonds_application:inspect", args=[application.pk])


def facts(page) -> str:
    html = page.content.decode() if hasattr(page, "content") else page
    return html.split('class="fw-app-facts"', 1)[1].split("<aside", 1)[0]


def queries(client, address) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(address).status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def reviewing(make_application, reviewer, fund_year):
    return make_application(status=Status.IN_BEHANDELING, reviewer=reviewer)


def test_a_second_visit_reads_no_part_and_shows_the_same(client, reviewing, coordinator):
    c = staff_client(client, coordinator)
    c.get(url(reviewing))  # the session, the two-factor state
    from django.core.cache import cache

    cache.clear()
    first = queries(c, url(reviewing))
    again = queries(c, url(reviewing))
    # budget lines, contributions, questions, letters, contacts, ledger, history and the
    # budget position are not read again
    assert again <= first - 8, (first, again)
    assert facts(c.get(url(reviewing))) == facts(c.get(url(reviewing)))


def _change_title(application, **_kw):
    application.title = "Straatfeest met muziek"
    application.save()
    return "Straatfeest met muziek"


def _change_line(application, **_kw):
    line = BudgetLine.objects.filter(application=application).first()
    line.description = "Springkussen"
    line.save()
    return "Springkussen"


def _add_line(application, **_kw):
    BudgetLine.objects.create(application=application, description="Tenten", amount=Decimal("5"))
    return "Tenten"


def _ask(application, *, reviewer, **_kw):
    services.application_ask_question(
        application=application, user=reviewer, text="Hoeveel buren komen er?"
    )
    return "Hoeveel buren komen er?"


def _answer(application, *, reviewer, applicant, **_kw):
    services.application_ask_question(application=application, user=reviewer, text="Wanneer?")
    application.refresh_from_db()
    services.application_answer(application=application, user=applicant, answer="In juni, 14:00")
    return "In juni, 14:00"


def _advice(application, *, reviewer, adviser, **_kw):
    services.application_ask_advice(application=application, user=reviewer)
    application.refresh_from_db()
    services.application_give_advice(
        application=application,
        user=adviser,
        verdict=HwzAdvice.Verdict.POSITIVE,
        remarks="Past goed bij de wijk",
    )
    return "Past goed bij de wijk"


def _contact(application, *, reviewer, **_kw):
    services.contact_record(
        application=application, user=reviewer, channel="telefoon", summary="Gebeld over de datum"
    )
    return "Gebeld over de datum"


def _decide(application, *, reviewer, **_kw):
    services.application_decide(
        application=application,
        user=reviewer,
        outcome="toegekend",
        amount=None,
        conditions="Bonnetjes bewaren",
        reason="Goed plan",
    )
    return "Bonnetjes bewaren"  # the decision, its letter, the ledger's entry


def _step_aside(application, *, coordinator, **_kw):
    services.conflict_declare(application=application, user=coordinator, reason="Mijn buurman")
    return "Mijn buurman"


def _rename_reviewer(application, *, reviewer, **_kw):
    reviewer.first_name, reviewer.last_name = "Rita", "Vernoemd"
    reviewer.save()
    return "Rita Vernoemd"


def _rename_wijk(application, **_kw):
    application.wijk.name = "Nieuwe Wijknaam"
    application.wijk.save()
    return "Nieuwe Wijknaam"


CHANGES = [
    _change_title,
    _change_line,
    _add_line,
    _ask,
    _answer,
    _advice,
    _contact,
    _decide,
    _step_aside,
    _rename_reviewer,
    _rename_wijk,
]


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__.strip("_") for c in CHANGES])
def test_every_change_is_on_the_next_page(
    client,
    reviewing,
    coordinator,
    reviewer,
    applicant,
    adviser,
    change,
    django_capture_on_commit_callbacks,
):
    c = staff_client(client, coordinator)
    before = facts(c.get(url(reviewing)))
    assert facts(c.get(url(reviewing))) == before  # kept
    with django_capture_on_commit_callbacks(execute=True):
        shown = change(
            reviewing,
            reviewer=reviewer,
            applicant=applicant,
            adviser=adviser,
            coordinator=coordinator,
        )
    assert shown not in before
    assert shown in facts(c.get(url(reviewing)))


def test_the_budget_position_follows_other_applications_of_the_wijk(
    client, reviewing, make_application, coordinator, reviewer
):
    c = staff_client(client, coordinator)
    assert "nog beschikbaar €\u00a010.000,00" in facts(c.get(url(reviewing)))
    other = make_application(status=Status.IN_BEHANDELING, reviewer=reviewer, title="Ander")
    services.ledger_commit(application=other, amount=Decimal("1234.00"), user=reviewer)
    assert "nog beschikbaar €\u00a08.766,00" in facts(c.get(url(reviewing)))


def test_erasing_the_applicant_takes_their_texts_off_the_kept_page(
    client, reviewing, coordinator, applicant, django_capture_on_commit_callbacks
):
    from portal.services import account_erase

    c = staff_client(client, coordinator)
    assert "Bewonersgroep De Linde" in facts(c.get(url(reviewing)))
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=applicant)
    page = facts(c.get(url(reviewing)))
    assert "Bewonersgroep De Linde" not in page and "Vlees" not in page


def test_each_language_keeps_its_own(client, reviewing, coordinator, reviewer):
    from wagtail.users.models import UserProfile

    staff_client(client, reviewer)
    dutch = facts(client.get(url(reviewing)))
    assert "Tijdlijn" in dutch
    profile = UserProfile.get_for_user(coordinator)
    profile.preferred_language = "en"
    profile.save()
    english = facts(staff_client(client, coordinator).get(url(reviewing)))
    assert "Timeline" in english and "Tijdlijn" not in english


def test_what_is_one_readers_is_never_kept(
    client, make_application, reviewer, coordinator, second_coordinator, fund_year
):
    """An applicant who is told by post: the letters get a "sent" button, a form with the
    reader's CSRF token; each reviewer gets their own, one who stepped aside none."""
    application = make_application(
        status=Status.IN_BEHANDELING, reviewer=reviewer, contact_channel="brief"
    )
    services.letter_send(application=application, kind="vraag", user=reviewer, question="Wie?")
    assert application.informed_offline and application.letters.count() == 1
    services.conflict_declare(application=application, user=second_coordinator, reason="Buren")
    pages = {}
    for person in (reviewer, coordinator, second_coordinator, reviewer):
        client.logout()
        pages.setdefault(person.pk, []).append(
            facts(staff_client(client, person).get(url(application)))
        )
    tokens = {
        pk: [re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html) for html in seen]
        for pk, seen in pages.items()
    }
    first, second = tokens[reviewer.pk]
    assert len(first) == len(second) == 1 and first != second  # a new session, a new token
    assert len(tokens[coordinator.pk][0]) == 1 and tokens[coordinator.pk][0] != first
    assert "Per post verstuurd" in pages[coordinator.pk][0]
    assert tokens[second_coordinator.pk] == [[]]
    assert "Per post verstuurd" not in pages[second_coordinator.pk][0]


def test_the_reader_who_stepped_aside_is_told_and_others_are_not(
    client, reviewing, coordinator, second_coordinator
):
    services.conflict_declare(application=reviewing, user=coordinator, reason="Familie")
    mine = staff_client(client, coordinator).get(url(reviewing)).content.decode()
    client.logout()
    theirs = staff_client(client, second_coordinator).get(url(reviewing)).content.decode()
    assert "data-stepped-aside>" in mine and "data-stepped-aside>" not in theirs


def test_an_advice_term_that_passed_shows_without_a_change(
    client, reviewing, coordinator, reviewer, fund_year
):
    services.application_ask_advice(application=reviewing, user=reviewer)
    c = staff_client(client, coordinator)
    assert "De adviestermijn is verstreken" not in facts(c.get(url(reviewing)))
    HwzAdvice.objects.filter(application=reviewing).update(
        due=timezone.now() - timezone.timedelta(minutes=1)
    )  # time passing, not a change: no signal
    assert "De adviestermijn is verstreken" in facts(c.get(url(reviewing)))


def test_a_part_rendered_from_data_that_changed_meanwhile_is_not_served():
    def render_while_it_changes():
        fragment_cache.changed("proef", 1)  # another request changes the object now
        return "oud"

    assert fragment_cache.fragment("proef", 1, "nl", render_while_it_changes) == "oud"
    assert fragment_cache.fragment("proef", 1, "nl", lambda: "nieuw") == "nieuw"
    assert fragment_cache.fragment("proef", 1, "nl", lambda: "anders") == "nieuw"  # kept
    fragment_cache.everything_changed()
    assert fragment_cache.fragment("proef", 1, "nl", lambda: "anders") == "anders"
    assert fragment_cache.fragment("proef", 1, "nl", lambda: "x", code="v2") == "x"


def test_off_renders_every_time(settings):
    settings.STAFF_FRAGMENT_CACHE_SECONDS = 0
    assert fragment_cache.fragment("proef", 2, "nl", lambda: "een") == "een"
    assert fragment_cache.fragment("proef", 2, "nl", lambda: "twee") == "twee"


def test_signing_in_renews_nothing(client, reviewing, coordinator, reviewer):
    from django.contrib.auth.models import update_last_login

    someone = UserFactory()
    c = staff_client(client, coordinator)
    c.get(url(reviewing))
    kept = queries(c, url(reviewing))
    update_last_login(None, someone)
    assert queries(c, url(reviewing)) == kept


# --- the reader's own column: what they may do now (kept per reader, tokens afresh) -----


def actions(page) -> str:
    return page.content.decode().split('class="fw-app-actions"', 1)[1].split("</aside>", 1)[0]


def csrf_tokens(html: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)


def submission_tokens(html: str) -> list[str]:
    return re.findall(r'name="submission_token" value="([^"]+)"', html)


ACTIONS_TEMPLATE = "fonds/admin/application_actions.html"


def test_each_readers_buttons_are_kept_for_them_with_their_own_fresh_tokens(
    client, reviewing, coordinator, second_coordinator
):
    from django.conf import settings
    from django.middleware.csrf import _does_token_match

    services.conflict_declare(application=reviewing, user=second_coordinator, reason="Buren")
    c = staff_client(client, coordinator)
    first = c.get(url(reviewing))
    kept = c.get(url(reviewing))
    assert ACTIONS_TEMPLATE in [t.name for t in first.templates]
    assert ACTIONS_TEMPLATE not in [t.name for t in kept.templates]  # from the cache
    mine, before = actions(kept), actions(first)
    assert 'data-action="decision"' in mine and mine.count("<form") == before.count("<form")
    # this session's CSRF token in every form, and a new submission token in each
    secret = c.cookies[settings.CSRF_COOKIE_NAME].value
    assert csrf_tokens(mine) and all(_does_token_match(t, secret) for t in csrf_tokens(mine))
    fresh = submission_tokens(mine)
    assert len(fresh) == mine.count("<form") == len(set(fresh))
    assert not set(fresh) & set(submission_tokens(before))
    assert "-mark" not in kept.content.decode()
    # another reader (stepped aside) gets their own column, nothing of the first
    client.logout()
    other = staff_client(client, second_coordinator)
    theirs = actions(other.get(url(reviewing)))
    assert 'data-action="decision"' not in theirs
    assert not set(csrf_tokens(theirs)) & set(csrf_tokens(mine) + csrf_tokens(before))
    assert not set(submission_tokens(theirs)) & set(fresh)
    # and the first reader's column is still theirs
    client.logout()
    staff_client(client, coordinator)
    assert 'data-action="decision"' in actions(client.get(url(reviewing)))


def test_a_kept_column_of_buttons_follows_the_application_and_the_settings(
    client, reviewing, coordinator, reviewer, django_capture_on_commit_callbacks
):
    from fonds.models import FundSettings

    c = staff_client(client, coordinator)
    c.get(url(reviewing))
    assert 'data-threshold="1000.00"' in actions(c.get(url(reviewing)))  # kept
    settings_row = FundSettings.load()
    settings_row.confirmation_threshold = Decimal("250.00")
    with django_capture_on_commit_callbacks(execute=True):
        settings_row.save()
    column = actions(c.get(url(reviewing)))
    assert 'data-threshold="250.00"' in column and "€\u00a0250,00" in column
    # the proposal form: the amount asked is above the new threshold
    assert "Voorstel ter bevestiging versturen</button>" in column
    with django_capture_on_commit_callbacks(execute=True):
        services.application_ask_question(application=reviewing, user=reviewer, text="Wie?")
    column = actions(c.get(url(reviewing)))
    assert 'data-action="decision"' not in column
    assert "De klok staat stil tot de aanvrager antwoordt." in column


def test_who_stepped_aside_follows_roles_and_the_initiatives_team(
    client, make_application, reviewer, coordinator, applicant, fund_year
):
    from django.contrib.auth.models import Group

    from tests.initiatieven.factories import InitiativeFactory

    initiative = InitiativeFactory(initiator=applicant)
    application = make_application(
        status=Status.IN_BEHANDELING, reviewer=reviewer, initiative=initiative
    )
    c = staff_client(client, coordinator)
    page = facts(c.get(url(application)))
    assert f'data-stepped-aside-person="{reviewer.pk}"' not in page
    assert f'data-stepped-aside-person="{applicant.pk}"' not in page  # a resident
    assert facts(c.get(url(application))) == page  # kept
    initiative.co_initiators.add(reviewer)  # a member of staff joins the team
    page = facts(c.get(url(application)))
    assert f'data-stepped-aside-person="{reviewer.pk}"' in page
    applicant.groups.add(Group.objects.get(name="leefbaarheidsmedewerker"))  # now staff
    assert f'data-stepped-aside-person="{applicant.pk}"' in facts(c.get(url(application)))
    initiative.co_initiators.remove(reviewer)
    assert f'data-stepped-aside-person="{reviewer.pk}"' not in facts(c.get(url(application)))


def test_several_parts_read_together_each_follow_their_own_token():
    rendered = []

    def part(pk, text):
        return ("proef", pk, "nl", lambda: rendered.append(text) or text, "")

    assert fragment_cache.fragments(part(3, "a"), part(4, "b")) == ["a", "b"]
    assert fragment_cache.fragments(part(3, "x"), part(4, "y")) == ["a", "b"]  # both kept
    fragment_cache.changed("proef", 4)
    assert fragment_cache.fragments(part(3, "x"), part(4, "y")) == ["a", "y"]
    assert rendered == ["a", "b", "y"]
