"""Co-funding: residents and local businesses chip in on a funded initiative through
Stripe, and the fund matches each euro up to a cap (FundSettings.match_cap).

A contribution starts here (donation_start: a Donation and a Stripe PaymentIntent, made
once per form submission) and is confirmed only by a Stripe webhook with a valid
signature (stripe_event_book): every event is booked once by its id (StripeEvent) and
every payment once by its PaymentIntent (Donation.payment_intent_id), with the donation's
row locked. Refunds go through the Stripe API (donation_refund, donations_refund when an
initiative or grant ends) and give back the fund's matching through the ledger."""

from __future__ import annotations

import logging
from decimal import Decimal

import stripe
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import page_cache
from portal.notifications import notify
from portal.templatetags.portal_tags import euro

from .. import notifications as events
from .. import stripe_client
from ..models import Application, Donation, StripeEvent
from ..transitions import GRANTED
from .ledger import ledger_match, ledger_release, match_room, open_commitment  # noqa: F401

logger = logging.getLogger(__name__)

MINIMUM = Decimal("1.00")
MAXIMUM = Decimal("10000.00")
ZERO = Decimal("0.00")


def accepts_contributions(application: Application) -> bool:
    """A grant (not withdrawn, not expired) of a public initiative, with Stripe set up."""
    from initiatieven.models import PUBLIC_STATUSES

    return (
        stripe_client.enabled()
        and application.status in GRANTED
        and application.initiative_id is not None
        and application.initiative.status in PUBLIC_STATUSES
    )


def _refused_by_stripe(exc: Exception) -> ValidationError:
    logger.warning("Stripe refused a request: %s", exc)
    return ValidationError(
        _(
            "De betaling kon nu niet worden gestart. Er is niets afgeschreven; probeert u "
            "het over een paar minuten opnieuw."
        )
    )


@transaction.atomic
def donation_start(
    *,
    application: Application,
    amount: Decimal,
    email: str,
    name: str = "",
    show_name: bool = False,
    is_business: bool = False,
    user=None,
    key: str,
) -> tuple[Donation, str]:
    """Start a contribution of `amount` to `application`'s initiative: a Donation waiting
    for payment and a Stripe PaymentIntent (iDEAL or card, in euros) for it. `key` (the
    form's submission token) is the PaymentIntent's idempotency key: the same form sent
    twice makes one payment. Returns the donation and the PaymentIntent's client secret."""
    application = Application.objects.select_related("initiative").get(pk=application.pk)
    if not accepts_contributions(application):
        raise ValidationError(_("Aan dit initiatief kunt u nu niet bijdragen."))
    if amount is None or not amount.is_finite() or not MINIMUM <= amount <= MAXIMUM:
        raise ValidationError(
            {
                "amount": _("Kies een bedrag van %(min)s tot en met %(max)s.")
                % {"min": euro(MINIMUM), "max": euro(MAXIMUM)}
            }
        )
    user = user if user is not None and user.is_authenticated else None
    donation = Donation(
        application=application,
        amount=amount,
        name=name if name else "",
        show_name=bool(show_name and name),
        email=email,
        is_business=is_business,
        user=user,
        payment_intent_id=f"wacht:{key}",
    )
    donation._history_user = user
    donation._change_reason = "Bijdrage gestart"
    try:
        with transaction.atomic():
            donation.save()
            intent = _create_intent(donation, key)
            earlier = Donation.objects.filter(payment_intent_id=intent.id).first()
            if earlier is not None:
                # The same form again: Stripe answered with the payment it made the first
                # time (same idempotency key); this second donation is not kept.
                raise _MadeBefore(earlier, intent.client_secret)
            donation.payment_intent_id = intent.id
            donation._change_reason = "Betaling bij Stripe aangemaakt"
            donation.save(update_fields=["payment_intent_id"])
    except _MadeBefore as before:
        return before.donation, before.secret
    except IntegrityError as exc:
        raise ValidationError(_("Deze bijdrage is al gestart.")) from exc
    return donation, intent.client_secret


class _MadeBefore(Exception):
    def __init__(self, donation: Donation, secret: str):
        super().__init__(donation.payment_intent_id)
        self.donation, self.secret = donation, secret


def _create_intent(donation: Donation, key: str):
    try:
        return stripe_client.client().v1.payment_intents.create(
            params={
                "amount": stripe_client.cents(donation.amount),
                "currency": "eur",
                "payment_method_types": ["ideal", "card"],
                "metadata": {
                    "donation": str(donation.pk),
                    "application": donation.application.reference or "",
                },
            },
            options={"idempotency_key": f"fijnewijk-donation-{key}"},
        )
    except stripe.StripeError as exc:
        raise _refused_by_stripe(exc) from exc


