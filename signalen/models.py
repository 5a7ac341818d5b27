"""Signals of liveability problems: meldingen from residents (with their timeline,
photos and response terms), informal contact moments, liveability dossiers that gather
them, the instruments applied in a dossier, referrals to network partners and the costs
made. Statuses change only through signalen.services (meldingen) and signalen.casework
(contacts and dossiers)."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.placeholders import PlaceholderTexts

MONEY = {"max_digits": 10, "decimal_places": 2}
positive = MinValueValidator(Decimal("0.01"), message=_("Vul een bedrag groter dan 0 in."))
not_absurd = MaxValueValidator(
    Decimal("10000000"), message=_("Vul een bedrag van hoogstens € 10.000.000 in.")
)


class SignalType(models.TextChoices):
    OVERLAST = "overlast", _("Overlast")
    VERVUILING = "vervuiling", _("Vervuiling van een woning")
    SCHOONMAAK = "schoonmaak", _("Schoonmaak")
    GROEN = "groen", _("Groen en buitenruimte")
    KAPOT = "kapot", _("Kapot of onveilig")
    KWETSBARE_BUUR = "kwetsbare_buur", _("Kwetsbare buur")
    CRIMINALITEIT = "criminaliteit", _("Criminaliteit of ondermijning")
    WOONFRAUDE = "woonfraude", _("Woonfraude")
    ANDERS = "anders", _("Anders")


# The pillar a signal of each type belongs to unless staff choose another (cms.Pillar slugs).
DEFAULT_PILLAR_SLUG: dict[str, str] = {
    SignalType.OVERLAST: "sociale-woonomgeving-repressief",
    SignalType.VERVUILING: "sociale-woonomgeving-repressief",
    SignalType.SCHOONMAAK: "fysieke-woonomgeving",
    SignalType.GROEN: "fysieke-woonomgeving",
    SignalType.KAPOT: "fysieke-woonomgeving",
    SignalType.KWETSBARE_BUUR: "sociale-woonomgeving-preventief",
    SignalType.CRIMINALITEIT: "sociale-woonomgeving-repressief",
    SignalType.WOONFRAUDE: "sociale-woonomgeving-repressief",
    SignalType.ANDERS: "samen-wonen",
}


def default_pillar(signal_type: str):
    """The cms.Pillar (Dutch original) a signal of this type belongs to by default."""
    from cms.models import Pillar

    slug = DEFAULT_PILLAR_SLUG.get(signal_type)
    if not slug:
        return None
    return (
        Pillar.objects.filter(slug=slug, locale__language_code=settings.LANGUAGE_CODE).first()
        or Pillar.objects.filter(slug=slug).first()
    )


def melding_photo_path(instance, filename: str) -> str:
    return f"meldingen/{uuid.uuid4().hex[:2]}/{filename}"


class MeldingStatus(models.TextChoices):
    ONTVANGEN = "ontvangen", _("Ontvangen")
    BEVESTIGD = "bevestigd", _("Ontvangst bevestigd")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    WACHT_OP_MELDER = "wacht_op_melder", _("Wacht op de melder")
    BEANTWOORD = "beantwoord", _("Beantwoord")
    GESLOTEN = "gesloten", _("Gesloten")


class MeldingOutcome(models.TextChoices):
    OPGELOST = "opgelost", _("Opgelost")
    DEELS_OPGELOST = "deels_opgelost", _("Deels opgelost")
    DOORVERWEZEN = "doorverwezen", _("Doorverwezen naar een partner")
    DOSSIER = "dossier", _("Verder in een leefbaarheidsdossier")
    GEEN_ACTIE = "geen_actie", _("Geen actie mogelijk")
    DUBBEL = "dubbel", _("Dubbele melding")
    INGETROKKEN = "ingetrokken", _("Ingetrokken door de melder")


class Melding(models.Model):
    """A resident's report of a liveability problem, with its response terms."""

    reference = models.CharField(_("kenmerk"), max_length=20, unique=True, null=True, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("melder"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meldingen",
        help_text=_("Leeg: een anonieme melding, die geen terugkoppeling krijgt."),
    )
    may_contact = models.BooleanField(_("melder mag benaderd worden"), default=False)
    contact_phone = models.CharField(_("telefoonnummer van de melder"), max_length=30, blank=True)
    signal_type = models.CharField(
        _("soort melding"), max_length=20, choices=SignalType.choices, db_index=True
    )
    pillar = models.ForeignKey(
        "cms.Pillar",
        verbose_name=_("pijler"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meldingen",
    )
    # Where: at least one of wijk, complex, address or place description.
    wijk = models.ForeignKey(
        "portal.Wijk",
        verbose_name=_("wijk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meldingen",
    )
    complex = models.ForeignKey(
        "portal.Complex",
        verbose_name=_("complex"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meldingen",
    )
    address = models.CharField(_("adres"), max_length=200, blank=True)
    place_description = models.CharField(_("omschrijving van de plek"), max_length=300, blank=True)
    description = models.TextField(_("wat er aan de hand is"), max_length=5000)

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MeldingStatus.choices,
        default=MeldingStatus.ONTVANGEN,
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandelaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_meldingen",
    )

    # Response terms (working days from submission; the answer terms move on by the
    # working days the clock was paused while waiting on the reporter).
    submitted_at = models.DateTimeField(_("gemeld op"), default=timezone.now)
    acknowledge_due = models.DateTimeField(_("ontvangst bevestigen uiterlijk"), null=True)
    answer_target = models.DateTimeField(_("streefdatum antwoord"), null=True)
    answer_due = models.DateTimeField(_("antwoord uiterlijk"), null=True)
    acknowledged_at = models.DateTimeField(_("ontvangst bevestigd op"), null=True, blank=True)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    paused_at = models.DateTimeField(_("klok stil sinds"), null=True, blank=True)
    paused_working_days = models.PositiveSmallIntegerField(_("werkdagen stilgestaan"), default=0)
    queue_due = models.DateTimeField(
        _("termijn die nu loopt"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Ontvangstbevestiging, daarna antwoord; leeg als de melding dicht is."),
    )
    acknowledged_in_time = models.BooleanField(_("ontvangst op tijd bevestigd"), null=True)
    answered_in_time = models.BooleanField(_("op tijd beantwoord"), null=True)
    # Escalation (signalen.tasks): the due moment already warned / escalated about.
    warned_for = models.DateTimeField(_("gewaarschuwd voor termijn"), null=True, blank=True)
    escalated_for = models.DateTimeField(_("geëscaleerd voor termijn"), null=True, blank=True)

    outcome = models.CharField(
        _("uitkomst"), max_length=20, choices=MeldingOutcome.choices, blank=True
    )
    polluted_home = models.BooleanField(_("vervuilde woning"), default=False)
    dossier = models.ForeignKey(
        "signalen.Dossier",
        verbose_name=_("dossier"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meldingen",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-submitted_at", "-pk"]
        permissions = [("handle_melding", _("Mag meldingen behandelen"))]
        indexes = [
            models.Index(fields=["queue_due", "-id"], name="melding_queue"),
            models.Index(fields=["status", "queue_due", "-id"], name="melding_status_queue"),
            models.Index(fields=["wijk", "status", "queue_due"], name="melding_wijk_queue"),
            models.Index(
                fields=["assigned_to", "status", "queue_due"], name="melding_assigned_queue"
            ),
            models.Index(fields=["signal_type", "queue_due"], name="melding_type_queue"),
            models.Index(fields=["reporter", "-submitted_at"], name="melding_mine"),
            models.Index(fields=["wijk", "submitted_at"], name="melding_wijk_period"),
        ]

    def __str__(self) -> str:
        return self.reference or str(_("nieuwe melding"))

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    @property
    def is_closed(self) -> bool:
        return self.status == MeldingStatus.GESLOTEN

    @property
    def place_text(self) -> str:
        """The place in one line: address or description, complex, wijk."""
        parts = [self.address, self.place_description]
        if self.complex_id:
            parts.append(self.complex.name)
        if self.wijk_id:
            parts.append(self.wijk.name)
        return ", ".join(p for p in parts if p)


class MeldingPhoto(models.Model):
    melding = models.ForeignKey(
        Melding, verbose_name=_("melding"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(
        _("foto"), upload_to=melding_photo_path, width_field="width", height_field="height"
    )
    thumbnail = models.ImageField(_("miniatuur"), upload_to=melding_photo_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    sort_order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("foto bij een melding")
        verbose_name_plural = _("foto's bij meldingen")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.melding}: {self.sort_order + 1}"


class MeldingUpdate(models.Model):
    """One entry of a melding's timeline: an internal note, feedback to the reporter, a
    status change, a referral or a cost. Only entries `visible_to_reporter` reach them."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Interne notitie")
        FEEDBACK = "feedback", _("Terugkoppeling aan de melder")
        STATUS = "status", _("Statuswijziging")
        REFERRAL = "referral", _("Doorverwijzing")
        COST = "cost", _("Kosten")

    melding = models.ForeignKey(
        Melding, verbose_name=_("melding"), on_delete=models.CASCADE, related_name="updates"
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("tekst"), max_length=5000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    visible_to_reporter = models.BooleanField(_("zichtbaar voor de melder"), default=False)
    created_at = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        verbose_name = _("tijdlijnregel")
        verbose_name_plural = _("tijdlijn van meldingen")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["melding", "created_at"], name="melding_timeline")]

    def __str__(self) -> str:
        return f"{self.melding}: {self.get_kind_display()}"


class MeldingMailKind(models.TextChoices):
    ACKNOWLEDGEMENT = "ontvangst", _("Ontvangstbevestiging")
    FEEDBACK = "terugkoppeling", _("Terugkoppeling")


class MeldingMailTemplate(PlaceholderTexts, models.Model):
    """The text of the e-mails to a reporter, edited by staff. Placeholders such as
    {kenmerk} are filled in (see signalen.notifications.MAIL_PLACEHOLDERS)."""

    kind = models.CharField(
        _("soort e-mail"), max_length=20, choices=MeldingMailKind.choices, unique=True
    )
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("tekst"), max_length=10000)
    subject_en = models.CharField(_("onderwerp in het Engels"), max_length=200, blank=True)
    body_en = models.TextField(
        _("tekst in het Engels"),
        max_length=10000,
        blank=True,
        help_text=_(
            "Voor melders die Engels als taal kozen. Leeg: zij krijgen de Nederlandse tekst."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("e-mailsjabloon voor meldingen")
        verbose_name_plural = _("e-mailsjablonen voor meldingen")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()

    def known_placeholders(self):
        from .notifications import MAIL_PLACEHOLDERS

        return MAIL_PLACEHOLDERS


# --- Contact moments -------------------------------------------------------------------


class ContactChannel(models.TextChoices):
    STRAAT = "straat", _("Op straat")
    DEUR = "deur", _("Aan de deur")
    SPREEKUUR = "spreekuur", _("Spreekuur")
    BIJEENKOMST = "bijeenkomst", _("Bijeenkomst")
    TELEFOON = "telefoon", _("Telefoon")


class ContactMoment(models.Model):
    """An informal contact a staff member had in a neighbourhood."""

    happened_at = models.DateTimeField(_("wanneer"))
    wijk = models.ForeignKey(
        "portal.Wijk", verbose_name=_("wijk"), on_delete=models.PROTECT, related_name="contacts"
    )
    complex = models.ForeignKey(
        "portal.Complex",
        verbose_name=_("complex"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
    )
    address = models.CharField(_("adres"), max_length=200, blank=True)
    channel = models.CharField(_("hoe"), max_length=20, choices=ContactChannel.choices)
    pillar = models.ForeignKey(
        "cms.Pillar",
        verbose_name=_("pijler"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
    )
    summary = models.TextField(_("korte samenvatting"), max_length=2000)
    follow_up_on = models.DateField(_("opvolgen op"), null=True, blank=True)
    polluted_home = models.BooleanField(_("vervuilde woning"), default=False)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="logged_contacts",
    )
    dossier = models.ForeignKey(
        "signalen.Dossier",
        verbose_name=_("dossier"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        ordering = ["-happened_at", "-pk"]
        indexes = [
            models.Index(fields=["wijk", "-happened_at"], name="contact_wijk_recent"),
            models.Index(fields=["logged_by", "-happened_at"], name="contact_mine"),
            models.Index(fields=["follow_up_on"], name="contact_follow_up"),
            # sigstaff (migration 0003, bench/signalen.py): the contact log of every wijk
            # newest first, and a person's follow-ups that are due.
            models.Index(fields=["-happened_at", "-id"], name="contact_recent"),
            models.Index(fields=["logged_by", "follow_up_on"], name="contact_my_follow_ups"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {timezone.localtime(self.happened_at):%d-%m-%Y}"


class ContactTopic(models.Model):
    """One signal type a contact moment was about (rows, so the database counts them)."""

    contact = models.ForeignKey(
        ContactMoment,
        verbose_name=_("contactmoment"),
        on_delete=models.CASCADE,
        related_name="topics",
    )
    signal_type = models.CharField(_("onderwerp"), max_length=20, choices=SignalType.choices)

    class Meta:
        verbose_name = _("onderwerp van een contactmoment")
        verbose_name_plural = _("onderwerpen van contactmomenten")
        constraints = [
            models.UniqueConstraint(fields=["contact", "signal_type"], name="contact_topic_once")
        ]
        indexes = [models.Index(fields=["signal_type"], name="contact_topic_type")]

    def __str__(self) -> str:
        return self.get_signal_type_display()


# --- Dossiers --------------------------------------------------------------------------


class DossierSubject(models.TextChoices):
    ADRES = "adres", _("Adres")
    HUISHOUDEN = "huishouden", _("Huishouden")
    COMPLEX = "complex", _("Complex")


class DossierStatus(models.TextChoices):
    OPEN = "open", _("Open")
    GESLOTEN = "gesloten", _("Gesloten")


class DossierOutcome(models.TextChoices):
    OPGELOST = "opgelost", _("Opgelost")
    VERBETERD = "verbeterd", _("Verbeterd")
    GEEN_VERBETERING = "geen_verbetering", _("Geen verbetering")
    UITZETTING = "uitzetting", _("Uitzetting")
    KLACHT_HWZ = "klacht_hwz", _("Klacht via de HWZ")
    KLACHTENCOMMISSIE = "klachtencommissie", _("Klachtencommissie")
    HUURCOMMISSIE = "huurcommissie", _("Huurcommissie")
    OVERGEDRAGEN = "overgedragen", _("Overgedragen aan een partner")


class Dossier(models.Model):
    """A liveability dossier about an address, a household or a complex."""

    reference = models.CharField(_("kenmerk"), max_length=20, unique=True, null=True, blank=True)
    subject = models.CharField(_("gaat over"), max_length=20, choices=DossierSubject.choices)
    wijk = models.ForeignKey(
        "portal.Wijk", verbose_name=_("wijk"), on_delete=models.PROTECT, related_name="dossiers"
    )
    complex = models.ForeignKey(
        "portal.Complex",
        verbose_name=_("complex"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
    )
    address = models.CharField(_("adres"), max_length=200, blank=True)
    title = models.CharField(_("titel"), max_length=200)
    pillar = models.ForeignKey(
        "cms.Pillar",
        verbose_name=_("pijler"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dossiers",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DossierStatus.choices, default=DossierStatus.OPEN
    )
    outcome = models.CharField(
        _("uitkomst"), max_length=20, choices=DossierOutcome.choices, blank=True
    )
    polluted_home = models.BooleanField(_("vervuilde woning"), default=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geopend door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("geopend op"), default=timezone.now)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leefbaarheidsdossier")
        verbose_name_plural = _("leefbaarheidsdossiers")
        ordering = ["-opened_at", "-pk"]
        permissions = [("read_dossier_log", _("Mag het leeslog van dossiers lezen"))]
        indexes = [
            models.Index(fields=["wijk", "status", "-opened_at"], name="dossier_wijk_status"),
            models.Index(fields=["status", "outcome"], name="dossier_outcome"),
            # sigstaff (migration 0003): the dossier list of every wijk, newest first.
            models.Index(fields=["-opened_at", "-id"], name="dossier_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.reference or _('nieuw dossier')}: {self.title}"


class InstrumentApplied(models.Model):
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="instruments"
    )
    instrument = models.ForeignKey(
        "cms.Instrument",
        verbose_name=_("instrument"),
        on_delete=models.PROTECT,
        related_name="applications_in_dossiers",
    )
    applied_on = models.DateField(_("ingezet op"))
    result = models.TextField(_("resultaat"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ingezet instrument")
        verbose_name_plural = _("ingezette instrumenten")
        ordering = ["applied_on", "pk"]

    def __str__(self) -> str:
        return f"{self.instrument} ({self.applied_on:%d-%m-%Y})"


class DossierRead(models.Model):
    """One opening of a dossier's page: who read it, when (read by the coordinator)."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="reads"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gelezen door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    read_at = models.DateTimeField(_("gelezen op"), default=timezone.now)

    class Meta:
        verbose_name = _("inzage in een dossier")
        verbose_name_plural = _("inzagen in dossiers")
        ordering = ["-read_at", "-pk"]
        indexes = [models.Index(fields=["dossier", "read_at"], name="dossier_read_log")]

    def __str__(self) -> str:
        return f"{self.dossier}: {timezone.localtime(self.read_at):%d-%m-%Y %H:%M}"


# --- Referrals and costs --------------------------------------------------------------


class ReferralOutcome(models.TextChoices):
    OPGEPAKT = "opgepakt", _("Opgepakt door de partner")
    AFGEROND = "afgerond", _("Afgerond")
    NIET_OPGEPAKT = "niet_opgepakt", _("Niet opgepakt")
    GEEN_REACTIE = "geen_reactie", _("Geen reactie van de partner")


class Referral(models.Model):
    """A referral to a network partner of a melding, a contact or a dossier."""

    partner = models.ForeignKey(
        "cms.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    melding = models.ForeignKey(
        Melding,
        verbose_name=_("melding"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="referrals",
    )
    contact = models.ForeignKey(
        ContactMoment,
        verbose_name=_("contactmoment"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="referrals",
    )
    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("dossier"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="referrals",
    )
    referred_on = models.DateField(_("doorverwezen op"), default=timezone.localdate)
    reason = models.TextField(_("reden"), max_length=2000)
    follow_up_on = models.DateField(_("opvolgen op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    outcome = models.CharField(
        _("uitkomst"), max_length=20, choices=ReferralOutcome.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("doorverwijzing")
        verbose_name_plural = _("doorverwijzingen")
        ordering = ["-referred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(melding__isnull=False, contact__isnull=True, dossier__isnull=True)
                    | models.Q(melding__isnull=True, contact__isnull=False, dossier__isnull=True)
                    | models.Q(melding__isnull=True, contact__isnull=True, dossier__isnull=False)
                ),
                name="referral_exactly_one_subject",
            )
        ]
        indexes = [
            models.Index(fields=["partner", "closed_at"], name="referral_per_partner"),
            models.Index(fields=["closed_at", "follow_up_on"], name="referral_open"),
        ]

    def __str__(self) -> str:
        return f"{self.partner} ({self.referred_on:%d-%m-%Y})"


class CostKind(models.TextChoices):
    SCHOONMAAK = "schoonmaak", _("Schoonmaak")
    REPARATIE = "reparatie", _("Reparatie")
    BEMIDDELING = "bemiddeling", _("Bemiddeling")
    JURIDISCH = "juridisch", _("Juridisch")
    OVERIG = "overig", _("Overig")


class Cost(models.Model):
    """Money spent on a melding or a dossier (for the costs per signal type)."""

    melding = models.ForeignKey(
        Melding,
        verbose_name=_("melding"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="costs",
    )
    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("dossier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="costs",
    )
    kind = models.CharField(_("soort kosten"), max_length=20, choices=CostKind.choices)
    amount = models.DecimalField(_("bedrag"), **MONEY, validators=[positive, not_absurd])
    spent_on = models.DateField(_("datum"), default=timezone.localdate)
    description = models.CharField(_("toelichting"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kosten")
        verbose_name_plural = _("kosten")
        ordering = ["-spent_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(melding__isnull=False, dossier__isnull=True)
                    | models.Q(melding__isnull=True, dossier__isnull=False)
                ),
                name="cost_exactly_one_subject",
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="cost_amount_positive"),
        ]
        indexes = [models.Index(fields=["kind", "spent_on"], name="cost_kind_period")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: € {self.amount}"
