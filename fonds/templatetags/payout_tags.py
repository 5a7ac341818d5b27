"""The payout plan where pages show it: the application's admin page ("Uitbetalingen",
with the moves this person may make) and the resident's Mijn aanvragen (which tranche is
paid and when, what is still to come). One query each."""

from django import template
from django.utils.translation import gettext as _

from portal.templatetags.portal_tags import datum_lang

from .. import permissions as perms
from ..models.payouts import PayoutStatus
from ..selectors import ONCE_GRANTED

register = template.Library()


def _plan(application):
    return list(application.payouts.select_related("prepared_by", "approved_by").order_by("number"))


@register.inclusion_tag("fonds/admin/payouts_section.html", takes_context=True)
def payouts_section(context, application):
    """The plan on the application's admin page, with per tranche the move this person
    may make now (prepare, approve, send back) and, for the coordinator, the link to
    change the split."""
    request = context["request"]
    user = request.user
    # A plan is made with a grant (services.payout_plan_create) and stays with it: before
    # one there is nothing to read.
    payouts = _plan(application) if application.status in ONCE_GRANTED else []
    can_prepare = perms.can_prepare_payout(user, application)
    can_approve = perms.can_approve_payout(user, application)
    rows = []
    for payout in payouts:
        actions = []
        if can_prepare and payout.status in (PayoutStatus.GEPLAND, PayoutStatus.MISLUKT):
            actions.append(("prepare", _("Klaarzetten")))
        if can_approve and payout.status == PayoutStatus.KLAAR and payout.prepared_by_id != user.pk:
            actions.append(("approve", _("Goedkeuren")))
        rows.append({"payout": payout, "actions": actions})
    return {
        "request": request,
        "application": application,
        "rows": rows,
        "can_change": can_approve and any(p.status not in ("geannuleerd",) for p in payouts),
        "can_send_back": can_prepare or can_approve,
        "csrf_token": context.get("csrf_token"),
    }


def resident_line(payout) -> str:
    """What the resident reads about one tranche."""
    if payout.status == PayoutStatus.BETAALD:
        return _("Betaald op %(date)s") % {"date": datum_lang(payout.paid_on)}
    if payout.status == PayoutStatus.TERUGGEVORDERD:
        return _("Betaald op %(date)s; wij vragen (een deel) terug") % {
            "date": datum_lang(payout.paid_on)
        }
    if payout.status == PayoutStatus.IN_BATCH:
        return _("Onderweg naar uw rekening")
    if payout.status == PayoutStatus.MISLUKT:
        return _("De betaling is niet aangekomen. Controleer uw IBAN en neem contact met ons op.")
    if payout.after_report:
        return _("Na goedkeuring van uw verantwoording (in te leveren uiterlijk %(date)s)") % {
            "date": datum_lang(payout.due_date)
        }
    return _("Wordt betaald rond %(date)s") % {"date": datum_lang(payout.due_date)}


@register.inclusion_tag("fonds/includes/payouts_resident.html")
def resident_payouts(application, plan=None):
    """For the resident: each tranche that still counts, with what happened to it. `plan`:
    the payouts the page has read already (selectors.money_parts), so no query of its own."""
    plan = _plan(application) if plan is None else plan
    payouts = [p for p in plan if p.status != PayoutStatus.GEANNULEERD]
    return {
        "application": application,
        "rows": [
            {"payout": p, "text": resident_line(p), "paid": p.status == PayoutStatus.BETAALD}
            for p in payouts
        ],
    }
