"""Contact-form protection: the site's honeypot and a rate limit per address."""

from django.conf import settings

from portal.abuse import HONEYPOT_FIELD, rate_limited, with_honeypot

__all__ = ["HONEYPOT_FIELD", "contact_rate_limited", "with_honeypot"]


def contact_rate_limited(request) -> bool:
    """Count this post against the address; True when it is over the limit."""
    return rate_limited(request, "contact", {"ip": settings.CONTACT_FORM_RATE_LIMIT})
