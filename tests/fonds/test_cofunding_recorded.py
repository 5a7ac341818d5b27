"""What localstripe cannot show: it ignores the Idempotency-Key header and does not
return a PaymentIntent's payment_method_types. These tests run the stripe library against
a recorded HTTP exchange with Stripe (the request we send, the answer Stripe gives, taken
from Stripe's API reference for POST /v1/payment_intents) and check what we send."""

from __future__ import annotations

import json
from decimal import Decimal
from urllib.parse import parse_qs

import pytest
import stripe

from fonds import services
from fonds.models import Donation
from tests.fonds.cofunding_helpers import make_grant, switch_on

pytestmark = pytest.mark.django_db

# Stripe's answer to the creation of a PaymentIntent (abridged, as recorded).
RECORDED_INTENT = {
    "id": "pi_3RecordedA1b2C3d4",
    "object": "payment_intent",
    "amount": 1250,
    "amount_received": 0,
    "client_secret": "pi_3RecordedA1b2C3d4_secret_Rec0rded",
    "currency": "eur",
    "livemode": False,
    "metadata": {},
    "payment_method_types": ["ideal", "card"],
    "status": "requires_payment_method",
}


class RecordedStripe(stripe.HTTPClient):
    """Answers every request with the recorded PaymentIntent (as Stripe does for a
    request with an idempotency key it has seen), and keeps what was sent."""

    name = "recorded"

    def __init__(self):
        super().__init__()
        self.sent = []

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        self.sent.append((method, url, dict(headers or {}), post_data))
        return json.dumps(RECORDED_INTENT), 200, {"Request-Id": "req_recorded"}

    def request_with_retries(self, method, url, headers, post_data=None, *a, **kw):
        return (*self.request(method, url, headers, post_data),)

    def close(self):
        pass


@pytest.fixture
def recorded(settings, monkeypatch):
    switch_on(settings, "https://api.stripe.com")
    transport = RecordedStripe()
    monkeypatch.setattr("stripe._stripe_client.new_default_http_client", lambda *a, **kw: transport)
    return transport


def test_a_payment_intent_is_made_once_per_form(recorded, make_application, coordinator, fund_year):
    _initiative, application = make_grant(make_application, coordinator)
    first, secret = services.donation_start(
        application=application, amount=Decimal("12.50"), email="a@example.nl", key="k1"
    )
    again, again_secret = services.donation_start(
        application=application, amount=Decimal("12.50"), email="a@example.nl", key="k1"
    )
    assert again == first and secret == again_secret == RECORDED_INTENT["client_secret"]
    assert Donation.objects.count() == 1
    assert first.payment_intent_id == RECORDED_INTENT["id"]

    (method, url, headers, body), (_m, _u, headers_again, _b) = recorded.sent
    assert method == "post" and url == "https://api.stripe.com/v1/payment_intents"
    assert headers["Idempotency-Key"] == headers_again["Idempotency-Key"] == "fijnewijk-donation-k1"
    assert headers["Authorization"] == "Bearer sk_test_fijnewijk"
    sent = parse_qs(body)
    assert sent["amount"] == ["1250"] and sent["currency"] == ["eur"]
    assert sent["payment_method_types[0]"] == ["ideal"]
    assert sent["payment_method_types[1]"] == ["card"]
    assert sent["metadata[donation]"] == [str(first.pk)]
    assert sent["metadata[application]"] == [application.reference]


def test_stripe_down_loses_nothing_and_says_so_in_dutch(
    settings, monkeypatch, make_application, coordinator, fund_year
):
    switch_on(settings, "http://127.0.0.1:9")  # nothing listens there
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    _initiative, application = make_grant(make_application, coordinator)
    with pytest.raises(Exception) as refused:
        services.donation_start(
            application=application, amount=Decimal("5"), email="a@example.nl", key="k2"
        )
    assert "kon nu niet worden gestart" in " ".join(refused.value.messages)
    assert not Donation.objects.exists()
