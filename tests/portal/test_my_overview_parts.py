"""Mijn overzicht writes its messages and the sections of the four apps out in Python
(portal.my_views, the apps' wagtail_hooks), around labels translated once per process and
language (portal.sections.per_language). These tests hold that markup to the templates
that still render the same lists elsewhere (the message list, Mijn aanvragen, Mijn
meldingen), check that every value is escaped, that the labels follow the reader's
language, and that nothing of one resident reaches another's page."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from fonds.models import Application, Status
from fonds.models.reports import AccountabilityReport, ReportStatus
from fonds.selectors import own_applications
from initiatieven.models import Status as InitiativeStatus
from participatie.models import Membership, MembershipStatus, ResidentGroup
from portal import services
from portal.models import Notification
from portal.notifications import notify
from signalen import services as signal_services
from signalen.models import Melding, MeldingStatus
from tests.initiatieven.factories import InitiativeFactory, PillarFactory

from .factories import UserFactory, WijkFactory

pytestmark = pytest.mark.django_db

PAYLOAD = "<script>alert('x')</script> & \"co\""


def squeeze(html) -> str:
    """The markup without the whitespace between and inside tags' lines."""
    return re.sub(r"\s+", "", str(html))


def overview(client, language="nl") -> str:
    prefix = "/en" if language == "en" else ""
    response = client.get(f"{prefix}/mijn/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def resident(db):
    return UserFactory(role="huurder", first_name="Fatma")


@pytest.fixture
def other(db):
    return UserFactory(role="huurder", first_name="Piet")


def _applications(user, wijk):
    pillar = PillarFactory()

    def make(status, title="Buurtbarbecue", **kwargs):
        application = Application.objects.create(
            applicant=user,
            title=title,
            description="Een barbecue voor de hele straat.",
            wijk=wijk,
            pillar=pillar,
            amount_requested=Decimal("1250.50"),
            iban="NL91ABNA0417164300",
            account_holder="Bewonersgroep De Linde",
            declaration=True,
            status=status,
            **kwargs,
        )
        if status != Status.CONCEPT:
            Application.objects.filter(pk=application.pk).update(
                reference=f"LF-T-{application.pk}", queue_due=timezone.now() + timedelta(days=9)
            )
        return application

    make(Status.CONCEPT, title=PAYLOAD)
    make(Status.WACHT_OP_AANVRAGER)
    make(Status.INGEDIEND)
    for report_status in (ReportStatus.OPEN, ReportStatus.GOEDGEKEURD):
        granted = make(Status.TOEGEKEND)
        Application.objects.filter(pk=granted.pk).update(queue_due=None)
        AccountabilityReport.objects.create(
            application=granted,
            status=report_status,
            due_date=timezone.localdate() + timedelta(days=30),
        )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_messages_are_the_message_lists_markup(client, resident, other, language):
    notify(event="initiative_comment", recipients=[resident], title="Oud bericht")
    notify(
        event="initiative_comment",
        recipients=[resident],
        title=PAYLOAD,
        body="Lees het <b>hier</b>.",
        url="/initiatieven/",
    )
    Notification.objects.filter(title="Oud bericht").update(read_at=timezone.now())
    notify(event="initiative_comment", recipients=[other], title="Van Piet")
    Notification.objects.filter(title=PAYLOAD).update(
        message="Eerste regel\nTweede <i>regel</i>\n\nNieuwe alinea", sender_label="De <HWZ>"
    )
    client.force_login(resident)
    page = overview(client, language)
    with translation.override(language):
        expected = render_to_string(
            "portal/includes/notification_list.html",
            {"notifications": list(resident.notifications.all()[:5])},
        )
    assert squeeze(expected) in squeeze(page)
    assert "<script>alert" not in page and "Van Piet" not in page
    assert ("1 unread" if language == "en" else "1 ongelezen") in page
    assert ("Welcome, Fatma." if language == "en" else "Welkom, Fatma.") in page


def test_without_messages_the_page_says_so(client, resident):
    client.force_login(resident)
    page = overview(client)
    assert "U heeft nog geen berichten." in page and "ongelezen" not in page


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_applications_are_mijn_aanvragens_table(client, resident, other, language):
    wijk = WijkFactory()
    _applications(resident, wijk)
    _applications(other, wijk)
    Application.objects.filter(applicant=other).update(title="Van Piet")
    client.force_login(resident)
    page = overview(client, language)
    with translation.override(language):
        expected = render_to_string(
            "fonds/includes/mine_table.html",
            {"applications": own_applications(resident)[:10]},
        )
    assert squeeze(expected) in squeeze(page)
    assert "data-report-link" in expected and "<strong>" in expected
    assert "<script>alert" not in page and "Van Piet" not in page


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_meldingen_are_mijn_meldingens_table(client, resident, other, language):
    wijk = WijkFactory()
    for reporter in (resident, resident, resident, other):
        signal_services.melding_submit(
            reporter=reporter,
            signal_type="overlast",
            description="Harde muziek tot na middernacht.",
            wijk=wijk,
            address="Lindelaan 14",
            may_contact=False,
        )
    first, second, third = Melding.objects.filter(reporter=resident).order_by("pk")
    Melding.objects.filter(pk=first.pk).update(answered_at=timezone.now())
    Melding.objects.filter(pk=second.pk).update(status=MeldingStatus.WACHT_OP_MELDER)
    client.force_login(resident)
    page = overview(client, language)
    with translation.override(language):
        expected = render_to_string(
            "signalen/resident/mine_table.html",
            {"meldingen": list(Melding.objects.filter(reporter=resident))},
        )
    assert squeeze(expected) in squeeze(page)
    other_reference = Melding.objects.get(reporter=other).reference
    assert other_reference not in page
    with translation.override(language):
        all_meldingen = reverse("signalen:mine")
    assert f'href="{all_meldingen}"' not in page  # only with more than five
    for _n in range(3):
        signal_services.melding_submit(
            reporter=resident,
            signal_type="overlast",
            description="Weer.",
            wijk=wijk,
            address="Lindelaan 14",
            may_contact=False,
        )
    assert f'href="{all_meldingen}"' in overview(client, language)


def test_initiatives_and_groups_show_their_own_escaped_and_in_the_readers_language(
    client, resident, other
):
    wijk = WijkFactory(name="Maaskant & Oever")
    concept = InitiativeFactory(initiator=resident, title=PAYLOAD, wijk=wijk)
    public = InitiativeFactory(
        initiator=other, status=InitiativeStatus.GEPUBLICEERD, support_count=7, wijk=wijk
    )
    public.co_initiators.add(resident)
    InitiativeFactory(initiator=other, title="Alleen van Piet")
    group = ResidentGroup.objects.create(
        name="Tuin <groep>", slug="tuin-groep", wijk=wijk, description="d", meets_when="x"
    )
    Membership.objects.create(group=group, user=resident, status=MembershipStatus.REQUESTED)
    ended = ResidentGroup.objects.create(
        name="Oude groep", slug="oude-groep", wijk=wijk, description="d", meets_when="x"
    )
    Membership.objects.create(group=ended, user=resident, status=MembershipStatus.ENDED)
    piets = ResidentGroup.objects.create(
        name="Groep van Piet", slug="piet", wijk=wijk, description="d", meets_when="x"
    )
    Membership.objects.create(group=piets, user=other, status=MembershipStatus.ACTIVE)
    client.force_login(resident)
    page = overview(client)
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)" in page
    assert f'href="{reverse("initiatieven:edit", args=[concept.pk])}"' in page
    assert f'href="{reverse("initiatieven:detail", args=[public.pk])}"' in page
    assert f'href="{reverse("initiatieven:edit", args=[public.pk])}"' not in page
    assert "Maaskant &amp; Oever" in page and ">7</td>" in page
    assert "Alleen van Piet" not in page and "Groep van Piet" not in page
    assert "Oude groep" not in page
    assert f'href="{reverse("participatie:group", args=["tuin-groep"])}"' in page
    assert "Tuin &lt;groep&gt;" in page and "Aangemeld, wacht op goedkeuring" in page
    english = overview(client, "en")
    assert "My initiatives" in english and "Mijn initiatieven" not in english
    assert "Requested, awaiting approval" in english and "Published" in english
    assert "Aangemeld, wacht op goedkeuring" not in english
    # and back: the labels are kept per language, not the first one asked
    assert "Mijn initiatieven" in overview(client) and "My initiatives" not in overview(client)


