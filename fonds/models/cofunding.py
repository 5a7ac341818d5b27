"""Co-funding: residents and local businesses chip in on a funded initiative through
Stripe (iDEAL or card); the fund may match each euro up to a cap. A contribution is
confirmed only by a Stripe webhook with a valid signature; every Stripe event is booked
once (StripeEvent) and every payment once (Donation.payment_intent_id). Changed only
through fonds.services.cofunding."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .fields import MONEY, positive


class Donation(models.Model):
    """One contribution to a funded initiative, paid through Stripe."""

    class Status(models.TextChoices):
        OPEN = "open", _("Wacht op betaling")
        BETAALD = "betaald", _("Betaald")
        MISLUKT = "mislukt", _("Mislukt")
        TERUGBETAALD = "terugbetaald", _("Terugbetaald")

    application = models.ForeignKey(
        "fonds.Application",
        verbose_name=_("toekenning"),
        on_delete=models.PROTECT,
        related_name="donations",
    )
    amount = models.DecimalField(_("bedrag"), **MONEY, validators=[positive])
    # What the fund added to this contribution (booked in the ledger as matched money).
    matched_amount = models.DecimalField(_("verdubbeld door het fonds"), **MONEY, default=0)
    name = models.CharField(_("naam"), max_length=120, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    is_business = models.BooleanField(_("bijdrage van een bedrijf"), default=False)
    show_name = models.BooleanField(_("naam tonen bij het initiatief"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="donations",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    payment_intent_id = models.CharField(_("Stripe-betaling"), max_length=255, unique=True)
    refund_id = models.CharField(_("Stripe-terugbetaling"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    paid_at = models.DateTimeField(_("betaald op"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("terugbetaald op"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bijdrage via de website")
        verbose_name_plural = _("bijdragen via de website")
        ordering = ["-created_at", "-pk"]
        permissions = [("refund_donation", _("Bijdrage terugbetalen"))]
        indexes = [models.Index(fields=["application", "status"], name="donation_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="donation_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return self.payment_intent_id


class StripeEvent(models.Model):
    """A Stripe webhook event, kept once by its id: the same event again changes nothing."""

    event_id = models.CharField(_("Stripe-gebeurtenis"), max_length=255, unique=True)
    type = models.CharField(_("soort"), max_length=100)
    received_at = models.DateTimeField(_("ontvangen op"), auto_now_add=True)
    donation = models.ForeignKey(
        Donation,
        verbose_name=_("bijdrage"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )

    class Meta:
        verbose_name = _("Stripe-gebeurtenis")
        verbose_name_plural = _("Stripe-gebeurtenissen")
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return self.event_id
