"""Two people make a payment file at the same moment (PostgreSQL, two connections): one
file gets every approved tranche, the other is told in Dutch there is nothing to export;
no tranche is ever in two files."""

import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone

from fonds import services
from fonds.models import FundYear, PaymentBatch, Payout, PayoutStatus
from fonds.services import sepa
from tests.conftest import restore_migration_data
from tests.fonds.payout_helpers import granted
from tests.portal.factories import UserFactory

EXPORTERS = 4

# Skipped before any fixture is made: row locks are what is tested, PostgreSQL only.
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks: PostgreSQL only (CI's second run)"
)


@pytest.mark.django_db(transaction=True)
def test_exports_at_the_same_moment_make_one_batch(make_application, monkeypatch):
    restore_migration_data()
    FundYear.objects.create(year=timezone.localdate().year, budget=Decimal("100000"))
    coordinator = UserFactory(role="coordinator")
    backoffice = UserFactory(role="ondersteuner-sociaal-beheer")
    payouts = []
    for _ in range(5):
        with transaction.atomic():  # ledger_commit runs inside its caller's transaction
            application = granted(make_application, coordinator)
        services.payout_plan_create(application=application, user=coordinator)
        advance = application.payouts.order_by("number").first()
        advance = services.payout_prepare(payout=advance, user=backoffice)
        payouts.append(services.payout_approve(payout=advance, user=coordinator))
    exporters = [UserFactory(role="ondersteuner-sociaal-beheer") for _ in range(EXPORTERS)]

    # Widen the gap between reading the approved tranches and moving them, so that
    # without the row lock every exporter would read all five.
    real_build = sepa.build_pain001

    def slow_build(*args, **kwargs):
        data = real_build(*args, **kwargs)
        time.sleep(0.3)
        return data

    monkeypatch.setattr(sepa, "build_pain001", slow_build)
    barrier = threading.Barrier(EXPORTERS)
    results: dict[int, str] = {}

    def export(user):
        try:
            barrier.wait(timeout=20)
            batch = services.batch_export(user=user)
            results[user.pk] = f"ok {batch.count}"
        except ValidationError as exc:
            results[user.pk] = " ".join(exc.messages)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=export, args=(user,)) for user in exporters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(results) == EXPORTERS
    made = [outcome for outcome in results.values() if outcome.startswith("ok")]
    refused = [outcome for outcome in results.values() if not outcome.startswith("ok")]
    assert made == ["ok 5"]
    assert all("geen goedgekeurde uitbetalingen" in message for message in refused)
    batch = PaymentBatch.objects.get()
    assert batch.count == 5
    in_batch = Payout.objects.filter(status=PayoutStatus.IN_BATCH)
    assert set(in_batch.values_list("pk", flat=True)) == {p.pk for p in payouts}
    assert set(in_batch.values_list("batch_id", flat=True)) == {batch.pk}
