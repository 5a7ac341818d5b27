"""Resident initiatives: the idea, its team, photos, supports, comments with their abuse
reports, and progress updates. Status changes only through services.initiative_transition."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Status(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    INGEDIEND = "ingediend", _("Ingediend")
    TERUGGESTUURD = "teruggestuurd", _("Teruggestuurd met vraag")
    GEPUBLICEERD = "gepubliceerd", _("Gepubliceerd")
    IN_UITVOERING = "in_uitvoering", _("In uitvoering")
    AFGEROND = "afgerond", _("Afgerond")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


# Visible to everyone; the others only to the initiative's team and its moderators.
PUBLIC_STATUSES = (Status.GEPUBLICEERD, Status.IN_UITVOERING, Status.AFGEROND)
# Open for new supports and comments.
ACTIVE_STATUSES = (Status.GEPUBLICEERD, Status.IN_UITVOERING)
# The team may change the text and photos.
EDITABLE_STATUSES = (Status.CONCEPT, Status.TERUGGESTUURD)
CLOSED_STATUSES = (Status.AFGEWEZEN, Status.INGETROKKEN)

# A concept is the resident's own until it is submitted: an initiative withdrawn before
# it was ever submitted stays private too.
PRIVATE_CONCEPT = models.Q(status=Status.CONCEPT) | models.Q(
    status=Status.INGETROKKEN, submitted_at=None
)


class InitiativeQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status__in=PUBLIC_STATUSES)

    def submitted(self):
        """Everything but private concepts: what moderators and staff may ever see."""
        return self.exclude(PRIVATE_CONCEPT)

    def of_team_member(self, user):
        return self.filter(models.Q(initiator=user) | models.Q(co_initiators=user)).distinct()

    def for_cards(self):
        """What a card in a list shows: wijk, pillar and the first photo, in 2 queries."""
        return self.select_related("wijk", "pillar").prefetch_related(
            models.Prefetch(
                "photos",
                queryset=Photo.objects.filter(update=None).order_by("sort_order", "pk"),
                to_attr="cover_photos",
            )
        )


def photo_path(instance, filename: str) -> str:
    return f"initiatieven/{uuid.uuid4().hex[:2]}/{filename}"


class Initiative(models.Model):
    title = models.CharField(_("titel"), max_length=120)
    description = models.TextField(
        _("wat is het idee?"),
        max_length=5000,
        validators=[MaxLengthValidator(5000)],
        blank=True,
        help_text=_("Beschrijf wat u wilt doen, voor wie, en waarom het de buurt beter maakt."),
    )
    needs = models.TextField(
        _("wat is er nodig?"),
        max_length=2000,
        validators=[MaxLengthValidator(2000)],
        blank=True,
        help_text=_("Bijvoorbeeld materiaal, een ruimte, vrijwilligers of hulp van ons."),
    )
    estimated_cost = models.DecimalField(
        _("geschatte kosten (euro)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, message=_("De kosten kunnen niet negatief zijn.")),
            MaxValueValidator(
                1_000_000, message=_("Vul een bedrag in van hoogstens 1.000.000 euro.")
            ),
        ],
    )
    wijk = models.ForeignKey(
        "portal.Wijk", verbose_name=_("wijk"), on_delete=models.PROTECT, related_name="initiatives"
    )
    complex = models.ForeignKey(
        "portal.Complex",
        verbose_name=_("complex"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
    )
    pillar = models.ForeignKey(
        "cms.Pillar",
        verbose_name=_("pijler"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    initiator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("initiatiefnemer"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    co_initiators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mede-initiatiefnemers"),
        blank=True,
        related_name="co_initiatives",
    )
    support_count = models.PositiveIntegerField(_("aantal steunbetuigingen"), default=0)
    comment_count = models.PositiveIntegerField(_("aantal reacties"), default=0)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["support_count", "comment_count", "updated_at"])
    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiatief")
        verbose_name_plural = _("initiatieven")
        ordering = ["-published_at", "-pk"]
        permissions = [("moderate_initiative", _("Mag initiatieven modereren"))]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="initiative_public"),
            models.Index(fields=["wijk", "status"], name="initiative_wijk_status"),
            models.Index(fields=["pillar", "status"], name="initiative_pillar_status"),
            models.Index(fields=["status", "submitted_at"], name="initiative_queue"),
            models.Index(fields=["status", "-support_count"], name="initiative_popular"),
            # The public lists, home and the wijk pages read only public initiatives, in
            # the order they show them: partial indexes on the public statuses give the
            # first rows of a page without reading (and sorting) every public one. The
            # wijk ones also count the map's public initiatives per wijk.
            models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(status__in=[s.value for s in PUBLIC_STATUSES]),
                name="initiative_latest_public",
            ),
            models.Index(
                fields=["wijk", "-published_at", "-id"],
                condition=models.Q(status__in=[s.value for s in PUBLIC_STATUSES]),
                name="initiative_wijk_public",
            ),
            models.Index(
                fields=["-support_count", "-published_at", "-id"],
                condition=models.Q(status__in=[s.value for s in PUBLIC_STATUSES]),
                name="initiative_supported_public",
            ),
            models.Index(
                fields=["wijk", "-support_count", "-published_at", "-id"],
                condition=models.Q(status__in=[s.value for s in PUBLIC_STATUSES]),
                name="initiative_wijk_supported",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatieven:detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_private(self) -> bool:
        """A concept never submitted: visible to its team only (see PRIVATE_CONCEPT)."""
        return self.status == Status.CONCEPT or (
            self.status == Status.INGETROKKEN and self.submitted_at is None
        )

    def missing_for_submission(self) -> dict[str, str]:
        """The fields a submission still needs, each with a message for beside the field."""
        missing = {}
        if not self.description.strip():
            missing["description"] = _("Beschrijf uw idee voordat u het indient.")
        if not self.needs.strip():
            missing["needs"] = _("Vertel wat er nodig is voordat u het idee indient.")
        if self.pillar_id is None:
            missing["pillar"] = _("Kies de pijler waar uw idee aan bijdraagt.")
        return missing


class ProgressUpdate(models.Model):
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiatief"), on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("bericht"), max_length=3000, validators=[MaxLengthValidator(3000)])
    created_at = models.DateTimeField(_("geplaatst op"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("voortgangsbericht")
        verbose_name_plural = _("voortgangsberichten")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["initiative", "-created_at"], name="update_timeline")]

    def __str__(self) -> str:
        return f"{self.initiative}: {timezone.localtime(self.created_at):%d-%m-%Y}"


class Photo(models.Model):
    """A photo of an initiative (update empty) or of one of its progress updates."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiatief"), on_delete=models.CASCADE, related_name="photos"
    )
    update = models.ForeignKey(
        ProgressUpdate,
        verbose_name=_("voortgangsbericht"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
    )
    image = models.ImageField(
        _("foto"), upload_to=photo_path, width_field="width", height_field="height"
    )
    thumbnail = models.ImageField(_("miniatuur"), upload_to=photo_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt_text = models.CharField(_("beschrijving voor wie de foto niet ziet"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("foto")
        verbose_name_plural = _("foto's")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.alt_text


class Support(models.Model):
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiatief"), on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bewoner"),
        on_delete=models.CASCADE,
        related_name="initiative_supports",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("steunbetuiging")
        verbose_name_plural = _("steunbetuigingen")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "user"], name="one_support_per_account")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.initiative}"


