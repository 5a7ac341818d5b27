"""Forget the kept public pages (portal.page_cache) when an initiative, or anything its
page, the list, the home page or a wijk page shows of it, changes: by a service, the
admin, a task or a data load alike (each schedules the change for its commit)."""

from django.db.models.signals import m2m_changed

from portal import page_cache

from .models import Comment, Initiative, Photo, ProgressUpdate, Support

# Status, texts and counts (Initiative); a support; a comment posted, hidden or removed;
# photos; progress updates.
for model in (Initiative, Support, Comment, Photo, ProgressUpdate):
    page_cache.connect(model)

# The team named on the initiative's page.
m2m_changed.connect(
    page_cache.public_pages_changed,
    sender=Initiative.co_initiators.through,
    dispatch_uid="page-cache-co-initiators",
)
