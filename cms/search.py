"""The site search's reads: the pages that match, and the few facts around them that
change only with the site's structure, kept in the cache.

Every search needs the id of the language's locale, the private sections to leave out
(Wagtail's `.public()` reads every view restriction on each call) and whether editors
promoted anything for the query. Those three are read together, kept under the page
cache's generation (portal.page_cache) and used only under the generation they were read
under: a locale, a view restriction, a page moved or deleted, a search promotion saved
or deleted replaces the generation (cms.signals), so a search never sees them older than
the pages. One cache round trip instead of three queries; a query with no promotion,
which is nearly every query, reads no promotions at all.

The results are the pages themselves, not their specific types: title, address and
search description are on Page, so the results are one query however many page types
match, and each address is worked out from the cached site root paths.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, PageViewRestriction, Site

from portal import page_cache

# The version in the key: a deploy that changes what is kept reads none of the old.
FACTS_KEY = "site-search:facts:1"


@dataclass(frozen=True)
class SearchFacts:
    locales: dict[str, int]  # language code -> locale id
    private_sections: tuple[tuple[str, int], ...]  # (path, depth) of each restricted page
    promoted_queries: frozenset[str]  # normalised query strings with an editors' pick

    def locale_id(self) -> int:
        """The locale of the active language, as Locale.get_active() chooses it: the
        site's default locale when the language has none."""
        try:
            code = get_supported_content_language_variant(translation.get_language())
        except LookupError:
            code = None
        if code in self.locales:
            return self.locales[code]
        default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        if default in self.locales:
            return self.locales[default]
        return Locale.get_default().pk  # no locale at all: as Wagtail, DoesNotExist

    def private_q(self) -> Q:
        """PageQuerySet.private_q() from the kept sections: the same condition."""
        q = Q()
        for path, depth in self.private_sections:
            q |= Q(path__startswith=path) & Q(depth__gte=depth)
        return q if q else Q(pk__in=[])


def _read_facts() -> SearchFacts:
    return SearchFacts(
        locales=dict(Locale.objects.values_list("language_code", "pk")),
        private_sections=tuple(
            PageViewRestriction.objects.order_by("pk").values_list("page__path", "page__depth")
        ),
        promoted_queries=frozenset(
            SearchPromotion.objects.values_list("query__query_string", flat=True).distinct()
        ),
    )


def search_facts() -> SearchFacts:
    # Kept as plain values, not the class, which a later deploy may change.
    def read():
        facts = _read_facts()
        return (facts.locales, facts.private_sections, facts.promoted_queries)

    return SearchFacts(*page_cache.kept_value(FACTS_KEY, read))


def matching_pages(terms: str, facts: SearchFacts):
    """The live, public pages of the active language that contain every term, the best
    match first (the search backend's order)."""
    pages = Page.objects.live().exclude(facts.private_q()).filter(locale_id=facts.locale_id())
    return pages.search(terms, operator="and")


def promotions(normalised_query: str, facts: SearchFacts) -> list[SearchPromotion]:
    """Editors' picks for this query, read only when there are any."""
    if normalised_query not in facts.promoted_queries:
        return []
    return [
        pick
        for pick in SearchPromotion.objects.filter(query__query_string=normalised_query)
        .select_related("page")
        .order_by("sort_order")
        if pick.page is None or pick.page.live
    ]


def result_rows(pages, request) -> list[tuple[str, str | None, str]]:
    """(title, address, search description) of each page, as {% pageurl %} gives the
    address: relative on a site of its own, else with the site's root address."""
    # Read once per request, where Page.get_url_parts looks for them (Wagtail keeps them
    # on the request the same way).
    root_paths = getattr(request, "_wagtail_cached_site_root_paths", None)
    if root_paths is None:
        root_paths = request._wagtail_cached_site_root_paths = Site.get_site_root_paths()
    single_site = len({root_path.site_id for root_path in root_paths}) == 1
    rows = []
    for page in pages:
        parts = page.get_url_parts(request=request)
        if parts is None or parts[1] is None and parts[2] is None:
            url = None
        else:
            site_id, root_url, page_path = parts
            if single_site:
                url = page_path
            else:
                current = Site.find_for_request(request)
                same_site = current is not None and current.pk == site_id
                url = page_path if same_site else root_url + page_path
        rows.append((page.title, url, page.search_description))
    return rows
