"""An initiative's public page lists its applications to the fund (reference, status,
granted amount): forget the kept public pages (portal.page_cache) when one changes."""

from portal import page_cache

from .models import Application

page_cache.connect(Application)
