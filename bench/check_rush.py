"""After the write rush (bench/loadtest.py): every accepted submission is in the database
exactly once, with its reference and its budget lines; nothing is half-saved; nothing
was accepted that the rush did not see accepted. Exits 1 otherwise.

    DJANGO_SETTINGS_MODULE=bench.settings python bench/check_rush.py rush.json
"""

import json
import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402

from fonds.models import Application, BudgetLine, Status  # noqa: E402


def problems(rush: dict) -> list[str]:
    found = []
    accepted = rush["accepted"]
    mine = Application.objects.filter(
        applicant__email__in=rush["emails"], title__startswith=f"Rush {rush['run']} "
    )
    submitted = mine.exclude(status=Status.CONCEPT).annotate(lines=Count("budget_lines"))
    submitted = submitted.select_related("applicant")
    stored = {a.pk: a for a in submitted}
    seen = Counter(item["pk"] for item in accepted)
    for pk, times in seen.items():
        if times > 1:
            found.append(f"application {pk} was accepted {times} times")
    for item in accepted:
        application = stored.get(item["pk"])
        if application is None:
            found.append(f"accepted {item['reference']} (pk {item['pk']}) is not in the database")
            continue
        if item["reference"] != application.reference:
            found.append(
                f"pk {item['pk']}: the page showed {item['reference']}, "
                f"the database has {application.reference}"
            )
        if application.title != item["title"] or application.applicant.email != item["email"]:
            found.append(f"pk {item['pk']} is not the application that was sent")
        if application.lines != item["lines"]:
            found.append(
                f"{application.reference}: {application.lines} lines, sent {item['lines']}"
            )
    for pk in set(stored) - set(seen):
        found.append(f"{stored[pk].reference} (pk {pk}) is in the database but was never accepted")
    titles = Counter(mine.values_list("title", flat=True))
    found += [f"{title!r} is stored {n} times" for title, n in titles.items() if n > 1]
    references = Counter(submitted.values_list("reference", flat=True))
    found += [f"reference {ref} is used {n} times" for ref, n in references.items() if n > 1]
    found += [
        f"{a.reference or a.pk} has no budget lines"
        for a in mine.annotate(lines=Count("budget_lines")).filter(lines=0)
    ]
    orphans = BudgetLine.objects.filter(application__isnull=True).count()
    if orphans:
        found.append(f"{orphans} budget lines without an application")
    unsubmitted = submitted.filter(submitted_at__isnull=True).count()
    if unsubmitted:
        found.append(f"{unsubmitted} submitted applications without a submission time")
    if rush["server_errors"]:
        found.append(f"{rush['server_errors']} answers with a 5xx status")
    if rush["invalid"]:
        found.append(
            f"{len(rush['invalid'])} submissions refused for another reason than the limit"
        )
    if not accepted:
        found.append("no submission was accepted")
    return found


def main() -> int:
    rush = json.loads(Path(sys.argv[1]).read_text())
    found = problems(rush)
    accepted = len(rush["accepted"])
    print(
        f"Write rush in the database: {accepted} accepted submissions checked "
        f"({rush['refused']} refused by the per-day limit, not an error)."
    )
    for line in found:
        print(f"  WRONG: {line}")
    if not found:
        print("  Each is there exactly once with its lines; nothing half-saved; no 5xx.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