def test_without_initiatives_or_groups(client, resident):
    client.force_login(resident)
    page = overview(client)
    assert "U heeft nog geen initiatief ingediend." in page
    assert "Mijn bewonersgroepen" not in page
    assert "U heeft nog geen bijdrage aangevraagd." in page
    assert "U heeft nog geen meldingen gedaan." in page


def test_measures_are_read_only_for_who_has_one_and_show_at_once(client, resident):
    coordinator = UserFactory(role="coordinator")
    client.force_login(resident)
    client.get("/mijn/")
    with CaptureQueriesContext(connection) as queries:
        page = overview(client)
    measure_queries = [q["sql"] for q in queries if "portal_participationmeasure" in q["sql"]]
    # only the EXISTS in the role facts, which every request reads anyway
    assert len(measure_queries) == 1 and "EXISTS" in measure_queries[0]
    assert "Maatregelen voor uw account" not in page
    services.measure_impose(
        user=resident, by=coordinator, scope="reageren", duration="week", reason="Schelden"
    )
    page = overview(client)
    assert "Maatregelen voor uw account" in page and "Schelden" in page
    client.force_login(UserFactory(role="huurder"))
    assert "Schelden" not in overview(client)


def test_only_who_may_advise_gets_the_link_to_the_advice_requests(client, resident):
    from .factories import with_two_factor

    advice = reverse("fonds:advice_list")
    client.force_login(resident)
    assert f'href="{advice}"' not in overview(client)
    adviser = with_two_factor(UserFactory(role="hwz-moderator"))
    client.force_login(adviser)
    page = overview(client)
    assert f'href="{advice}"' in page and "Adviesvragen voor de HWZ" in page
