"""Co-funding on an initiative's page: the contribution form on its own address (the
initiative's page stays in the page cache with only a link), the payment step with
Stripe.js, the page Stripe returns to, and the Stripe webhook."""

from __future__ import annotations

import hashlib
import logging
import re
import uuid

import stripe
from csp.decorators import csp_update
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from initiatieven import permissions as initiative_perms
from initiatieven.models import Initiative
from portal.idempotency import TOKEN_FIELD
from portal.templatetags.portal_tags import euro

from . import selectors, stripe_client
from .forms import DonationForm
from .models import Donation, FundSettings
from .services import cofunding

logger = logging.getLogger(__name__)

SALT = "fonds.donation"
LINK_DAYS = 2
STRIPE_ORIGINS = ["https://js.stripe.com", "https://*.js.stripe.com"]


def _grant_of(request, pk: int):
    """The initiative (if this person may see it) and the grant people may chip in on;
    404 when there is none or Stripe is not set up."""
    initiative = get_object_or_404(Initiative.objects.select_related("wijk"), pk=pk)
    if not initiative_perms.can_view_initiative(request.user, initiative):
        raise Http404
    application = selectors.contribution_grant(initiative)
    if application is None:
        raise Http404
    return initiative, application


def _donation_of(initiative, token: str) -> Donation:
    try:
        donation_pk = signing.loads(token, salt=SALT, max_age=LINK_DAYS * 86400)
    except signing.BadSignature as exc:
        raise Http404 from exc
    return get_object_or_404(
        Donation.objects.select_related("application"),
        pk=donation_pk,
        application__initiative=initiative,
    )


def _payment_key(request) -> str:
    """The idempotency key of the PaymentIntent: the form's one-time submission token
    (portal.idempotency), so the same form sent twice makes one payment at Stripe too;
    made unique per visitor, so that nobody can reuse another's."""
    token = request.POST.get(TOKEN_FIELD, "")
    if not re.fullmatch(r"[0-9a-f]{32}", token):
        return uuid.uuid4().hex
    owner = request.user.pk if request.user.is_authenticated else request.META.get("CSRF_COOKIE")
    return hashlib.sha256(f"{owner}:{token}".encode()).hexdigest()[:48]


def contribute(request, pk: int):
    initiative, application = _grant_of(request, pk)
    initial = {}
    if request.user.is_authenticated:
        initial = {"email": request.user.email, "name": request.user.get_full_name()}
    form = DonationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and not form.caught_by_honeypot:
        data = form.cleaned_data
        try:
            donation, _secret = cofunding.donation_start(
                application=application,
                amount=data["amount"],
                email=data["email"],
                name=data["name"],
                show_name=data["show_name"],
                is_business=data["is_business"],
                user=request.user,
                key=_payment_key(request),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            token = signing.dumps(donation.pk, salt=SALT)
            return redirect("fonds:contribute_pay", pk=initiative.pk, token=token)
    elif request.method == "POST" and form.caught_by_honeypot:
        form.add_error(None, _("Dit formulier is niet verstuurd. Probeert u het opnieuw."))
    return render(
        request,
        "fonds/contribute.html",
        {
            "initiative": initiative,
            "application": application,
            "form": form,
            "raised": cofunding.raised(application),
            "match_cap": FundSettings.load().match_cap,
        },
        status=400 if request.method == "POST" else 200,
    )


@csp_update(
    {
        "script-src": STRIPE_ORIGINS,
        "frame-src": [*STRIPE_ORIGINS, "https://hooks.stripe.com"],
        "connect-src": ["'self'", "https://api.stripe.com"],
    }
)
def pay(request, pk: int, token: str):
    initiative, application = _grant_of(request, pk)
    donation = _donation_of(initiative, token)
    secret = ""
    problem = ""
    if donation.status == Donation.Status.OPEN:
        try:
            secret = cofunding.client_secret(donation)
        except ValidationError as exc:
            problem = " ".join(exc.messages)
    return render(
        request,
        "fonds/contribute_pay.html",
        {
            "initiative": initiative,
            "donation": donation,
            "client_secret": secret,
            "problem": problem,
            "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "stripe_js": settings.STRIPE_JS_URL,
            "return_url": request.build_absolute_uri(
                reverse("fonds:contribute_done", args=[initiative.pk, token])
            ),
        },
    )


def done(request, pk: int, token: str):
    """Where Stripe sends the contributor back: what we know of the payment now."""
    initiative, _application = _grant_of(request, pk)
    donation = _donation_of(initiative, token)
    return render(
        request, "fonds/contribute_done.html", {"initiative": initiative, "donation": donation}
    )


@csrf_exempt
@require_POST
def webhook(request):
    """Stripe's events: booked only with a valid signature (STRIPE_WEBHOOK_SECRET)."""
    if not stripe_client.enabled():
        return HttpResponse("Co-funding is not configured.", status=503, content_type="text/plain")
    try:
        event = stripe_client.construct_event(
            request.body, request.headers.get("Stripe-Signature", "")
        )
    except (ValueError, stripe.SignatureVerificationError):
        return HttpResponse("Invalid signature.", status=400, content_type="text/plain")
    try:
        outcome = cofunding.stripe_event_book(event=event)
    except (KeyError, TypeError, AttributeError) as exc:
        logger.warning("Stripe event %s could not be read: %s", event.get("id"), exc)
        return HttpResponse("Unreadable event.", status=400, content_type="text/plain")
    logger.info("Stripe event %s (%s): %s", event.get("id"), event.get("type"), outcome)
    return HttpResponse(outcome, content_type="text/plain")


@require_POST
def admin_refund(request, pk: int):
    """A coordinator pays one contribution back (the admin's "Bijdragen" part)."""
    from django.contrib import messages

    from portal.fields import text_param
    from portal.permissions import in_reach

    from .models import Application

    donation = get_object_or_404(Donation.objects.select_related("application"), pk=pk)
    if (
        not cofunding.can_refund(request.user)
        or not in_reach(
            Application.objects.filter(pk=donation.application_id), request.user
        ).exists()
    ):
        raise Http404
    reason, _cut = text_param(request.POST.get("reason"), max_length=100)
    try:
        cofunding.donation_refund(donation=donation, user=request.user, reason=reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("De bijdrage van %(amount)s is terugbetaald.") % {"amount": euro(donation.amount)},
        )
    return redirect(
        reverse("fonds_application:inspect", args=[donation.application_id]) + "#bijdragen"
    )
