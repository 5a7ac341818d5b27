from functools import lru_cache

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

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
    text = formatted_day(day, "l j F Y")
    if with_time and moment is not None:
        return gettext("%(date)s om %(time)s") % {
            "date": text,
            "time": moment.strftime("%H:%M"),  # what time_format(moment, "H:i") writes
        }
    return text


def formatted_day(day, format_string: str) -> str:
    """`date_format(day, format_string)` for a date in the active language, made once per
    worker for each day, format and language (a list of applications or letters shows the
    same few days again and again, and Django's date formatting takes a while)."""
    return _formatted_day(day, format_string, get_language())


@lru_cache(maxsize=4096)
def _formatted_day(day, format_string, language) -> str:
    from django.utils.formats import date_format

    return str(date_format(day, format_string))


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


@register.inclusion_tag("portal/includes/language_links.html", takes_context=True)
def language_links(context):
    """Plain links to this page in the other languages (no form, no cookie).

    A CMS page links to its translation, or to the home page of the other language when
    it has none yet; every other page to the same address under the other prefix.
    """
    from django.conf import settings
    from django.urls import translate_url
    from django.utils import translation
    from wagtail.models import Page, Site

    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        url = ""
        if isinstance(page, Page):
            site = Site.find_for_request(request) if request else None
            keys = [page.translation_key]
            if site is not None:
                keys.append(site.root_page.translation_key)
            # The page's own translation, else the other language's home page: one query.
            found = {
                target.translation_key: target
                for target in Page.objects.filter(
                    translation_key__in=keys, locale__language_code=code, live=True
                )
            }
            target = found.get(page.translation_key) or (
                found.get(keys[-1]) if len(keys) > 1 else None
            )
            if target is not None:
                with translation.override(code):
                    url = target.get_url(request)
        if not url and request is not None:
            url = translate_url(request.get_full_path(), code)
        links.append(
            {
                "code": code,
                "url": url,
                "name": translation.get_language_info(code)["name_local"],
            }
        )
    return {"links": links}


@register.simple_tag
def term_badge(left, paused=False) -> str:
    """The working days left on a term as the admin's badge: red when it has passed,
    yellow on its last working day, "–" when no term runs. Built in Python rather than
    a template include: queues and panels show one per row."""
    from django.utils.translation import gettext, ngettext

    if paused:
        return format_html('<span class="w-status">{}</span>', gettext("klok staat stil"))
    if left is None:
        return "–"
    if left < 0:
        late = -left
        text = ngettext("%(counter)s werkdag te laat", "%(counter)s werkdagen te laat", late)
        return format_html(
            '<span class="w-status w-status--label fw-term--late">{}</span>',
            text % {"counter": late},
        )
    text = ngettext("nog %(counter)s werkdag", "nog %(counter)s werkdagen", left)
    return format_html(
        '<span class="w-status{}">{}</span>',
        " w-status--label fw-term--soon" if left <= 1 else "",
        text % {"counter": left},
    )
