"""Site-wide views of the website: search and robots.txt."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from portal import sections
from portal.fields import text_param
from portal.pagination import paginate
from portal.sections import render_sections

from . import search as site_search


def search(request):
    # NUL bytes and other control characters are no search terms (and break the index).
    query, stripped = text_param(request.GET.get("q"), max_length=200)
    notice = (
        _("Uw zoekterm bevatte onzichtbare tekens; die hebben we weggelaten.") if stripped else ""
    )
    results, rows, picks, app_sections = None, [], [], []
    if query:
        # A double quote inside a term breaks SQLite's full-text query (the search library
        # wraps each term in quotes without doubling them); a term never needs one.
        terms = query.replace('"', " ").strip()
        facts = site_search.search_facts()
        # The pages in the language of the address (/en/… finds the English pages).
        pages = site_search.matching_pages(terms, facts) if terms else Page.objects.none()
        results = paginate(request, pages, per_page=10)
        rows = site_search.result_rows(results, request)
        # Editors' picks for this query, read only: unknown queries are not stored.
        picks = site_search.promotions(normalise_query_string(query), facts)
        # Other apps' groups of results (public initiatives), beside the first page of pages.
        if results.number == 1:
            app_sections = render_sections(sections.SEARCH, request, query=query)
    return render(
        request,
        "cms/search.html",
        {
            "query": query,
            "results": results,
            "rows": rows,
            "promotions": picks,
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
