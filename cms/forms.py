"""Contact-form protection: a honeypot field and a rate limit per address."""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website_url"
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def with_honeypot(form_class):
    """The form class with an extra field people do not see and bots fill in."""

    class HoneypotForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields[HONEYPOT_FIELD] = forms.CharField(
                required=False,
                label=_("Laat dit veld leeg"),
                widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
            )

    return HoneypotForm


def parse_rate(rate: str) -> tuple[int, int]:
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


def contact_rate_limited(request) -> bool:
    """Count this post against the address; True when it is over the limit."""
    limit, seconds = parse_rate(settings.CONTACT_FORM_RATE_LIMIT)
    key = f"contactform:{client_address(request)}"
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        count = 1
    return count > limit
