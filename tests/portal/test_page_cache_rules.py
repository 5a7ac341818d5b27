"""What the page cache keeps and what it never keeps, one rule at a time
(portal.page_cache.PageCacheMiddleware with a view of the test's making)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from portal import page_cache

pytestmark = pytest.mark.django_db


def _serve(make_response, url="/iets/", *, opt_in=True, query=(), cookies=None, method="get"):
    """Two requests for `url`; how many times the view was called."""
    calls = []

    def view(request):
        calls.append(1)
        request.user = AnonymousUser()
        if opt_in:
            page_cache.allow(request, query=query)
        return make_response(request)

    middleware = page_cache.PageCacheMiddleware(view)
    responses = []
    for _ in range(2):
        request = getattr(RequestFactory(), method)(url)
        request.COOKIES.update(cookies or {})
        responses.append(middleware(request))
    return len(calls), responses


def _page(request):
    return HttpResponse("<p>Hallo</p>")


def test_a_page_that_opted_in_is_kept_and_marked_public():
    calls, (first, second) = _serve(_page)
    assert calls == 1
    assert second.content == b"<p>Hallo</p>"
    assert "public" in second["Cache-Control"] and "s-maxage=60" in second["Cache-Control"]


def test_a_page_that_did_not_opt_in_is_not_kept():
    calls, (first, _) = _serve(_page, opt_in=False)
    assert calls == 2 and "private" in first["Cache-Control"]


def _with_cookie(request):
    response = _page(request)
    response.set_cookie("iets", "van u")
    return response


def _with_csp_nonce(request):
    request._csp_nonce = "abc"
    return _page(request)


def _with_csrf_token(request):
    from django.middleware.csrf import get_token

    get_token(request)
    return _page(request)


def _varies_on_language(request):
    response = _page(request)
    response["Vary"] = "Accept-Language"
    return response


def _private(request):
    response = _page(request)
    response["Cache-Control"] = "private"
    return response


def _not_found(request):
    return HttpResponse("weg", status=404)


def _streaming(request):
    return StreamingHttpResponse(iter([b"a", b"b"]))


@pytest.mark.parametrize(
    "make_response",
    [
        _with_cookie,
        _with_csp_nonce,
        _with_csrf_token,
        _varies_on_language,
        _private,
        _not_found,
        _streaming,
    ],
)
def test_a_response_that_may_belong_to_one_visitor_is_not_kept(make_response):
    calls, _ = _serve(make_response)
    assert calls == 2


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_visitor_with_a_session_or_a_message_passes_the_cache_by(cookie):
    calls, (first, _) = _serve(_page, cookies={cookie: "x"})
    assert calls == 2
    if cookie == "sessionid":
        assert "no-store" in first["Cache-Control"]


def test_unknown_query_parameters_are_not_kept_known_ones_are():
    assert _serve(_page, "/iets/?pagina=2", query=("pagina",))[0] == 1
    assert _serve(_page, "/iets/?pagina=3&utm=x", query=("pagina",))[0] == 2
    assert _serve(_page, "/iets/?pagina=" + "9" * 300, query=("pagina",))[0] == 2


def test_post_is_never_kept():
    assert _serve(_page, method="post")[0] == 2


def test_switched_off(settings):
    settings.PAGE_CACHE_ENABLED = False
    assert _serve(_page)[0] == 2


def test_a_page_kept_before_a_change_is_not_served_after_it():
    _serve(_page)
    page_cache.public_pages_changed()
    assert _serve(_page)[0] == 1  # rendered again (and kept again)


def test_a_lost_generation_never_brings_an_old_page_back():
    from django.core.cache import cache

    _serve(_page)
    cache.delete(page_cache.GENERATION_KEY)  # evicted
    assert _serve(lambda request: HttpResponse("Nieuw"))[1][0].content == b"Nieuw"


def test_a_page_rendered_while_the_data_changed_is_not_served():
    """The entry keeps the generation read before rendering: a change during the render
    (another request committing) leaves it unused."""

    def changing(request):
        page_cache.public_pages_changed()
        return _page(request)

    calls, _ = _serve(changing)
    assert calls == 2
