"""Benchmark the staff queue of fund applications in the Wagtail admin with 5,000 and with
50,000 applications: the first page, a page deep in the list, a status filter, overdue
only, a search on the reference and the page of one application, as a coordinator who
reaches every wijk. Prints median response time and query count; the query counts must
be the same at both sizes, and the time at 50,000 should stay under twice that at 5,000.
Not a test.

    make bench        (or: .venv/bin/python bench/fund_queue.py)
"""

import random
import time
from datetime import timedelta
from decimal import Decimal

from harness import cleanup, demo_site, measure  # sets up Django first

# isort: split
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.models import Pillar
from fonds.models import Application, BudgetLine, Outcome, Status
from portal.models import User, Wijk
from portal.workdays import WorkingCalendar, response_terms

RUNS = 20
SIZES = (5_000, 50_000)
BATCH = 2_000
FLAT = 2.0  # a page is flat when its time at the larger size is under twice the smaller
COORDINATOR = "coordinator@fijnewijk.test"
WORDS = ["Buurtfeest", "Moestuin", "Speeldag", "Kookavond", "Bloembakken", "Opruimdag"]
# Most applications are closed; the open ones are spread over the steps of the review.
STATUSES = {
    Status.TOEGEKEND: 40,
    Status.AFGEWEZEN: 15,
    Status.INGETROKKEN: 10,
    Status.INGEDIEND: 5,
    Status.ONTVANGEN: 5,
    Status.IN_BEHANDELING: 12,
    Status.WACHT_OP_AANVRAGER: 5,
    Status.ADVIES_HWZ: 4,
    Status.BESLUIT_VOORGESTELD: 4,
}
CLOSED = (Status.TOEGEKEND, Status.AFGEWEZEN, Status.INGETROKKEN)


def grow_to(total: int, rng: random.Random) -> None:
    """Add applications, two budget lines each (bulk_create: a data generator, not the
    services) up to `total`, with queue_due kept the way the services keep it."""
    wijken = list(Wijk.objects.all())
    pillars = list(Pillar.objects.all())
    residents = list(User.objects.filter(email__startswith="bench"))
    reviewers = list(
        User.objects.filter(
            groups__permissions__codename="review_application", email__endswith="@fijnewijk.test"
        ).distinct()
    )
    terms = response_terms()
    now = timezone.now()
    today = timezone.localdate()
    calendar = WorkingCalendar(today - timedelta(days=800), today + timedelta(days=120))
    statuses, weights = list(STATUSES), list(STATUSES.values())
    made = Application.objects.filter(reference__startswith="LF-B-").count()
    missing = total - Application.objects.count()
    for first in range(made, made + missing, BATCH):
        batch = []
        for n in range(first, min(first + BATCH, made + missing)):
            status = rng.choices(statuses, weights)[0]
            closed = status in CLOSED
            # Closed work over the last two years; open work from the last five weeks, so
            # part of it is overdue.
            age = rng.uniform(20, 730) if closed else rng.uniform(0, 35)
            submitted = now - timedelta(days=age)
            lines = [Decimal(rng.randrange(50, 1500)), Decimal(rng.randrange(20, 400))]
            application = Application(
                reference=f"LF-B-{n:06d}",
                applicant=rng.choice(residents),
                title=f"{rng.choice(WORDS)} {rng.choice(WORDS).lower()} {n}",
                description="Een activiteit voor de bewoners van de buurt. " * 4,
                wijk=rng.choice(wijken),
                pillar=rng.choice(pillars),
                amount_requested=sum(lines),
                iban="NL91ABNA0417164300",
                account_holder="Bench",
                declaration=True,
                status=status,
                submitted_at=submitted,
                acknowledge_due=calendar.add(submitted, terms.acknowledgement_days),
                target_due=calendar.add(submitted, terms.target_days),
                answer_due=calendar.add(submitted, terms.feedback_days),
            )
            if status != Status.INGEDIEND:
                application.acknowledged_at = submitted + timedelta(hours=rng.randint(2, 40))
                application.acknowledged_in_time = (
                    application.acknowledged_at <= application.acknowledge_due
                )
            if status not in (Status.INGEDIEND, Status.ONTVANGEN) and rng.random() < 0.8:
                application.reviewer = rng.choice(reviewers)
            if status == Status.WACHT_OP_AANVRAGER:
                application.paused_since = submitted + (now - submitted) * rng.uniform(0.3, 0.9)
            if closed:
                decided = min(submitted + timedelta(days=rng.uniform(3, 16)), now)
                application.decided_at = decided
                application.answered_in_time = decided <= application.answer_due
            if status in (Status.TOEGEKEND, Status.AFGEWEZEN, Status.BESLUIT_VOORGESTELD):
                granted = status != Status.AFGEWEZEN and rng.random() < 0.8
                application.proposed_outcome = Outcome.GRANTED if granted else Outcome.REJECTED
                application.proposed_amount = application.amount_requested if granted else None
                application.proposed_by = application.reviewer
                application.decision_reason = "Past bij het fonds." if granted else "Past niet."
            if status == Status.TOEGEKEND:
                application.granted_amount = application.amount_requested
            application.queue_due = application.running_term_due()
            application._lines = lines
            batch.append(application)
        Application.objects.bulk_create(batch)
        BudgetLine.objects.bulk_create(
            BudgetLine(application=application, description=label, amount=amount)
            for application in batch
            for label, amount in zip(("Materiaal", "Boodschappen"), application._lines, strict=True)
        )


