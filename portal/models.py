"""Shared core models: the user, neighbourhoods (wijk, buurt, complex) and the
working-day calendar's closing days and response-term settings."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.search import index

wijk_code_validator = RegexValidator(
    r"^WK\d{6}$", _("Een wijkcode is WK gevolgd door zes cijfers, bijvoorbeeld WK093501.")
)
buurt_code_validator = RegexValidator(
    r"^BU\d{8}$", _("Een buurtcode is BU gevolgd door acht cijfers, bijvoorbeeld BU09350101.")
)


def validate_boundary(value) -> None:
    """A boundary is a GeoJSON Polygon or MultiPolygon in longitude/latitude."""
    message = _(
        "Voer een GeoJSON-Polygon of -MultiPolygon in, met coördinaten als "
        "[lengtegraad, breedtegraad]."
    )
    if not isinstance(value, dict) or value.get("type") not in {"Polygon", "MultiPolygon"}:
        raise ValidationError(message)
    polygons = value.get("coordinates")
    if value["type"] == "Polygon":
        polygons = [polygons]
    try:
        for polygon in polygons:
            for ring in polygon:
                if len(ring) < 4:
                    raise ValidationError(_("Een vlak heeft minstens vier punten nodig."))
                for lon, lat in ring:
                    if not (-180 <= float(lon) <= 180 and -90 <= float(lat) <= 90):
                        raise ValidationError(message)
    except (TypeError, ValueError) as exc:
        raise ValidationError(message) from exc


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class TrackedFieldsHistory(HistoricalRecords):
    """History that writes no record for a save limited to untracked fields: signing in
    (last_login), a new password or notification preferences leave no trace; a change of
    a tracked field or of a tracked many-to-many field always does."""

    def fields_included(self, model):
        # django-simple-history applies excluded_fields to the m2m through tables as well,
        # which would drop the `wijk` column of the werkgebied table (it shares its name
        # with the excluded home wijk): through tables keep all their columns.
        if model._meta.auto_created:
            return list(model._meta.fields)
        return super().fields_included(model)

    def post_save(self, instance, created, using=None, **kwargs):
        update_fields = kwargs.get("update_fields")
        if not created and update_fields and set(update_fields) <= set(self.excluded_fields):
            return
        super().post_save(instance, created, using=using, **kwargs)


class User(AbstractUser):
    """A person with an account. E-mail is the login; roles are Django groups."""

    username = None
    email = models.EmailField(_("e-mailadres"), unique=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    address = models.CharField(_("adres"), max_length=200, blank=True)
    wijk = models.ForeignKey(
        "portal.Wijk",
        verbose_name=_("wijk"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="residents",
    )
    complex = models.ForeignKey(
        "portal.Complex",
        verbose_name=_("complex"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="residents",
    )
    werkgebied = models.ManyToManyField(
        "portal.Wijk",
        verbose_name=_("werkgebied"),
        blank=True,
        related_name="medewerkers",
        help_text=_(
            "Voor HWZ-moderatoren en wijkbeheerders: de wijken waarin zij werken (verplicht); "
            "andere wijken zien zij niet. Voor de andere rollen, die alle wijken bereiken: "
            "'mijn wijken'. De wachtrijen van aanvragen en initiatieven tonen eerst deze "
            "wijken (alle wijken blijven te tonen), en berichten over een wijk gaan naar wie "
            "die wijk in het werkgebied heeft; heeft niemand met de rol die wijk, dan naar "
            "iedereen met de rol."
        ),
    )

    language = models.CharField(
        _("taal"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="nl",
        help_text=_("De taal van berichten, e-mails en brieven aan deze persoon."),
    )
    muted_email_events = models.JSONField(
        _("geen e-mail bij"),
        default=list,
        blank=True,
        help_text=_("Soorten berichten die deze persoon alleen in de portal wil zien."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    # Who gave whom which role, werkgebied or access, and when (shown to administrators on
    # the user's page in the admin). Only those fields are kept: no password hashes, no
    # contact details, no sign-in times.
    history = TrackedFieldsHistory(
        m2m_fields=["groups", "werkgebied"],
        excluded_fields=[
            "password",
            "last_login",
            "first_name",
            "last_name",
            "phone",
            "address",
            "wijk",
            "complex",
            "muted_email_events",
            "language",
            "date_joined",
        ],
        verbose_name=_("historie van gebruiker"),
        verbose_name_plural=_("historie van gebruikers"),
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Wijk(index.Indexed, models.Model):
    code = models.CharField(
        _("CBS-wijkcode"), max_length=8, unique=True, validators=[wijk_code_validator]
    )
    name = models.CharField(_("naam"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    boundary = models.JSONField(
        _("grens (GeoJSON)"),
        null=True,
        blank=True,
        help_text=_("Vereenvoudigde grens als GeoJSON-Polygon of -MultiPolygon (lengte, breedte)."),
        validators=[validate_boundary],
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("slug"),
        FieldPanel("boundary"),
    ]
    search_fields = [index.SearchField("name"), index.FilterField("code")]

    class Meta:
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Buurt(models.Model):
    wijk = models.ForeignKey(
        Wijk, verbose_name=_("wijk"), on_delete=models.PROTECT, related_name="buurten"
    )
    code = models.CharField(
        _("CBS-buurtcode"), max_length=10, unique=True, validators=[buurt_code_validator]
    )
    name = models.CharField(_("naam"), max_length=120)
    boundary = models.JSONField(
        _("grens (GeoJSON)"), null=True, blank=True, validators=[validate_boundary]
    )

    panels = [FieldPanel("wijk"), FieldPanel("name"), FieldPanel("code"), FieldPanel("boundary")]

    class Meta:
        verbose_name = _("buurt")
        verbose_name_plural = _("buurten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Complex(models.Model):
    buurt = models.ForeignKey(
        Buurt, verbose_name=_("buurt"), on_delete=models.PROTECT, related_name="complexen"
    )
    code = models.CharField(_("complexnummer"), max_length=20, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    address = models.CharField(_("adres of straten"), max_length=255, blank=True)
    homes = models.PositiveIntegerField(_("aantal woningen"), default=0)

    panels = [
        FieldPanel("buurt"),
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("address"),
        FieldPanel("homes"),
    ]

    class Meta:
        verbose_name = _("complex")
        verbose_name_plural = _("complexen")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class ClosingDay(models.Model):
    """A day the corporation is closed besides weekends and public holidays."""

    date = models.DateField(_("datum"), unique=True)
    description = models.CharField(_("omschrijving"), max_length=120)

    panels = [FieldPanel("date"), FieldPanel("description")]

    class Meta:
        verbose_name = _("sluitingsdag")
        verbose_name_plural = _("sluitingsdagen")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.description}"


@register_setting(icon="time")
class ResponseTermsSettings(BaseGenericSetting):
    """Response terms in working days, editable by staff."""

    acknowledgement_days = models.PositiveSmallIntegerField(
        _("ontvangstbevestiging binnen (werkdagen)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    feedback_days = models.PositiveSmallIntegerField(
        _("inhoudelijke terugkoppeling uiterlijk binnen (werkdagen)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    target_days = models.PositiveSmallIntegerField(
        _("streeftermijn terugkoppeling (werkdagen)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("acknowledgement_days"),
                FieldPanel("target_days"),
                FieldPanel("feedback_days"),
            ],
            heading=_("Reactietermijnen"),
        )
    ]

    class Meta:
        verbose_name = _("reactietermijnen")

    def clean(self):
        if self.target_days > self.feedback_days:
            raise ValidationError(
                {"target_days": _("De streeftermijn mag niet langer zijn dan de uiterste termijn.")}
            )
        if self.acknowledgement_days > self.target_days:
            raise ValidationError(
                {
                    "acknowledgement_days": _(
                        "De ontvangstbevestiging moet binnen de streeftermijn vallen."
                    )
                }
            )


@register_setting(icon="mail")
class ContactSettings(BaseGenericSetting):
    """How residents reach the corporation: shown where we cannot help them online, such
    as the page an account that an administrator closed sees when it tries to sign in."""

    organisation = models.CharField(
        _("naam van de organisatie"), max_length=200, default="Fijne Wijk"
    )
    email = models.EmailField(_("e-mailadres"), default="info@fijnewijk.test")
    phone = models.CharField(_("telefoonnummer"), max_length=30, default="0475 000 000")
    hours = models.CharField(
        _("bereikbaar"), max_length=200, default="werkdagen 8.30–17.00 uur", blank=True
    )

    panels = [
        FieldPanel("organisation"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("hours"),
    ]

    class Meta:
        verbose_name = _("contactgegevens")


class Notification(models.Model):
    """A message in a person's list in "Mijn overzicht"; also sent by e-mail unless the
    person turned that kind off. Written by portal.notifications.notify()."""

    recipient = models.ForeignKey(
        User,
        verbose_name=_("ontvanger"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.CharField(_("soort"), max_length=60)
    title = models.CharField(_("onderwerp"), max_length=255)
    body = models.TextField(_("tekst"), blank=True)
    message = models.TextField(
        _("bericht van een medewerker"),
        blank=True,
        help_text=_("De eigen woorden van een moderator of medewerker, apart getoond."),
    )
    sender_label = models.CharField(_("afzender"), max_length=200, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    attachment = models.CharField(
        _("bijlage"),
        max_length=100,
        blank=True,
        help_text=_("Een bijlage bij de e-mail, als 'soort:sleutel' (zie portal.notifications)."),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("gemaild op"), null=True, blank=True)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "-created_at"], name="notification_inbox")]

    def __str__(self) -> str:
        return self.title


class MeasureScope(models.TextChoices):
    """What a moderation measure takes away. ALL is every form of public participation
    (proposing, supporting, commenting and reporting comments); never the fund, the
    resident's own data or signing in."""

    COMMENT = "reageren", _("reageren en reacties melden")
    PROPOSE = "voorstellen", _("initiatieven voorstellen")
    SUPPORT = "steunen", _("initiatieven steunen")
    ALL = "alles", _("alle openbare deelname")


