"""The sitemap lists the pages of every language (the English ones at /en/…)."""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class TranslatedSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=root.translation_key)
        under_a_root = Q()
        for translated_root in roots:
            under_a_root |= Q(path__startswith=translated_root.path)
        return (
            Page.objects.filter(under_a_root)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
