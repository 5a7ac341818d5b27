"""Many confirmations at the same moment against one budget (PostgreSQL): the budget is
never exceeded, and each refused confirmation gets a clear message and changes nothing."""

import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from fonds import services
from fonds.models import Application, FundYear, LedgerEntry, Status
from fonds.selectors import budget_position
from tests.conftest import restore_migration_data
from tests.initiatieven.factories import PillarFactory
from tests.portal.factories import UserFactory, WijkFactory

CONFIRMERS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_confirmations_never_overspend(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what is tested here: PostgreSQL only (CI's second run)")
    restore_migration_data()
    fund_year = FundYear.objects.create(year=timezone.localdate().year, budget=Decimal("2000"))
    pillar = PillarFactory()
    proposer = UserFactory(role="coordinator")
    confirmers = [UserFactory(role="coordinator") for _ in range(CONFIRMERS)]
    applications = []
    for n in range(CONFIRMERS):
        applications.append(
            Application.objects.create(
                applicant=UserFactory(role="huurder"),
                title=f"Activiteit {n}",
                wijk=WijkFactory(),  # each its own wijk: only the year's budget is shared
                pillar=pillar,
                amount_requested=Decimal("500"),
                status=Status.BESLUIT_VOORGESTELD,
                reference=f"LF-C-{n}",
                submitted_at=timezone.now(),
                acknowledge_due=timezone.now(),
                target_due=timezone.now(),
                answer_due=timezone.now() + timezone.timedelta(days=10),
                proposed_outcome="toegekend",
                proposed_amount=Decimal("500"),
                proposed_by=proposer,
                decision_reason="Goed plan",
            )
        )
    # Widen the gap between reading what is available and booking, so that without the
    # row lock every thread would read the same position and the budget would be overspent.
    real_position = services.ledger.budget_position

    def slow_position(*args, **kwargs):
        position = real_position(*args, **kwargs)
        time.sleep(0.2)
        return position

    monkeypatch.setattr(services.ledger, "budget_position", slow_position)
    barrier = threading.Barrier(CONFIRMERS)
    results: dict[int, str] = {}

    def confirm(application, confirmer):
        try:
            barrier.wait(timeout=20)
            services.application_confirm(application=application, user=confirmer)
            results[application.pk] = "ok"
        except ValidationError as exc:
            results[application.pk] = " ".join(exc.messages)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=confirm, args=(application, confirmer))
        for application, confirmer in zip(applications, confirmers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    granted = [pk for pk, outcome in results.items() if outcome == "ok"]
    refused = [outcome for outcome in results.values() if outcome != "ok"]
    assert len(results) == CONFIRMERS
    assert len(granted) == 4  # 4 × € 500 = the whole € 2.000
    assert all("niet toereikend" in message for message in refused)
    position = budget_position(fund_year)
    assert position.committed == Decimal("2000") and position.available == Decimal("0")
    assert LedgerEntry.objects.count() == 4
    statuses = dict(Application.objects.values_list("pk", "status"))
    for application in applications:
        expected = Status.TOEGEKEND if application.pk in granted else Status.BESLUIT_VOORGESTELD
        assert statuses[application.pk] == expected


@pytest.mark.django_db(transaction=True)
def test_two_wijken_without_a_share_never_exceed_the_undivided_part(monkeypatch):
    """Two confirmations at the same moment, in two wijken that have no share of their
    own: together they never get more than the part of the year no share holds."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what is tested here: PostgreSQL only (CI's second run)")
    from fonds.models import WijkBudget

    restore_migration_data()
    fund_year = FundYear.objects.create(year=timezone.localdate().year, budget=Decimal("2000"))
    WijkBudget.objects.create(fund_year=fund_year, wijk=WijkFactory(), amount=Decimal("1400"))
    pillar = PillarFactory()
    proposer = UserFactory(role="coordinator")
    applications = [
        Application.objects.create(
            applicant=UserFactory(role="huurder"),
            title=f"Activiteit {n}",
            wijk=WijkFactory(),  # no share: both draw on the € 600 left undivided
            pillar=pillar,
            amount_requested=Decimal("400"),
            status=Status.BESLUIT_VOORGESTELD,
            reference=f"LF-U-{n}",
            submitted_at=timezone.now(),
            acknowledge_due=timezone.now(),
            target_due=timezone.now(),
            answer_due=timezone.now() + timezone.timedelta(days=10),
            proposed_outcome="toegekend",
            proposed_amount=Decimal("400"),
            proposed_by=proposer,
            decision_reason="Goed plan",
        )
        for n in range(2)
    ]
    confirmers = [UserFactory(role="coordinator") for _ in applications]
    real_position = services.ledger.budget_position

    def slow_position(*args, **kwargs):
        position = real_position(*args, **kwargs)
        time.sleep(0.3)
        return position

    monkeypatch.setattr(services.ledger, "budget_position", slow_position)
    barrier = threading.Barrier(len(applications))
    results: dict[int, str] = {}

    def confirm(application, confirmer):
        try:
            barrier.wait(timeout=20)
            services.application_confirm(application=application, user=confirmer)
            results[application.pk] = "ok"
        except ValidationError as exc:
            results[application.pk] = " ".join(exc.messages)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=confirm, args=pair)
        for pair in zip(applications, confirmers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert list(results.values()).count("ok") == 1
    refused = [message for message in results.values() if message != "ok"]
    assert len(refused) == 1 and "geen eigen budget" in refused[0]
    assert LedgerEntry.objects.count() == 1
    position = budget_position(fund_year, applications[0].wijk)
    assert position.committed == Decimal("400") and position.available == Decimal("200")
