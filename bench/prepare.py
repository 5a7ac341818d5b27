"""Prepare a loaded demo database for the load suite (run by bench/loadtest.sh after
`migrate` and `load_demo --scale N`, with bench.settings):

- more data at SCALE > 1: 1,000 × SCALE initiatives and 5,000 × SCALE fund applications
  (bench.growth, as the other benchmarks make them);
- the bare Wagtail page (bench.floor.FloorPage) under the Dutch home page;
- the residents of the write rush (rush0@bench.test …, e-mail address verified);
- a JSON file with the pages to measure and the accounts to sign in with.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.prepare --scale 1 --out pages.json
"""

import argparse
import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from wagtail.models import Page  # noqa: E402

from bench.floor.models import FloorPage  # noqa: E402
from bench.urls import FLOOR_SLUG  # noqa: E402
from cms.management.commands.load_demo import DEMO_PASSWORD, DEMO_TOTP_SECRET  # noqa: E402
from cms.models import (  # noqa: E402
    HomePage,
    InstrumentsPage,
    NeighbourhoodPage,
    NewsIndexPage,
    NewsPage,
    PillarPage,
    PolicyPage,
)
from fonds.models import Application, Status  # noqa: E402
from initiatieven.models import Initiative  # noqa: E402
from initiatieven.models import Status as InitiativeStatus  # noqa: E402
from portal.models import User, Wijk  # noqa: E402

RESIDENT = "huurder@fijnewijk.test"
STAFF = "coordinator@fijnewijk.test"
RUSH_PASSWORD = "bench-rush-wachtwoord"  # noqa: S105 - accounts of a throw-away database


def floor_page() -> FloorPage:
    home = HomePage.objects.get(locale__language_code="nl")
    page = FloorPage.objects.filter(slug=FLOOR_SLUG).first()
    if page is None:
        page = home.add_child(
            instance=FloorPage(title="Bare Wagtail page", slug=FLOOR_SLUG, locale=home.locale)
        )
        page.save_revision().publish()
    return page


def bench_residents(count: int) -> None:
    """Plain residents (bench0@example.nl …) whom the generated data belongs to."""
    have = User.objects.filter(email__startswith="bench").count()
    User.objects.bulk_create(
        User(email=f"bench{n}@example.nl", first_name="Bench", last_name=str(n))
        for n in range(have, count)
    )


def rush_residents(count: int) -> list[str]:
    wijken = list(Wijk.objects.order_by("pk"))
    hashed = make_password(RUSH_PASSWORD)  # once: hashing is slow on purpose
    emails = []
    for n in range(count):
        email = f"rush{n}@bench.test"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create(
                email=email,
                password=hashed,
                first_name="Rush",
                last_name=f"Bewoner {n}",
                wijk=wijken[n % len(wijken)],
            )
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        emails.append(email)
    return emails


def url_of(model, **filters) -> str:
    page = model.objects.live().filter(**filters).order_by("path").first()
    if page is None:
        raise SystemExit(f"No live {model.__name__} {filters} in the demo data.")
    return page.get_url()


def pages() -> list[dict]:
    """What to measure: label, who asks (anonymous, resident, staff), URL and goal kind
    ("public": served to anyone the same way; "dynamic": per person)."""
    nl, en = {"locale__language_code": "nl"}, {"locale__language_code": "en"}
    initiative = (
        Initiative.objects.filter(status=InitiativeStatus.GEPUBLICEERD).order_by("pk").first()
    )
    own = Application.objects.filter(applicant__email=RESIDENT).exclude(status=Status.CONCEPT)
    own = own.order_by("pk").first()
    inspect = Application.objects.filter(status=Status.IN_BEHANDELING).order_by("pk").first()
    inspect = inspect or Application.objects.exclude(status=Status.CONCEPT).order_by("pk").first()
    rows = [
        ("home", "anonymous", url_of(HomePage, **nl), "public"),
        ("home (en)", "anonymous", url_of(HomePage, **en), "public"),
        ("policy", "anonymous", url_of(PolicyPage, **nl), "public"),
        ("policy (en)", "anonymous", url_of(PolicyPage, **en), "public"),
        ("pillar", "anonymous", url_of(PillarPage, **nl), "public"),
        ("instruments", "anonymous", url_of(InstrumentsPage, **nl), "public"),
        ("news", "anonymous", url_of(NewsIndexPage, **nl), "public"),
        ("news item", "anonymous", url_of(NewsPage, **nl), "public"),
        ("wijk page", "anonymous", url_of(NeighbourhoodPage, **nl), "public"),
        ("initiatives list", "anonymous", reverse("initiatieven:overview"), "public"),
        (
            "initiative detail",
            "anonymous",
            reverse("initiatieven:detail", args=[initiative.pk]),
            "public",
        ),
        ("sitemap", "anonymous", reverse("sitemap"), "public"),
        ("search", "anonymous", reverse("search") + "?q=buurt", "dynamic"),
        ("fund form", "resident", reverse("fonds:apply"), "dynamic"),
        ("Mijn overzicht", "resident", reverse("my_overview"), "dynamic"),
        ("my applications", "resident", reverse("fonds:mine"), "dynamic"),
        ("my application", "resident", reverse("fonds:mine_detail", args=[own.pk]), "dynamic"),
        ("staff: fund queue", "staff", reverse("fonds_application:index"), "dynamic"),
        (
            "staff: application page",
            "staff",
            reverse("fonds_application:inspect", args=[inspect.pk]),
            "application",
        ),
    ]
    return [{"label": a, "who": b, "url": c, "kind": d} for a, b, c, d in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--rush-residents", type=int, default=50)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with transaction.atomic():
        bench_residents(200)
        if args.scale > 1:
            from bench.growth import grow_applications, grow_initiatives

            rng = random.Random(2026)
            grow_initiatives(1_000 * args.scale, rng)
            grow_applications(5_000 * args.scale, rng)
        floor_page()
        rush = rush_residents(args.rush_residents)
    assert Page.objects.filter(slug=FLOOR_SLUG).live().exists()
    data = {
        "pages": pages(),
        "resident": {"email": RESIDENT, "password": DEMO_PASSWORD},
        "staff": {"email": STAFF, "password": DEMO_PASSWORD, "totp_secret": DEMO_TOTP_SECRET},
        "rush": {"emails": rush, "password": RUSH_PASSWORD},
        "counts": {
            "initiatives": Initiative.objects.count(),
            "applications": Application.objects.count(),
            "wijken": Wijk.objects.count(),
        },
    }
    Path(args.out).write_text(json.dumps(data, indent=2))
    print(json.dumps(data["counts"]))


if __name__ == "__main__":
    main()
