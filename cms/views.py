"""Site-wide views of the website: search and robots.txt."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Locale, Page
from wagtail.search.utils import normalise_query_string

from portal import sections
from portal.fields import text_param
from portal.pagination import paginate
from portal.sections import render_sections


def search(request):
    # NUL bytes and other control characters are no search terms (and break the index).
    query, stripped = text_param(request.GET.get("q"), max_length=200)
    notice = (
        _("Uw zoekterm bevatte onzichtbare tekens; die hebben we weggelaten.") if stripped else ""
    )
    results, promotions, app_sections = None, [], []
    if query:
        # A double quote inside a term breaks SQLite's full-text query (the search library
        # wraps each term in quotes without doubling them); a term never needs one.
        terms = query.replace('"', " ").strip()
        # The pages in the language of the address (/en/… finds the English pages).
        pages = Page.objects.live().public().filter(locale=Locale.get_active()).specific()
        pages = pages.search(terms, operator="and") if terms else pages.none()
        results = paginate(request, pages, per_page=10)
        # Editors' picks for this query, read only: unknown queries are not stored.
        promotions = [
            pick
            for pick in SearchPromotion.objects.filter(
                query__query_string=normalise_query_string(query)
            )
            .select_related("page")
            .order_by("sort_order")
            if pick.page is None or pick.page.live
        ]
        # Other apps' groups of results (public initiatives), beside the first page of pages.
        if results.number == 1:
            app_sections = render_sections(sections.SEARCH, request, query=query)
    return render(
        request,
        "cms/search.html",
        {
            "query": query,
            "results": results,
            "promotions": promotions,
            "notice": notice,
            "app_sections": app_sections,
        },
    )


@cache_control(max_age=86400)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /zoeken/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
