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

from harness import cleanup, demo_site, measure  # sets up Django first

# isort: split
from growth import grow_applications as grow_to

# isort: split
from django.test import Client
from django.urls import reverse

from fonds.models import Application, Status
from portal.models import User

RUNS = 20
SIZES = (5_000, 50_000)
FLAT = 2.0  # a page is flat when its time at the larger size is under twice the smaller
COORDINATOR = "coordinator@fijnewijk.test"


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
