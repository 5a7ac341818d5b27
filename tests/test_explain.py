"""The main lists read their rows through an index on PostgreSQL, never by reading the
whole table: EXPLAIN of the exact queries the pages make, at a few thousand rows.

The tables that grow with use (initiatives, fund applications and their budget lines) are
never read with a sequential scan by the public initiative list (also filtered on a wijk
and sorted by support), the latest initiatives on home and the wijk pages, the map's
count per wijk, and the fund queue in the admin with each of its filters. On SQLite
(CI's first run) these tests are skipped: its planner is not the one production uses."""

import json
import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fonds.models import Application, BudgetLine
from fonds.models import Status as FundStatus
from initiatieven import selectors
from initiatieven.models import PUBLIC_STATUSES, Initiative
from initiatieven.models import Status as InitiativeStatus
from tests.conftest import restore_migration_data
from tests.fonds.conftest import staff_client
from tests.initiatieven.factories import PillarFactory
from tests.portal.factories import UserFactory, WijkFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

GROWING = {"initiatieven_initiative", "fonds_application", "fonds_budgetline"}
ROWS = 3_000


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN of PostgreSQL's planner: PostgreSQL only (CI's second run)")


def plan_nodes(plan):
    """Every node of a plan (EXPLAIN's JSON), depth first."""
    stack = [entry["Plan"] for entry in plan]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.get("Plans", []))


def seq_scans(plan) -> list[str]:
    """The growing tables a plan reads with a sequential scan."""
    return [
        node["Relation Name"]
        for node in plan_nodes(plan)
        if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in GROWING
    ]


def sorts(plan) -> list[str]:
    """Sort nodes: a page of a list sorted after reading every matching row instead of
    its first rows read from an index in the list's order."""
    return [node["Node Type"] for node in plan_nodes(plan) if "Sort" in node["Node Type"]]


def outline(plan) -> str:
    """The plan's nodes, one per line, for a failure message."""
    lines = []

    def walk(node, depth):
        where = node.get("Index Name") or node.get("Relation Name") or ""
        lines.append(f"{'  ' * depth}{node['Node Type']} {where} rows={node.get('Plan Rows')}")
        for child in node.get("Plans", []):
            walk(child, depth + 1)

    for entry in plan:
        walk(entry["Plan"], 0)
    return "\n".join(lines)


def explain_queryset(queryset) -> list:
    return json.loads(queryset.explain(format="json"))


def explain_sql(sql: str) -> list:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    return plan if isinstance(plan, list) else json.loads(plan)


