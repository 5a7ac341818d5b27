from wagtail.models import Page


class FloorPage(Page):
    """Nothing but a title: what serving any Wagtail page costs at least (site lookup,
    routing, the serve hooks, one template)."""

    template = "floor/floor_page.html"

    def get_sitemap_urls(self, request=None):
        return []  # not a page of the site: the sitemap stays as it is