def client_secret(donation: Donation) -> str:
    """The PaymentIntent's client secret, for Stripe.js on the payment step."""
    try:
        intent = stripe_client.client().v1.payment_intents.retrieve(donation.payment_intent_id)
    except stripe.StripeError as exc:
        raise _refused_by_stripe(exc) from exc
    return intent.client_secret


# --- the webhook ----------------------------------------------------------------------


@transaction.atomic
def stripe_event_book(*, event) -> str:
    """Book a verified Stripe event once: payment_intent.succeeded (paid),
    payment_intent.payment_failed (failed) and charge.refunded (refunded). The same event
    again, or another event about a payment already booked, changes nothing. Returns what
    happened, for the log."""
    event_id, kind = event["id"], event["type"]
    try:
        with transaction.atomic():
            record = StripeEvent.objects.create(event_id=event_id, type=kind[:100])
    except IntegrityError:
        return "already"
    obj = event["data"]["object"]
    intent_id = obj.get("payment_intent") if kind.startswith("charge.") else obj.get("id")
    donation = (
        Donation.objects.select_for_update().filter(payment_intent_id=intent_id).first()
        if intent_id
        else None
    )
    if donation is None:
        return "unknown"
    record.donation = donation
    record.save(update_fields=["donation"])
    if kind == "payment_intent.succeeded":
        received = obj.get("amount_received") or obj.get("amount")
        if received != stripe_client.cents(donation.amount) or obj.get("currency") != "eur":
            logger.error("Stripe payment %s: amount or currency differs", intent_id)
            return "mismatch"
        return "paid" if donation_paid(donation=donation) else "already"
    if kind == "payment_intent.payment_failed":
        return "failed" if donation_failed(donation=donation) else "already"
    if kind == "charge.refunded":
        refunds = (obj.get("refunds") or {}).get("data") or []
        refund_id = refunds[0]["id"] if refunds else ""
        done = donation_refunded(donation=donation, refund_id=refund_id, user=None)
        return "refunded" if done else "already"
    return "ignored"


def donation_paid(*, donation: Donation) -> bool:
    """The payment arrived (call with the donation's row locked): the donation is paid,
    and the fund matches it as far as the cap and the budget allow. False when it was
    booked already."""
    if donation.status != Donation.Status.OPEN and donation.status != Donation.Status.MISLUKT:
        return False
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("wijk", "applicant")
        .get(pk=donation.application_id)
    )
    donation.status = Donation.Status.BETAALD
    donation.paid_at = timezone.now()
    matched = None
    if application.status in GRANTED:
        try:
            matched = ledger_match(
                application=application,
                amount=donation.amount,
                user=None,
                note=f"Verdubbeling bijdrage {donation.payment_intent_id}",
                up_to=True,
            )
        except ValidationError as exc:
            # A grant from before the ledger has nothing committed to match against: the
            # contribution counts, the fund adds nothing.
            logger.warning("No matching for %s: %s", donation.payment_intent_id, exc.messages)
    donation.matched_amount = matched.amount if matched else ZERO
    donation._history_user = None
    donation._change_reason = "Betaald (Stripe)"
    donation.save()
    if matched and application.payouts.exists():
        _plan_add_match(application, matched.amount, donation)
    page_cache.public_pages_changed()
    if application.applicant_id:
        notify(
            event=events.CONTRIBUTION.name,
            recipients=[application.applicant],
            title=_("Iemand heeft %(amount)s bijgedragen aan “%(title)s”")
            % {"amount": euro(donation.amount), "title": application.title},
            body=(
                _("Het fonds legt daar %(matched)s bij.")
                % {"matched": euro(donation.matched_amount)}
                if donation.matched_amount
                else ""
            ),
        )
    return True


def donation_failed(*, donation: Donation) -> bool:
    """The payment did not go through (row locked by the caller). False if already booked."""
    if donation.status != Donation.Status.OPEN:
        return False
    donation.status = Donation.Status.MISLUKT
    donation._history_user = None
    donation._change_reason = "Betaling mislukt (Stripe)"
    donation.save(update_fields=["status"])
    return True


def donation_refunded(*, donation: Donation, refund_id: str, user, reason: str = "") -> bool:
    """The money went back to the contributor (row locked by the caller): the donation is
    refunded and what the fund matched is released, as far as it is still open (an
    application withdrawn after its grant has released everything already)."""
    if donation.status != Donation.Status.BETAALD:
        return False
    donation.status = Donation.Status.TERUGBETAALD
    donation.refunded_at = timezone.now()
    donation.refund_id = refund_id or donation.refund_id
    donation._history_user = user
    donation._change_reason = reason or "Terugbetaald"
    donation.save()
    if donation.matched_amount > 0:
        _take_back_match(donation, user=user)
    page_cache.public_pages_changed()
    return True


