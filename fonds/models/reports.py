"""The accountability report (verantwoording) an applicant gives after the activity: what
happened, how many took part, what it really cost per budget line, with photos and
receipts. Reviewed by staff; approving it frees the tranches that wait for it. Changed
only through fonds.services.reports."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .fields import MONEY, not_absurd, not_negative


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Nog in te dienen")
    INGEDIEND = "ingediend", _("Ingediend")
    AANVULLEN = "aanvullen", _("Aanvulling gevraagd")
    GOEDGEKEURD = "goedgekeurd", _("Goedgekeurd")
    NIET_DOORGEGAAN = "niet_doorgegaan", _("Activiteit niet doorgegaan")


class AccountabilityReport(models.Model):
    """One per grant, made when the grant is decided (status open, with its due date)."""

    application = models.OneToOneField(
        "fonds.Application",
        verbose_name=_("aanvraag"),
        on_delete=models.CASCADE,
        related_name="report",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    due_date = models.DateField(_("inleveren uiterlijk"))
    what_happened = models.TextField(
        _("wat is er gebeurd?"), max_length=5000, validators=[MaxLengthValidator(5000)], blank=True
    )
    participants = models.PositiveIntegerField(
        _("aantal deelnemers"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(1_000_000)],
    )
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingediend door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    review_note = models.TextField(_("toelichting van de beoordelaar"), blank=True)
    # Reminders and escalation (the beat task), each sent once.
    reminded_at = models.DateTimeField(_("herinnerd op"), null=True, blank=True)
    final_reminder_at = models.DateTimeField(_("laatste herinnering op"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("geëscaleerd op"), null=True, blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("verantwoording")
        verbose_name_plural = _("verantwoordingen")
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"], name="report_status_due")]

    def __str__(self) -> str:
        return str(self.application)


class ReportCost(models.Model):
    """What one budget line really cost (or a cost that was not in the budget)."""

    report = models.ForeignKey(
        AccountabilityReport,
        verbose_name=_("verantwoording"),
        on_delete=models.CASCADE,
        related_name="costs",
    )
    budget_line = models.ForeignKey(
        "fonds.BudgetLine",
        verbose_name=_("begrotingsregel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.CharField(_("omschrijving"), max_length=200)
    amount = models.DecimalField(
        _("werkelijke kosten"), **MONEY, validators=[not_negative, not_absurd]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("werkelijke kosten")
        verbose_name_plural = _("werkelijke kosten")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description


def report_file_path(instance, filename: str) -> str:
    return f"fonds/{instance.report.application_id}/verantwoording/{filename}"


class ReportFile(models.Model):
    """A photo of the activity or a receipt, checked by content (portal.uploads)."""

    class Kind(models.TextChoices):
        PHOTO = "foto", _("Foto")
        RECEIPT = "bon", _("Bon of factuur")

    report = models.ForeignKey(
        AccountabilityReport,
        verbose_name=_("verantwoording"),
        on_delete=models.CASCADE,
        related_name="files",
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("bestand"), upload_to=report_file_path)
    name = models.CharField(_("naam"), max_length=120)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bestand bij een verantwoording")
        verbose_name_plural = _("bestanden bij verantwoordingen")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
