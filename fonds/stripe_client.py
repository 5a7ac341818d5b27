"""The one way to Stripe: a StripeClient built from the settings (STRIPE_SECRET_KEY,
STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET; STRIPE_API_BASE points it at a local
server such as localstripe). Without keys co-funding is off: `enabled()` is False, the
contribution form is hidden and the webhook answers 503."""

from __future__ import annotations

import json
from decimal import Decimal

import stripe
from django.conf import settings


def enabled() -> bool:
    """Co-funding is on: both keys and the webhook secret are set."""
    return bool(
        settings.STRIPE_SECRET_KEY
        and settings.STRIPE_PUBLISHABLE_KEY
        and settings.STRIPE_WEBHOOK_SECRET
    )


def client() -> stripe.StripeClient:
    """A client for the configured account (and local server, if any)."""
    options = {"max_network_retries": 2}
    if settings.STRIPE_API_BASE:
        options["base_addresses"] = {"api": settings.STRIPE_API_BASE.rstrip("/")}
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, **options)


def cents(amount: Decimal) -> int:
    """Stripe counts euros in cents."""
    return int((amount * 100).to_integral_value())


def construct_event(payload: bytes, signature: str) -> dict:
    """The event in `payload`, as plain JSON data, if `signature` (the Stripe-Signature
    header) is valid for STRIPE_WEBHOOK_SECRET and not older than five minutes; raises
    stripe.SignatureVerificationError or ValueError (not JSON, not an object)."""
    text = payload.decode("utf-8")  # a UnicodeDecodeError is a ValueError
    stripe.WebhookSignature.verify_header(
        text, signature, settings.STRIPE_WEBHOOK_SECRET, stripe.Webhook.DEFAULT_TOLERANCE
    )
    event = json.loads(text)
    if not isinstance(event, dict):
        raise ValueError("A Stripe event is a JSON object.")
    return event
