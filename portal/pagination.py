"""Pagination as every list of the site does it: `?pagina=N`, out-of-range pages clamp."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.paginator import Page as PaginatorPage


def paginate(request, queryset, per_page: int = 10):
    """The page `?pagina=N` of `queryset`: what is not a number is the first page, a page
    past the end is the last. The first page reads its rows first: when there are fewer
    than `per_page`, they are the count, and no second query counts them (most lists of
    one resident, and most searches, fit on one page)."""
    paginator = Paginator(queryset, per_page)
    number = request.GET.get("pagina", 1)
    try:
        first = int(number) == 1
    except (TypeError, ValueError):
        first = True  # what is not a number is the first page
    if first:
        rows = list(queryset[:per_page])
        if len(rows) < per_page:
            paginator.count = len(rows)  # else counted when the page shows the total
        return PaginatorPage(rows, 1, paginator)
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)
