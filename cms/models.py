"""Wagtail pages and snippets: the public website of the corporation's liveability policy."""

from __future__ import annotations

from asgiref.local import Local
from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    DraftStateMixin,
    Orderable,
    Page,
    RevisionMixin,
    TranslatableMixin,
)
from wagtail.search import index

from portal import sections
from portal.pagination import paginate
from portal.sections import render_sections

from .blocks import BodyBlock

# --- Snippets -------------------------------------------------------------------------
#
# Pillars, instruments and partners are translatable (Wagtail's TranslatableMixin): the
# Dutch row is the original, and everything that points to one (an initiative, an
# application, a pillar page, an instrument) points to the Dutch row; pages show the
# translation in the language of the page, and the Dutch text where there is none yet.


def in_active_language(queryset) -> list:
    """The rows of `queryset` in the active language: each translation where there is one,
    the Dutch original where there is not; in the queryset's order (one query)."""
    from django.conf import settings
    from django.utils import translation

    default = settings.LANGUAGE_CODE
    active = translation.get_language() or default
    rows = list(
        queryset.filter(locale__language_code__in={default, active}).select_related("locale")
    )
    chosen = {}
    for row in rows:
        if row.locale.language_code == active or row.translation_key not in chosen:
            chosen[row.translation_key] = row
    keep = {id(row) for row in chosen.values()}
    return [row for row in rows if id(row) in keep]


PILLAR_TEXTS_CACHE_KEY = "cms:pillar-texts:{language}"
# The texts as read once in this request (set up and dropped by cms.signals at the start
# and end of each request): a list of initiatives names a pillar on every card, and each
# would otherwise be a round trip to the cache. Outside a request nothing is remembered.
pillar_texts_this_request = Local()


def pillar_texts(language: str) -> dict[int, tuple[str, str]]:
    """{id of a Dutch pillar: (name, summary) in `language`}, from the cache (emptied when
    a pillar is saved or deleted, see cms.signals)."""
    from django.core.cache import cache

    remembered = getattr(pillar_texts_this_request, "texts", None)
    if remembered is not None and language in remembered:
        return remembered[language]
    key = PILLAR_TEXTS_CACHE_KEY.format(language=language)
    texts = cache.get(key)
    if remembered is not None and texts is not None:
        remembered[language] = texts
    if texts is None:
        rows = Pillar.objects.filter(
            locale__language_code__in={settings.LANGUAGE_CODE, language}
        ).values_list("pk", "translation_key", "locale__language_code", "name", "summary")
        originals = {tk: pk for pk, tk, code, _n, _s in rows if code == settings.LANGUAGE_CODE}
        texts = {
            originals[tk]: (name, summary)
            for _pk, tk, code, name, summary in rows
            if code == language and tk in originals
        }
        cache.set(key, texts, 3600)
    return texts


