from decimal import Decimal

import pytest
from django.utils import timezone

from fonds.models import Application, BudgetLine, Contribution, FundYear, Status
from tests.initiatieven.factories import PillarFactory
from tests.portal.factories import UserFactory, WijkFactory


def staff_client(client, user):
    """`client` signed in as `user`, with two-factor set up so the admin lets them in."""
    from tests.portal.factories import with_two_factor

    with_two_factor(user)
    client.force_login(user)
    return client


@pytest.fixture
def wijk(db):
    return WijkFactory()


@pytest.fixture
def other_wijk(db):
    return WijkFactory()


@pytest.fixture
def applicant(db):
    return UserFactory(role="huurder")


@pytest.fixture
def reviewer(db):
    return UserFactory(role="leefbaarheidsmedewerker")


@pytest.fixture
def coordinator(db):
    return UserFactory(role="coordinator")


@pytest.fixture
def second_coordinator(db):
    return UserFactory(role="coordinator")


@pytest.fixture
def adviser(wijk):
    user = UserFactory(role="hwz-moderator")
    user.werkgebied.add(wijk)
    return user


@pytest.fixture
def other_adviser(other_wijk):
    user = UserFactory(role="hwz-moderator")
    user.werkgebied.add(other_wijk)
    return user


@pytest.fixture
def fund_year(db):
    return FundYear.objects.create(year=timezone.localdate().year, budget=Decimal("10000.00"))


@pytest.fixture
def make_application(wijk, applicant):
    pillar = PillarFactory()

    def make(status=Status.CONCEPT, amount=Decimal("500.00"), **kwargs):
        defaults = {
            "applicant": applicant,
            "title": "Buurtbarbecue",
            "description": "Een barbecue voor de hele straat.",
            "wijk": wijk,
            "pillar": pillar,
            "amount_requested": amount,
            "iban": "NL91ABNA0417164300",
            "account_holder": "Bewonersgroep De Linde",
            "declaration": True,
            "status": status,
        }
        defaults.update(kwargs)
        application = Application.objects.create(**defaults)
        BudgetLine.objects.create(application=application, description="Vlees", amount=amount)
        BudgetLine.objects.create(application=application, description="Huur", amount=Decimal("50"))
        Contribution.objects.create(
            application=application, source="eigen", description="Eigen", amount=Decimal("50")
        )
        if status != Status.CONCEPT:
            now = timezone.now()
            Application.objects.filter(pk=application.pk).update(
                reference=f"LF-T-{application.pk}",
                submitted_at=now,
                acknowledge_due=now + timezone.timedelta(days=3),
                target_due=now + timezone.timedelta(days=7),
                answer_due=now + timezone.timedelta(days=14),
            )
            application.refresh_from_db()
            application.queue_due = application.running_term_due()
            application.save(update_fields=["queue_due"])
        return application

    return make
