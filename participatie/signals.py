"""Forget the kept public pages (portal.page_cache) when a group, a membership (the
contact person shown), a meeting (places left) or an RSVP changes: by a service, the
admin, a task or a data load alike."""

from portal import page_cache

from .models import Announcement, Meeting, Membership, ResidentGroup, Rsvp

for model in (ResidentGroup, Membership, Meeting, Rsvp, Announcement):
    page_cache.connect(model)
