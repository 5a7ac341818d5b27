"""Benchmark the initiative pages with 1,000 and with 10,000 initiatives: the overview
(with its map), a page deep in the list, a text search, a filtered and sorted list, and a
detail page with many comments. Prints median response time and query count; the query
counts must be the same at both sizes. Not a test.

    make bench        (or: .venv/bin/python bench/initiatives.py)
"""

import random
import sys

from harness import cleanup, demo_site, measure  # sets up Django first

# isort: split
from growth import grow_initiatives as grow_to

# isort: split
from django.test import Client

from initiatieven.models import Comment, Initiative, Status, Support
from portal.models import User, Wijk

RUNS = 20
SIZES = (1_000, 10_000)


def main() -> None:
    rng = random.Random(2026)
    demo_site()
    client = Client()
    counts: dict[str, list[int]] = {}
    print(f"{'page':44} {'initiatives':>11} {'median ms':>10} {'queries':>8}")
    for size in SIZES:
        grow_to(size, rng)
        # One public initiative with many comments and supporters for the detail page.
        target = Initiative.objects.filter(status=Status.GEPUBLICEERD).order_by("pk").first()
        residents = list(User.objects.filter(email__startswith="bench"))
        Comment.objects.bulk_create(
            Comment(initiative=target, author=rng.choice(residents), body="Goed plan, ik help mee!")
            for _ in range(size // 50)
        )
        Support.objects.bulk_create(
            (Support(initiative=target, user=person) for person in residents),
            ignore_conflicts=True,
        )
        wijk = Wijk.objects.order_by("pk").first()
        pages = {
            "overview with map": "/initiatieven/",
            "overview, page 40": "/initiatieven/?pagina=40",
            "search 'tuin'": "/initiatieven/?q=tuin",
            "wijk filter, most support first": f"/initiatieven/?wijk={wijk.pk}&sort=steun",
            "detail with comments": f"/initiatieven/{target.pk}/",
        }
        for label, url in pages.items():
            ms, queries = measure(client, url, RUNS)
            counts.setdefault(label, []).append(queries)
            print(f"{label:44} {Initiative.objects.count():>11} {ms:>10.1f} {queries:>8}")
    flat = all(len(set(c)) == 1 for c in counts.values())
    print("query counts equal at both sizes:", "yes" if flat else f"NO {counts}")
    cleanup()
    if not flat:
        sys.exit(1)


if __name__ == "__main__":
    main()
