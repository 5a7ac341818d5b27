"""Benchmark the staff's signal pages with 10% and with 100% of 200,000 contact moments
and 100,000 meldingen (made with bulk_create, spread over the demo's wijken, two years
back): the melding queue, the contact log of all wijken and of one person's werkgebied,
my follow-ups, the dossier list and one dossier's page (with the same 20 contacts and
10 meldingen at both sizes). Prints the median response time and query count per page;
exits non-zero when a page's query count differs between the sizes or its time at 100%
is not under FLAT times that at 10% (judged on the fastest of the runs, which other work
on a shared machine disturbs least; the median is printed beside it). Not a test.

    make bench        (or: .venv/bin/python bench/signalen.py)
"""

import random
import statistics
import sys
import time
from datetime import timedelta

from harness import cleanup, demo_site  # sets up Django first

# isort: split
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.models import Pillar
from portal.models import User, Wijk
from portal.workdays import WorkingCalendar, response_terms
from signalen.models import (
    ContactChannel,
    ContactMoment,
    ContactTopic,
    Dossier,
    DossierStatus,
    DossierSubject,
    Melding,
    MeldingStatus,
    SignalType,
)

RUNS = 15
CONTACTS, MELDINGEN = 200_000, 100_000
FRACTIONS = (0.1, 1.0)
FLAT = 2.0  # flat: the median at 100% under twice the median at 10%
BATCH = 5_000
COORDINATOR = "coordinator@fijnewijk.test"
WIJKBEHEERDER = "wijkbeheerder@fijnewijk.test"
CLOSED_SHARE = 0.85  # most meldingen in two years are closed
DOSSIER_EVERY = 400  # one dossier per this many contacts
SUMMARIES = [
    "Bewoners klagen over geluid in de portiek.",
    "Zwerfafval bij de containers, gemeente gebeld.",
    "Buurman vraagt om hulp met de tuin.",
    "Gesprek over de verlichting in de fietsenkelder.",
    "Zorgen om een oudere buurvrouw die weinig buiten komt.",
]
STREETS = ["Lindeplein", "Kerkstraat", "Molenweg", "Beukenlaan", "Stationsstraat"]


def grow_contacts(total: int, rng: random.Random, staff: list, wijken: list, pillars) -> None:
    """Contact moments (and one or two topics each) up to `total`, and a closed or open
    dossier per DOSSIER_EVERY of them (bulk_create: a data generator, not the services)."""
    now = timezone.now()
    today = timezone.localdate()
    have = ContactMoment.objects.count()
    types, channels = SignalType.values, ContactChannel.values
    for first in range(have, total, BATCH):
        batch = []
        for _n in range(first, min(first + BATCH, total)):
            happened = now - timedelta(minutes=rng.randint(60, 2 * 365 * 24 * 60))
            batch.append(
                ContactMoment(
                    happened_at=happened,
                    wijk=rng.choice(wijken),
                    address=f"{rng.choice(STREETS)} {rng.randint(1, 200)}"
                    if rng.random() < 0.4
                    else "",
                    channel=rng.choice(channels),
                    pillar=rng.choice(pillars),
                    summary=rng.choice(SUMMARIES),
                    follow_up_on=today + timedelta(days=rng.randint(-30, 30))
                    if rng.random() < 0.1
                    else None,
                    logged_by=rng.choice(staff),
                )
            )
        made = ContactMoment.objects.bulk_create(batch)
        ContactTopic.objects.bulk_create(
            ContactTopic(contact=contact, signal_type=signal_type)
            for contact in made
            for signal_type in rng.sample(types, rng.choice((1, 1, 2)))
        )
        dossiers = Dossier.objects.bulk_create(
            Dossier(
                subject=rng.choice(DossierSubject.values),
                wijk=contact.wijk,
                address=contact.address or "Lindeplein 1",
                title=f"Bench-dossier {contact.pk}",
                status=rng.choice((DossierStatus.OPEN, DossierStatus.GESLOTEN)),
                opened_by=contact.logged_by,
                opened_at=contact.happened_at,
            )
            for contact in made[::DOSSIER_EVERY]
        )
        for dossier in dossiers:
            Dossier.objects.filter(pk=dossier.pk).update(
                reference=f"D-B-{dossier.pk:06d}",
                closed_at=now if dossier.status == DossierStatus.GESLOTEN else None,
            )
        for contact, dossier in zip(made[::DOSSIER_EVERY], dossiers, strict=True):
            ContactMoment.objects.filter(pk=contact.pk).update(dossier=dossier)


