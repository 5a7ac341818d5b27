"""Resident groups (bewonersgroepen and bewonerscommissies) with the tenants' association
(HWZ): memberships, meetings with RSVPs and minutes, and announcements to members.
Every change goes through participatie.services, which leaves history."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class GroupKind(models.TextChoices):
    BEWONERSGROEP = "bewonersgroep", _("Bewonersgroep")
    BEWONERSCOMMISSIE = "bewonerscommissie", _("Bewonerscommissie")


class ResidentGroupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class ResidentGroup(models.Model):
    name = models.CharField(_("naam"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(
        _("soort"), max_length=20, choices=GroupKind.choices, default=GroupKind.BEWONERSGROEP
    )
    wijk = models.ForeignKey(
        "portal.Wijk",
        verbose_name=_("wijk"),
        on_delete=models.PROTECT,
        related_name="resident_groups",
    )
    complex = models.ForeignKey(
        "portal.Complex",
        verbose_name=_("complex"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resident_groups",
    )
    description = models.TextField(
        _("wat doet de groep?"),
        max_length=3000,
        validators=[MaxLengthValidator(3000)],
        blank=True,
    )
    meets_when = models.CharField(
        _("wanneer komt de groep bijeen?"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: elke eerste dinsdag van de maand, 19.30 uur."),
    )
    open_membership = models.BooleanField(
        _("open groep"),
        default=False,
        help_text=_(
            "Aan: wie zich aanmeldt, is meteen lid. Uit: een moderator keurt elke aanmelding goed."
        ),
    )
    meetings_public = models.BooleanField(
        _("bijeenkomsten openbaar"),
        default=True,
        help_text=_(
            "Aan: iedereen ziet de bijeenkomsten en kan zich aanmelden. Uit: alleen leden."
        ),
    )
    active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ResidentGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("bewonersgroep")
        verbose_name_plural = _("bewonersgroepen")
        ordering = ["name", "pk"]
        permissions = [
            ("moderate_residentgroup", _("Mag toegewezen bewonersgroepen modereren")),
            ("manage_residentgroup", _("Mag alle bewonersgroepen in bereik beheren")),
        ]
        indexes = [
            models.Index(fields=["active", "wijk", "name"], name="group_active_wijk"),
            models.Index(fields=["active", "kind", "name"], name="group_active_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("participatie:group", args=[self.slug])


class MembershipStatus(models.TextChoices):
    REQUESTED = "aangevraagd", _("Aangemeld, wacht op goedkeuring")
    ACTIVE = "actief", _("Lid")
    DECLINED = "afgewezen", _("Niet toegelaten")
    ENDED = "beeindigd", _("Beëindigd")


class MembershipRole(models.TextChoices):
    MEMBER = "lid", _("Lid")
    CONTACT = "contactpersoon", _("Contactpersoon")
    MODERATOR = "moderator", _("HWZ-moderator")


OPEN_MEMBERSHIP = (MembershipStatus.REQUESTED, MembershipStatus.ACTIVE)


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=MembershipStatus.ACTIVE)


class Membership(models.Model):
    group = models.ForeignKey(
        ResidentGroup,
        verbose_name=_("groep"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bewoner"),
        on_delete=models.CASCADE,
        related_name="group_memberships",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.REQUESTED,
    )
    role = models.CharField(
        _("rol"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    show_name_to_members = models.BooleanField(
        _("naam tonen aan andere leden"),
        default=False,
        help_text=_("Alleen met toestemming zien andere leden uw naam."),
    )
    decline_reason = models.TextField(_("reden van afwijzing"), blank=True)
    requested_at = models.DateTimeField(_("aangemeld op"), default=timezone.now)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besloten door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ended_at = models.DateTimeField(_("beëindigd op"), null=True, blank=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=models.Q(status__in=["aangevraagd", "actief"]),
                name="membership_one_open_per_person",
            )
        ]
        indexes = [
            models.Index(fields=["group", "status"], name="membership_group_status"),
            models.Index(fields=["user", "status"], name="membership_user_status"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.group}"


class MeetingStatus(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    CANCELLED = "geannuleerd", _("Geannuleerd")


class Meeting(models.Model):
    group = models.ForeignKey(
        ResidentGroup, verbose_name=_("groep"), on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("titel"), max_length=120)
    starts_at = models.DateTimeField(_("begint om"))
    ends_at = models.DateTimeField(_("eindigt om"))
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    online_url = models.URLField(_("link voor online deelnemen"), max_length=500, blank=True)
    agenda = models.TextField(
        _("agenda"), max_length=5000, validators=[MaxLengthValidator(5000)], blank=True
    )
    capacity = models.PositiveIntegerField(
        _("aantal plaatsen"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message=_("Er is minstens één plaats nodig."))],
        help_text=_("Leeg: geen maximum."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    cancel_reason = models.TextField(_("reden van annuleren"), blank=True)
    minutes = models.TextField(
        _("verslag"), max_length=20000, validators=[MaxLengthValidator(20000)], blank=True
    )
    minutes_published_at = models.DateTimeField(_("verslag gepubliceerd op"), null=True, blank=True)
    minutes_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verslag door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    going_count = models.PositiveIntegerField(_("aantal aanmeldingen"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gepland door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["going_count"])

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("Het einde ligt na het begin."),
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1),
                name="meeting_capacity_positive",
                violation_error_message=_("Er is minstens één plaats nodig."),
            ),
        ]
        indexes = [
            models.Index(fields=["group", "status", "starts_at"], name="meeting_group_upcoming"),
            models.Index(fields=["status", "starts_at"], name="meeting_upcoming"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participatie:meeting", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.going_count, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.going_count >= self.capacity


class RsvpStatus(models.TextChoices):
    GOING = "aangemeld", _("Aangemeld")
    WAITING = "wachtlijst", _("Op de wachtlijst")
    CANCELLED = "afgemeld", _("Afgemeld")


class Rsvp(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("bijeenkomst"), on_delete=models.CASCADE, related_name="rsvps"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bewoner"),
        on_delete=models.CASCADE,
        related_name="meeting_rsvps",
    )
    status = models.CharField(_("status"), max_length=20, choices=RsvpStatus.choices)
    # Place on the waiting list: the lowest moves up first (only for WAITING).
    position = models.PositiveIntegerField(_("plaats op de wachtlijst"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemeld op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    reminded_at = models.DateTimeField(_("herinnering verstuurd op"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "reminded_at"])

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["meeting", "status", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="rsvp_one_per_person")
        ]
        indexes = [
            models.Index(fields=["meeting", "status", "position"], name="rsvp_waiting_list"),
            models.Index(fields=["status", "reminded_at"], name="rsvp_reminder"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.meeting}"


class Announcement(models.Model):
    group = models.ForeignKey(
        ResidentGroup,
        verbose_name=_("groep"),
        on_delete=models.CASCADE,
        related_name="announcements",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afzender"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    title = models.CharField(_("onderwerp"), max_length=120)
    body = models.TextField(_("bericht"), max_length=5000, validators=[MaxLengthValidator(5000)])
    created_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bericht aan leden")
        verbose_name_plural = _("berichten aan leden")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["group", "-created_at"], name="announcement_group")]

    def __str__(self) -> str:
        return self.title


class AnnouncementDelivery(models.Model):
    """One member told of one announcement: the task that sends them writes this row in
    the same transaction as the message, so a retried task never tells anyone twice."""

    announcement = models.ForeignKey(
        Announcement,
        verbose_name=_("bericht"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ontvanger"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)

    class Meta:
        verbose_name = _("bezorging van een bericht")
        verbose_name_plural = _("bezorgingen van berichten")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "user"], name="announcement_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.announcement} → {self.user}"
