"""Two people moving the same tranches at the same moment (PostgreSQL): two coordinators
approving, two of the back office preparing, two exports taking the same approved
tranches, the same payment confirmed twice. Each time the row lock makes the second wait
for the first, which it then finds done: one approval, one preparation, no tranche in
two batches, one booking."""

import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone

from fonds import services
from fonds.models import Application, FundYear, LedgerEntry, Status
from fonds.models.payouts import Payout, PayoutStatus
from tests.conftest import restore_migration_data
from tests.initiatieven.factories import PillarFactory
from tests.portal.factories import UserFactory, WijkFactory

S = PayoutStatus


def _world():
    restore_migration_data()
    FundYear.objects.create(year=timezone.localdate().year, budget=Decimal("10000"))
    coordinator = UserFactory(role="coordinator")
    application = Application.objects.create(
        applicant=UserFactory(role="huurder"),
        title="Buurtfeest",
        wijk=WijkFactory(),
        pillar=PillarFactory(),
        amount_requested=Decimal("1000"),
        iban="NL91ABNA0417164300",
        account_holder="Bewonersgroep",
        status=Status.BESLUIT_VOORGESTELD,
        reference="LF-P-1",
        submitted_at=timezone.now(),
        acknowledge_due=timezone.now(),
        target_due=timezone.now(),
        answer_due=timezone.now() + timezone.timedelta(days=10),
    )
    with transaction.atomic():
        services.ledger_commit(application=application, amount=Decimal("1000"), user=coordinator)
    Application.objects.filter(pk=application.pk).update(
        status=Status.TOEGEKEND, granted_amount=Decimal("1000"), decided_at=timezone.now()
    )
    application.refresh_from_db()
    services.payout_plan_create(application=application, user=coordinator)
    return application, application.payouts.get(number=1)


def _at_once(monkeypatch, work, people):
    """Run work(person) for each person in its own thread, released together, with a
    pause inside the locked part so that without the lock they would overlap."""
    real = services.payouts._check_payable

    def slow(application):
        real(application)
        time.sleep(0.3)

    monkeypatch.setattr(services.payouts, "_check_payable", slow)
    barrier = threading.Barrier(len(people))
    results = []

    def run(person):
        try:
            barrier.wait(timeout=20)
            work(person)
            results.append("ok")
        except (ValidationError, PermissionDenied) as exc:
            results.append(" ".join(getattr(exc, "messages", None) or [str(exc)]))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _skip_unless_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what is tested here: PostgreSQL only (CI's second run)")


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_approve_at_once(monkeypatch):
    _skip_unless_postgres()
    application, advance = _world()
    services.payout_prepare(payout=advance, user=UserFactory(role="ondersteuner-sociaal-beheer"))
    coordinators = [UserFactory(role="coordinator") for _ in range(2)]
    results = _at_once(
        monkeypatch,
        lambda person: services.payout_approve(payout=advance, user=person),
        coordinators,
    )
    assert results == ["ok", "ok"]  # the second finds it done: no error for either
    advance.refresh_from_db()
    assert advance.status == S.GOEDGEKEURD and advance.approved_by in coordinators
    reasons = list(advance.history.values_list("history_change_reason", flat=True))
    assert reasons.count("Goedgekeurd") == 1


@pytest.mark.django_db(transaction=True)
def test_two_of_the_back_office_prepare_at_once(monkeypatch):
    _skip_unless_postgres()
    application, advance = _world()
    people = [UserFactory(role="ondersteuner-sociaal-beheer") for _ in range(2)]
    results = _at_once(
        monkeypatch, lambda person: services.payout_prepare(payout=advance, user=person), people
    )
    assert results == ["ok", "ok"]
    reasons = list(advance.history.values_list("history_change_reason", flat=True))
    assert reasons.count("Klaargezet") == 1


@pytest.mark.django_db(transaction=True)
def test_two_exports_never_take_the_same_tranche(monkeypatch):
    _skip_unless_postgres()
    application, advance = _world()
    back = UserFactory(role="ondersteuner-sociaal-beheer")
    services.payout_prepare(payout=advance, user=back)
    services.payout_approve(payout=advance, user=UserFactory(role="coordinator"))
    people = [UserFactory(role="ondersteuner-sociaal-beheer") for _ in range(2)]
    real_refusal = services.payouts.perms.payout_refusal

    def slow_refusal(*args, **kwargs):
        time.sleep(0.3)
        return real_refusal(*args, **kwargs)

    monkeypatch.setattr(services.payouts.perms, "payout_refusal", slow_refusal)
    results = _at_once(
        monkeypatch,
        lambda person: services.payouts_into_batch(payouts=[advance], batch=None, user=person),
        people,
    )
    assert sorted(r == "ok" for r in results) == [False, True]
    assert "goedgekeurd" in next(r for r in results if r != "ok")
    assert Payout.objects.get(pk=advance.pk).status == S.IN_BATCH


@pytest.mark.django_db(transaction=True)
def test_the_same_payment_confirmed_twice_at_once_books_once(monkeypatch):
    _skip_unless_postgres()
    application, advance = _world()
    back = UserFactory(role="ondersteuner-sociaal-beheer")
    services.payout_prepare(payout=advance, user=back)
    services.payout_approve(payout=advance, user=UserFactory(role="coordinator"))
    services.payouts_into_batch(payouts=[advance], batch=None, user=back)
    results = _at_once(
        monkeypatch,
        lambda person: services.payout_paid(
            payout=advance, paid_on=timezone.localdate(), user=person
        ),
        [back, back],
    )
    assert results == ["ok", "ok"]
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAID).count() == 1
