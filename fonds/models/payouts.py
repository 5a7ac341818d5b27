"""Paying out a grant: its tranches (the payout plan), the SEPA batches they leave in, the
bank statements that say they arrived, and money that must come back.

A tranche moves only through fonds.services.payouts (the table in fonds.payout_transitions);
a batch is written once, by fonds.services.sepa, and never changes after; a statement and
its lines are written once, by fonds.services.statements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .fields import MONEY, positive


class PayoutStatus(models.TextChoices):
    GEPLAND = "gepland", _("Gepland")
    KLAAR = "klaar", _("Klaar voor goedkeuring")
    GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd")
    IN_BATCH = "in_batch", _("In betaalbestand")
    BETAALD = "betaald", _("Betaald")
    MISLUKT = "mislukt", _("Mislukt")
    TERUGGEVORDERD = "teruggevorderd", _("Teruggevorderd")
    GEANNULEERD = "geannuleerd", _("Geannuleerd")


# Money of these tranches has left (or is leaving) the corporation's account.
PAYOUT_OUT = (PayoutStatus.IN_BATCH, PayoutStatus.BETAALD, PayoutStatus.TERUGGEVORDERD)
# Still to be paid: may change amount or be cancelled.
PAYOUT_OPEN = (
    PayoutStatus.GEPLAND,
    PayoutStatus.KLAAR,
    PayoutStatus.GOEDGEKEURD,
    PayoutStatus.MISLUKT,
)


class Payout(models.Model):
    """One tranche of a grant: an amount due on a date, paid to the applicant's account.
    `after_report` tranches can only be prepared once the accountability report is
    approved. The account is copied from the application when the tranche is prepared,
    so a later change of the application does not change a payment already approved."""

    class Kind(models.TextChoices):
        ADVANCE = "voorschot", _("Voorschot")
        REST = "restant", _("Restant na verantwoording")
        MATCH = "verdubbeling", _("Verdubbeling door het fonds")
        OTHER = "overig", _("Tranche")

    application = models.ForeignKey(
        "fonds.Application",
        verbose_name=_("aanvraag"),
        on_delete=models.PROTECT,
        related_name="payouts",
    )
    number = models.PositiveSmallIntegerField(_("tranche"))
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    amount = models.DecimalField(_("bedrag"), **MONEY, validators=[positive])
    due_date = models.DateField(_("te betalen op"))
    after_report = models.BooleanField(_("pas na goedgekeurde verantwoording"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=PayoutStatus.choices, default=PayoutStatus.GEPLAND
    )
    # SEPA: at most 35 characters, unique for ever (the bank's statement names it again).
    end_to_end_id = models.CharField(_("betalingskenmerk"), max_length=35, unique=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    account_holder = models.CharField(_("tenaamstelling rekening"), max_length=120, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("klaargezet door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    prepared_at = models.DateTimeField(_("klaargezet op"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("goedgekeurd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    batch = models.ForeignKey(
        "fonds.PaymentBatch",
        verbose_name=_("betaalbestand"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payouts",
    )
    paid_on = models.DateField(_("betaald op"), null=True, blank=True)
    failed_reason = models.CharField(_("reden mislukt"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("uitbetaling")
        verbose_name_plural = _("uitbetalingen")
        ordering = ["application", "number"]
        permissions = [
            ("prepare_payout", _("Mag uitbetalingen klaarzetten en betaalbestanden maken")),
            ("approve_payout", _("Mag uitbetalingen goedkeuren")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "number"], name="payout_number_per_application"
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payout_amount_positive"),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="payout_status_due"),
            models.Index(fields=["batch", "status"], name="payout_batch"),
        ]

    def __str__(self) -> str:
        return f"{self.end_to_end_id}"


class PaymentBatch(models.Model):
    """One SEPA credit-transfer file (pain.001) as it was given to the bank. Written once,
    with the payouts it holds; never changed after."""

    message_id = models.CharField(_("berichtkenmerk"), max_length=35, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemaakt door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    execution_date = models.DateField(_("uitvoeringsdatum"))
    debtor_iban = models.CharField(_("rekening van de corporatie"), max_length=34)
    count = models.PositiveIntegerField(_("aantal betalingen"))
    total = models.DecimalField(_("totaal"), max_digits=14, decimal_places=2)
    xml = models.TextField(_("bestand (pain.001)"))
    sha256 = models.CharField(_("controlegetal"), max_length=64)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("betaalbestand")
        verbose_name_plural = _("betaalbestanden")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.message_id


class BankStatement(models.Model):
    """One imported bank statement (camt.053). The same file twice is refused by its
    digest; the same entry in two statements is caught by StatementLine.fingerprint."""

    sha256 = models.CharField(_("controlegetal"), max_length=64, unique=True)
    statement_id = models.CharField(_("kenmerk afschrift"), max_length=35, blank=True)
    account_iban = models.CharField(_("rekening"), max_length=34, blank=True)
    file_name = models.CharField(_("bestandsnaam"), max_length=200, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingelezen door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("ingelezen op"), auto_now_add=True)
    matched = models.PositiveIntegerField(_("gekoppeld"), default=0)
    returned = models.PositiveIntegerField(_("teruggeboekt"), default=0)
    unknown = models.PositiveIntegerField(_("onbekend"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bankafschrift")
        verbose_name_plural = _("bankafschriften")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return self.statement_id or self.file_name


class StatementLine(models.Model):
    """One entry of a bank statement and what it was matched to."""

    class Outcome(models.TextChoices):
        PAID = "betaald", _("Uitbetaling betaald")
        RETURNED = "teruggeboekt", _("Uitbetaling teruggeboekt")
        RECLAIM = "terugbetaling", _("Terugbetaling ontvangen")
        UNKNOWN = "onbekend", _("Niet gekoppeld")
        DUPLICATE = "dubbel", _("Al eerder ingelezen")

    statement = models.ForeignKey(
        BankStatement, verbose_name=_("afschrift"), on_delete=models.CASCADE, related_name="lines"
    )
    # The same entry read again (in this or another statement) has the same fingerprint.
    fingerprint = models.CharField(_("vingerafdruk"), max_length=64)
    booking_date = models.DateField(_("boekdatum"), null=True, blank=True)
    amount = models.DecimalField(_("bedrag"), max_digits=14, decimal_places=2)
    credit = models.BooleanField(_("bijschrijving"))
    end_to_end_id = models.CharField(_("betalingskenmerk"), max_length=35, blank=True)
    counterparty_iban = models.CharField(_("rekening tegenpartij"), max_length=34, blank=True)
    counterparty_name = models.CharField(_("naam tegenpartij"), max_length=140, blank=True)
    remittance = models.CharField(_("omschrijving"), max_length=500, blank=True)
    return_reason = models.CharField(_("reden terugboeking"), max_length=35, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices)
    payout = models.ForeignKey(
        Payout,
        verbose_name=_("uitbetaling"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statement_lines",
    )
    reclaim = models.ForeignKey(
        "fonds.Reclaim",
        verbose_name=_("terugvordering"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statement_lines",
    )

    class Meta:
        verbose_name = _("regel van een bankafschrift")
        verbose_name_plural = _("regels van bankafschriften")
        ordering = ["statement", "pk"]
        indexes = [
            models.Index(fields=["fingerprint"], name="statementline_fingerprint"),
            models.Index(fields=["statement", "outcome"], name="statementline_outcome"),
        ]

    def __str__(self) -> str:
        return f"{self.booking_date} {self.amount}"


class Reclaim(models.Model):
    """Money paid out that must come back (unspent, or an activity that did not happen):
    asked for in a letter, booked in the ledger when it arrives (statement import or by
    hand)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Gevraagd")
        RECEIVED = "ontvangen", _("Ontvangen")
        WAIVED = "kwijtgescholden", _("Kwijtgescholden")

    application = models.ForeignKey(
        "fonds.Application",
        verbose_name=_("aanvraag"),
        on_delete=models.PROTECT,
        related_name="reclaims",
    )
    amount = models.DecimalField(_("bedrag"), **MONEY, validators=[positive])
    reason = models.TextField(_("reden"))
    reference = models.CharField(_("betalingskenmerk"), max_length=35, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    due_date = models.DateField(_("terugbetalen uiterlijk"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gevraagd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("gevraagd op"), auto_now_add=True)
    received_on = models.DateField(_("ontvangen op"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("terugvordering")
        verbose_name_plural = _("terugvorderingen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "amount"], name="reclaim_open_amount")]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="reclaim_amount_positive")
        ]

    def __str__(self) -> str:
        return self.reference
