"""Co-funding through Stripe, end to end against localstripe (a Stripe-compatible server
that scripts/test.sh starts on 127.0.0.1): the contribution form makes a PaymentIntent,
the test pays it as Stripe.js would, and sends the event localstripe made to our webhook,
signed as Stripe signs it. Without localstripe these tests skip (by hand) or fail
(`make test`, STRIPE_REQUIRED)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import stripe
from django.core.exceptions import ValidationError
from django.urls import reverse

from fonds import services, stripe_client
from fonds.models import Donation, FundYear, LedgerEntry, StripeEvent
from initiatieven import services as initiative_services
from tests.fonds.cofunding_helpers import (
    event_for,
    localstripe_base,
    make_grant,
    pay_with_card,
    post_event,
    sign,
    switch_on,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stripe_on(settings, db):
    switch_on(settings, localstripe_base())


@pytest.fixture
def grant(make_application, coordinator, fund_year):
    return make_grant(make_application, coordinator)


def contribute(client, initiative, amount="25", **fields):
    data = {"amount": amount, "email": "gever@example.nl", "is_business": "0", **fields}
    return client.post(reverse("fonds:contribute", args=[initiative.pk]), data)


def start(client, initiative, amount="25", **fields) -> Donation:
    response = contribute(client, initiative, amount, **fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Donation.objects.order_by("-pk").first()


def paid(client, donation, *, event_kind="payment_intent.succeeded"):
    pay_with_card(donation.payment_intent_id)
    event = event_for(donation.payment_intent_id, event_kind)
    response = post_event(client, event)
    assert response.status_code == 200
    donation.refresh_from_db()
    return event, response


def matched_total(application) -> Decimal:
    return services.application_money(application)["matched"]


def test_a_contribution_is_paid_through_stripe_and_matched(client, stripe_on, grant):
    initiative, application = grant
    page = client.get(reverse("initiatieven:detail", args=[initiative.pk]))
    assert b"data-contribution" in page.content
    assert reverse("fonds:contribute", args=[initiative.pk]).encode() in page.content

    response = contribute(client, initiative, "25,50", name="Bakkerij Zoet", show_name="on")
    assert response.status_code == 302
    donation = Donation.objects.get()
    assert donation.status == Donation.Status.OPEN
    assert donation.amount == Decimal("25.50")
    assert donation.payment_intent_id.startswith("pi_")
    intent = stripe_client.client().v1.payment_intents.retrieve(donation.payment_intent_id)
    assert intent.amount == 2550 and intent.currency == "eur"
    assert intent.metadata["donation"] == str(donation.pk)
    assert intent.metadata["application"] == application.reference

    # The payment step: Stripe.js cannot load here, so the page says so in Dutch.
    step = client.get(response["Location"])
    assert step.status_code == 200
    assert b"data-payment-form" in step.content
    assert b"data-stripe-missing" in step.content
    assert intent.client_secret.encode() in step.content
    assert "js.stripe.com" in step.headers["Content-Security-Policy"]

    event, answer = paid(client, donation)
    assert answer.content == b"paid"
    assert donation.status == Donation.Status.BETAALD and donation.paid_at
    assert donation.matched_amount == Decimal("25.50")
    assert matched_total(application) == Decimal("25.50")
    assert StripeEvent.objects.get(event_id=event["id"]).donation == donation

    page = client.get(reverse("initiatieven:detail", args=[initiative.pk]))
    text = page.content.decode().replace("\xa0", " ")
    assert "Samen opgehaald: € 51,00" in text
    done = client.get(response["Location"] + "klaar/")
    assert "Wij hebben uw bijdrage van € 25,50 ontvangen" in done.content.decode().replace(
        "\xa0", " "
    )


def test_matching_stops_at_the_cap(client, stripe_on, make_application, coordinator, fund_year):
    initiative, application = make_grant(make_application, coordinator, cap=Decimal("30.00"))
    first = start(client, initiative, "20")
    paid(client, first)
    second = start(client, initiative, "20")
    paid(client, second)
    assert (first.matched_amount, second.matched_amount) == (Decimal("20.00"), Decimal("10.00"))
    assert matched_total(application) == Decimal("30.00")
    third = start(client, initiative, "5")
    paid(client, third)
    assert third.status == Donation.Status.BETAALD and third.matched_amount == 0
    assert matched_total(application) == Decimal("30.00")


def test_matching_never_above_the_available_budget(
    client, stripe_on, make_application, coordinator
):
    FundYear.objects.create(year=2026, budget=Decimal("510.00"))
    initiative, application = make_grant(make_application, coordinator)  # commits 500
    donation = start(client, initiative, "100")
    paid(client, donation)
    assert donation.matched_amount == Decimal("10.00")
    with pytest.raises(ValidationError) as refused:
        services.ledger_match(application=application, amount=Decimal("1.00"), user=None)
    assert "hoogstens €\xa00,00 bijleggen" in refused.value.messages[0]
    assert services.application_money(application)["used"] == Decimal("510.00")


def test_a_wrong_or_missing_signature_books_nothing(client, stripe_on, grant):
    initiative, _application = grant
    donation = start(client, initiative)
    pay_with_card(donation.payment_intent_id)
    event = event_for(donation.payment_intent_id, "payment_intent.succeeded")
    import json

    payload = json.dumps(event).encode()
    forged = sign(payload, secret="whsec_someone_else")
    assert post_event(client, payload, signature=forged).status_code == 400
    assert post_event(client, payload, signature="").status_code == 400
    assert post_event(client, payload, signature="t=1,v1=00").status_code == 400
    old = sign(payload, timestamp=1)  # a replay of long ago
    assert post_event(client, payload, signature=old).status_code == 400
    # The body changed after signing.
    signature = sign(payload)
    assert post_event(client, payload + b" ", signature=signature).status_code == 400
    assert not StripeEvent.objects.exists()
    donation.refresh_from_db()
    assert donation.status == Donation.Status.OPEN
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.MATCHED).exists()


def test_the_same_event_twice_books_once(client, stripe_on, grant):
    initiative, application = grant
    donation = start(client, initiative, "40")
    event, _answer = paid(client, donation)
    again = post_event(client, event)
    assert again.status_code == 200 and again.content == b"already"
    assert StripeEvent.objects.filter(event_id=event["id"]).count() == 1
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.MATCHED).count() == 1
    assert matched_total(application) == Decimal("40.00")


def test_two_events_for_one_payment_book_once(client, stripe_on, grant):
    initiative, application = grant
    donation = start(client, initiative, "40")
    event, _answer = paid(client, donation)
    other = {**event, "id": event["id"] + "x"}  # Stripe sends a payment's news again
    answer = post_event(client, other)
    assert answer.status_code == 200 and answer.content == b"already"
    assert StripeEvent.objects.count() == 2
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.MATCHED).count() == 1
    assert matched_total(application) == Decimal("40.00")


def test_a_declined_card_marks_the_contribution_failed(client, stripe_on, grant):
    initiative, _application = grant
    donation = start(client, initiative)
    with pytest.raises(stripe.CardError):
        pay_with_card(donation.payment_intent_id, number="4000000000000341")
    event = event_for(donation.payment_intent_id, "payment_intent.payment_failed")
    assert post_event(client, event).content == b"failed"
    donation.refresh_from_db()
    assert donation.status == Donation.Status.MISLUKT and donation.matched_amount == 0
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.MATCHED).exists()


def test_withdrawing_the_grant_refunds_contributors_through_stripe(
    client, stripe_on, grant, applicant
):
    initiative, application = grant
    donation = start(client, initiative, "30")
    paid(client, donation)
    services.application_withdraw(application=application, user=applicant)
    donation.refresh_from_db()
    assert donation.status == Donation.Status.TERUGBETAALD
    assert donation.refund_id.startswith("re_")
    refund = stripe_client.client().v1.refunds.retrieve(donation.refund_id)
    assert refund.status == "succeeded" and refund.amount == 3000
    money = services.application_money(application)
    assert money["used"] == 0 and money["matched"] == Decimal("30.00")

    # Stripe then reports the refund: booked once, nothing changes.
    charge = stripe_client.client().v1.charges.retrieve(refund.charge)
    event = {
        "id": "evt_refund_" + donation.payment_intent_id,
        "object": "event",
        "type": "charge.refunded",
        "data": {"object": charge.to_dict()},
    }
    assert post_event(client, event).content == b"already"
    assert services.application_money(application)["used"] == 0


def test_withdrawing_the_initiative_refunds_and_releases_the_matching(client, stripe_on, grant):
    initiative, application = grant
    donation = start(client, initiative, "30")
    paid(client, donation)
    initiative_services.initiative_transition(
        initiative=initiative, name="withdraw", user=initiative.initiator, reason="Gaat niet door"
    )
    donation.refresh_from_db()
    assert donation.status == Donation.Status.TERUGBETAALD
    released = LedgerEntry.objects.get(application=application, kind=LedgerEntry.Kind.RELEASED)
    assert released.amount == Decimal("30.00")
    assert services.application_money(application)["used"] == Decimal("500.00")
    # Once is enough: no second refund at Stripe, nothing booked twice.
    assert services.donations_refund(application=application, user=None, reason="nog eens") == 0


def test_an_activity_that_did_not_happen_refunds_its_contributors(
    client, stripe_on, grant, applicant
):
    initiative, application = grant
    donation = start(client, initiative, "30")
    paid(client, donation)
    report = services.report_open(application=application)
    services.report_not_happened(report=report, user=applicant, reason="Te weinig aanmeldingen")
    donation.refresh_from_db()
    assert donation.status == Donation.Status.TERUGBETAALD
    application.refresh_from_db()
    assert application.status == "vervallen"
    money = services.application_money(application)
    assert money["used"] == 0 and money["open"] == 0


def test_a_refund_reported_by_stripe_books_once(client, stripe_on, grant):
    """localstripe makes no charge.refunded event: the refund is real (made at
    localstripe), the event is built from its charge as Stripe would send it."""
    initiative, application = grant
    donation = start(client, initiative, "30")
    paid(client, donation)
    page = client.get(reverse("initiatieven:detail", args=[initiative.pk]))  # kept in the cache
    assert "Samen opgehaald: € 60,00" in page.content.decode().replace("\xa0", " ")
    refund = stripe_client.client().v1.refunds.create(
        params={"payment_intent": donation.payment_intent_id}
    )
    charge = stripe_client.client().v1.charges.retrieve(refund.charge).to_dict()
    charge["refunds"] = {"object": "list", "data": [{"id": refund.id}]}
    event = {"id": "evt_r1", "object": "event", "type": "charge.refunded"}
    event["data"] = {"object": charge}
    assert post_event(client, event).content == b"refunded"
    assert post_event(client, {**event, "id": "evt_r2"}).content == b"already"
    donation.refresh_from_db()
    assert donation.status == Donation.Status.TERUGBETAALD and donation.refund_id == refund.id
    assert services.application_money(application)["used"] == Decimal("500.00")
    page = client.get(reverse("initiatieven:detail", args=[initiative.pk]))
    assert "Samen opgehaald: € 0,00" in page.content.decode().replace("\xa0", " ")


def test_a_double_click_makes_one_payment(client, stripe_on, grant):
    initiative, _application = grant
    client.get(reverse("fonds:contribute", args=[initiative.pk]))  # the CSRF cookie
    data = {
        "amount": "10",
        "email": "gever@example.nl",
        "is_business": "1",
        "submission_token": "a" * 32,
    }
    url = reverse("fonds:contribute", args=[initiative.pk])
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Donation.objects.count() == 1
    assert Donation.objects.get().is_business


def test_bad_amounts_get_dutch_messages_and_keep_what_was_typed(client, stripe_on, grant):
    initiative, _application = grant
    cases = {
        "NaN": "in cijfers",
        "1e100": "zonder e-notatie",
        "-5": "niet negatief",
        "0,50": "minstens € 1",
        "10000,01": "hoogstens € 10.000",
        "12\x00": "",
    }
    for amount, message in cases.items():
        response = contribute(client, initiative, amount, name="Jan de Vries")
        assert response.status_code == 400, amount
        text = response.content.decode()
        assert message in text, (amount, re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]+)', text))
        assert 'value="Jan de Vries"' in text
    assert contribute(client, initiative, "5", name="Jan\nde Vries").status_code == 400
    assert contribute(client, initiative, "5", email="geen-adres").status_code == 400
    assert not Donation.objects.exists()


def test_without_keys_the_contribution_is_hidden_and_the_webhook_answers_503(
    client, settings, grant
):
    initiative, _application = grant
    assert not stripe_client.enabled()
    page = client.get(reverse("initiatieven:detail", args=[initiative.pk]))
    assert page.status_code == 200 and b"data-contribution" not in page.content
    assert client.get(reverse("fonds:contribute", args=[initiative.pk])).status_code == 404
    assert post_event(client, {"id": "evt_1", "type": "x"}).status_code == 503
    assert client.get(reverse("fonds:stripe_webhook")).status_code == 405


def test_no_contribution_to_an_initiative_without_a_live_grant(
    client, settings, make_application, coordinator, fund_year
):
    switch_on(settings)
    initiative, application = make_grant(make_application, coordinator)
    assert client.get(reverse("fonds:contribute", args=[initiative.pk])).status_code == 200
    application.status = "ingetrokken"
    application.save()
    assert client.get(reverse("fonds:contribute", args=[initiative.pk])).status_code == 404
    page = client.get(reverse("initiatieven:detail", args=[initiative.pk]))
    assert b"data-contribution" not in page.content
    # Another initiative's donation link, or a made-up one: not found.
    made_up = reverse("fonds:contribute_pay", args=[initiative.pk, "x:y"])
    assert client.get(made_up).status_code == 404


def test_the_coordinator_pays_one_contribution_back_from_the_admin(
    client, stripe_on, grant, coordinator, reviewer, applicant, wijk
):
    from django.test import Client

    from tests.fonds.conftest import staff_client

    initiative, application = grant
    donation = start(client, initiative, "15", name="Bakkerij Zoet")
    paid(client, donation)
    kept = start(client, initiative, "7")
    paid(client, kept)
    url = reverse("fonds_donation_refund", args=[donation.pk])
    page_url = reverse("fonds_application:inspect", args=[application.pk])

    reviewer.werkgebied.add(wijk)
    as_reviewer = staff_client(Client(), reviewer)
    page = as_reviewer.get(page_url)
    assert page.status_code == 200
    assert b"data-donations" in page.content and url.encode() not in page.content
    assert as_reviewer.post(url, {"reason": "Dubbel"}).status_code == 404
    as_resident = Client()
    as_resident.force_login(applicant)
    assert as_resident.post(url, {"reason": "Dubbel"}).status_code in (302, 403, 404)
    donation.refresh_from_db()
    assert donation.status == Donation.Status.BETAALD

    as_coordinator = staff_client(Client(), coordinator)
    page = as_coordinator.get(page_url)
    text = page.content.decode().replace("\xa0", " ")
    assert url in text and "Bakkerij Zoet" in text
    assert "Betaald € 22,00, verdubbeld door het fonds € 22,00" in text
    refused = as_coordinator.post(url, {"reason": "\x00"}, follow=True)
    assert "Schrijf erbij waarom" in refused.content.decode()
    done = as_coordinator.post(url, {"reason": "Op verzoek van de gever"}, follow=True)
    assert "is terugbetaald" in done.content.decode()
    donation.refresh_from_db()
    kept.refresh_from_db()
    assert donation.status == Donation.Status.TERUGBETAALD and donation.refund_id
    assert kept.status == Donation.Status.BETAALD
    assert services.application_money(application)["used"] == Decimal("507.00")
    again = as_coordinator.post(url, {"reason": "Nog eens"}, follow=True)
    assert "niet (meer) betaald" in again.content.decode()


def test_matched_money_is_a_tranche_of_the_payout_plan(client, stripe_on, grant, coordinator):
    from fonds.models import Payout, PayoutStatus

    initiative, application = grant
    services.payout_plan_create(application=application, user=coordinator)
    donation = start(client, initiative, "40")
    paid(client, donation)
    tranche = Payout.objects.get(application=application, kind=Payout.Kind.MATCH)
    assert tranche.amount == Decimal("40.00") and tranche.status == PayoutStatus.GEPLAND
    assert not tranche.after_report
    planned = application.payouts.exclude(status=PayoutStatus.GEANNULEERD)
    assert sum(p.amount for p in planned) == Decimal("540.00")

    services.donation_refund(donation=donation, user=coordinator, reason="Op verzoek")
    tranche.refresh_from_db()
    assert tranche.status == PayoutStatus.GEANNULEERD
    planned = application.payouts.exclude(status=PayoutStatus.GEANNULEERD)
    assert sum(p.amount for p in planned) == Decimal("500.00")
    money = services.application_money(application)
    assert money["used"] == Decimal("500.00") and money["open"] == Decimal("500.00")


def test_the_initiative_page_costs_the_same_with_many_contributions(
    client,
    settings,
    no_page_cache,
    make_application,
    coordinator,
    fund_year,
    django_assert_max_num_queries,
):
    """The total and the names come from two queries, however many gave (rows made
    here directly: the payments themselves are tested against localstripe above)."""
    switch_on(settings)
    initiative, application = make_grant(make_application, coordinator)
    url = reverse("initiatieven:detail", args=[initiative.pk])

    def give(count):
        for n in range(count):
            Donation.objects.create(
                application=application,
                amount=Decimal("10"),
                matched_amount=Decimal("10"),
                name=f"Gever {n}",
                show_name=n % 2 == 0,
                email="g@example.nl",
                status=Donation.Status.BETAALD,
                payment_intent_id=f"pi_q{count}_{n}",
            )

    give(1)
    client.get(url)  # settings and caches warm
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    give(12)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url)
    text = page.content.decode().replace("\xa0", " ")
    assert "Samen opgehaald: € 260,00" in text
    assert "Gever 0" in text and "Gever 1," not in text


def test_a_payment_link_only_opens_for_its_own_initiative(
    client, settings, make_application, coordinator, fund_year
):
    from django.core import signing

    from fonds.cofunding_views import SALT

    switch_on(settings)
    initiative, application = make_grant(make_application, coordinator)
    other, _other_application = make_grant(make_application, coordinator)
    donation = Donation.objects.create(
        application=application,
        amount=Decimal("10"),
        email="g@example.nl",
        status=Donation.Status.BETAALD,
        payment_intent_id="pi_link",
    )
    token = signing.dumps(donation.pk, salt=SALT)
    done = reverse("fonds:contribute_done", args=[initiative.pk, token])
    assert client.get(done).status_code == 200
    # The same link on another initiative, another donation's number, a forged link.
    assert client.get(reverse("fonds:contribute_done", args=[other.pk, token])).status_code == 404
    forged = signing.dumps(donation.pk + 1, salt=SALT)
    assert (
        client.get(reverse("fonds:contribute_pay", args=[initiative.pk, forged])).status_code == 404
    )
    unsigned = signing.dumps(donation.pk, salt="iets anders")
    assert (
        client.get(reverse("fonds:contribute_pay", args=[initiative.pk, unsigned])).status_code
        == 404
    )
    # A paid contribution's payment step says so and asks Stripe nothing.
    page = client.get(reverse("fonds:contribute_pay", args=[initiative.pk, token]))
    assert page.status_code == 200 and b"data-payment-status" in page.content
    # An initiative nobody may see yet: no contribution page.
    initiative.status = "concept"
    initiative.save()
    assert client.get(reverse("fonds:contribute", args=[initiative.pk])).status_code == 404
    assert client.get(reverse("fonds:contribute", args=[999999])).status_code == 404


def test_events_we_cannot_match_are_kept_once_and_book_nothing(
    client, settings, make_application, coordinator, fund_year
):
    """Events built here as Stripe sends them (no Stripe call is made on the webhook)."""
    from fonds.models import Application, Status

    switch_on(settings)
    initiative, _application = make_grant(make_application, coordinator)
    # A grant from before the ledger: nothing committed to match against.
    legacy = make_application(
        status=Status.TOEGEKEND,
        initiative=initiative,
        granted_amount=Decimal("100"),
        applicant_kind=Application.ApplicantKind.INITIATIVE,
    )
    donation = Donation.objects.create(
        application=legacy, amount=Decimal("10"), email="g@example.nl", payment_intent_id="pi_x"
    )

    def event(event_id, intent_id, amount=1000, currency="eur"):
        intent = {"id": intent_id, "object": "payment_intent", "amount": amount}
        intent |= {"amount_received": amount, "currency": currency}
        return {"id": event_id, "type": "payment_intent.succeeded", "data": {"object": intent}}

    assert post_event(client, event("evt_u", "pi_unknown")).content == b"unknown"
    assert post_event(client, event("evt_m", "pi_x", amount=999)).content == b"mismatch"
    assert post_event(client, event("evt_e", "pi_x", currency="usd")).content == b"mismatch"
    donation.refresh_from_db()
    assert donation.status == Donation.Status.OPEN
    assert post_event(client, event("evt_ok", "pi_x")).content == b"paid"
    donation.refresh_from_db()
    assert donation.status == Donation.Status.BETAALD and donation.matched_amount == 0
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.MATCHED).exists()
    assert StripeEvent.objects.count() == 4
    # Not JSON, or JSON but no event: refused, nothing kept.
    assert post_event(client, b"not json").status_code == 400
    assert post_event(client, b"[1, 2]").status_code == 400
    assert (
        post_event(client, {"id": "evt_bad", "type": "payment_intent.succeeded"}).status_code == 400
    )
    assert StripeEvent.objects.count() == 4


@pytest.mark.parametrize("body", [b"[1, 2]", b'"tekst"', b"null", b'{"id": 1}', b"\xff\xfe"])
def test_a_signed_body_that_is_no_event_is_refused(client, settings, body):
    switch_on(settings)
    assert post_event(client, body).status_code == 400
    assert not StripeEvent.objects.exists()
