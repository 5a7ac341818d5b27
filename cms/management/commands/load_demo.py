"""Build the demo site: page tree, policy, instruments, neighbourhoods, news and one account
per role. Idempotent: running it again changes nothing. Refused under production settings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Locale, Page, Site

from cms import demo_content as content
from cms.models import (
    ContactFormField,
    ContactFormPage,
    HomeFeaturedLink,
    HomePage,
    Instrument,
    InstrumentsPage,
    NeighbourhoodContact,
    NeighbourhoodIndexPage,
    NeighbourhoodPage,
    NewsIndexPage,
    NewsPage,
    Partner,
    Pillar,
    PillarPage,
    PolicyPage,
    StandardPage,
)
from portal import roles, sections
from portal.models import Buurt, Complex, User, Wijk

DEMO_PASSWORD = "fijnewijk-demo"  # noqa: S105 - documented demo password
# Known TOTP secret of the demo staff accounts, listed in the README: 32 base32 characters
# (160 bits), as authenticator apps and libraries such as pyotp refuse secrets under 112
# bits. `manage.py demo_totp_code` (`make totp`) prints the current code for it.
DEMO_TOTP_SECRET = "FIJNEWIJKDEMOGEHEIMVOORTWEESTAPS"  # noqa: S105
# The secret of demo databases made before: replaced by DEMO_TOTP_SECRET on the next load.
OLD_DEMO_TOTP_SECRET = "FIJNEWIJKDEMO234"  # noqa: S105

DEMO_ACCOUNTS = [
    # (e-mail, first name, last name, role group or None for the administrator, werkgebied)
    ("huurder@fijnewijk.test", "Hanna", "Huurder", roles.HUURDER, 0),
    ("hwz@fijnewijk.test", "Hans", "van der Zande", roles.HWZ_MODERATOR, 2),
    ("sociaalbeheerder@fijnewijk.test", "Sanne", "Beekman", roles.SOCIAAL_BEHEERDER, 0),
    ("wijkbeheerder@fijnewijk.test", "Wim", "Kessels", roles.WIJKBEHEERDER, 2),
    ("leefbaarheid@fijnewijk.test", "Lotte", "Hermans", roles.LEEFBAARHEIDSMEDEWERKER, 0),
    ("ondersteuner@fijnewijk.test", "Omar", "Bakker", roles.ONDERSTEUNER, 0),
    ("coordinator@fijnewijk.test", "Carla", "Smeets", roles.COORDINATOR, 0),
    ("redacteur@fijnewijk.test", "Ruben", "Janssen", roles.REDACTEUR, 0),
    ("admin@fijnewijk.test", "Anna", "Beheer", None, 0),
]

WEST, SOUTH, STEP = 5.95, 51.17, 0.02


def _jitter(key: str, amount: float = 0.004) -> float:
    digest = hashlib.sha256(key.encode()).digest()
    return (digest[0] / 255 - 0.5) * 2 * amount


class Grid:
    """Vertices of a jittered grid, so neighbouring wijken share their borders exactly."""

    def __init__(self, columns: int, rows: int):
        self.columns, self.rows = columns, rows

    def vertex(self, c: int, r: int) -> tuple[float, float]:
        lon, lat = WEST + c * STEP, SOUTH + r * STEP
        if 0 < c < self.columns:
            lon += _jitter(f"x{c},{r}")
        if 0 < r < self.rows:
            lat += _jitter(f"y{c},{r}")
        return (round(lon, 5), round(lat, 5))

    def cell(self, c: int, r: int) -> list[tuple[float, float]]:
        """Corners counter-clockwise from bottom-left: BL, BR, TR, TL."""
        return [
            self.vertex(c, r),
            self.vertex(c + 1, r),
            self.vertex(c + 1, r + 1),
            self.vertex(c, r + 1),
        ]


def _lerp(a, b, t):
    return (round(a[0] + (b[0] - a[0]) * t, 5), round(a[1] + (b[1] - a[1]) * t, 5))


def _polygon(points) -> dict:
    ring = [list(p) for p in points]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def featured_link(n: int, target: str, title: str, text: str, pages: dict) -> HomeFeaturedLink:
    """A spotlight link to a child page (by slug) or to an address on the site ("/...")."""
    if target.startswith("/"):
        return HomeFeaturedLink(sort_order=n, title=title, text=text, link_url=target)
    return HomeFeaturedLink(sort_order=n, title=title, text=text, link_page=pages[target])


class Command(BaseCommand):
    help = "Laadt de demodata (idempotent). Weigert onder productie-instellingen."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Vermenigvuldig het aantal wijken, nieuwsberichten en instrumenten (1-10).",
        )

    def handle(self, *args, scale: int = 1, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError(
                "Demodata laden is niet toegestaan met deze instellingen (DEMO_DATA_ALLOWED)."
            )
        if not 1 <= scale <= 10:
            raise CommandError("--scale moet tussen 1 en 10 liggen.")
        with transaction.atomic():
            wijken = self.load_neighbourhoods(scale)
            pillars = self.load_pillars()
            self.load_instruments(pillars, scale)
            self.load_partners()
            home = self.load_site()
            self.load_pages(home, pillars, wijken, scale)
            self.load_english(home, pillars)
            self.load_accounts(wijken)
            # Domain apps add their own demo data (see portal.sections.DEMO_DATA).
            for load in hooks.get_hooks(sections.DEMO_DATA):
                load(scale=scale, wijken=wijken)
        self.stdout.write(self.style.SUCCESS("Demodata geladen."))

    # --- neighbourhoods -------------------------------------------------------------
    def load_neighbourhoods(self, scale: int) -> list[Wijk]:
        count = len(content.WIJKEN) * scale
        grid = Grid(columns=4 * scale, rows=2)
        wijken = []
        for n in range(count):
            if n < len(content.WIJKEN):
                code, slug, name = content.WIJKEN[n]
            else:
                code, slug, name = f"WK0957{n + 1:02d}", f"wijk-{n + 1}", f"Wijk {n + 1}"
            c, r = n % grid.columns, n // grid.columns
            corners = grid.cell(c, r)
            wijk, _ = Wijk.objects.update_or_create(
                code=code, defaults={"slug": slug, "name": name, "boundary": _polygon(corners)}
            )
            wijken.append(wijk)
            bl, br, tr, tl = corners
            parts = 2 + (n % 3 == 0)
            for b in range(parts):
                t0, t1 = b / parts, (b + 1) / parts
                buurt_poly = [
                    _lerp(bl, br, t0),
                    _lerp(bl, br, t1),
                    _lerp(tl, tr, t1),
                    _lerp(tl, tr, t0),
                ]
                buurt, _ = Buurt.objects.update_or_create(
                    code=f"BU{code[2:]}{b + 1:02d}",
                    defaults={
                        "wijk": wijk,
                        "name": f"{name} {content.BUURT_NAMES[b]}",
                        "boundary": _polygon(buurt_poly),
                    },
                )
                for k in range(2 + (b % 2)):
                    street = content.COMPLEX_STREETS[(n + b + k) % len(content.COMPLEX_STREETS)]
                    Complex.objects.update_or_create(
                        code=f"C{code[2:]}{b + 1:02d}{k + 1}",
                        defaults={
                            "buurt": buurt,
                            "name": f"{street} {name}",
                            "address": f"{street} 1-{20 + 4 * k}",
                            "homes": 24 + 12 * k,
                        },
                    )
        return wijken

    # --- snippets -------------------------------------------------------------------
    def load_pillars(self) -> dict[str, Pillar]:
        pillars = {}
        for order, data in enumerate(content.PILLARS):
            pillars[data["slug"]], _ = Pillar.objects.update_or_create(
                slug=data["slug"],
                locale__language_code=settings.LANGUAGE_CODE,
                defaults={"name": data["name"], "summary": data["summary"], "sort_order": order},
            )
        return pillars

    def load_instruments(self, pillars, scale: int) -> None:
        rows = list(content.INSTRUMENTS)
        for n in range(len(rows) * (scale - 1)):
            name, kind, character, pillar, description = rows[n % len(rows)]
            rows.append(
                (
                    f"{name} ({n // len(content.INSTRUMENTS) + 2})",
                    kind,
                    character,
                    pillar,
                    description,
                )
            )
        for name, kind, character, pillar_slug, description in rows:
            Instrument.objects.update_or_create(
                name=name,
                locale__language_code=settings.LANGUAGE_CODE,
                defaults={
                    "kind": kind,
                    "character": character,
                    "description": description,
                    "pillar": pillars[pillar_slug],
                    "live": True,
                },
            )

    def load_partners(self) -> None:
        for name, kind, description in content.PARTNERS:
            Partner.objects.update_or_create(
                name=name,
                locale__language_code=settings.LANGUAGE_CODE,
                defaults={"kind": kind, "description": description},
            )

    # --- pages ----------------------------------------------------------------------
    def load_site(self) -> HomePage:
        home = HomePage.objects.first()
        if home is None:
            Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
            root = Page.get_first_root_node() or Page.add_root(
                instance=Page(title="Root", slug="root")
            )
            # Wagtail's own welcome page (a plain Page) makes way for our home page.
            for welcome in root.get_children().filter(
                content_type__app_label="wagtailcore", content_type__model="page"
            ):
                welcome.delete()
            home = HomePage(
                title="Samen werken aan fijne wijken",
                slug="home",
                intro="<p>Wonen Zuid wil dat u prettig woont, in een buurt die schoon, heel, "
                "veilig en gezellig is. Hier leest u hoe we dat samen met huurders en partners "
                "aanpakken, en hoe u zelf kunt meedoen.</p>",
            )
            root.add_child(instance=home)
            home.save_revision().publish()
        address = urlsplit(settings.SITE_BASE_URL)
        Site.objects.exclude(root_page=home).update(is_default_site=False)
        Site.objects.update_or_create(
            root_page=home,
            defaults={
                # The address the site runs at (SITE_BASE_URL, set by `make run`), so
                # that Wagtail's own full URLs point where the site is.
                "hostname": address.hostname or "localhost",
                "port": address.port or (443 if address.scheme == "https" else 80),
                "site_name": "Fijne Wijk",
                "is_default_site": True,
            },
        )
        return home

    def child(self, parent, model, slug, **fields):
        """The child page of `parent` with this slug, created (and published) if missing."""
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing:
            return existing
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    def load_pages(self, home, pillars, wijken, scale: int) -> None:
        policy = self.child(
            home,
            PolicyPage,
            "beleid",
            title="Ons leefbaarheidsbeleid",
            show_in_menus=True,
            intro="Hoe wij samen met huurders en partners werken aan buurten waar het "
            "prettig wonen is.",
            body=[
                (
                    "paragraph",
                    "<p>Leefbaarheid gaat over hoe het is om in een buurt te wonen: "
                    "hoe die eruitziet, hoe buren met elkaar omgaan en of je je er veilig voelt. "
                    "Omdat dat zo breed is, verdelen we ons werk over vier pijlers. Per pijler "
                    "leest u wat we willen bereiken, wat we daarvoor doen en wie ervoor "
                    "verantwoordelijk is.</p>",
                ),
                ("heading", {"text": "Hoe snel we reageren", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Meldt u iets of vraagt u een bijdrage aan? Binnen twee "
                    "werkdagen bevestigen we dat we het hebben ontvangen. Binnen tien werkdagen "
                    "krijgt u een inhoudelijke reactie; we proberen dat binnen vijf te doen.</p>",
                ),
            ],
        )
        for data in content.PILLARS:
            self.child(
                policy,
                PillarPage,
                data["slug"],
                title=data["name"],
                pillar=pillars[data["slug"]],
                goal=data["goal"],
                actions=data["actions"],
                responsible=data["responsible"],
            )
        self.child(
            home,
            InstrumentsPage,
            "instrumenten",
            title="Instrumenten",
            show_in_menus=True,
            intro="<p>Dit zijn de middelen die we kunnen inzetten voor een leefbare buurt: "
            "fysiek en sociaal, van activerend tot repressief.</p>",
        )
        news_index = self.child(
            home,
            NewsIndexPage,
            "nieuws",
            title="Nieuws",
            show_in_menus=True,
            intro="Wat er speelt in onze wijken.",
        )
        today = timezone.localdate()
        news_items = [(t, i, n) for n in range(scale) for t, i in content.NEWS]
        for index, (title, intro, n) in enumerate(news_items):
            suffix = f"-{n + 1}" if n else ""
            title = title if not n else f"{title} ({n + 1})"
            from django.utils.text import slugify

            news_page = self.child(
                news_index,
                NewsPage,
                slugify(title.split(" (")[0]) + suffix,
                title=title,
                intro=intro,
                date=today - dt.timedelta(days=7 * index),
                body=[
                    (
                        "paragraph",
                        f"<p>{intro} Neem voor vragen contact op met uw "
                        "wijkbeheerder of sociaal beheerder.</p>",
                    )
                ],
            )
            about_slugs = content.NEWS_WIJKEN.get(title.split(" (")[0], [])
            about = [w for w in wijken if w.slug in about_slugs]
            if {w.pk for w in news_page.wijken.all()} != {w.pk for w in about}:
                news_page.wijken = about
                news_page.save_revision().publish()
        wijk_index = self.child(
            home,
            NeighbourhoodIndexPage,
            "wijken",
            title="Wijken",
            show_in_menus=True,
            intro="Kies uw wijk en zie wie uw contactpersonen zijn en wat er speelt.",
        )
        for n, wijk in enumerate(wijken):
            page = NeighbourhoodPage.objects.filter(
                wijk=wijk, locale__language_code=settings.LANGUAGE_CODE
            ).first()
            if page is None:
                page = NeighbourhoodPage(
                    title=wijk.name,
                    slug=wijk.slug,
                    wijk=wijk,
                    intro=f"<p>Welkom op de pagina van {wijk.name}. Hier vindt u uw "
                    "contactpersonen en wat er in de wijk gebeurt.</p>",
                )
                page.contacts = [
                    NeighbourhoodContact(
                        name=["Wim Kessels", "Mirjam Claessen"][n % 2],
                        role="Wijkbeheerder",
                        email=f"wijkbeheer.{wijk.slug}@fijnewijk.test",
                        phone="0475 000 100",
                    ),
                    NeighbourhoodContact(
                        name=["Sanne Beekman", "Youssef El Idrissi"][n % 2],
                        role="Sociaal beheerder",
                        email=f"sociaalbeheer.{wijk.slug}@fijnewijk.test",
                        phone="0475 000 200",
                    ),
                ]
                wijk_index.add_child(instance=page)
                page.save_revision().publish()
        self.child(
            home,
            StandardPage,
            "over-fijne-wijk",
            title="Over Fijne Wijk",
            show_in_menus=False,
            intro="Waarom dit platform er is en wat u ermee kunt.",
            body=[
                ("heading", {"text": "Samen aan de slag", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Op dit platform leest u ons beleid, vindt u uw "
                    "contactpersonen en kunt u zelf iets doen voor uw buurt.</p>",
                ),
                (
                    "image",
                    {
                        "image": self.demo_image(),
                        "alt": "Een straat met bomen en rijtjeshuizen",
                        "caption": "Een groene straat in de Binnenstad",
                    },
                ),
                (
                    "quote",
                    {
                        "text": "Een buurt wordt fijn als buren elkaar kennen.",
                        "attribution": "Een huurder uit Maaskant",
                    },
                ),
                (
                    "table",
                    {
                        "first_row_is_table_header": True,
                        "first_col_is_header": False,
                        "data": [
                            ["Wat", "Termijn"],
                            ["Ontvangstbevestiging", "2 werkdagen"],
                            ["Inhoudelijke reactie", "uiterlijk 10 werkdagen"],
                        ],
                    },
                ),
                (
                    "call_to_action",
                    {
                        "title": "Vragen?",
                        "text": "Neem contact met ons op.",
                        "page": None,
                        "url": "https://fijnewijk.test/contact/",
                        "button": "Naar het contactformulier",
                    },
                ),
            ],
        )
        contact = ContactFormPage.objects.child_of(home).filter(slug="contact").first()
        if contact is None:
            contact = ContactFormPage(
                title="Contact",
                slug="contact",
                show_in_menus=True,
                intro="<p>Stel uw vraag of deel uw idee. We reageren binnen twee werkdagen.</p>",
                thank_you_text="<p>Dank u wel. We hebben uw bericht ontvangen en reageren "
                "binnen twee werkdagen.</p>",
                to_address="leefbaarheid@fijnewijk.test",
                from_address="noreply@fijnewijk.test",
                subject="Nieuw bericht via het contactformulier",
            )
            contact.form_fields = [
                ContactFormField(
                    sort_order=0,
                    clean_name="naam",
                    label="Naam",
                    field_type="singleline",
                    required=True,
                ),
                ContactFormField(
                    sort_order=1,
                    clean_name="e_mailadres",
                    label="E-mailadres",
                    field_type="email",
                    required=True,
                ),
                ContactFormField(
                    sort_order=2,
                    clean_name="bericht",
                    label="Bericht",
                    field_type="multiline",
                    required=True,
                ),
            ]
            home.add_child(instance=contact)
            contact.save_revision().publish()
        self.load_featured_links(home)

    def load_featured_links(self, home: HomePage) -> None:
        if home.featured_links.exists():
            return  # editors may have changed them; leave theirs alone
        targets = {p.slug: p for p in home.get_children()}
        home.featured_links = [
            featured_link(n, slug, title, text, targets)
            for n, (slug, title, text) in enumerate(content.FEATURED_LINKS)
            if slug in targets or slug.startswith("/")
        ]
        home.save_revision().publish()

    # --- English ------------------------------------------------------------------
    def translation(self, original, locale, **fields):
        """The English version of `original` (a page or a snippet), made as an editor's
        "Vertalen" makes it, with `fields` written over the copied Dutch text. Left alone
        when it exists: editors may have changed it."""
        existing = original.get_translation_or_none(locale)
        if existing is not None:
            return existing
        copy = original.copy_for_translation(locale)
        for name, value in fields.items():
            setattr(copy, name, value)
        if isinstance(copy, Page):
            copy.save()
            copy.save_revision().publish()
        else:
            copy.save()
        return copy

    def load_english(self, home: HomePage, pillars) -> None:
        en, _ = Locale.objects.get_or_create(language_code="en")
        for slug, pillar in pillars.items():
            data = content.PILLARS_EN[slug]
            self.translation(pillar, en, name=data["name"], summary=data["summary"])
        for instrument in Instrument.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE, name__in=content.INSTRUMENTS_EN
        ):
            name, description = content.INSTRUMENTS_EN[instrument.name]
            self.translation(instrument, en, name=name, description=description, live=True)
        home_en = self.translation(home, en, **content.HOME_EN)
        children = {page.slug: page.specific for page in home.get_children()}
        policy = children["beleid"]
        self.translation(policy, en, **content.POLICY_EN)
        for pillar_page in PillarPage.objects.child_of(policy):
            data = content.PILLARS_EN.get(pillar_page.slug)
            if data:
                self.translation(
                    pillar_page,
                    en,
                    title=data["name"],
                    goal=data["goal"],
                    actions=data["actions"],
                    responsible=data["responsible"],
                )
        self.translation(children["instrumenten"], en, **content.INSTRUMENTS_PAGE_EN)
        news_index = children["nieuws"]
        self.translation(news_index, en, **content.NEWS_INDEX_EN)
        for (title, _intro), (title_en, intro_en) in zip(
            content.NEWS, content.NEWS_EN, strict=True
        ):
            news = NewsPage.objects.child_of(news_index).filter(title=title).first()
            if news is not None:
                self.translation(
                    news,
                    en,
                    title=title_en,
                    intro=intro_en,
                    body=[("paragraph", f"<p>{intro_en}</p>")],
                )
        wijk_index = children["wijken"]
        data = content.NEIGHBOURHOODS_EN
        self.translation(wijk_index, en, title=data["title"], intro=data["intro"])
        for page in NeighbourhoodPage.objects.child_of(wijk_index).select_related("wijk"):
            if page.get_translation_or_none(en) is not None:
                continue
            copy = page.copy_for_translation(en)
            copy.intro = data["page_intro"].format(name=page.wijk.name)
            for contact in copy.contacts.all():
                contact.role = data["roles"].get(contact.role, contact.role)
            copy.save()
            copy.save_revision().publish()
        contact = children["contact"]
        if contact.get_translation_or_none(en) is None:
            data = content.CONTACT_EN
            copy = contact.copy_for_translation(en)
            copy.title, copy.intro = data["title"], data["intro"]
            copy.thank_you_text = data["thank_you_text"]
            for field in copy.form_fields.all():
                field.label = data["fields"].get(field.clean_name, field.label)
            copy.save()
            copy.save_revision().publish()
        # Fresh from the database: the in-memory copy does not know its new children.
        self.load_featured_links_en(HomePage.objects.get(pk=home_en.pk))

    def load_featured_links_en(self, home_en: HomePage) -> None:
        targets = {p.slug: p for p in home_en.get_children()}
        wanted = [
            featured_link(n, slug, title, text, targets)
            for n, (slug, title, text) in enumerate(content.FEATURED_LINKS_EN)
            if slug in targets or slug.startswith("/")
        ]
        current = [(link.title, link.link_page_id) for link in home_en.featured_links.all()]
        dutch = [title for _slug, title, _text in content.FEATURED_LINKS]
        if current and any(title not in dutch for title, _page in current):
            return  # editors wrote their own; leave them alone
        home_en.featured_links = wanted
        home_en.save_revision().publish()

    def demo_image(self):
        """A generated picture for the demo content (no files needed from outside)."""
        from io import BytesIO

        from django.core.files.images import ImageFile
        from PIL import Image as PILImage
        from wagtail.images.models import Image

        existing = Image.objects.filter(title="Demo: groene straat").first()
        if existing:
            return existing
        picture = PILImage.new("RGB", (960, 540), "#b9e1d9")
        for x in range(0, 960, 120):
            picture.paste("#1f6f63", (x + 20, 300, x + 100, 540))
            picture.paste("#3f9e8e", (x + 30, 180, x + 90, 300))
        buffer = BytesIO()
        picture.save(buffer, "PNG")
        return Image.objects.create(
            title="Demo: groene straat", file=ImageFile(buffer, name="groene-straat.png")
        )

    # --- accounts -------------------------------------------------------------------
    def demo_two_factor(self, user) -> None:
        """TOTP with the demo secret and recovery codes; a demo database made with the old,
        too short secret gets the new one (a secret a person set up themselves stays)."""
        totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if totp is not None and decrypt(totp.data["secret"]) == OLD_DEMO_TOTP_SECRET:
            totp.delete()
            totp = None
        if totp is None:
            TOTP.activate(user, DEMO_TOTP_SECRET)
        if not Authenticator.objects.filter(
            user=user, type=Authenticator.Type.RECOVERY_CODES
        ).exists():
            RecoveryCodes.activate(user)

    def load_accounts(self, wijken) -> None:
        for email, first, last, role, reach in DEMO_ACCOUNTS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email=email,
                    password=DEMO_PASSWORD,
                    first_name=first,
                    last_name=last,
                    is_superuser=role is None,
                    is_staff=role is None,
                    wijk=wijken[0] if role == roles.HUURDER else None,
                )
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            if role:
                user.groups.add(Group.objects.get(name=role))
            if reach:
                user.werkgebied.add(*wijken[:reach])
            if role != roles.HUURDER:
                self.demo_two_factor(user)
