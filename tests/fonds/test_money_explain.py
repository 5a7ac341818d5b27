"""The money overview's sums read the ledger of one year through its index on
PostgreSQL, also when the ledger holds many years: EXPLAIN of the exact queries, at tens
of thousands of entries. Skipped on SQLite (its planner is not the one production uses)."""

import json
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count

from fonds import money
from fonds.models import Application, FundYear, LedgerEntry, Status
from portal.models import Wijk
from tests.initiatieven.factories import PillarFactory
from tests.portal.factories import UserFactory, WijkFactory
from tests.test_explain import outline, plan_nodes

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

YEARS = 12
ENTRIES_PER_YEAR = 4_000
WIJKEN = 25


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN of PostgreSQL's planner: PostgreSQL only (CI's second run)")


@pytest.fixture
def big_ledger(db):
    random.seed(14)
    wijken = [WijkFactory() for _ in range(WIJKEN)]
    applicant = UserFactory(role="huurder")
    pillar = PillarFactory()
    applications = Application.objects.bulk_create(
        Application(
            applicant=applicant,
            title=f"Activiteit {n}",
            wijk=wijken[n % WIJKEN],
            pillar=pillar,
            status=Status.TOEGEKEND,
            granted_amount=Decimal("500.00"),
            reference=f"LF-X-{n:05d}",
        )
        for n in range(3_000)
    )
    years = FundYear.objects.bulk_create(
        FundYear(year=2014 + n, budget=Decimal("1000000.00")) for n in range(YEARS)
    )
    kinds = list(LedgerEntry.Kind)
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            fund_year=year,
            wijk_id=application.wijk_id,
            application=application,
            kind=random.choice(kinds),
            amount=Decimal(random.randint(1, 50_000)) / 100,
        )
        for year in years
        for application in random.sample(applications, ENTRIES_PER_YEAR // 2)
        for _ in range(2)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return years[-1]


def _plan(queryset) -> list:
    return json.loads(queryset.explain(format="json"))


def test_the_per_wijk_sums_read_one_year_through_the_ledgers_index(big_ledger):
    plan = _plan(money.ledger_per_wijk(big_ledger))
    ledger = [node for node in plan_nodes(plan) if node.get("Relation Name") == "fonds_ledgerentry"]
    assert ledger, outline(plan)
    assert all(node["Node Type"] != "Seq Scan" for node in ledger), outline(plan)
    # Cheap: the planner's estimate stays far below reading the whole ledger.
    whole = _plan(LedgerEntry.objects.values("wijk_id").order_by("wijk_id").annotate(n=Count("pk")))
    assert plan[0]["Plan"]["Total Cost"] < whole[0]["Plan"]["Total Cost"] / 2, outline(plan)
    overview = money.year_overview(big_ledger, Wijk.objects.order_by("name"))
    assert len(overview.lines) == WIJKEN
