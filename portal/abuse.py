"""Protection against abuse shared by every public form: a honeypot field that people
do not see and bots fill in, and rate limits per account and per address."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website_url"
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class HoneypotMixin:
    """Adds the honeypot field to a form; `caught_by_honeypot` says whether a bot filled it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label=_("Laat dit veld leeg"),
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    @property
    def caught_by_honeypot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))


def with_honeypot(form_class):
    """The form class with the honeypot field added."""
    return type(f"Honeypot{form_class.__name__}", (HoneypotMixin, form_class), {})


def parse_rate(rate: str) -> tuple[int, int]:
    """'5/h' -> (5, 3600); '20/10m' -> (20, 600)."""
    count, period = rate.split("/")
    return int(count), _PERIODS[period[-1]] * int(period[:-1] or 1)


def client_address(request) -> str:
    """The visitor's address, the way allauth's own rate limits see it.

    Behind a reverse proxy, ALLAUTH_TRUSTED_PROXY_COUNT (or ALLAUTH_TRUSTED_CLIENT_IP_HEADER)
    says which X-Forwarded-For entry to trust; without it a forged header is ignored.
    """
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import ImproperlyConfigured, PermissionDenied

    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        return "unknown"


def _keys(request, user) -> dict[str, str]:
    keys = {}
    if request is not None:
        keys["ip"] = client_address(request)
        user = user or getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        keys["user"] = str(user.pk)
    return keys


def _counters(action, limits, request, user):
    """(cache key, limit, seconds) of every limit of `action` that applies here."""
    limits = limits if limits is not None else settings.RATE_LIMITS[action]
    keys = _keys(request, user)
    for scope, rate in limits.items():
        if scope in keys:
            limit, seconds = parse_rate(rate)
            yield f"ratelimit:{action}:{scope}:{keys[scope]}", limit, seconds


def over_limit(request, action: str, limits: dict[str, str] | None = None, *, user=None) -> bool:
    """True when `action` was already done as often as its limits allow; counts nothing.

    Ask this before doing the work; call `count_accepted` once the work was done. The
    limits are in settings.RATE_LIMITS[action]: {"user": "5/h", "ip": "20/h"}. Both
    counters are checked, so a crowd of accounts behind one address is stopped too.
    Without a request (a service), only the account's counter applies.
    """
    return any(
        (cache.get(key) or 0) >= limit
        for key, limit, _seconds in _counters(action, limits, request, user)
    )


def _add(key: str, seconds: int) -> None:
    if not cache.add(key, 1, timeout=seconds):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=seconds)


def count_accepted(request, action: str, limits: dict[str, str] | None = None, *, user=None):
    """Count one accepted `action`: call it after the work succeeded, so that refused
    attempts and typos do not count."""
    for key, _limit, seconds in _counters(action, limits, request, user):
        _add(key, seconds)
