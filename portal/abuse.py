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


def _count(key: str, seconds: int) -> int:
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        return 1


def rate_limited(request, action: str, limits: dict[str, str] | None = None) -> bool:
    """Count this request against the limits of `action`; True when one is exceeded.

    The limits are in settings.RATE_LIMITS[action]: {"user": "5/h", "ip": "20/h"}. Both
    counters are counted, so a crowd of accounts behind one address is stopped too.
    """
    limits = limits if limits is not None else settings.RATE_LIMITS[action]
    over = False
    keys = {"ip": client_address(request)}
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        keys["user"] = str(request.user.pk)
    for scope, rate in limits.items():
        if scope not in keys:
            continue
        limit, seconds = parse_rate(rate)
        if _count(f"ratelimit:{action}:{scope}:{keys[scope]}", seconds) > limit:
            over = True
    return over