class Pillar(TranslatableMixin, index.Indexed, models.Model):
    """One of the four pillars of liveability."""

    name = models.CharField(_("naam"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80)
    summary = models.TextField(_("korte omschrijving"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("summary")]

    class Meta(TranslatableMixin.Meta):
        unique_together = [("translation_key", "locale"), ("slug", "locale")]
        verbose_name = _("pijler")
        verbose_name_plural = _("pijlers")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.local_name

    def _local(self) -> tuple[str, str]:
        from django.utils import translation

        texts = pillar_texts(translation.get_language() or settings.LANGUAGE_CODE)
        # A Dutch original shows its translation; a translation always shows itself.
        return texts.get(self.pk, (self.name, self.summary))

    @property
    def local_name(self) -> str:
        """The name in the language of the page (the Dutch name until translated)."""
        return self._local()[0]

    @property
    def local_summary(self) -> str:
        return self._local()[1]


class Instrument(TranslatableMixin, DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """An instrument of the catalogue: something staff can apply in a neighbourhood."""

    class Kind(models.TextChoices):
        FYSIEK = "fysiek", _("Fysiek")
        SOCIAAL = "sociaal", _("Sociaal")

    class Character(models.TextChoices):
        ACTIVEREND = "activerend", _("Activerend")
        PREVENTIEF = "preventief", _("Preventief")
        REPRESSIEF = "repressief", _("Repressief")

    name = models.CharField(_("naam"), max_length=120)
    description = models.TextField(_("omschrijving"))
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, db_index=True)
    character = models.CharField(
        _("karakter"), max_length=12, choices=Character.choices, db_index=True
    )
    pillar = models.ForeignKey(
        Pillar,
        verbose_name=_("pijler"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="instruments",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("character")]),
        FieldPanel("pillar"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("character"),
    ]

    class Meta(TranslatableMixin.Meta):
        unique_together = [("translation_key", "locale"), ("name", "locale")]
        verbose_name = _("instrument")
        verbose_name_plural = _("instrumenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Partner(TranslatableMixin, index.Indexed, models.Model):
    """A network partner the corporation works with (police, municipality, care, ...)."""

    name = models.CharField(_("naam"), max_length=120)
    kind = models.CharField(_("soort organisatie"), max_length=80, blank=True)
    description = models.TextField(_("wat zij doen"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    archived = models.BooleanField(
        _("gearchiveerd"),
        default=False,
        help_text=_(
            "Een gearchiveerde partner wordt niet meer aangeboden voor nieuwe "
            "doorverwijzingen; eerdere doorverwijzingen blijven bewaard."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("website"), FieldPanel("email"), FieldPanel("phone")]),
        FieldPanel("archived"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("description")]

    class Meta(TranslatableMixin.Meta):
        unique_together = [("translation_key", "locale"), ("name", "locale")]
        verbose_name = _("netwerkpartner")
        verbose_name_plural = _("netwerkpartners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# --- Pages ----------------------------------------------------------------------------


def wijk_map_context(neighbourhood_pages, request) -> dict:
    """What the wijk map needs: every wijk, and the page to link each one to.

    Each link from `get_url(request)`: Wagtail keeps the site's root paths on the request,
    where `page.url` would ask the cache again for every wijk."""
    from portal.models import Wijk

    return {
        "wijken": list(Wijk.objects.all()),
        "wijk_links": {page.wijk_id: page.get_url(request) for page in neighbourhood_pages},
    }


# A page type with `cache_public = True` is the same for every anonymous visitor of its
# address and is served from the page cache (portal.page_cache, cms.wagtail_hooks);
# `cache_query` names the query parameters it reads (any other: not kept).


class HomePage(Page):
    cache_public = True
    intro = RichTextField(_("introductie"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("featured_links", label=_("Uitgelichte links"), max_num=6),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.StandardPage",
        "cms.PolicyPage",
        "cms.InstrumentsPage",
        "cms.NewsIndexPage",
        "cms.NeighbourhoodIndexPage",
        "cms.ContactFormPage",
    ]

    class Meta:
        verbose_name = _("startpagina")

    def get_context(self, request, *args, **kwargs):

        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = (
            NewsPage.objects.live().public().descendant_of(self).order_by("-date", "-pk")[:3]
        )
        context["featured_links"] = [
            link
            for link in self.featured_links.select_related("link_page")
            if link.link_page is None or link.link_page.live
        ]
        for link in context["featured_links"]:
            link.request = request  # its page's address from the request's site root paths
        context["policy_page"] = PolicyPage.objects.live().descendant_of(self).first()
        context["pillar_pages"] = list(
            PillarPage.objects.live()
            .descendant_of(self)
            .select_related("pillar")
            .order_by("pillar__sort_order", "path")
        )
        pages = NeighbourhoodPage.objects.live().descendant_of(self).select_related("wijk")
        context.update(wijk_map_context(pages, request))
        context["app_sections"] = render_sections(sections.HOME, request, page=self)
        return context


def validate_link_url(value: str) -> None:
    """A full web address, or an address on this site that starts with one slash."""
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    if value.startswith("/") and not value.startswith("//") and " " not in value:
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError as exc:
        raise ValidationError(
            _("Vul een volledig adres (https://…) in, of een adres op deze site dat met / begint.")
        ) from exc


class HomeFeaturedLink(Orderable):
    """A link the editors put in the spotlight on the home page."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_links")
    title = models.CharField(_("titel"), max_length=80)
    text = models.CharField(_("korte tekst"), max_length=200, blank=True)
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("pagina"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    link_url = models.CharField(
        _("of een adres"),
        max_length=200,
        blank=True,
        validators=[validate_link_url],
        help_text=_(
            "Een volledig adres (https://…) of een adres op deze site dat met / begint, "
            "zoals /melden/."
        ),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("link_page"),
        FieldPanel("link_url"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("uitgelichte link")
        verbose_name_plural = _("uitgelichte links")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if not self.link_page_id and not self.link_url:
            raise ValidationError({"link_page": _("Kies een pagina of vul een adres in.")})

    @property
    def href(self) -> str:
        if not self.link_page_id:
            return self.link_url
        return self.link_page.get_url(getattr(self, "request", None))


class StandardPage(Page):
    cache_public = True
    intro = models.TextField(_("introductie"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("inhoud"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("inhoudspagina")


class PolicyPage(Page):
    cache_public = True
    intro = models.TextField(_("introductie"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("inhoud"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.PillarPage", "cms.StandardPage"]

    class Meta:
        verbose_name = _("beleidspagina")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["pillar_pages"] = PillarPage.objects.live().child_of(self).select_related("pillar")
        return context


class PillarPage(Page):
    cache_public = True
    pillar = models.ForeignKey(
        Pillar, verbose_name=_("pijler"), on_delete=models.PROTECT, related_name="pages"
    )
    goal = RichTextField(_("doel"), features=["bold", "italic", "link", "ul"])
    actions = RichTextField(_("acties"), features=["bold", "italic", "link", "ul", "ol"])
    responsible = RichTextField(
        _("verantwoordelijke rollen"), blank=True, features=["bold", "italic", "ul"]
    )
    body = StreamField(BodyBlock(), verbose_name=_("verdere inhoud"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("pillar"),
        FieldPanel("goal"),
        FieldPanel("actions"),
        FieldPanel("responsible"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("goal"),
        index.SearchField("actions"),
        index.SearchField("responsible"),
    ]
    parent_page_types = ["cms.PolicyPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("pijlerpagina")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["instruments"] = in_active_language(
            Instrument.objects.filter(pillar_id=self.pillar_id, live=True)
        )
        return context


class InstrumentsPage(Page):
    cache_public = True
    cache_query = ("pijler",)
    intro = RichTextField(_("introductie"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("instrumentenpagina")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pillars = list(Pillar.objects.filter(locale__language_code=settings.LANGUAGE_CODE))
        instruments = Instrument.objects.filter(live=True).select_related("pillar")
        chosen = request.GET.get("pijler", "")
        selected = next((p for p in pillars if p.slug == chosen), None)
        if selected:
            instruments = instruments.filter(pillar=selected)
        headings = {
            Instrument.Kind.FYSIEK: _("Fysieke instrumenten"),
            Instrument.Kind.SOCIAAL: _("Sociale instrumenten"),
        }
        instruments = in_active_language(instruments)  # one query; grouped in Python below
        groups = []
        for kind, label in headings.items():
            of_kind = [i for i in instruments if i.kind == kind]
            characters = [
                {
                    "character": character,
                    "label": character_label,
                    "instruments": [i for i in of_kind if i.character == character],
                }
                for character, character_label in Instrument.Character.choices
            ]
            groups.append(
                {
                    "kind": kind,
                    "label": label,
                    "instruments": of_kind,
                    "characters": [c for c in characters if c["instruments"]],
                }
            )
        context.update(pillars=pillars, selected_pillar=selected, groups=groups)
        return context


class NewsIndexPage(Page):
    cache_public = True
    cache_query = ("pagina",)
    intro = models.TextField(_("introductie"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("nieuwsoverzicht")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = NewsPage.objects.live().public().child_of(self).order_by("-date", "-pk")
        context["news"] = paginate(request, news, per_page=10)
        return context


class NewsPage(Page):
    cache_public = True
    date = models.DateField(_("datum"), default=timezone.localdate, db_index=True)
    intro = models.TextField(_("introductie"), max_length=400)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("afbeelding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("inhoud"), blank=True)
    wijken = ParentalManyToManyField(
        "portal.Wijk",
        verbose_name=_("wijken"),
        blank=True,
        related_name="news_pages",
        help_text=_(
            "De wijken waar dit bericht over gaat. Het bericht staat dan ook op de "
            "pagina van die wijken. Laat leeg voor nieuws voor iedereen."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("wijken", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("nieuwsbericht")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The wijken it is about (tied once, on the original; translations share its
        # translation key), each with its page in this language (if any) to link to.
        from portal.models import Wijk

        wijken = list(
            Wijk.objects.filter(news_pages__translation_key=self.translation_key)
            .distinct()
            .order_by("name")
        )
        pages = {
            page.wijk_id: page
            for page in NeighbourhoodPage.objects.filter(wijk__in=wijken, locale_id=self.locale_id)
        }
        context["about_wijken"] = [(wijk, pages.get(wijk.pk)) for wijk in wijken]
        return context


class NeighbourhoodIndexPage(Page):
    cache_public = True
    intro = models.TextField(_("introductie"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NeighbourhoodPage"]
    max_count = 1

    class Meta:
        verbose_name = _("wijkenoverzicht")

    def get_context(self, request, *args, **kwargs):

        context = super().get_context(request, *args, **kwargs)
        pages = list(
            NeighbourhoodPage.objects.live().child_of(self).select_related("wijk").order_by("title")
        )
        context["neighbourhood_pages"] = pages
        context.update(wijk_map_context(pages, request))
        return context


class NeighbourhoodPage(Page):
    """The page of one wijk. Later apps list initiatives, groups and meetings here."""

    cache_public = True

    # One page per wijk in each language (see clean): the English page is a translation.
    wijk = models.ForeignKey(
        "portal.Wijk",
        verbose_name=_("wijk"),
        on_delete=models.PROTECT,
        related_name="pages",
    )
    intro = RichTextField(_("introductie"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("inhoud"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("wijk"),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("contacts", label=_("Contactpersonen")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.NeighbourhoodIndexPage"]
    subpage_types = ["cms.StandardPage"]

    # How many of the wijk's latest news items its page shows.
    NEWS_COUNT = 3

    class Meta:
        verbose_name = _("wijkpagina")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.wijk_id and self.locale_id:
            others = NeighbourhoodPage.objects.filter(
                wijk_id=self.wijk_id, locale_id=self.locale_id
            )
            if others.exclude(pk=self.pk).exists():
                raise ValidationError({"wijk": _("Deze wijk heeft al een pagina in deze taal.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["contacts"] = list(self.contacts.all())
        context["buurten"] = list(self.wijk.buurten.order_by("name"))
        # News about this wijk, in this page's language: an item is tied to wijken once
        # (on the original); its translations share the original's translation key.
        about_wijk = NewsPage.objects.filter(wijken=self.wijk).values("translation_key")
        context["wijk_news"] = list(
            NewsPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id, translation_key__in=about_wijk)
            .order_by("-date", "-pk")[: self.NEWS_COUNT]
        )
        context["app_sections"] = render_sections(
            sections.NEIGHBOURHOOD, request, page=self, wijk=self.wijk
        )
        return context


class NeighbourhoodContact(Orderable):
    page = ParentalKey(NeighbourhoodPage, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("naam"), max_length=120)
    role = models.CharField(_("functie"), max_length=120)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("email"), FieldPanel("phone")]

    class Meta(Orderable.Meta):
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactFormPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactFormPage(AbstractEmailForm):
    """A contact form with a honeypot against bots and a rate limit per address."""

    intro = RichTextField(_("introductie"), blank=True)
    thank_you_text = RichTextField(_("bedanktekst"), blank=True)

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Formuliervelden")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("E-mail"),
        ),
    ]
    parent_page_types = ["cms.HomePage", "cms.NeighbourhoodPage", "cms.StandardPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("contactformulier")

    def get_form_class(self):
        from .forms import with_honeypot

        return with_honeypot(super().get_form_class())

    SENT = "verzonden"

    def serve(self, request, *args, **kwargs):
        from django.shortcuts import redirect

        from .forms import HONEYPOT_FIELD, contact_count_sent, contact_rate_limited

        if request.method == "GET" and self.SENT in request.GET:
            return self.render_landing_page(request, None, *args, **kwargs)
        if request.method == "POST":
            # After a message is sent the visitor is sent on to the thank-you page (a
            # GET), so that a double click or a reload never sends it twice.
            sent = redirect(f"{self.url}?{self.SENT}=1")
            form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
            if request.POST.get(HONEYPOT_FIELD):
                # A bot filled the hidden field: act as if all went well, store nothing.
                return sent
            if contact_rate_limited(request):
                form.add_error(
                    None,
                    _("U heeft te vaak een bericht gestuurd. Probeer het over een uur opnieuw."),
                )
                context = self.get_context(request)
                context["form"] = form
                return self._render(request, context, status=429)
            if form.is_valid():
                self.process_form_submission(form)
                contact_count_sent(request)
                return sent
            context = self.get_context(request)
            context["form"] = form
            return self._render(request, context, status=200)
        return super().serve(request, *args, **kwargs)

    def _render(self, request, context, *, status):
        from django.template.response import TemplateResponse

        return TemplateResponse(request, self.get_template(request), context, status=status)
