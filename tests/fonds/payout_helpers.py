"""Shared makings for the payout tests: a granted application with its money committed."""

from decimal import Decimal

from django.utils import timezone

from fonds import services
from fonds.models import Application, Status


def granted(make_application, user, amount=Decimal("1000.00"), **kwargs) -> Application:
    """An application granted `amount` today, its money committed, without a plan yet."""
    application = make_application(status=Status.BESLUIT_VOORGESTELD, amount=amount, **kwargs)
    services.ledger_commit(application=application, amount=amount, user=user)
    Application.objects.filter(pk=application.pk).update(
        status=Status.TOEGEKEND, granted_amount=amount, decided_at=timezone.now()
    )
    application.refresh_from_db()
    return application


def money(application) -> dict:
    return services.application_money(application)
