"""The budget position always adds up. After any sequence of events (the year's budget
and the wijk shares set, raised, lowered or taken away; grants in wijken with and without
a share; withdrawals, reductions and lapses of grants), whichever of them the rules
refuse: the entries of the ledger sum to the positions of the year and of every wijk,
nothing available is ever negative, and each grant's open commitment is its amount."""

from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fonds import services
from fonds.models import Application, FundSettings, FundYear, LedgerEntry, Status, WijkBudget
from fonds.selectors import ZERO, Scope, budget_position
from tests.portal.factories import WijkFactory

pytestmark = pytest.mark.django_db

WIJKEN = 3
cents = st.integers(min_value=0, max_value=1_200_000).map(lambda c: Decimal(c).scaleb(-2))
wijk = st.integers(min_value=0, max_value=WIJKEN - 1)
pick = st.integers(min_value=0, max_value=50)
events = st.one_of(
    st.tuples(st.just("year"), cents),
    st.tuples(st.just("share"), wijk, cents),
    st.tuples(st.just("unshare"), wijk),
    st.tuples(st.just("grant"), wijk, cents.filter(lambda amount: amount > 0)),
    st.tuples(st.just("grant"), wijk, cents.filter(lambda amount: amount > 0)),
    st.tuples(st.just("withdraw"), pick),
    st.tuples(st.just("reduce"), pick, st.integers(min_value=1, max_value=99)),
    st.tuples(st.just("expire"), pick),
)


@pytest.fixture
def world(db, make_application, reviewer, applicant):
    FundSettings.objects.create(confirmation_threshold=Decimal("100000"))
    return {
        "wijken": [WijkFactory() for _ in range(WIJKEN)],
        "make": make_application,
        "reviewer": reviewer,
        "applicant": applicant,
    }


def _granted(applications, n):
    granted = [a for a in applications if a.status in (Status.TOEGEKEND, Status.DEELS_TOEGEKEND)]
    return granted[n % len(granted)] if granted else None


def _apply(event, fund_year, world, applications):
    kind, *args = event
    reviewer = world["reviewer"]
    if kind == "year":
        fund_year.budget = args[0]
        services.fund_year_save(fund_year=fund_year, user=reviewer)
    elif kind == "share":
        wijk = world["wijken"][args[0]]
        share = WijkBudget.objects.filter(fund_year=fund_year, wijk=wijk).first()
        share = share or WijkBudget(fund_year=fund_year, wijk=wijk)
        share.amount = args[1]
        services.wijk_budget_save(share=share, user=reviewer)
    elif kind == "unshare":
        share = WijkBudget.objects.filter(fund_year=fund_year, wijk=world["wijken"][args[0]])
        if share.exists():
            services.wijk_budget_delete(share=share.get(), user=reviewer)
    elif kind == "grant":
        services.application_decide(
            application=applications[-1], user=reviewer, outcome="toegekend", reason="Goed"
        )
    elif (application := _granted(applications, args[0])) is None:
        return
    elif kind == "withdraw":
        services.application_withdraw(application=application, user=world["applicant"])
    elif kind == "reduce":
        amount = (application.granted_amount * args[1] / 100).quantize(Decimal("0.01"))
        services.application_reduce_grant(
            application=application, user=reviewer, amount=amount, reason="Minder kosten"
        )
    elif kind == "expire":
        long_ago = timezone.now() - timezone.timedelta(days=800)
        Application.objects.filter(pk=application.pk).update(decided_at=long_ago)
        services.application_expire(application=application)


def _check(fund_year, world, applications):
    fund_year.refresh_from_db()
    net, paid = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
    for wijk_id, kind, amount in LedgerEntry.objects.filter(fund_year=fund_year).values_list(
        "wijk_id", "kind", "amount"
    ):
        if kind == LedgerEntry.Kind.COMMITTED:
            net[wijk_id] += amount
        elif kind == LedgerEntry.Kind.RELEASED:
            net[wijk_id] -= amount
        else:
            paid[wijk_id] += amount
    year = budget_position(fund_year)
    used = sum(net.values(), ZERO)
    assert year.committed == used and year.paid == sum(paid.values(), ZERO)
    assert year.available == fund_year.budget - used >= 0
    shares = dict(WijkBudget.objects.filter(fund_year=fund_year).values_list("wijk_id", "amount"))
    outside = sum((v for w, v in net.items() if w not in shares), ZERO)
    assert sum(shares.values(), ZERO) + outside <= fund_year.budget
    for wijk in world["wijken"]:
        position = budget_position(fund_year, wijk)
        assert position.available >= 0
        assert position.available <= year.available
        if wijk.pk in shares:
            assert position.scope == Scope.WIJK
            assert position.committed == net[wijk.pk] <= shares[wijk.pk]
            assert position.available == min(shares[wijk.pk] - net[wijk.pk], year.available)
        else:
            assert position.scope == Scope.UNALLOCATED
            assert position.committed == outside
            assert position.budget == fund_year.budget - sum(shares.values(), ZERO)
            assert position.available == min(position.budget - outside, year.available)
    for application in applications:
        application.refresh_from_db()
        open_amount = services.open_commitment(application)
        if application.status in (Status.TOEGEKEND, Status.DEELS_TOEGEKEND):
            assert open_amount == application.granted_amount > 0
        else:
            assert open_amount == 0


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(start=cents, sequence=st.lists(events, max_size=10))
def test_the_budget_position_always_adds_up(world, start, sequence):
    with transaction.atomic():
        fund_year = FundYear.objects.create(year=timezone.localdate().year, budget=start)
        applications: list[Application] = []
        for event in sequence:
            if event[0] == "grant":  # the application exists, granted or not
                applications.append(
                    world["make"](
                        status=Status.IN_BEHANDELING,
                        wijk=world["wijken"][event[1]],
                        amount=event[2],
                    )
                )
            try:
                with transaction.atomic():
                    _apply(event, fund_year, world, applications)
            except (ValidationError, PermissionDenied):
                pass  # refused by the rules: nothing may have changed (checked below)
            _check(fund_year, world, applications)
        transaction.set_rollback(True)
