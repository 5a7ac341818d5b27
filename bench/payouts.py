"""Benchmark paying out: make one SEPA payment file (pain.001) of 5,000 approved tranches,
then read a 10,000-line bank statement (camt.053) of which 5,000 lines are those payments,
some are payments sent back by the bank, and the rest are unknown to the fund. Prints time,
peak memory (tracemalloc) and query count of each, and the size of the payment file.

It exits non-zero when the cost of reading a statement grows with its lines beyond the
bookings themselves: a statement of only unknown lines must take the same queries at
1,000 and at 5,000 lines (leaving out the bulk inserts of the lines), and the queries per
matched line must be the same for 500 and for 5,000 payments (within 10 %). Not a test.

    make bench        (or: .venv/bin/python bench/payouts.py)
"""

import os
import sys
import time
import tracemalloc
from decimal import Decimal

from harness import cleanup  # sets up Django first

# isort: split
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from cms.models import Pillar
from fonds import services
from fonds.models import (
    Application,
    FundYear,
    LedgerEntry,
    Payout,
    PayoutStatus,
    Status,
)
from portal.models import User, Wijk
from tests.fonds.camt import Statement

# The sizes of the issue; BENCH_PAYOUTS=1000 (lines: twice that) for a quicker run.
PAYOUTS = int(os.environ.get("BENCH_PAYOUTS", "5000"))
LINES = 2 * PAYOUTS
RETURNS = max(PAYOUTS // 50, 1)
SMALL = max(PAYOUTS // 10, 20)
AMOUNT = Decimal("350.00")
INSERT = 'INSERT INTO "fonds_statementline"'


def people():
    coordinator = User.objects.create(email="coordinator@bench.test", first_name="Coordinator")
    backoffice = User.objects.create(email="backoffice@bench.test", first_name="Backoffice")
    from django.contrib.auth.models import Group

    coordinator.groups.add(Group.objects.get(name="coordinator"))
    backoffice.groups.add(Group.objects.get(name="ondersteuner-sociaal-beheer"))
    return coordinator, backoffice


def approved_payouts(count: int, tag: str, coordinator, backoffice) -> None:
    """`count` granted applications (committed in the ledger), each with one approved
    tranche, made with bulk_create as the services would leave them."""
    wijk = Wijk.objects.order_by("pk").first()
    pillar = Pillar.objects.order_by("pk").first()
    fund_year = FundYear.objects.get(year=timezone.localdate().year)
    applicants = User.objects.bulk_create(
        User(email=f"aanvrager-{tag}-{n}@bench.test", first_name="Aanvrager", last_name=str(n))
        for n in range(count)
    )
    now = timezone.now()
    applications = Application.objects.bulk_create(
        Application(
            applicant=applicant,
            title=f"Activiteit {tag} {n}",
            description="Bench",
            wijk=wijk,
            pillar=pillar,
            amount_requested=AMOUNT,
            granted_amount=AMOUNT,
            iban="NL91ABNA0417164300",
            account_holder=f"Bewonersgroep {n}",
            declaration=True,
            status=Status.TOEGEKEND,
            reference=f"LF-{tag}-{n:05d}",
            submitted_at=now,
            decided_at=now,
            acknowledge_due=now,
            target_due=now,
            answer_due=now,
        )
        for n, applicant in enumerate(applicants)
    )
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            fund_year=fund_year,
            wijk=wijk,
            application=application,
            kind=LedgerEntry.Kind.COMMITTED,
            amount=AMOUNT,
            created_by=coordinator,
        )
        for application in applications
    )
    Payout.objects.bulk_create(
        Payout(
            application=application,
            number=1,
            kind=Payout.Kind.ADVANCE,
            amount=AMOUNT,
            due_date=timezone.localdate(),
            status=PayoutStatus.GOEDGEKEURD,
            end_to_end_id=services.end_to_end_id(application, 1),
            iban=application.iban,
            account_holder=application.account_holder,
            prepared_by=backoffice,
            prepared_at=now,
            approved_by=coordinator,
            approved_at=now,
        )
        for application in applications
    )


