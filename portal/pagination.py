"""Pagination as every list of the site does it: `?pagina=N`, out-of-range pages clamp."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator


def paginate(request, queryset, per_page: int = 10):
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("pagina", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)