def grow_meldingen(total: int, rng: random.Random, residents: list, wijken: list) -> None:
    """Meldingen up to `total`, most closed, the open ones with their running term in
    queue_due as the services keep it."""
    now = timezone.now()
    today = timezone.localdate()
    terms = response_terms()
    calendar = WorkingCalendar(today - timedelta(days=800), today + timedelta(days=120))
    have = Melding.objects.count()
    open_statuses = [s for s in MeldingStatus.values if s != MeldingStatus.GESLOTEN]
    for first in range(have, total, BATCH):
        batch = []
        for n in range(first, min(first + BATCH, total)):
            closed = rng.random() < CLOSED_SHARE
            age = rng.uniform(15, 730) if closed else rng.uniform(0, 30)
            submitted = now - timedelta(days=age)
            melding = Melding(
                reference=f"M-B-{n:06d}",
                reporter=rng.choice(residents) if rng.random() < 0.8 else None,
                signal_type=rng.choice(SignalType.values),
                wijk=rng.choice(wijken),
                address=f"{rng.choice(STREETS)} {rng.randint(1, 200)}",
                description="Er ligt al dagen afval naast de containers. " * 3,
                status=MeldingStatus.GESLOTEN if closed else rng.choice(open_statuses),
                submitted_at=submitted,
                acknowledge_due=calendar.add(submitted, terms.acknowledgement_days),
                answer_target=calendar.add(submitted, terms.target_days),
                answer_due=calendar.add(submitted, terms.feedback_days),
            )
            if closed:
                melding.closed_at = submitted + timedelta(days=rng.uniform(1, 14))
                melding.acknowledged_at = submitted + timedelta(hours=rng.randint(2, 40))
                melding.answered_at = melding.closed_at
                melding.outcome = "opgelost"
            elif melding.status != MeldingStatus.ONTVANGEN:
                melding.acknowledged_at = submitted + timedelta(hours=rng.randint(2, 40))
            if closed:
                melding.queue_due = None
            elif melding.acknowledged_at is None:
                melding.queue_due = melding.acknowledge_due
            else:
                melding.queue_due = melding.answer_due
            batch.append(melding)
        Melding.objects.bulk_create(batch)


def the_dossier(staff, wijk) -> Dossier:
    """One open dossier with the same 20 contacts and 10 meldingen at every size."""
    from signalen import casework

    user = staff[0]
    dossier = casework.open_dossier(
        user=user, subject=DossierSubject.ADRES, wijk=wijk, title="Bench", address="Linde 1"
    )
    now = timezone.now()
    for n in range(20):
        contact = casework.log_contact(
            user=user,
            happened_at=now - timedelta(days=n),
            wijk=wijk,
            channel=ContactChannel.DEUR,
            topics=[SignalType.OVERLAST],
            summary=f"Contact {n} over de overlast.",
        )
        casework.link_signal(user=user, dossier=dossier, contact=contact)
    for n in range(10):
        melding = Melding.objects.create(
            reference=f"M-D-{n:03d}",
            signal_type=SignalType.OVERLAST,
            wijk=wijk,
            address="Linde 1",
            description="Lawaai.",
            status=MeldingStatus.IN_BEHANDELING,
            submitted_at=now - timedelta(days=n),
        )
        casework.link_signal(user=user, dossier=dossier, melding=melding)
    return dossier


def measure(client, url: str, runs: int) -> tuple[float, float, int]:
    """Median and fastest milliseconds over `runs` requests (after one to warm up) and
    the queries of one more; every answer must be 200."""
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.get("Location"))
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return statistics.median(times), min(times), len(ctx.captured_queries)


