"""The ledger and the payout plan always agree. After any sequence of events on a grant
(tranches prepared, approved, put in a batch, paid, failed; money asked back and
received; the split changed; the grant reduced, trimmed after the report, or withdrawn),
whichever of them the rules refuse: what the ledger holds open is what the plan still
pays (its open tranches and those at the bank), what it counts as paid out is what the
paid tranches hold minus what came back, and nothing is ever negative or above the
grant."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fonds import services
from fonds.models import AccountabilityReport, Application, FundYear, Status
from fonds.models.payouts import PAYOUT_OPEN, Payout, PayoutStatus, Reclaim
from fonds.models.reports import ReportStatus
from fonds.selectors import ZERO, budget_position
from tests.fonds.payout_helpers import granted
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

S = PayoutStatus
pick = st.integers(min_value=0, max_value=5)
percent = st.integers(min_value=0, max_value=100)
events = st.one_of(
    st.tuples(st.sampled_from(["prepare", "approve", "batch", "paid", "fail"]), pick),
    st.tuples(st.just("reclaim"), percent),
    st.tuples(st.just("received"), pick),
    st.tuples(st.just("keep"), percent),
    st.tuples(st.just("reduce"), percent),
    st.tuples(st.just("split"), st.lists(st.integers(min_value=1, max_value=100), max_size=4)),
    st.tuples(st.just("report"), st.just(0)),
    st.tuples(st.just("withdraw"), st.just(0)),
)


@pytest.fixture
def people(db):
    return {
        "backoffice": UserFactory(role="ondersteuner-sociaal-beheer"),
        "coordinator": UserFactory(role="coordinator"),
        "second": UserFactory(role="coordinator"),
        "reviewer": UserFactory(role="leefbaarheidsmedewerker"),
    }


def _nth(application, n, *statuses):
    payouts = list(application.payouts.filter(status__in=statuses).order_by("number"))
    return payouts[n % len(payouts)] if payouts else None


def _apply(event, application, people):
    kind, arg = event
    back, coordinator = people["backoffice"], people["coordinator"]
    if kind == "prepare" and (p := _nth(application, arg, S.GEPLAND, S.MISLUKT)):
        services.payout_prepare(payout=p, user=back)
    elif kind == "approve" and (p := _nth(application, arg, S.KLAAR)):
        services.payout_approve(payout=p, user=people["second"])
    elif kind == "batch" and (p := _nth(application, arg, S.GOEDGEKEURD)):
        services.payouts_into_batch(payouts=[p], batch=None, user=back)
    elif kind == "paid" and (p := _nth(application, arg, S.IN_BATCH)):
        services.payout_paid(payout=p, paid_on=timezone.localdate(), user=back)
    elif kind == "fail" and (p := _nth(application, arg, S.IN_BATCH, S.BETAALD)):
        services.payout_failed(payout=p, reason="AC04", user=back)
    elif kind == "reclaim":
        paid_out = services.application_money(application)["paid_out"]
        amount = (paid_out * arg / 100).quantize(Decimal("0.01"))
        services.reclaim_request(
            application=application, amount=amount, reason="Niet besteed", user=coordinator
        )
    elif kind == "received":
        reclaims = list(application.reclaims.filter(status=Reclaim.Status.OPEN).order_by("pk"))
        if reclaims:
            services.reclaim_received(
                reclaim=reclaims[arg % len(reclaims)],
                received_on=timezone.localdate(),
                user=back,
            )
    elif kind == "keep":
        to_pay = sum((p.amount for p in application.payouts.filter(status__in=PAYOUT_OPEN)), ZERO)
        services.payouts_cancel_open(
            application=application,
            user=None,
            reason="Minder besteed",
            keep=(to_pay * arg / 100).quantize(Decimal("0.01")),
        )
    elif kind == "reduce":
        amount = (application.granted_amount * arg / 100).quantize(Decimal("0.01"))
        services.application_reduce_grant(
            application=application, user=people["reviewer"], amount=amount, reason="Minder"
        )
    elif kind == "split":
        rest = services.plan_total(application) - services.fixed_total(application)
        weights = arg or [1]
        total = sum(weights)
        amounts = [(rest * w / total).quantize(Decimal("0.01")) for w in weights]
        amounts[-1] += rest - sum(amounts, ZERO)
        day = timezone.localdate() + dt.timedelta(days=7)
        services.payout_plan_change(
            application=application,
            user=coordinator,
            tranches=[(a, day, n % 2 == 1) for n, a in enumerate(amounts)],
            reason="Andere verdeling",
        )
    elif kind == "report":
        AccountabilityReport.objects.get_or_create(
            application=application,
            defaults={"status": ReportStatus.GOEDGEKEURD, "due_date": timezone.localdate()},
        )
    elif kind == "withdraw":
        services.application_withdraw(application=application, user=application.applicant)


def _check(fund_year, application):
    application.refresh_from_db()
    money = services.application_money(application)
    payouts = list(application.payouts.all())

    def total(*statuses):
        return sum((p.amount for p in payouts if p.status in statuses), ZERO)

    assert money["open"] == total(*PAYOUT_OPEN, S.IN_BATCH)
    assert money["paid_out"] == total(S.BETAALD, S.TERUGGEVORDERD) - money["reclaimed"]
    assert ZERO <= money["paid_out"] <= money["used"]
    assert money["open"] >= 0
    assert money["paid"] - money["returned"] <= money["committed"]
    if application.status in (Status.TOEGEKEND, Status.DEELS_TOEGEKEND):
        assert total(*[s for s in S if s != S.GEANNULEERD]) == services.plan_total(application)
        assert money["used"] + money["reclaimed"] <= application.granted_amount
    assert all(p.amount > 0 for p in payouts)
    position = budget_position(fund_year)
    assert position.committed == money["used"]
    assert position.paid == money["paid_out"]
    assert position.available == fund_year.budget - money["used"] >= 0


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(amount=st.integers(min_value=2, max_value=500_000), sequence=st.lists(events, max_size=14))
def test_the_ledger_and_the_plan_always_agree(make_application, people, amount, sequence):
    with transaction.atomic():
        fund_year = FundYear.objects.create(
            year=timezone.localdate().year, budget=Decimal("10000.00")
        )
        grant_amount = Decimal(amount).scaleb(-2)
        application = granted(make_application, people["coordinator"], amount=grant_amount)
        services.payout_plan_create(application=application, user=people["coordinator"])
        _check(fund_year, application)
        for event in sequence:
            try:
                with transaction.atomic():
                    _apply(event, Application.objects.get(pk=application.pk), people)
            except (ValidationError, PermissionDenied):
                pass  # refused by the rules: nothing may have changed (checked below)
            _check(fund_year, application)
        assert Payout.objects.filter(application=application).count() <= 2 + 4 * len(sequence)
        transaction.set_rollback(True)