def page_plan_faults(client, url) -> dict[str, list[str]]:
    """Every query the page `url` makes on a growing table (as sent to PostgreSQL, its
    parameters bound by the client-side cursor) with what is wrong with its plan: a
    growing table read sequentially, or a page of rows (LIMIT) sorted after reading all."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    found = {}
    touched = 0
    for query in queries.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        if not any(f'"{table}"' in sql for table in GROWING):
            continue
        touched += 1
        plan = explain_sql(sql)
        faults = seq_scans(plan)
        if " LIMIT " in sql:
            faults += sorts(plan)
        if faults:
            found[sql] = [*faults, outline(plan)]
    assert touched, f"{url} read no growing table: the test would prove nothing"
    return found


def assert_reads_indexes(client, url, *, allow_sort=False):
    faults = page_plan_faults(client, url)
    if allow_sort:
        faults = {sql: found for sql, found in faults.items() if seq_scans_in(found)}
    assert not faults, f"{url}:\n" + "\n\n".join(
        f"{sql[:160]} … {sql[-240:]}\n{found[-1]}" for sql, found in faults.items()
    )


def seq_scans_in(found: list[str]) -> bool:
    return any(fault in GROWING for fault in found)


def analyze():
    """Fresh statistics, as autovacuum keeps them; outside a transaction also the
    visibility map (VACUUM), which lets a count read an index alone."""
    with connection.cursor() as cursor:
        for table in sorted(GROWING):
            if connection.in_atomic_block:
                cursor.execute(f'ANALYZE "{table}"')
            else:
                cursor.execute(f'VACUUM ANALYZE "{table}"')


@pytest.fixture
def wijken(db):
    return [WijkFactory() for _ in range(12)]


@pytest.fixture
def initiatives(wijken):
    """3,000 initiatives, most not (or not yet) public, a fifth published."""
    rng = random.Random(11)
    pillar = PillarFactory()
    initiator = UserFactory(role="huurder")
    now = timezone.now()
    hidden = [
        InitiativeStatus.CONCEPT,
        InitiativeStatus.INGEDIEND,
        InitiativeStatus.TERUGGESTUURD,
        InitiativeStatus.AFGEWEZEN,
        InitiativeStatus.INGETROKKEN,
    ]
    rows = []
    for n in range(ROWS):
        public = n % 5 == 0
        status = rng.choice(PUBLIC_STATUSES) if public else rng.choice(hidden)
        rows.append(
            Initiative(
                title=f"Buurtidee {n}",
                description="Samen de buurt mooier maken. " * 5,
                wijk=rng.choice(wijken),
                pillar=pillar,
                initiator=initiator,
                status=status,
                support_count=rng.randrange(0, 80),
                submitted_at=None if status == InitiativeStatus.CONCEPT else now,
                published_at=now - timedelta(minutes=rng.randrange(0, 500_000)) if public else None,
            )
        )
    Initiative.objects.bulk_create(rows, batch_size=1_000)
    analyze()
    return wijken


def test_public_initiative_list_reads_an_index(client, initiatives):
    overview = reverse("initiatieven:overview")
    wijk = initiatives[3]
    for url in (
        overview,
        f"{overview}?pagina=7",
        f"{overview}?wijk={wijk.pk}",
        f"{overview}?wijk={wijk.pk}&sort=steun",
        f"{overview}?sort=steun",
    ):
        assert_reads_indexes(client, url)


def test_latest_initiatives_on_home_and_wijk_pages_read_an_index(initiatives):
    """The querysets of initiatieven.wagtail_hooks: home's three, a wijk page's six."""
    latest = selectors.public_initiatives().order_by("-published_at", "-pk")[:3]
    in_wijk = (
        selectors.public_initiatives()
        .filter(wijk=initiatives[0])
        .order_by("-published_at", "-pk")[:6]
    )
    for queryset in (latest, in_wijk):
        plan = explain_queryset(queryset)
        assert seq_scans(plan) + sorts(plan) == [], outline(plan)
    assert len(latest) == 3 and len(in_wijk) == 6


def test_map_count_per_wijk_reads_an_index(initiatives):
    rows = Initiative.objects.public().values("wijk").order_by()
    from django.db.models import Count

    plan = explain_queryset(rows.annotate(n=Count("pk")))
    assert seq_scans(plan) == [], outline(plan)
    counts = selectors.initiatives_per_wijk()
    assert sum(counts.values()) == ROWS // 5


@pytest.fixture
def applications(wijken):
    """3,000 fund applications with two budget lines each, two thirds closed; open ones
    spread over the review's steps, part of them overdue."""
    restore_migration_data()  # the queue's test is transactional (VACUUM): roles again
    rng = random.Random(2026)
    applicant = UserFactory(role="huurder")
    reviewers = [UserFactory(role="leefbaarheidsmedewerker") for _ in range(4)]
    pillar = PillarFactory()
    now = timezone.now()
    closed = [FundStatus.TOEGEKEND, FundStatus.AFGEWEZEN, FundStatus.INGETROKKEN]
    running = [
        FundStatus.INGEDIEND,
        FundStatus.ONTVANGEN,
        FundStatus.IN_BEHANDELING,
        FundStatus.WACHT_OP_AANVRAGER,
        FundStatus.ADVIES_HWZ,
    ]
    rows = []
    for n in range(ROWS):
        kind = n % 30
        if kind == 0:
            status = FundStatus.CONCEPT
        elif kind < 20:
            status = rng.choice(closed)
        else:
            status = rng.choice(running)
        submitted = (
            None if status == FundStatus.CONCEPT else now - timedelta(days=rng.uniform(0, 60))
        )
        is_open = status in running
        rows.append(
            Application(
                reference=None if submitted is None else f"LF-X-{n:06d}",
                applicant=applicant,
                title=f"Buurtfeest {n}",
                description="Een activiteit voor de bewoners van de buurt. " * 4,
                wijk=rng.choice(wijken),
                pillar=pillar,
                amount_requested=Decimal("300.00"),
                declaration=True,
                status=status,
                reviewer=rng.choice(reviewers) if status != FundStatus.INGEDIEND else None,
                submitted_at=submitted,
                paused_since=now if status == FundStatus.WACHT_OP_AANVRAGER else None,
                queue_due=submitted + timedelta(days=14) if is_open else None,
            )
        )
    Application.objects.bulk_create(rows, batch_size=1_000)
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(application=application, description=label, amount=Decimal("150.00"))
            for application in rows
            for label in ("Materiaal", "Boodschappen")
        ],
        batch_size=2_000,
    )
    analyze()
    return wijken, reviewers


@pytest.mark.django_db(transaction=True)
def test_fund_queue_reads_an_index_with_each_filter(client, applications):
    wijken, reviewers = applications
    staff_client(client, UserFactory(role="coordinator"))
    index = reverse("fonds_application:index")
    for url in (
        index,
        f"{index}?p=20",
        f"{index}?status={FundStatus.IN_BEHANDELING}",
        f"{index}?wijk={wijken[2].pk}",
        f"{index}?reviewer={reviewers[1].pk}",
        f"{index}?overdue=true",
    ):
        assert_reads_indexes(client, url)
    # A reference (or its beginning) is a range on the unique index: its few matches are
    # sorted, never the table read.
    assert_reads_indexes(client, f"{index}?q=LF-X-0012", allow_sort=True)
    # The pager counts a few pages ahead, not every application (fonds.admin_views.
    # QueuePaginator): its count has a Limit under its Aggregate (and, as above, no
    # sequential scan and no sort).
    with CaptureQueriesContext(connection) as queries:
        assert client.get(index).status_code == 200
    counts = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT COUNT(*)") and '"fonds_application"' in q["sql"]
    ]
    assert counts
    for sql in counts:
        plan = explain_sql(sql)
        limits = [node for node in plan_nodes(plan) if node["Node Type"] == "Limit"]
        assert limits and limits[0]["Plan Rows"] <= 300, outline(plan)
