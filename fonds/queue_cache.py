"""The fund queue's filters drawer, kept in the cache until its choices change.

The drawer (status, wijk, reviewer, "termijn verstreken") is Wagtail's django-filter form
rendered through a widget template per option: about a fifth of the queue's time, and
the same HTML for every member of staff who filters the same way. It is kept in
portal.fragment_cache under a token of its own (scope "fonds-queue-filters"), replaced
whenever what its choices are made of changes: a wijk (added, renamed, removed), a person
(added, renamed, made superuser or not, removed), a person's groups or own permissions,
or a group's permissions (who reviews is read from them), and under the generation that
renews every kept part. The entry's variant is the language, the reach of the reader's
role (every wijk, or which wijken of their werkgebied) and the filter values chosen in
the request; filter values that do not validate are rendered for the request only (the
form shows its errors), so nothing odd is kept. The drawer is a GET form: no CSRF token,
nothing of one person.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from django.template.loader import render_to_string
from django.utils.translation import get_language

from portal import fragment_cache

SCOPE = "fonds-queue-filters"
DRAWER_TEMPLATE = "wagtailadmin/shared/headers/_filters.html"


@lru_cache(maxsize=1)
def _code() -> str:
    """The drawer's code version: read once per process (resolving the paths alone took
    a tenth of a millisecond per request)."""
    from pathlib import Path

    import wagtail

    here = Path(__file__).resolve().parent
    wagtail_templates = Path(wagtail.__file__).resolve().parent / "admin/templates"
    return fragment_cache.code_version(
        str(here / "viewsets.py"),
        str(here / "queue_cache.py"),
        str(wagtail_templates / DRAWER_TEMPLATE),
    )


def reach_token(user) -> str:
    """How far the reader's role reaches: 'all', or the wijken of their werkgebied."""
    from portal.permissions import reaches_every_wijk, role_facts

    if reaches_every_wijk(user):
        return "all"
    return "w" + ",".join(str(pk) for pk in sorted(role_facts(user).werkgebied))


def drawer_part(filters, request):
    """The kept drawer of `filters` (the queue's bound filterset) as a part for
    portal.fragment_cache.fragments(), or None when its values do not validate (then it is
    rendered for this request only, with the form's errors)."""

    def render() -> str:
        return render_to_string(DRAWER_TEMPLATE, {"filters": filters})

    if not filters.is_valid():
        return None
    chosen = repr(sorted((name, request.GET.getlist(name)) for name in filters.form.fields))
    digest = hashlib.sha256(chosen.encode()).hexdigest()[:32]
    variant = f"{get_language()}:{reach_token(request.user)}:{digest}"
    return (SCOPE, 0, variant, render, _code())


def filters_drawer(filters, request) -> str:
    """The drawer of `filters` (the queue's bound filterset) as HTML."""
    part = drawer_part(filters, request)
    if part is None:
        return render_to_string(DRAWER_TEMPLATE, {"filters": filters})
    return fragment_cache.fragments(part)[0]


# --- The closing days of the working-day calendar --------------------------------------
# The badges of the queue count working days, which skip the closing days the corporation
# enters in the admin (portal.workdays). Those are kept here too, read in the same round
# trip as the drawer instead of a query per request, under a token of their own (scope
# "closing-days") that a saved or deleted closing day replaces (connect() below), and for
# the span of days the calendar covers (which moves with today).

CLOSING_SCOPE = "closing-days"


def closing_days_part(start, end):
    """The closing days from `start` to `end` as a part for fragment_cache.fragments():
    their ISO dates, comma separated."""
    from portal import workdays

    def render() -> str:
        days = workdays.closing_days_between(start, end)
        return ",".join(sorted(day.isoformat() for day in days))

    code = fragment_cache.code_version(workdays.__file__)
    return (CLOSING_SCOPE, 0, f"{start.isoformat()}:{end.isoformat()}", render, code)


def calendar_from(kept: str, start, end):
    """The working-day calendar of `start` to `end` with the kept closing days."""
    import datetime as dt

    from portal.workdays import WorkingCalendar

    days = [dt.date.fromisoformat(day) for day in str(kept).split(",") if day]
    return WorkingCalendar(start, end, closing_days=days)


def kept_parts(request, filters=None, *, chrome: bool = False):
    """The working-day calendar (today, calendar) and, with `filters`, the filters drawer's
    HTML, from one round trip to the cache; with `chrome` (a whole admin page), the
    locales of the admin's configuration too (portal.admin_chrome.locales_part). The
    calendar is left for portal.selectors.calendar_for(request), the locales for
    `{% wagtail_config %}`."""
    from django.utils import timezone

    from portal import admin_chrome
    from portal.workdays import WorkingCalendar

    today = timezone.localdate()
    start, end = WorkingCalendar.span_around(today, days=120)
    parts = [closing_days_part(start, end)]
    drawer = drawer_part(filters, request) if filters is not None else None
    if drawer is not None:
        parts.append(drawer)
    if chrome:
        parts.append(admin_chrome.locales_part())
    found = fragment_cache.fragments(*parts)
    clock = (today, calendar_from(found[0], start, end))
    request._panel_clock = clock
    if chrome:
        admin_chrome.keep_locales(request, found[-1])
    if filters is None:
        html = ""
    elif drawer is None:
        html = render_to_string(DRAWER_TEMPLATE, {"filters": filters})
    else:
        html = found[1]
    return clock, html


def choices_changed(**_signal_kwargs) -> None:
    fragment_cache.changed(SCOPE, 0)


def connect() -> None:
    """Renew the kept drawers when anything their choices show changes (fonds.apps)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from portal.models import Wijk

    User = get_user_model()
    # What reviewers_to_filter_on() reads and the select shows of a person; signing in
    # saves last_login only, which changes nothing here.
    shown = {"first_name", "last_name", "email", "is_superuser"}

    def person_saved(sender, instance, update_fields=None, **kwargs):
        if update_fields is None or shown & set(update_fields):
            choices_changed()

    uid = "fonds-queue-filters"
    post_save.connect(person_saved, sender=User, weak=False, dispatch_uid=f"{uid}-user")
    for model in (User, Wijk, Group):
        post_delete.connect(
            choices_changed, sender=model, weak=False, dispatch_uid=f"{uid}-del-{model}"
        )
    post_save.connect(choices_changed, sender=Wijk, weak=False, dispatch_uid=f"{uid}-wijk")
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(
            choices_changed, sender=through, weak=False, dispatch_uid=f"{uid}-m2m-{through}"
        )

    from portal.models import ClosingDay

    # A closing day entered, moved or removed: the badges count it at the next request.
    fragment_cache.connect(ClosingDay, CLOSING_SCOPE, lambda day: 0)


# --- Parts of the queue that are a function of what they are given -------------------
# The slim header (title, breadcrumbs, header buttons, the search field with what was
# typed) and the pager are rendered from values only: the same values give the same
# HTML, so each process keeps them under those values (portal.fragment_cache.in_process).


def kept(key, render) -> str:
    """render() (safe HTML), kept in this process under `key` (all it depends on)."""
    return fragment_cache.in_process(("fonds-queue", key), render)


def button_key(button):
    """What a header button renders from, or None for a kind this key does not cover."""
    from wagtail.admin.widgets.button import HeaderButton

    if type(button) is not HeaderButton:
        return None
    return (
        str(button.label),
        button.url,
        button.classname,
        button.icon_name,
        tuple(sorted((k, str(v)) for k, v in button.attrs.items())),
    )
