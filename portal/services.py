"""Writes of the shared core: blocking an account that abuses the platform."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AccountSuspension, User
from .notifications import ACCOUNT_SUSPENDED, notify
from .permissions import is_staff_member


@transaction.atomic
def account_suspend(*, user: User, by: User, reason: str) -> AccountSuspension:
    """Block `user`: they can no longer sign in, and open sessions end. The caller has
    checked that `by` may do this here; staff accounts are never blocked this way."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Geef een reden voor de blokkering.")})
    if user.pk == by.pk or is_staff_member(user):
        raise PermissionDenied(_("Een medewerker of uzelf kunt u hier niet blokkeren."))
    if not user.is_active:
        raise ValidationError(_("Dit account is al geblokkeerd."))
    suspension = AccountSuspension(user=user, reason=reason, suspended_by=by)
    suspension._history_user = by
    suspension.save()
    notify(
        event=ACCOUNT_SUSPENDED.name,
        recipients=[user],
        title=_("Uw account op Fijne Wijk is geblokkeerd"),
        body=_(
            "U kunt niet meer inloggen. Denkt u dat dit een vergissing is, neem dan contact "
            "met ons op via het contactformulier."
        ),
        message=reason,
        sender=by,
    )
    user.is_active = False
    user.save(update_fields=["is_active"])
    return suspension


@transaction.atomic
def account_suspension_lift(*, suspension: AccountSuspension, by: User) -> None:
    suspension = AccountSuspension.objects.select_for_update().get(pk=suspension.pk)
    if suspension.lifted_at:
        return
    suspension.lifted_at = timezone.now()
    suspension.lifted_by = by
    suspension._history_user = by
    suspension.save()
    User.objects.filter(pk=suspension.user_id).update(is_active=True)
