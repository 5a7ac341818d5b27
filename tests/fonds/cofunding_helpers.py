"""Shared pieces of the co-funding tests: localstripe (started by scripts/test.sh, or by
hand with `python scripts/localstripe_server.py PORT` and STRIPE_API_BASE), a funded
initiative, and Stripe webhook events signed the way Stripe signs them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import socket
import time
import urllib.request
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from fonds import services
from fonds.models import Application, FundSettings, Status
from initiatieven.models import Status as InitiativeStatus
from tests.initiatieven.factories import InitiativeFactory

NO_LOCALSTRIPE = (
    "no localstripe running: `make test` starts one; by hand, run "
    "`.venv/bin/python scripts/localstripe_server.py 8420` and set "
    "STRIPE_API_BASE=http://127.0.0.1:8420"
)


def localstripe_base() -> str:
    base = django_settings.LOCALSTRIPE["api_base"]
    reachable = False
    if base:
        address = urlparse(base)
        try:
            socket.create_connection((address.hostname, address.port), timeout=1).close()
            reachable = True
        except OSError:
            reachable = False
    if not reachable:
        if os.environ.get("STRIPE_REQUIRED"):
            pytest.fail(NO_LOCALSTRIPE)
        pytest.skip(NO_LOCALSTRIPE)
    return base


def switch_on(settings, base: str = "http://127.0.0.1:9") -> None:
    """Stripe on, with the test keys (and `base` as the API)."""
    keys = django_settings.LOCALSTRIPE
    settings.STRIPE_SECRET_KEY = keys["secret_key"]
    settings.STRIPE_PUBLISHABLE_KEY = keys["publishable_key"]
    settings.STRIPE_WEBHOOK_SECRET = keys["webhook_secret"]
    settings.STRIPE_API_BASE = base


def make_grant(make_application, coordinator, *, amount=Decimal("500.00"), cap=None):
    """A public initiative with a granted application, its money committed."""
    initiative = InitiativeFactory(status=InitiativeStatus.GEPUBLICEERD)
    application = make_application(
        status=Status.TOEGEKEND,
        amount=amount,
        initiative=initiative,
        granted_amount=amount,
        applicant_kind=Application.ApplicantKind.INITIATIVE,
    )
    services.ledger_commit(application=application, amount=amount, user=coordinator)
    if cap is not None:
        fund_settings = FundSettings.load()
        fund_settings.match_cap = cap
        fund_settings.save()
    return initiative, application


def sign(payload: bytes, secret: str | None = None, timestamp: int | None = None) -> str:
    """The Stripe-Signature header for `payload`, computed as Stripe does: an HMAC-SHA256
    of "timestamp.payload" with the endpoint's secret."""
    secret = secret or django_settings.LOCALSTRIPE["webhook_secret"]
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={digest}"


def post_event(client, event: dict | bytes, signature: str | None = None):
    payload = event if isinstance(event, bytes) else json.dumps(event).encode()
    headers = {} if signature == "" else {"HTTP_STRIPE_SIGNATURE": signature or sign(payload)}
    return client.post(
        reverse("fonds:stripe_webhook"), payload, content_type="application/json", **headers
    )


def localstripe_get(path: str) -> dict:
    """A raw GET on localstripe: the JSON exactly as the server sends it."""
    request = urllib.request.Request(django_settings.STRIPE_API_BASE + path)  # noqa: S310
    token = base64.b64encode(f"{django_settings.STRIPE_SECRET_KEY}:".encode()).decode()
    request.add_header("Authorization", f"Basic {token}")
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (localhost)
        return json.loads(response.read())


def event_for(intent_id: str, kind: str) -> dict:
    """The event localstripe made of `kind` about the PaymentIntent `intent_id`."""
    events = localstripe_get("/v1/events?limit=100")["data"]
    for event in events:
        if event["type"] == kind and event["data"]["object"].get("id") == intent_id:
            return event
    raise AssertionError(f"localstripe made no {kind} for {intent_id}")


def pay_with_card(intent_id: str, number: str = "4242424242424242"):
    """What Stripe.js does in the browser, done through the API: a card payment method,
    attached to the PaymentIntent, and the PaymentIntent confirmed."""
    from fonds import stripe_client

    client = stripe_client.client()
    method = client.v1.payment_methods.create(
        params={
            "type": "card",
            "card": {"number": number, "exp_month": 12, "exp_year": 2030, "cvc": "123"},
        }
    )
    client.v1.payment_intents.update(intent_id, params={"payment_method": method.id})
    return client.v1.payment_intents.confirm(intent_id)
