"""Forget the kept public pages (portal.page_cache) when a wijk, buurt or complex changes,
when a person's name as others see it changes, and after every migration (a deploy)."""

from django.db.models.signals import post_migrate

from . import page_cache
from .models import Buurt, Complex, User, Wijk

for model in (Wijk, Buurt, Complex):
    page_cache.connect(model)

# Pages show residents by first name and initial (display_name); signing in saves only
# last_login, which no page shows.
PUBLIC_USER_FIELDS = {"first_name", "last_name", "is_active"}


def _no_public_field(instance, update_fields) -> bool:
    return update_fields is not None and not set(update_fields) & PUBLIC_USER_FIELDS


page_cache.connect(User, unless=_no_public_field)

# New code may render the same address differently.
post_migrate.connect(page_cache.public_pages_changed, dispatch_uid="page-cache-migrated")
