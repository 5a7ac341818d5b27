"""Contact-form protection: the site's honeypot and a rate limit per address."""

from django.conf import settings

from portal.abuse import HONEYPOT_FIELD, count_accepted, over_limit, with_honeypot

__all__ = ["HONEYPOT_FIELD", "contact_count_sent", "contact_rate_limited", "with_honeypot"]


def contact_rate_limited(request) -> bool:
    """True when this address sent as many messages as the limit allows."""
    return over_limit(request, "contact", {"ip": settings.CONTACT_FORM_RATE_LIMIT})


def contact_count_sent(request) -> None:
    """Count a message that was accepted (a refused form does not count)."""
    count_accepted(request, "contact", {"ip": settings.CONTACT_FORM_RATE_LIMIT})