def measured(function):
    """(result, seconds, peak MB, queries): every query counted (Django's own query log
    keeps only the last 9,000)."""
    queries: list[dict] = []

    def count(execute, sql, params, many, context):
        queries.append({"sql": sql[:60]})
        return execute(sql, params, many, context)

    tracemalloc.start()
    began = time.perf_counter()
    with connection.execute_wrapper(count):
        result = function()
    seconds = time.perf_counter() - began
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, seconds, peak / 1024 / 1024, queries


def statement_of(batch, *, lines: int, returns: int, name: str) -> bytes:
    payouts = list(batch.payouts.select_related("application").order_by("pk"))
    statement = Statement("NL02ABNA0123456789", statement_id=name)
    for payout in payouts:
        statement.paid(payout)
    for payout in payouts[:returns]:
        statement.returned(payout, reason="AC04")
    for n in range(lines - len(payouts) - returns):
        statement.received(f"{(n % 500) + 1}.{n % 100:02d}", remittance=f"Huur {n}")
    return statement.xml()


def unknown_only(lines: int, name: str) -> bytes:
    statement = Statement("NL02ABNA0123456789", statement_id=name)
    for n in range(lines):
        statement.received(f"{(n % 500) + 1}.{n % 100:02d}", remittance=f"{name} {n}")
    return statement.xml()


def round_trip(count: int, tag: str, coordinator, backoffice, lines: int, returns: int):
    approved_payouts(count, tag, coordinator, backoffice)
    batch, seconds, peak, queries = measured(lambda: services.batch_export(user=backoffice))
    print(
        f"export {count:>6} tranches: {seconds:7.2f} s, peak {peak:6.1f} MB, "
        f"{len(queries):>6} queries, file {len(batch.xml.encode()) / 1024:8.1f} kB"
    )
    data = statement_of(batch, lines=lines, returns=returns, name=f"AFS-{tag}")
    upload = SimpleUploadedFile(f"{tag}.xml", data)
    statement, seconds, peak, queries = measured(
        lambda: services.statement_import(uploaded_file=upload, user=backoffice)
    )
    bookings = statement.matched + statement.returned
    per_line = sum(1 for q in queries if not q["sql"].startswith(INSERT)) / bookings
    print(
        f"import {lines:>6} lines ({statement.matched} paid, {statement.returned} returned, "
        f"{statement.unknown} unknown; file {len(data) / 1024:.0f} kB): {seconds:7.2f} s, "
        f"peak {peak:6.1f} MB, {len(queries):>6} queries, {per_line:.1f} per booking"
    )
    return per_line


def main() -> int:
    call_command("migrate", verbosity=0)
    from tests.initiatieven.factories import PillarFactory
    from tests.portal.factories import WijkFactory

    WijkFactory()
    PillarFactory()
    FundYear.objects.create(year=timezone.localdate().year, budget=Decimal("100000000"))
    coordinator, backoffice = people()
    failures = []

    small = round_trip(SMALL, "S", coordinator, backoffice, lines=2 * SMALL, returns=10)
    large = round_trip(PAYOUTS, "L", coordinator, backoffice, lines=LINES, returns=RETURNS)
    if large > small * 1.1:
        failures.append(
            f"queries per booking grow: {small:.1f} at {SMALL}, {large:.1f} at {PAYOUTS}"
        )

    counts = {}
    for lines in (SMALL * 2, LINES // 2):
        upload = SimpleUploadedFile(f"u{lines}.xml", unknown_only(lines, f"U{lines}"))
        _statement, seconds, peak, queries = measured(
            lambda upload=upload: services.statement_import(uploaded_file=upload, user=backoffice)
        )
        counts[lines] = sum(1 for q in queries if not q["sql"].startswith(INSERT))
        print(
            f"import {lines:>6} unknown lines: {seconds:7.2f} s, peak {peak:6.1f} MB, "
            f"{counts[lines]} queries besides {len(queries) - counts[lines]} bulk inserts"
        )
    # The lookups go in chunks of SQLite's parameter limit (999): one query per ~1,000
    # lines is batching; anything more grows with the lines.
    (few, few_queries), (many, many_queries) = sorted(counts.items())
    if many_queries - few_queries > (many - few) // 900 + 1:
        failures.append(f"queries grow with unknown lines: {counts}")
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        code = main()
    finally:
        cleanup()
    sys.exit(code)
