"""The liveability fund: a budget per year (optionally split over wijken), a ledger from
which what is still available is computed, and applications with their budget lines,
other sources of money, questions, HWZ advice and conflicts of interest.

Status changes only through the moves of services.applications; money moves only through
services.ledger_*(), which lock the year's budget row so the budget is never overspent."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from portal.placeholders import PlaceholderTexts

from .fields import MONEY, not_absurd, not_negative, positive  # noqa: F401


class FundYear(models.Model):
    """The fund's budget for one calendar year, entered by a coordinator."""

    year = models.PositiveSmallIntegerField(
        _("jaar"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    budget = models.DecimalField(_("budget"), **MONEY, validators=[not_negative, not_absurd])
    note = models.TextField(_("toelichting"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fondsjaar")
        verbose_name_plural = _("fondsjaren")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class WijkBudget(models.Model):
    """Part of a year's budget set aside for one wijk. When a year has any, every grant
    in that year must fit the budget of its wijk as well as the year's."""

    fund_year = models.ForeignKey(
        FundYear, verbose_name=_("fondsjaar"), on_delete=models.CASCADE, related_name="wijk_budgets"
    )
    wijk = models.ForeignKey(
        "portal.Wijk", verbose_name=_("wijk"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("bedrag"), **MONEY, validators=[not_negative, not_absurd])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("wijkbudget")
        verbose_name_plural = _("wijkbudgetten")
        constraints = [
            models.UniqueConstraint(fields=["fund_year", "wijk"], name="one_budget_per_wijk_year")
        ]

    def __str__(self) -> str:
        return f"{self.fund_year} {self.wijk}"


class LedgerEntry(models.Model):
    """One movement of money, written only by the functions of services.ledger:
    committed on a grant; released when a granted application is withdrawn, its grant is
    reduced (services.application_reduce_grant), the grant expires unpaid (the task
    fonds.grant_expiry) or less is spent; paid when the bank confirms a payout, returned
    when the bank sends it back, reclaimed when money paid comes back from the applicant;
    matched when the fund adds to a contribution. Amounts are positive; the kind says
    which way they count (USED, PAID_OUT). Entries are never changed or deleted: a
    correction is a new entry."""

    class Kind(models.TextChoices):
        COMMITTED = "vastgelegd", _("Vastgelegd")
        RELEASED = "vrijgevallen", _("Vrijgevallen")
        PAID = "betaald", _("Betaald")
        RETURNED = "teruggeboekt", _("Teruggeboekt door de bank")
        RECLAIMED = "terugontvangen", _("Terugontvangen")
        MATCHED = "verdubbeld", _("Verdubbeld door het fonds")

    # How each kind counts: against the budget (used), and as money that left the
    # corporation's account (paid out). What is committed and not yet paid out is
    # used minus paid out. selectors.ledger_sums() is the one place that adds them up.
    USED = {Kind.COMMITTED: 1, Kind.MATCHED: 1, Kind.RELEASED: -1, Kind.RECLAIMED: -1}
    PAID_OUT = {Kind.PAID: 1, Kind.RETURNED: -1, Kind.RECLAIMED: -1}

    fund_year = models.ForeignKey(
        FundYear, verbose_name=_("fondsjaar"), on_delete=models.PROTECT, related_name="entries"
    )
    wijk = models.ForeignKey(
        "portal.Wijk", verbose_name=_("wijk"), on_delete=models.PROTECT, related_name="+"
    )
    application = models.ForeignKey(
        "fonds.Application",
        verbose_name=_("aanvraag"),
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("bedrag"), **MONEY, validators=[positive])
    note = models.CharField(_("omschrijving"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("geboekt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geboekt door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leeg bij een boeking die het fonds zelf deed (een vervallen toekenning)."),
    )

    class Meta:
        verbose_name = _("boeking")
        verbose_name_plural = _("boekingen")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["fund_year", "wijk", "kind"], name="ledger_position")]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="ledger_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class Status(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    INGEDIEND = "ingediend", _("Ingediend")
    ONTVANGEN = "ontvangen", _("Ontvangen")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    WACHT_OP_AANVRAGER = "wacht_op_aanvrager", _("Wacht op aanvrager")
    ADVIES_HWZ = "advies_hwz", _("Advies HWZ gevraagd")
    BESLUIT_VOORGESTELD = "besluit_voorgesteld", _("Besluit voorgesteld")
    TOEGEKEND = "toegekend", _("Toegekend")
    DEELS_TOEGEKEND = "deels_toegekend", _("Deels toegekend")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")
    VERVALLEN = "vervallen", _("Vervallen")


# What the applicant reads for each status, spoken to them ("uw"); staff keep the
# labels of Status. The one place for these words.
RESIDENT_STATUS_LABELS = {
    Status.CONCEPT: _("Concept, nog niet ingediend"),
    Status.INGEDIEND: _("Ingediend"),
    Status.ONTVANGEN: _("Ontvangen"),
    Status.IN_BEHANDELING: _("In behandeling"),
    Status.WACHT_OP_AANVRAGER: _("Wacht op uw antwoord"),
    Status.ADVIES_HWZ: _("In behandeling, wij vragen advies aan de HWZ"),
    Status.BESLUIT_VOORGESTELD: _("In behandeling, het besluit wordt gecontroleerd"),
    Status.TOEGEKEND: _("Toegekend"),
    Status.DEELS_TOEGEKEND: _("Deels toegekend"),
    Status.AFGEWEZEN: _("Afgewezen"),
    Status.INGETROKKEN: _("Door u ingetrokken"),
    Status.VERVALLEN: _("Toekenning vervallen"),
}


def resident_status_label(status: str):
    return RESIDENT_STATUS_LABELS.get(status, status)


DECIDED_STATUSES = (Status.TOEGEKEND, Status.DEELS_TOEGEKEND, Status.AFGEWEZEN)
CLOSED_STATUSES = (*DECIDED_STATUSES, Status.INGETROKKEN, Status.VERVALLEN)


class Outcome(models.TextChoices):
    GRANTED = "toegekend", _("Toekennen")
    PARTLY = "deels_toegekend", _("Deels toekennen")
    REJECTED = "afgewezen", _("Afwijzen")


class Application(models.Model):
    class ApplicantKind(models.TextChoices):
        SELF = "zelf", _("Voor mezelf als bewoner")
        GROUP = "groep", _("Voor een bewonersgroep")
        INITIATIVE = "initiatief", _("Voor een bewonersinitiatief")

    reference = models.CharField(_("kenmerk"), max_length=20, unique=True, null=True, blank=True)

    class Channel(models.TextChoices):
        PORTAL = "portal", _("E-mail en Mijn overzicht")
        LETTER = "brief", _("Brief per post")
        PHONE = "telefoon", _("Telefoon")

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aanvrager"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_applications",
        help_text=_("Leeg bij een huurder zonder account (ingevoerd door een medewerker)."),
    )
    # How to reach the applicant: for assisted intake of a tenant who is not online.
    contact_salutation = models.CharField(
        _("aanhef"),
        max_length=10,
        choices=[("", _("onbekend")), ("mevrouw", _("mevrouw")), ("heer", _("meneer"))],
        blank=True,
        default="",
        help_text=_("Voor de aanhef van brieven: Beste mevrouw Jansen, of Geachte heer/mevrouw."),
    )
    contact_name = models.CharField(_("naam aanvrager"), max_length=120, blank=True)
    contact_address = models.TextField(_("postadres"), max_length=300, blank=True)
    contact_phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    contact_channel = models.CharField(
        _("houd de aanvrager op de hoogte via"),
        max_length=10,
        choices=Channel.choices,
        default=Channel.PORTAL,
    )
    applicant_kind = models.CharField(
        _("aanvraag voor"), max_length=20, choices=ApplicantKind.choices, default=ApplicantKind.SELF
    )
    # Before resident groups existed, the group was typed; now the resident chooses one of
    # their own groups (resident_group) and group_name keeps its name as it was then.
    group_name = models.CharField(_("naam van de groep"), max_length=120, blank=True)
    resident_group = models.ForeignKey(
        "participatie.ResidentGroup",
        verbose_name=_("bewonersgroep"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fund_applications",
    )
    initiative = models.ForeignKey(
        "initiatieven.Initiative",
        verbose_name=_("initiatief"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("wat is de activiteit?"), max_length=120)
    activity_date = models.DateField(
        _("wanneer is de activiteit?"),
        null=True,
        blank=True,
        help_text=_("De (laatste) dag van de activiteit; de verantwoording volgt daarna."),
    )
    description = models.TextField(
        _("omschrijving en voor wie"),
        max_length=5000,
        validators=[MaxLengthValidator(5000)],
        blank=True,
    )
    wijk = models.ForeignKey(
        "portal.Wijk", verbose_name=_("wijk"), on_delete=models.PROTECT, related_name="+"
    )
    pillar = models.ForeignKey(
        "cms.Pillar",
        verbose_name=_("pijler"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    amount_requested = models.DecimalField(
        _("gevraagd bedrag"), **MONEY, null=True, blank=True, validators=[positive, not_absurd]
    )
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    account_holder = models.CharField(_("tenaamstelling rekening"), max_length=120, blank=True)
    declaration = models.BooleanField(_("verklaring naar waarheid"), default=False)

    # Assisted intake: entered by staff for a tenant who is not online.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingevoerd door medewerker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.CONCEPT
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandelaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fund_reviews",
    )

    # Response terms (computed at submission with the working-day calendar; the two
    # answer terms move on by the working days the clock was paused).
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    acknowledge_due = models.DateTimeField(
        _("ontvangst bevestigen uiterlijk"), null=True, blank=True
    )
    target_due = models.DateTimeField(_("streefdatum antwoord"), null=True, blank=True)
    answer_due = models.DateTimeField(_("antwoord uiterlijk"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("ontvangst bevestigd op"), null=True, blank=True)
    paused_since = models.DateTimeField(_("klok stil sinds"), null=True, blank=True)
    paused_working_days = models.PositiveSmallIntegerField(_("werkdagen stilgestaan"), default=0)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    acknowledged_in_time = models.BooleanField(_("ontvangst op tijd bevestigd"), null=True)
    warned_for = models.DateTimeField(
        _("gewaarschuwd voor termijn"),
        null=True,
        blank=True,
        help_text=_("De termijn waarvoor de behandelaar al gewaarschuwd is."),
    )
    escalated_for = models.DateTimeField(_("geëscaleerd voor termijn"), null=True, blank=True)
    answered_in_time = models.BooleanField(_("op tijd beantwoord"), null=True)
    queue_due = models.DateTimeField(
        _("termijn die nu loopt"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Ontvangstbevestiging, daarna antwoord; leeg als de aanvraag dicht is."),
    )

    # Review checklist
    fits_pillar = models.BooleanField(_("past bij een pijler"), null=True)
    benefits_residents = models.BooleanField(_("komt bewoners van de wijk ten goede"), null=True)
    cofinancing_present = models.BooleanField(
        _("er is eigen bijdrage of cofinanciering"), null=True
    )
    no_commercial_or_political_aim = models.BooleanField(
        _("geen commercieel of politiek doel"), null=True
    )

    # The decision: proposed by the reviewer, confirmed by a second person above the threshold.
    proposed_outcome = models.CharField(
        _("voorgesteld besluit"), max_length=20, choices=Outcome.choices, blank=True
    )
    proposed_amount = models.DecimalField(
        _("voorgesteld bedrag"), **MONEY, null=True, blank=True, validators=[not_negative]
    )
    conditions = models.TextField(_("voorwaarden"), blank=True)
    decision_reason = models.TextField(_("motivering"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voorgesteld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bevestigd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    granted_amount = models.DecimalField(
        _("toegekend bedrag"), **MONEY, null=True, blank=True, validators=[not_negative]
    )

    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("review_application", _("Mag aanvragen behandelen")),
            ("confirm_decision", _("Mag besluiten bevestigen (vier ogen)")),
            ("advise_application", _("Mag HWZ-advies geven")),
        ]
        indexes = [
            # The queue's order: running term first, closed ones (NULL) after, newest first;
            # only what the queue lists (a resident's concept is never in it), so the
            # queue's count reads this index too.
            models.Index(
                fields=["queue_due", "-id"],
                condition=~models.Q(status=Status.CONCEPT.value),
                name="application_queue_submitted",
            ),
            # The queue filtered on a status, a wijk or a reviewer, in the queue's order.
            models.Index(fields=["status", "queue_due", "-id"], name="application_status_queue"),
            models.Index(
                fields=["wijk", "queue_due", "-id"],
                condition=~models.Q(status=Status.CONCEPT.value),
                name="application_wijk_queue",
            ),
            models.Index(
                fields=["reviewer", "queue_due", "-id"],
                condition=~models.Q(status=Status.CONCEPT.value),
                name="application_reviewer_queue",
            ),
            models.Index(
                fields=["queue_due", "paused_since", "status"], name="application_overdue"
            ),
            models.Index(fields=["wijk", "status"], name="application_wijk_status"),
            models.Index(fields=["reviewer", "status"], name="application_reviewer"),
            models.Index(fields=["applicant", "-created_at"], name="application_mine"),
        ]

    def __str__(self) -> str:
        return f"{self.reference or _('concept')}: {self.title}"

    @property
    def is_paused(self) -> bool:
        return self.paused_since is not None

    @property
    def applicant_name(self) -> str:
        if self.contact_name:
            return self.contact_name
        if self.applicant_id:
            return self.applicant.get_full_name() or self.applicant.email
        return ""

    @property
    def resident_status(self):
        """The status as the applicant reads it (RESIDENT_STATUS_LABELS)."""
        return resident_status_label(self.status)

    @property
    def informed_offline(self) -> bool:
        """Letters go by post or are read out by phone: staff record that they did."""
        return self.applicant_id is None or self.contact_channel != self.Channel.PORTAL

    def running_term_due(self):
        """The due moment of the term that runs now: the acknowledgement while it has not
        been given, then the answer; None once the application is closed or a concept."""
        if self.status == Status.CONCEPT or self.status in CLOSED_STATUSES:
            return None
        return self.acknowledge_due if self.status == Status.INGEDIEND else self.answer_due


class BudgetLine(models.Model):
    application = models.ForeignKey(
        Application,
        verbose_name=_("aanvraag"),
        on_delete=models.CASCADE,
        related_name="budget_lines",
    )
    description = models.CharField(_("omschrijving"), max_length=200)
    amount = models.DecimalField(_("bedrag"), **MONEY, validators=[positive, not_absurd])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("begrotingsregel")
        verbose_name_plural = _("begrotingsregels")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description


class Contribution(models.Model):
    """Other money for the activity: the applicants' own part, or others'."""

    class Source(models.TextChoices):
        OWN = "eigen", _("Eigen bijdrage")
        OTHER = "anders", _("Andere financier")

    application = models.ForeignKey(
        Application,
        verbose_name=_("aanvraag"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    source = models.CharField(_("bron"), max_length=10, choices=Source.choices)
    description = models.CharField(_("omschrijving"), max_length=200)
    amount = models.DecimalField(_("bedrag"), **MONEY, validators=[not_negative, not_absurd])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bijdrage van anderen")
        verbose_name_plural = _("bijdragen van anderen")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description


def attachment_path(instance, filename: str) -> str:
    return f"fonds/{instance.application_id}/{filename}"


class Attachment(models.Model):
    """A quote or other document with an application: a PDF or a photo, checked by content."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("aanvraag"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("bestand"), upload_to=attachment_path)
    name = models.CharField(_("naam"), max_length=120)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    """A reviewer's question to the applicant; the clock holds until it is answered."""

    application = models.ForeignKey(
        Application, verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="questions"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gesteld door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("vraag"), max_length=3000, validators=[MaxLengthValidator(3000)])
    asked_at = models.DateTimeField(_("gesteld op"), auto_now_add=True)
    answer = models.TextField(
        _("antwoord"), blank=True, max_length=5000, validators=[MaxLengthValidator(5000)]
    )
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vraag aan aanvrager")
        verbose_name_plural = _("vragen aan aanvrager")
        ordering = ["asked_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class HwzAdvice(models.Model):
    class Verdict(models.TextChoices):
        POSITIVE = "positief", _("Positief")
        NEGATIVE = "negatief", _("Negatief")
        NEUTRAL = "geen_bezwaar", _("Geen bezwaar, met opmerkingen")

    class Ending(models.TextChoices):
        WITHDRAWN = "ingetrokken", _("Adviesvraag ingetrokken")
        PASSED = "verder_zonder", _("Verder zonder advies na de termijn")

    application = models.ForeignKey(
        Application, verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="advices"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gevraagd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("gevraagd op"), auto_now_add=True)
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adviseur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verdict = models.CharField(_("advies"), max_length=20, choices=Verdict.choices, blank=True)
    remarks = models.TextField(
        _("opmerkingen"), blank=True, max_length=3000, validators=[MaxLengthValidator(3000)]
    )
    given_at = models.DateTimeField(_("gegeven op"), null=True, blank=True)
    # The advice's own term (FundSettings.advice_days working days from the request); the
    # daily term watch reminds the advisers once before it ends and tells the reviewer
    # once when it passed (the due moment each was done for is remembered here).
    due = models.DateTimeField(_("advies uiterlijk"), null=True, blank=True)
    reminded_for = models.DateTimeField(_("advies herinnerd voor termijn"), null=True, blank=True)
    passed_told_for = models.DateTimeField(
        _("behandelaar gemeld dat de termijn verstreek"), null=True, blank=True
    )
    # A request that ends without advice: withdrawn by the reviewer, or gone on without
    # after its term passed.
    ended = models.CharField(
        _("afgesloten zonder advies"), max_length=20, choices=Ending.choices, blank=True
    )
    ended_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgesloten door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ended_reason = models.TextField(
        _("reden"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("HWZ-advies")
        verbose_name_plural = _("HWZ-adviezen")
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_verdict_display() or _('gevraagd')}"

    @property
    def is_open(self) -> bool:
        """Asked and still waiting: neither given nor ended without advice."""
        return self.given_at is None and not self.ended


class ConflictOfInterest(models.Model):
    """Someone who steps aside from an application, and why: declared by a reviewer or
    adviser, or recorded by the fund itself on submission for staff who are involved
    (the applicant, the applying team, the one who entered it; see permissions)."""

    application = models.ForeignKey(
        Application, verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="conflicts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("reden"), max_length=300)
    declared_at = models.DateTimeField(_("gemeld op"), auto_now_add=True)
    automatic = models.BooleanField(
        _("vastgesteld door het fonds"),
        default=False,
        help_text=_("Niet zelf gemeld maar volgt uit de aanvraag: aanvrager, team of invoerder."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("belangenverstrengeling")
        verbose_name_plural = _("belangenverstrengelingen")
        constraints = [
            models.UniqueConstraint(fields=["application", "user"], name="one_conflict_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.reason}"


# The facts a letter template may use, as {naam}; filled by letters.letter_context().
LETTER_PLACEHOLDERS = {
    "naam": _("naam van de aanvrager"),
    "kenmerk": _("kenmerk van de aanvraag"),
    "titel": _("de activiteit"),
    "wijk": _("de wijk"),
    "ingediend_op": _("datum van indienen"),
    "ontvangst_uiterlijk": _("uiterste datum ontvangstbevestiging"),
    "streefdatum": _("streefdatum van het antwoord"),
    "antwoord_uiterlijk": _("uiterste datum van het antwoord"),
    "gevraagd_bedrag": _("gevraagd bedrag"),
    "toegekend_bedrag": _("toegekend bedrag"),
    "voorwaarden": _("voorwaarden bij de toekenning"),
    "motivering": _("motivering van het besluit"),
    "vraag": _("de vraag aan de aanvrager"),
    "medewerker": _("naam van de medewerker"),
    "datum": _("datum van de brief"),
}


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "ontvangst", _("Ontvangstbevestiging")
    QUESTION = "vraag", _("Vraag aan de aanvrager")
    GRANTED = "toegekend", _("Besluit: toegekend")
    PARTLY = "deels_toegekend", _("Besluit: deels toegekend")
    REJECTED = "afgewezen", _("Besluit: afgewezen")


# A letter with our own words about a step (review started, a decision sent back, a
# withdrawal), for an applicant we keep informed by post or phone: no template of its own.
MESSAGE_LETTER = "bericht"
LETTER_KINDS = [*LetterKind.choices, (MESSAGE_LETTER, _("Bericht over de aanvraag"))]


class LetterTemplate(PlaceholderTexts, models.Model):
    """The text of a kind of letter, edited by staff. Facts of the application are
    filled in where the text has a placeholder such as {kenmerk} (see fonds.letters)."""

    kind = models.CharField(
        _("soort brief"), max_length=20, choices=LetterKind.choices, unique=True
    )
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("tekst"), max_length=10000)
    subject_en = models.CharField(_("onderwerp in het Engels"), max_length=200, blank=True)
    body_en = models.TextField(
        _("tekst in het Engels"),
        max_length=10000,
        blank=True,
        help_text=_(
            "Voor aanvragers die Engels als taal kozen. Leeg: zij krijgen de Nederlandse tekst."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("briefsjabloon")
        verbose_name_plural = _("briefsjablonen")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()

    def known_placeholders(self):
        return LETTER_PLACEHOLDERS


class Letter(models.Model):
    """A letter as it was sent: the template filled in at that moment, kept unchanged.
    Its PDF is made from this text whenever someone downloads it."""

    application = models.ForeignKey(
        Application, verbose_name=_("aanvraag"), on_delete=models.CASCADE, related_name="letters"
    )
    kind = models.CharField(_("soort brief"), max_length=20, choices=LETTER_KINDS)
    subject = models.CharField(_("onderwerp"), max_length=255)
    body = models.TextField(_("tekst"))
    language = models.CharField(_("taal"), max_length=8, choices=settings.LANGUAGES, default="nl")
    created_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verstuurd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("brieven")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.subject


class ApplicantContact(models.Model):
    """How staff kept the applicant informed outside the portal: a letter posted, a call."""

    class Channel(models.TextChoices):
        LETTER = "brief", _("Brief per post")
        PHONE = "telefoon", _("Telefoon")
        VISIT = "bezoek", _("Bezoek of balie")
        EMAIL = "e-mail", _("E-mail")

    application = models.ForeignKey(
        Application,
        verbose_name=_("aanvraag"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    channel = models.CharField(_("hoe"), max_length=10, choices=Channel.choices)
    summary = models.TextField(
        _("wat is besproken of verstuurd"), max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    letter = models.ForeignKey(
        Letter,
        verbose_name=_("brief"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
    )
    contacted_at = models.DateTimeField(_("wanneer"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact met aanvrager")
        verbose_name_plural = _("contacten met aanvrager")
        ordering = ["contacted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {timezone.localtime(self.contacted_at):%d-%m-%Y}"


@register_setting(icon="tag")
class FundSettings(BaseGenericSetting):
    confirmation_threshold = models.DecimalField(
        _("vier ogen vanaf (euro)"),
        **MONEY,
        default=Decimal("1000.00"),
        validators=[not_negative],
        help_text=_(
            "Een toekenning boven dit bedrag moet een tweede persoon bevestigen, nooit "
            "dezelfde als wie het besluit voorstelde."
        ),
    )

    acknowledge_automatically = models.BooleanField(
        _("ontvangst automatisch bevestigen"),
        default=False,
        help_text=_(
            "Stuur de ontvangstbrief meteen bij het indienen. Anders bevestigt een "
            "behandelaar de ontvangst (binnen de termijn)."
        ),
    )
    grant_expiry_months = models.PositiveSmallIntegerField(
        _("toekenning vervalt na (maanden)"),
        default=12,
        validators=[
            MinValueValidator(1, message=_("Kies minstens 1 maand.")),
            MaxValueValidator(60, message=_("Kies hoogstens 60 maanden.")),
        ],
        help_text=_(
            "Een toekenning waarvan na zoveel maanden nog niets is uitbetaald, vervalt; het "
            "geld komt terug in het budget en de aanvrager krijgt bericht."
        ),
    )
    advice_days = models.PositiveSmallIntegerField(
        _("termijn voor HWZ-advies (werkdagen)"),
        default=5,
        validators=[
            MinValueValidator(1, message=_("Kies minstens 1 werkdag.")),
            MaxValueValidator(30, message=_("Kies hoogstens 30 werkdagen.")),
        ],
        help_text=_(
            "Zoveel werkdagen heeft de HWZ voor een advies. Een werkdag voor het einde "
            "krijgen de adviseurs een herinnering; daarna kan de behandelaar verder zonder "
            "advies."
        ),
    )
    letter_sender = models.CharField(
        _("afzender van brieven"),
        max_length=200,
        default="Fijne Wijk – Leefbaarheidsfonds",
        help_text=_("Staat bovenaan elke brief over een aanvraag."),
    )
    advance_percentage = models.PositiveSmallIntegerField(
        _("voorschot (procent van de toekenning)"),
        default=70,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Zoveel procent wordt na het besluit als voorschot betaald; de rest na de "
            "goedgekeurde verantwoording. De coördinator kan dit per toekenning aanpassen."
        ),
    )
    report_weeks = models.PositiveSmallIntegerField(
        _("verantwoording binnen (weken)"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_("Zoveel weken na de activiteit moet de verantwoording binnen zijn."),
    )
    # --- accountability reports (w5-report) ---
    report_escalation_days = models.PositiveSmallIntegerField(
        _("verantwoording te laat: escaleren na (werkdagen)"),
        default=10,
        validators=[
            MinValueValidator(1, message=_("Kies minstens 1 werkdag.")),
            MaxValueValidator(60, message=_("Kies hoogstens 60 werkdagen.")),
        ],
        help_text=_(
            "Is de verantwoording zoveel werkdagen na de uiterste datum nog niet binnen, dan "
            "krijgen de behandelaar en de coördinatoren bericht."
        ),
    )
    match_cap = models.DecimalField(
        _("verdubbeling door het fonds, hoogstens per initiatief"),
        **MONEY,
        default=Decimal("500.00"),
        validators=[not_negative, not_absurd],
        help_text=_(
            "Het fonds legt elke euro die bewoners en bedrijven bijdragen bij, tot dit bedrag "
            "per initiatief. 0 zet de verdubbeling uit."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instellingen leefbaarheidsfonds")


# The payout, accountability and co-funding models live in their own modules.
from .cofunding import Donation, StripeEvent  # noqa: E402, F401
from .payouts import (  # noqa: E402, F401
    PAYOUT_OPEN,
    PAYOUT_OUT,
    BankStatement,
    PaymentBatch,
    Payout,
    PayoutStatus,
    Reclaim,
    StatementLine,
)
from .reports import AccountabilityReport, ReportCost, ReportFile, ReportStatus  # noqa: E402, F401