class Comment(models.Model):
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiatief"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.CASCADE,
        related_name="initiative_comments",
    )
    body = models.TextField(_("reactie"), max_length=2000, validators=[MaxLengthValidator(2000)])
    created_at = models.DateTimeField(_("geplaatst op"), auto_now_add=True)
    hidden_at = models.DateTimeField(_("verborgen op"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verborgen door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.TextField(_("reden van verbergen"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reactie")
        verbose_name_plural = _("reacties")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["initiative", "created_at"], name="comment_thread")]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class CommentReport(models.Model):
    class Reason(models.TextChoices):
        SCHELDEN = "schelden", _("Schelden, beledigen of bedreigen")
        DISCRIMINATIE = "discriminatie", _("Discriminatie")
        PRIVACY = "privacy", _("Persoonlijke gegevens van anderen")
        RECLAME = "reclame", _("Reclame of spam")
        ANDERS = "anders", _("Iets anders")

    class Outcome(models.TextChoices):
        HIDDEN = "verborgen", _("Reactie verborgen")
        DISMISSED = "afgewezen", _("Melding niet terecht")

    comment = models.ForeignKey(
        Comment, verbose_name=_("reactie"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemeld door"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField(_("reden"), max_length=20, choices=Reason.choices)
    explanation = models.CharField(_("toelichting"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("gemeld op"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgehandeld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("melding van misbruik")
        verbose_name_plural = _("meldingen van misbruik")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_account")
        ]
        indexes = [models.Index(fields=["resolved_at", "comment"], name="report_open")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.comment}"


def new_invite_token() -> str:
    return secrets.token_urlsafe(32)


class CoInitiatorInvite(models.Model):
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiatief"), on_delete=models.CASCADE, related_name="invites"
    )
    email = models.EmailField(_("e-mailadres"))
    token = models.CharField(max_length=64, unique=True, default=new_invite_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The token is the invitation's secret: history keeps who, when and what, not the key.
    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        verbose_name = _("uitnodiging mede-initiatiefnemer")
        verbose_name_plural = _("uitnodigingen mede-initiatiefnemers")
        ordering = ["-created_at"]
        # The invitations sent to a person's addresses (their own data: export, erasure).
        indexes = [models.Index(Upper("email"), name="invite_email_upper")]

    def __str__(self) -> str:
        return self.email


class ConceptReadLog(models.Model):
    """Each time an administrator opened a private concept in the admin: who, when, which."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiatief"),
        on_delete=models.CASCADE,
        related_name="concept_reads",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gelezen door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    read_at = models.DateTimeField(_("gelezen op"), auto_now_add=True)
    view = models.CharField(_("scherm"), max_length=50)

    class Meta:
        verbose_name = _("inzage in een concept")
        verbose_name_plural = _("inzage in concepten")
        ordering = ["-read_at", "-pk"]

    def __str__(self) -> str:
        return (
            f"{self.user} → {self.initiative} ({timezone.localtime(self.read_at):%d-%m-%Y %H:%M})"
        )