def main() -> None:
    rng = random.Random(2026)
    demo_site()
    # The demo coordinator has TOTP set up, so the admin's two-factor middleware lets her in.
    client = Client()
    client.force_login(User.objects.get(email=COORDINATOR))
    index = reverse("fonds_application:index")
    results: dict[str, list[tuple[float, int]]] = {}
    target = None
    for size in SIZES:
        began = time.perf_counter()
        grow_to(size, rng)
        grown = time.perf_counter() - began
        if target is None:  # the same open application at both sizes
            target = (
                Application.objects.filter(
                    status=Status.IN_BEHANDELING,
                    reviewer__isnull=False,
                    reference__startswith="LF-B-",
                )
                .order_by("pk")
                .first()
            )
        pages = {
            "queue, first page": index,
            "queue, page 20": f"{index}?p=20",
            "status in behandeling": f"{index}?status={Status.IN_BEHANDELING}",
            "overdue only": f"{index}?overdue=true",
            "search 'LF-B-0001'": f"{index}?q=LF-B-0001",
            "inspect one application": reverse("fonds_application:inspect", args=[target.pk]),
        }
        count = Application.objects.count()
        print(f"\n{count:,} applications (generated in {grown:.0f} s)")
        print(f"{'page':28} {'median ms':>10} {'queries':>8}")
        for label, url in pages.items():
            ms, queries = measure(client, url, RUNS)
            results.setdefault(label, []).append((ms, queries))
            print(f"{label:28} {ms:>10.1f} {queries:>8}")
    print(f"\n{'page':28} {'ratio ' + f'{SIZES[-1] // 1000}k/{SIZES[0] // 1000}k':>12}  flat")
    uneven = {}
    for label, figures in results.items():
        ratio = figures[-1][0] / figures[0][0]
        print(f"{label:28} {ratio:>12.2f}  {'yes' if ratio < FLAT else 'NO'}")
        if len({queries for _ms, queries in figures}) != 1:
            uneven[label] = [queries for _ms, queries in figures]
    print("query counts equal at both sizes:", "yes" if not uneven else f"NO {uneven}")
    if uneven:
        raise SystemExit(f"query counts differ between {SIZES}: {uneven}")


if __name__ == "__main__":
    try:
        main()
    finally:
        cleanup()