class ParticipationMeasureQuerySet(models.QuerySet):
    def in_force(self, now=None):
        """Not lifted and not yet ended: expired measures stop working by their date."""
        now = now or timezone.now()
        return self.filter(lifted_at=None).filter(
            models.Q(ends_at=None) | models.Q(ends_at__gt=now)
        )


class ParticipationMeasure(models.Model):
    """A moderation measure: takes one kind of participation away from an account, for a
    period (or until a coordinator lifts it), with the reason shown to the resident, who
    may object. The account itself stays open (formerly AccountSuspension)."""

    user = models.ForeignKey(
        User,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="measures",
    )
    scope = models.CharField(
        _("geldt voor"), max_length=20, choices=MeasureScope.choices, default=MeasureScope.COMMENT
    )
    reason = models.TextField(_("reden"))
    imposed_by = models.ForeignKey(
        User,
        verbose_name=_("opgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("opgelegd op"), auto_now_add=True)
    ends_at = models.DateTimeField(
        _("loopt tot"), null=True, blank=True, help_text=_("Leeg: tot een coördinator hem opheft.")
    )
    lifted_at = models.DateTimeField(_("opgeheven op"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        User,
        verbose_name=_("opgeheven door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    objection = models.TextField(_("bezwaar"), blank=True)
    objected_at = models.DateTimeField(_("bezwaar gemaakt op"), null=True, blank=True)
    history = HistoricalRecords()
    objects = ParticipationMeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("maatregel")
        verbose_name_plural = _("maatregelen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "lifted_at", "ends_at"], name="measure_in_force")]

    def __str__(self) -> str:
        since = timezone.localtime(self.created_at)
        return f"{self.user}: {self.get_scope_display()} ({since:%d-%m-%Y})"

    def is_in_force(self, now=None) -> bool:
        now = now or timezone.now()
        return self.lifted_at is None and (self.ends_at is None or self.ends_at > now)

    def covers(self, scope: str) -> bool:
        return self.scope in (scope, MeasureScope.ALL)

    def until_text(self) -> str:
        """'tot donderdag 3 december 2026 om 14:00' (Europe/Amsterdam), or until it is lifted."""
        from .templatetags.portal_tags import datum_lang

        if self.ends_at is None:
            return str(_("tot de maatregel wordt opgeheven"))
        return str(_("tot %(date)s")) % {"date": datum_lang(self.ends_at, with_time=True)}


class SubmissionToken(models.Model):
    """A form's one-time submission token, kept with the result of the request that used
    it, so that a second click (or a second request at the same moment) gets that result
    instead of doing the work twice. See portal.idempotency."""

    owner = models.CharField(_("eigenaar"), max_length=80)
    token = models.CharField(_("kenmerk"), max_length=64)
    location = models.CharField(_("uitkomst"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("gebruikt op"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("verzendkenmerk")
        verbose_name_plural = _("verzendkenmerken")
        constraints = [
            models.UniqueConstraint(fields=["owner", "token"], name="submission_token_once")
        ]

    def __str__(self) -> str:
        return self.token


class ErasureRecord(models.Model):
    """That an account was erased at its owner's request (AVG article 17), and how much each
    part of the site removed or anonymised: the corporation's proof that it did, without
    any of the data itself (portal.personal_data.erase_account)."""

    class Outcome(models.TextChoices):
        DELETED = "verwijderd", _("Account verwijderd")
        ANONYMISED = (
            "geanonimiseerd",
            _("Account geanonimiseerd (bewaarde gegevens verwijzen ernaar)"),
        )

    account_id = models.BigIntegerField(_("accountnummer"), db_index=True)
    erased_at = models.DateTimeField(_("gewist op"), auto_now_add=True)
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices)
    counts = models.JSONField(_("aantallen per onderdeel"), default=dict, blank=True)

    class Meta:
        verbose_name = _("gewist account")
        verbose_name_plural = _("gewiste accounts")
        ordering = ["-erased_at"]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.get_outcome_display()}"
