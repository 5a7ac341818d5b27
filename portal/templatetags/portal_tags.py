from django import template
from django.utils.html import format_html

from ..idempotency import TOKEN_FIELD, new_token
from ..permissions import is_staff_member as _is_staff_member

register = template.Library()


@register.filter
def datum_lang(value, with_time=False) -> str:
    """A date written out for residents, in the active language and Amsterdam time:
    "maandag 30 november 2026" (English: "Monday 30 November 2026"); with `with_time`
    also the time ("maandag 30 november 2026 om 17:00"). Empty for no date."""
    import datetime as dt

    from django.utils import timezone
    from django.utils.formats import date_format, time_format
    from django.utils.translation import gettext

    if not value:
        return ""
    if isinstance(value, dt.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        day = moment.date()
    elif isinstance(value, dt.date):
        moment, day = None, value
    else:
        return ""
    text = date_format(day, "l j F Y")
    if with_time and moment is not None:
        return gettext("%(date)s om %(time)s") % {
            "date": text,
            "time": time_format(moment, "H:i"),
        }
    return text


@register.filter
def is_staff_member(user) -> bool:
    return _is_staff_member(user)


@register.simple_tag
def submission_token():
    """A one-time token for a form that creates something or changes a state, so that a
    second click gets the result of the first (portal.idempotency)."""
    return format_html('<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, new_token())


@register.simple_tag
def admin_csp_nonce():
    """The Content-Security-Policy nonce of this admin request, for the few inline
    scripts Wagtail's admin needs (portal.csp)."""
    from ..csp import admin_nonce

    return admin_nonce()


@register.filter
def euro(value) -> str:
    """An amount as a Dutch reader expects it: € 1.250,50."""
    from decimal import Decimal, InvalidOperation

    from django.utils.formats import number_format

    if value in (None, ""):
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    return "€\u00a0" + number_format(amount, 2, force_grouping=True)


@register.filter
def display_name(user) -> str:
    """How a resident is shown to others: first name and the initial of the last name."""
    if user is None:
        return ""
    first, last = (user.first_name or "").strip(), (user.last_name or "").strip()
    if first:
        return f"{first} {last[:1]}." if last else first
    from django.utils.translation import gettext

    return gettext("Bewoner")


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if mapping else ""
