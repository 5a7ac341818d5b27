"""Keep the cached pillar texts (cms.models.pillar_texts) in step with the pillars, and
forget the kept public pages (portal.page_cache) and the site search's facts (cms.search)
when anything on them changes."""

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal import page_cache

from .models import PILLAR_TEXTS_CACHE_KEY, Instrument, Partner, Pillar, pillar_texts_this_request


@receiver([post_save, post_delete], sender=Pillar)
def forget_pillar_texts(**kwargs):
    cache.delete_many(
        [PILLAR_TEXTS_CACHE_KEY.format(language=code) for code, _name in settings.LANGUAGES]
    )
    remembered = getattr(pillar_texts_this_request, "texts", None)
    if remembered is not None:
        remembered.clear()


@receiver(request_started, dispatch_uid="cms-pillar-texts-request-started")
def remember_pillar_texts(**kwargs):
    pillar_texts_this_request.texts = {}


@receiver(request_finished, dispatch_uid="cms-pillar-texts-request-finished")
def drop_pillar_texts(**kwargs):
    pillar_texts_this_request.texts = None


# Pages: what is live changes only by publishing, unpublishing, moving or deleting (a
# draft changes nothing a visitor sees). Their menus, featured links and contacts are
# part of the page's revision and go live with it.
for signal in (page_published, page_unpublished, post_page_move):
    signal.connect(page_cache.public_pages_changed, dispatch_uid=f"page-cache-{signal}")
post_delete.connect(
    page_cache.public_pages_changed, sender=Page, dispatch_uid="page-cache-page-deleted"
)

# A page made private (or public again), a site's root or host.
page_cache.connect(PageViewRestriction)
page_cache.connect(Site)
# What the site search keeps beside the generation (cms.search): the locales, and the
# editors' picks (a query's deletion deletes its picks one by one, with their signals).
page_cache.connect(Locale)
page_cache.connect(SearchPromotion)

# The snippets the policy pages show, in every language.
for model in (Pillar, Instrument, Partner):
    page_cache.connect(model)


def _file_details_only(instance, update_fields) -> bool:
    """Wagtail stores an image's or document's size and hash the first time it needs
    them, while rendering a page: that changes nothing a visitor sees."""
    return update_fields is not None and set(update_fields) <= {"file_size", "file_hash"}


page_cache.connect(get_image_model(), unless=_file_details_only)
page_cache.connect(get_document_model(), unless=_file_details_only)

# Site settings (contact details, response terms, fund texts) may be shown on any page.
for model in apps.get_models():
    if issubclass(model, (BaseGenericSetting, BaseSiteSetting)):
        page_cache.connect(model)
