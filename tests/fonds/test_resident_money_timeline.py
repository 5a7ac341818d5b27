"""The resident's one timeline in Mijn aanvragen, from the grant to the last payment and
the approved report: at every stage the next step with its date at the top, the tranches
paid and planned, a failed payment with what to do, the report, money asked back and
contributions; never another resident's application."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from fonds import services
from fonds.models import (
    Donation,
    FundSettings,
    PaymentBatch,
    PayoutStatus,
    Reclaim,
    ReportStatus,
    Status,
)
from fonds.selectors import money_parts, resident_next_step, resident_timeline
from tests.fonds.payout_factories import (
    DonationFactory,
    PayoutFactory,
    ReclaimFactory,
)
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db
D = Decimal
AMS = dt.timezone(dt.timedelta(hours=1))  # Amsterdam in winter


def at(year, month, day, hour=12):
    return time_machine.travel(dt.datetime(year, month, day, hour, tzinfo=AMS), tick=False)


@pytest.fixture
def back_office(db):
    return UserFactory(role="ondersteuner-sociaal-beheer")


@pytest.fixture
def grant(fund_year, make_application, applicant, reviewer):
    """Granted € 1.000 on 26 November 2026 (services.application_decide, which makes the
    payout plan): an advance of € 700 due at once and the rest of € 300 after the report,
    which is due 14 February 2027 (eight weeks after the activity on 20 December)."""
    FundSettings.objects.create(confirmation_threshold=Decimal("100000"))
    application = make_application(
        Status.IN_BEHANDELING,
        Decimal("1000.00"),
        reviewer=reviewer,
        activity_date=dt.date(2026, 12, 20),
    )
    with at(2026, 11, 26, 10):
        services.application_decide(
            application=application, user=reviewer, outcome="toegekend", reason="Goed plan"
        )
    application.refresh_from_db()
    advance, rest = application.payouts.order_by("number")
    assert (advance.amount, rest.amount, rest.after_report) == (D("700"), D("300"), True)
    report = application.report  # opened at the grant (services.report_open)
    assert report.due_date == dt.date(2027, 2, 14)
    return application, advance, rest, report


def now_says(application) -> str:
    """The next step as read (the euro sign's non-breaking space as a space)."""
    return resident_next_step(application).text.replace("\xa0", " ")


def set_status(obj, status, **fields):
    """A report's (or a contribution's) status as its own helper's service leaves it."""
    obj.status = status
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()


def send(payout, back_office, coordinator):
    """Prepared by the back office, approved by a coordinator, into a SEPA batch."""
    payout = services.payout_prepare(payout=payout, user=back_office)
    payout = services.payout_approve(payout=payout, user=coordinator)
    batch = PaymentBatch.objects.create(
        message_id=f"FW-B-{payout.pk}-{payout.end_to_end_id[-6:]}",
        created_by=back_office,
        execution_date=timezone.localdate(),
        debtor_iban="NL91ABNA0417164300",
        count=1,
        total=payout.amount,
        xml="<Document/>",
        sha256="0" * 64,
    )
    services.payouts_into_batch(payouts=[payout], batch=batch, user=back_office)
    payout.refresh_from_db()
    return payout


def test_the_next_step_at_every_stage(grant, back_office, coordinator):
    application, advance, rest, report = grant
    with at(2026, 11, 26):
        assert now_says(application) == (
            "Uw voorschot van € 700,00 wordt rond 26 november 2026 betaald."
        )
    with at(2026, 11, 30):  # due, not yet paid: never a date in the past
        assert "rond 30 november 2026" in now_says(application)
        advance = send(advance, back_office, coordinator)
        assert now_says(application) == "Uw voorschot van € 700,00 is onderweg naar uw rekening."
        services.payout_paid(payout=advance, paid_on=dt.date(2026, 11, 30), user=back_office)
    with at(2026, 12, 2):
        assert now_says(application) == (
            "Na uw activiteit op 20 december 2026: lever uw verantwoording in vóór "
            "14 februari 2027."
        )
    with at(2026, 12, 21):
        assert now_says(application) == "Lever uw verantwoording in vóór 14 februari 2027."
        set_status(report, ReportStatus.INGEDIEND)
        assert now_says(application).startswith("Wij beoordelen uw verantwoording.")
    with at(2027, 1, 4):
        set_status(report, ReportStatus.AANVULLEN, review_note="Stuur ook de bon van de huur.")
        assert now_says(application) == "Vul uw verantwoording aan vóór 14 februari 2027."
        set_status(report, ReportStatus.INGEDIEND)
    with at(2027, 1, 6):
        set_status(report, ReportStatus.GOEDGEKEURD)
        assert now_says(application) == (
            "Uw restant van € 300,00 wordt rond 14 februari 2027 betaald."
        )
        rest = send(rest, back_office, coordinator)
        services.payout_failed(payout=rest, reason="Rekening opgeheven", user=back_office)
        said = now_says(application)
        assert "€ 300,00 is niet gelukt (Rekening opgeheven)" in said
        assert "Controleer of het rekeningnummer" in said
        rest.refresh_from_db()
        rest = send(rest, back_office, coordinator)
        services.payout_paid(payout=rest, paid_on=dt.date(2027, 1, 6), user=back_office)
    with at(2027, 1, 21):
        assert now_says(application).startswith("Uw aanvraag is afgerond")
        reclaim = services.reclaim_request(
            application=application, amount=D("50.00"), reason="Minder uitgegeven", user=coordinator
        )
        assert now_says(application) == (
            f"Maak € 50,00 over vóór 20 februari 2027, onder vermelding van {reclaim.reference}. "
            "Het rekeningnummer staat in onze brief."
        )
        services.reclaim_received(
            reclaim=reclaim, received_on=dt.date(2027, 1, 21), user=back_office
        )
        assert now_says(application).startswith("Uw aanvraag is afgerond")
    titles = [step.title.replace("\xa0", " ") for step in resident_timeline(application)]
    for title in [
        "Voorschot van € 700,00 betaald",
        "Betaling van € 300,00 niet gelukt",
        "Restant van € 300,00 betaald",
        "Wij vragen € 50,00 terug",
        "Terugbetaling van € 50,00 ontvangen",
        "Verantwoording goedgekeurd",
    ]:
        assert title in titles, title


def test_the_timeline_tells_the_whole_story_in_order(grant, back_office, coordinator):
    application, advance, rest, report = grant
    with at(2026, 12, 8):
        advance = send(advance, back_office, coordinator)
        services.payout_paid(payout=advance, paid_on=dt.date(2026, 12, 8), user=back_office)
    with at(2026, 12, 10):
        DonationFactory(
            application=application,
            amount=Decimal("25.00"),
            matched_amount=Decimal("25.00"),
            show_name=True,
        )
        DonationFactory(application=application, name="Geheim", show_name=False)
        DonationFactory(
            application=application,
            status=Donation.Status.OPEN,
            paid_at=None,
            name="Nog niet betaald",
        )
    with at(2027, 1, 4):
        set_status(report, ReportStatus.INGEDIEND)
        set_status(report, ReportStatus.AANVULLEN, review_note="Stuur ook de bon van de huur.")
    with at(2027, 1, 5):
        steps = resident_timeline(application)
    titles = [step.title.replace("\xa0", " ") for step in steps]
    assert titles.index("Toegekend") < titles.index("Voorschot van € 700,00 betaald")
    assert titles.index("Voorschot van € 700,00 betaald") < titles.index(
        "Bijdrage van € 25,00 ontvangen"
    )
    asked = next(s for s in steps if s.title == "Wij vroegen een aanvulling op uw verantwoording")
    assert asked.text == "Stuur ook de bon van de huur."
    donations = [s for s in steps if s.kind == "donation"]
    assert len(donations) == 2  # the open one is not money received
    assert "Bakkerij De Linde" in donations[0].text and "legde €\xa025,00 bij" in donations[0].text
    assert "Geheim" not in donations[1].text
    planned = [s for s in steps if s.state == "planned"]
    assert steps[-len(planned) :] == planned  # what is still to come comes last
    assert [s.title.replace("\xa0", " ") for s in planned] == [
        "Aanvulling op uw verantwoording inleveren",
        "Restant van € 300,00",
    ]
    assert "In behandeling" in titles and "Verantwoording ingediend" in titles


def test_the_page_shows_the_next_step_and_the_timeline(
    client, grant, applicant, back_office, coordinator
):
    application, advance, rest, report = grant
    advance = send(advance, back_office, coordinator)
    services.payout_failed(payout=advance, reason="IBAN onbekend bij de bank", user=back_office)
    client.force_login(applicant)
    with at(2026, 12, 9):
        page = client.get(reverse("fonds:mine_detail", args=[application.pk])).content.decode()
    top = page.split("data-next-step")[1].split("</section>")[0]
    assert "IBAN onbekend bij de bank" in top and "Controleer" in top
    timeline = page.split("data-resident-timeline")[1]
    assert 'data-state="problem"' in timeline and "Actie nodig" in timeline
    assert "Gepland" in timeline and "zondag 14 februari 2027" in timeline
    assert "None" not in page


def test_another_resident_never_sees_it(client, grant):
    application = grant[0]
    client.force_login(UserFactory(role="huurder"))
    assert client.get(reverse("fonds:mine_detail", args=[application.pk])).status_code == 404
    assert client.get(reverse("fonds:mine_detail", args=[application.pk + 1000])).status_code == 404


def test_the_page_takes_the_same_queries_however_long_the_story(
    client, grant, applicant, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    application = grant[0]
    client.force_login(applicant)
    url = reverse("fonds:mine_detail", args=[application.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for n in range(8):
        DonationFactory(application=application)
        ReclaimFactory(
            application=application,
            status=Reclaim.Status.RECEIVED,
            received_on=dt.date(2026, 12, 1 + n),
        )
        PayoutFactory(
            application=application,
            number=10 + n,
            status=PayoutStatus.BETAALD,
            paid_on=dt.date(2026, 12, 1 + n),
        )
    with django_assert_max_num_queries(len(before)):
        page = client.get(url).content.decode()
    assert page.count('data-kind="donation"') == 8
    # One query per kind of part (application, payouts, reclaims, report with its
    # costs and files, donations, ledger, history), however many of each.
    with django_assert_max_num_queries(10):
        parts = money_parts(application)
        resident_timeline(application, parts)
        resident_next_step(application, parts)


def test_before_a_payout_plan_the_old_words_stay(fund_year, make_application, applicant):
    application = make_application(Status.INGEDIEND)
    assert resident_next_step(application).text.startswith("Wij bevestigen")
    assert all(step.kind != "payout" for step in resident_timeline(application))