def _plan_add_match(application: Application, amount: Decimal, donation: Donation) -> None:
    """What the fund matched is paid with the grant: a tranche of its own in the payout
    plan (services.payouts), due now. A grant without a plan yet gets it in the plan
    made later (payouts.plan_total counts matched money)."""
    from django.db.models import Max

    from ..models import Payout
    from .payouts import _new_payout

    number = (application.payouts.aggregate(m=Max("number"))["m"] or 0) + 1
    _new_payout(
        application,
        number=number,
        kind=Payout.Kind.MATCH,
        amount=amount,
        due_date=timezone.localdate(),
        after_report=False,
        user=None,
        reason=f"Verdubbeling bijdrage {donation.payment_intent_id}",
    )


def _take_back_match(donation: Donation, *, user) -> None:
    """A refunded contribution is no longer matched: with a payout plan, its open
    tranches shrink by what the fund added (last first) and the ledger releases it
    (services.payouts_cancel_open); without one, the ledger releases it directly. Never
    more than is still open: money already paid out stays booked as paid."""
    from ..models import PAYOUT_OPEN
    from .payouts import payouts_cancel_open

    application = donation.application
    note = f"Verdubbeling terug: bijdrage {donation.payment_intent_id}"
    if application.payouts.exists():
        still_open = sum(
            (p.amount for p in application.payouts.filter(status__in=PAYOUT_OPEN)), ZERO
        )
        keep = max(ZERO, still_open - donation.matched_amount)
        payouts_cancel_open(application=application, user=user, reason=note, keep=keep)
        return
    release = min(donation.matched_amount, open_commitment(application))
    if release > 0:
        ledger_release(application=application, amount=release, user=user, note=note)


# --- refunds --------------------------------------------------------------------------


def _refund(donation: Donation, *, user, reason: str) -> None:
    try:
        refund = stripe_client.client().v1.refunds.create(
            params={"payment_intent": donation.payment_intent_id},
            options={"idempotency_key": f"fijnewijk-refund-{donation.payment_intent_id}"},
        )
    except stripe.StripeError as exc:
        logger.warning("Stripe refused a refund of %s: %s", donation.payment_intent_id, exc)
        raise ValidationError(
            _(
                "Stripe heeft de terugbetaling van %(amount)s niet aangenomen; er is niets "
                "veranderd. Probeert u het later opnieuw."
            )
            % {"amount": euro(donation.amount)}
        ) from exc
    donation_refunded(donation=donation, refund_id=refund.id, user=user, reason=reason)


def can_refund(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("fonds.refund_donation"))


@transaction.atomic
def donation_refund(*, donation: Donation, user, reason: str) -> Donation:
    """A coordinator pays one contribution back (through Stripe) and the fund's matching
    of it is released."""
    if not can_refund(user):
        raise PermissionDenied(_("Alleen een coördinator kan een bijdrage terugbetalen."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Schrijf erbij waarom u terugbetaalt.")})
    donation = Donation.objects.select_for_update().get(pk=donation.pk)
    if donation.status != Donation.Status.BETAALD:
        raise ValidationError(
            _("Deze bijdrage is niet (meer) betaald: %(status)s.")
            % {"status": donation.get_status_display()}
        )
    _refund(donation, user=user, reason=reason[:100])
    return donation


@transaction.atomic
def donations_refund(*, application: Application, user, reason: str) -> int:
    """Pay back every paid contribution to `application` (the initiative or the grant
    ended) and release the fund's matching. Returns how many were refunded. Stripe is told
    with an idempotency key per payment, so running it again refunds nothing twice."""
    if not stripe_client.enabled():
        return 0
    donations = list(
        Donation.objects.select_for_update()
        .filter(application=application, status=Donation.Status.BETAALD)
        .order_by("pk")
    )
    for donation in donations:
        _refund(donation, user=user, reason=reason[:100] or "Terugbetaald")
    return len(donations)


def raised(application: Application) -> dict[str, Decimal]:
    """What residents and businesses paid for the initiative of `application`, what the
    fund added, and the two together (one query)."""
    from django.db.models import Count, Sum

    rows = Donation.objects.filter(application=application, status=Donation.Status.BETAALD)
    sums = rows.aggregate(paid=Sum("amount"), matched=Sum("matched_amount"), count=Count("pk"))
    paid, matched = sums["paid"] or ZERO, sums["matched"] or ZERO
    return {"paid": paid, "matched": matched, "total": paid + matched, "count": sums["count"]}