def main() -> int:
    rng = random.Random(2026)
    began = time.perf_counter()
    demo_site()
    coordinator = User.objects.get(email=COORDINATOR)
    wijkbeheerder = User.objects.get(email=WIJKBEHEERDER)
    staff = [coordinator, wijkbeheerder]
    residents = list(User.objects.filter(email__startswith="bench"))
    wijken = list(Wijk.objects.all())
    pillars = list(Pillar.objects.filter(locale__language_code="nl"))
    own_wijk = wijkbeheerder.werkgebied.order_by("pk").first()
    dossier = the_dossier(staff, own_wijk)
    print(f"demo site ready in {time.perf_counter() - began:.0f} s; {len(wijken)} wijken")

    as_coordinator, as_wijkbeheerder = Client(), Client()
    as_coordinator.force_login(coordinator)  # the demo accounts have TOTP set up
    as_wijkbeheerder.force_login(wijkbeheerder)
    contacts = reverse("signalen_case:contacts")
    pages = {
        "melding queue (coordinator)": (as_coordinator, reverse("signalen_meldingen:index")),
        "melding queue (wijkbeheerder)": (as_wijkbeheerder, reverse("signalen_meldingen:index")),
        "contacts, all wijken": (as_coordinator, contacts),
        "contacts, page 20": (as_coordinator, f"{contacts}?p=20"),
        "contacts, own wijk": (as_wijkbeheerder, contacts),
        "contacts, mine": (as_wijkbeheerder, f"{contacts}?mijn=1"),
        "contacts, one wijk + topic": (
            as_coordinator,
            f"{contacts}?wijk={own_wijk.pk}&onderwerp=overlast",
        ),
        "my follow-ups": (as_wijkbeheerder, f"{contacts}?opvolgen=1"),
        "dossier list": (as_coordinator, reverse("signalen_case:dossiers")),
        "dossier list, open": (
            as_wijkbeheerder,
            reverse("signalen_case:dossiers") + "?status=open",
        ),
        "dossier page": (as_coordinator, reverse("signalen_case:dossier", args=[dossier.pk])),
    }
    results: dict[str, list[tuple[float, float, int]]] = {}
    for fraction in FRACTIONS:
        began = time.perf_counter()
        grow_contacts(int(CONTACTS * fraction), rng, staff, wijken, pillars)
        grow_meldingen(int(MELDINGEN * fraction), rng, residents, wijken)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        grown = time.perf_counter() - began
        print(
            f"\n{ContactMoment.objects.count():,} contacts, {Melding.objects.count():,} meldingen,"
            f" {Dossier.objects.count():,} dossiers (generated in {grown:.0f} s)"
        )
        print(f"{'page':32} {'median ms':>10} {'fastest':>8} {'queries':>8}")
        for label, (client, url) in pages.items():
            median, fastest, queries = measure(client, url, RUNS)
            results.setdefault(label, []).append((median, fastest, queries))
            print(f"{label:32} {median:>10.1f} {fastest:>8.1f} {queries:>8}")

    print(f"\n{'page':32} {'median ×':>9} {'fastest ×':>10}  flat  queries")
    failures = []
    for label, (
        (small_med, small_min, small_q),
        (large_med, large_min, large_q),
    ) in results.items():
        by_median, by_fastest = large_med / small_med, large_min / small_min
        # Flat: the same queries, and the time under FLAT × with ten times the data. The
        # fastest of the runs decides, as other work on a shared machine slows the median.
        flat = by_fastest < FLAT and small_q == large_q
        print(
            f"{label:32} {by_median:>9.2f} {by_fastest:>10.2f}  {'yes' if flat else 'NO':4}"
            f"  {small_q} → {large_q}"
        )
        if not flat:
            failures.append(label)
    if failures:
        print("not flat:", ", ".join(failures))
        return 1
    print(f"every page flat: the same queries, under {FLAT}× the time from 10% to 100%")
    return 0


if __name__ == "__main__":
    try:
        code = main()
    finally:
        cleanup()
    sys.exit(code)
