"""The admin dashboard: a panel per role, shown only to the roles it is made for, each
with a bounded number of queries, Dutch empty states and never `None`."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from fonds.models import Application, HwzAdvice, Status
from initiatieven.models import Initiative
from tests.initiatieven.factories import InitiativeFactory
from tests.portal.factories import UserFactory

from .conftest import staff_client

pytestmark = pytest.mark.django_db

PANELS = {"my-applications", "terms-at-risk", "coordinator", "moderation", "advice-asked"}


# The dashboard with every panel a role may see: one or two queries per panel, never per
# row (tests/test_dynamic_page_costs.py has the coordinator's); 21 since the payouts,
# the money overview and the reports added their panels (issue 14).
def _dashboard(client, user, django_assert_max_num_queries, limit=21):
    c = staff_client(client, user)
    c.get(reverse("wagtailadmin_home"))  # warm the session
    with django_assert_max_num_queries(limit):
        page = c.get(reverse("wagtailadmin_home")).content.decode()
    shown = {name for name in PANELS if f'data-panel="{name}"' in page}
    return page, shown


@pytest.fixture
def busy(make_application, wijk, fund_year):
    """An overdue application with a reviewer, a proposal, advice asked, an initiative
    waiting for moderation since last week."""
    reviewer = UserFactory(role="leefbaarheidsmedewerker", first_name="Rita", last_name="Rood")
    proposer = UserFactory(role="coordinator", first_name="Piet", last_name="Voorsteller")
    late = make_application(status=Status.IN_BEHANDELING, reviewer=reviewer, title="Te laat")
    Application.objects.filter(pk=late.pk).update(
        answer_due=timezone.now() - dt.timedelta(days=3),
        queue_due=timezone.now() - dt.timedelta(days=3),
    )
    proposal = make_application(
        status=Status.BESLUIT_VOORGESTELD,
        title="Voorgesteld",
        proposed_by=proposer,
        proposed_outcome="toegekend",
        proposed_amount=Decimal("1500"),
    )
    advised = make_application(status=Status.ADVIES_HWZ, title="Adviesvraag")
    HwzAdvice.objects.create(application=advised, requested_by=reviewer)
    initiative = InitiativeFactory(status="ingediend", wijk=wijk, title="Bankje bij de vijver")
    Initiative.objects.filter(pk=initiative.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=8)
    )
    return {"reviewer": reviewer, "proposer": proposer, "proposal": proposal}


def test_the_reviewer_sees_their_own_applications(client, busy, django_assert_max_num_queries):
    page, shown = _dashboard(client, busy["reviewer"], django_assert_max_num_queries)
    assert shown == {"my-applications"}
    panel = page.split('data-panel="my-applications"')[1].split("</section>")[0]
    assert "Te laat" in panel and "werkdagen te laat" in panel and "None" not in panel
    assert "Voorgesteld" not in panel  # not theirs


def test_a_reviewer_without_applications_gets_a_dutch_empty_state(
    client, db, django_assert_max_num_queries
):
    page, shown = _dashboard(
        client, UserFactory(role="wijkbeheerder"), django_assert_max_num_queries
    )
    assert shown == {"my-applications"}
    assert "U behandelt nu geen aanvragen." in page


def test_the_ondersteuner_sees_every_term_at_risk(client, busy, django_assert_max_num_queries):
    page, shown = _dashboard(
        client, UserFactory(role="ondersteuner-sociaal-beheer"), django_assert_max_num_queries
    )
    assert shown == {"terms-at-risk"}
    panel = page.split('data-panel="terms-at-risk"')[1].split("</section>")[0]
    assert "Te laat" in panel and "Rita Rood" in panel
    assert "Bankje bij de vijver" in panel  # an initiative overdue in moderation
    assert "Adviesvraag" not in panel  # due in 14 days: not at risk
    assert "None" not in panel


def test_the_coordinator_sees_the_year_and_proposals_of_others(
    client, busy, coordinator, django_assert_max_num_queries
):
    page, shown = _dashboard(client, coordinator, django_assert_max_num_queries)
    assert shown == {"coordinator"}
    panel = page.split('data-panel="coordinator"')[1].split("</section>")[0]
    assert "€\u00a010.000,00" in panel and "Voorgesteld" in panel and "Piet Voorsteller" in panel
    # The proposer's own proposal does not wait for them.
    page, shown = _dashboard(client, busy["proposer"], django_assert_max_num_queries)
    panel = page.split('data-panel="coordinator"')[1].split("</section>")[0]
    assert "Voorgesteld" not in panel
    assert "Er wachten geen voorstellen op uw bevestiging." in panel


def test_the_hwz_moderator_sees_the_queue_and_advice_asked(
    client, busy, adviser, django_assert_max_num_queries
):
    page, shown = _dashboard(client, adviser, django_assert_max_num_queries)
    assert shown == {"moderation", "advice-asked"}
    queue = page.split('data-panel="moderation"')[1].split("</section>")[0]
    assert "Bankje bij de vijver" in queue and "8 dagen" in queue and "te laat" in queue
    advice = page.split('data-panel="advice-asked"')[1].split("</section>")[0]
    assert "Adviesvraag" in advice and "None" not in advice


def test_an_hwz_moderator_of_another_wijk_sees_empty_states(
    client, busy, other_adviser, django_assert_max_num_queries
):
    page, shown = _dashboard(client, other_adviser, django_assert_max_num_queries)
    assert shown == {"moderation", "advice-asked"}
    assert "Bankje bij de vijver" not in page and "Adviesvraag" not in page
    assert "Er wachten geen initiatieven op moderatie." in page
    assert "Er is nu geen advies aan u gevraagd." in page


def test_the_redacteur_keeps_wagtails_own_panels(client, busy, django_assert_max_num_queries):
    _, shown = _dashboard(client, UserFactory(role="redacteur"), django_assert_max_num_queries)
    assert shown == set()


def test_every_role_panel_has_the_same_accessible_frame(
    client, busy, coordinator, adviser, django_assert_max_num_queries
):
    """One template serves the panels of every role: a section named by its own
    heading, the rows, and the links onward; nothing is left empty or `None`."""
    people = [
        busy["reviewer"],
        UserFactory(role="ondersteuner-sociaal-beheer"),
        coordinator,
        adviser,
    ]
    seen = set()
    for person in people:
        client.logout()
        page, shown = _dashboard(client, person, django_assert_max_num_queries)
        for name in shown - {"moderation"}:  # the initiatives' panel is theirs
            panel = page.split(f'data-panel="{name}"')[0].rsplit("<section", 1)[1]
            panel += page.split(f'data-panel="{name}"')[1].split("</section>")[0]
            labelled_by = panel.split('aria-labelledby="')[1].split('"')[0]
            heading = panel.split(f'id="{labelled_by}">')[1].split("</h2>")[0]
            assert heading.strip() and "None" not in panel
            assert panel.count("<a href=") >= 2  # a row and a link onward
            seen.add(name)
    assert seen == {"my-applications", "terms-at-risk", "coordinator", "advice-asked"}
