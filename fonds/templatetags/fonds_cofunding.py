"""The "Bijdragen" part of an application's admin page (co-funding, issue 14): the
contributions through the website, what the fund matched and what went back, and for a
coordinator a button to pay one back, on the page of a grant (or a grant that ended). It
reads its own data (one query), so the page's view needs no change."""

from decimal import Decimal

from django import template

from ..models import Donation, Status
from ..services.cofunding import can_refund

register = template.Library()

# Contributions are taken only while a grant stands; it may have ended since.
ONCE_GRANTED = {Status.TOEGEKEND, Status.DEELS_TOEGEKEND, Status.INGETROKKEN, Status.VERVALLEN}


@register.inclusion_tag("fonds/admin/donations_section.html", takes_context=True)
def donations_section(context, application):
    if application.status not in ONCE_GRANTED:
        return {"shown": False}  # nobody can have contributed: no query
    donations = list(Donation.objects.filter(application=application).order_by("-created_at"))
    paid = [d for d in donations if d.status == Donation.Status.BETAALD]
    request = context.get("request")
    return {
        "shown": True,
        "application": application,
        "donations": donations,
        "paid": sum((d.amount for d in paid), Decimal("0")),
        "matched": sum((d.matched_amount for d in paid), Decimal("0")),
        "refunded": sum(
            (d.amount for d in donations if d.status == Donation.Status.TERUGBETAALD),
            Decimal("0"),
        ),
        "can_refund": request is not None and can_refund(request.user),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
