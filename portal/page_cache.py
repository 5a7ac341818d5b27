"""The full-page cache of the public pages, for visitors who are not signed in.

A page takes part by saying so: a view with `@cache_public(query=...)`, a Wagtail page
type with `cache_public = True` (and `cache_query` for the parameters it reads). The
middleware sits right behind WhiteNoise, before sessions, authentication, CSRF and
Wagtail's site lookup: a hit is one cache round trip and no database query.

A response is kept only when nothing in it can belong to one visitor: a GET or HEAD
without a session or messages cookie, status 200, from a page that opted in, with only
known query parameters, no Set-Cookie, no CSRF token or CSP nonce used and no Vary beyond
Cookie. `Vary: Cookie` stays on the kept page: it does differ for a visitor who sends the
session cookie, and a browser that kept the anonymous page must not show it again after
signing in; every visitor without cookies still shares the one copy in a shared cache.
It then says `Cache-Control: public` so a CDN or reverse proxy may keep it too. Responses
to a visitor with a session are `private, no-store`.

Invalidation is one generation for the whole cache, not a tag per kind of content:
every change to something a public page shows (a page published, an initiative's status,
a support, a comment, a snippet, a setting; see each app's signals) replaces the
generation, and an entry is served only under the generation it was rendered under.
A tag per kind would need each page to know what other apps add to it (the home and wijk
pages get their initiatives through portal.sections, which cms cannot see), and a wrong
guess shows stale content; a change is rare next to the reads, and a miss costs one render.
The generation is read together with the page in one round trip (get_many), the entry
keeps the generation read *before* rendering, so a page rendered from data that changed
meanwhile is never served; the generation is a random token, so an evicted generation
key can never bring an old entry back.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
KEY_PREFIX = "page-cache:page:"
# A longer query string is no page a link of ours makes: not looked up, never kept.
MAX_QUERY_LENGTH = 256
MESSAGES_COOKIE = "messages"
# The attribute a view or page sets on the request to opt in: the query parameters it reads.
REQUEST_ATTRIBUTE = "_page_cache_query"
# Headers a hit does not repeat: each response gets its own from the outer middleware.
_NOT_STORED = frozenset({"set-cookie"})


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_ENABLED", False)


# --- Opting in ------------------------------------------------------------------------


def allow(request, *, query=()) -> None:
    """Say that this request's page may be kept for anonymous visitors, with the query
    parameters in `query` part of its address (any other parameter: not kept)."""
    setattr(request, REQUEST_ATTRIBUTE, frozenset(query))


def cache_public(view=None, *, query=()):
    """A view whose page is the same for every anonymous visitor of its address."""

    def decorator(fn):
        @wraps(fn)
        def wrapped(request, *args, **kwargs):
            allow(request, query=query)
            return fn(request, *args, **kwargs)

        return wrapped

    return decorator(view) if view is not None else decorator


# --- Invalidation ---------------------------------------------------------------------


def _new_generation() -> str:
    return uuid.uuid4().hex


def _replace_generation() -> None:
    try:
        cache.set(GENERATION_KEY, _new_generation(), None)
    except Exception:  # noqa: BLE001 - a cache outage must not undo the change itself
        logger.exception("page cache: could not replace the generation")


def start_generation() -> str | None:
    """The current generation, started when there is none yet (None: no cache)."""
    token = _new_generation()
    try:
        if cache.add(GENERATION_KEY, token, None):
            return token
        return cache.get(GENERATION_KEY)
    except Exception:  # noqa: BLE001
        logger.exception("page cache: could not start a generation")
        return None


def kept_value(key: str, read):
    """read()'s value, kept in the cache under the current generation: served only while
    the generation it was read under is the current one, so never older than the public
    pages (one round trip for the generation and the value; read() again whenever there
    is no cache). For facts every public page shows, such as the menu."""
    try:
        found = cache.get_many([GENERATION_KEY, key])
    except Exception:  # noqa: BLE001 - without its cache the value is read every time
        return read()
    generation = found.get(GENERATION_KEY)
    entry = found.get(key)
    if generation is not None and entry is not None and entry[0] == generation:
        return entry[1]
    if generation is None:
        generation = start_generation()
    value = read()
    if generation is not None:
        try:
            cache.set(key, (generation, value), settings.PAGE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001 - not kept: read again next time
            logger.exception("page cache: could not keep %s", key)
    return value


def public_pages_changed(**_signal_kwargs) -> None:
    """Something a public page shows has changed: no page kept so far is served again.

    Now, so that this request and the next see the change; and again when the
    transaction commits, so that a page rendered by another request from the data before
    the commit (and kept under the newer generation) is not served either.
    """
    _replace_generation()
    if not transaction.get_autocommit():
        connection = transaction.get_connection()
        # Once per transaction: a demo load or an import changes thousands of rows. The
        # list of commit hooks is a new list after every commit or rollback.
        if getattr(connection, "_page_cache_pending", None) is not connection.run_on_commit:
            transaction.on_commit(_replace_generation)
            connection._page_cache_pending = connection.run_on_commit


def connect(model, *, unless=None) -> None:
    """Forget every kept page when a row of `model` is saved or deleted. `unless(instance,
    update_fields)` may say a save changed nothing a public page shows."""
    from django.db.models.signals import post_delete, post_save

    def saved(sender, instance, update_fields=None, **kwargs):
        if unless is not None and unless(instance, update_fields):
            return
        public_pages_changed()

    def deleted(sender, instance, **kwargs):
        public_pages_changed()

    post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"page-cache-save-{model}")
    post_delete.connect(
        deleted, sender=model, weak=False, dispatch_uid=f"page-cache-delete-{model}"
    )


# --- The middleware -------------------------------------------------------------------


def _key(request) -> str | None:
    """The cache key of this request's page, or None when it can be no kept page."""
    if request.method not in ("GET", "HEAD"):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or MESSAGES_COOKIE in cookies:
        return None
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    query_string = request.META.get("QUERY_STRING", "")
    if len(query_string) > MAX_QUERY_LENGTH:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    # The same parameters in another order are the same page.
    query = urlencode(sorted(request.GET.lists()), doseq=True) if query_string else ""
    address = f"{request.scheme}://{host}{request.path}?{query}"
    return KEY_PREFIX + hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()


def _storable(request, response) -> bool:
    allowed = getattr(request, REQUEST_ATTRIBUTE, None)
    if allowed is None or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    # A Content-Security-Policy nonce in the page belongs to this response's header only.
    if getattr(request, "_csp_nonce", None) is not None:
        return False
    if not set(request.GET).issubset(allowed):
        return False
    vary = {h.strip().lower() for h in response.get("Vary", "").split(",") if h.strip()}
    if not vary.issubset({"cookie"}):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


class PageCacheMiddleware:
    """Answers an anonymous visitor's request for a kept public page from the cache, and
    keeps the public pages it sees go out. Place it right after WhiteNoise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _key(request) if enabled() else None
        if key is None:
            return self._private(request, self.get_response(request))
        try:
            found = cache.get_many([GENERATION_KEY, key])
        except Exception:  # noqa: BLE001 - without its cache the site still serves pages
            logger.exception("page cache: lookup failed")
            return self._private(request, self.get_response(request))
        generation = found.get(GENERATION_KEY)
        entry = found.get(key)
        if entry is not None and generation is not None and entry[0] == generation:
            return self._hit(request, entry)
        if generation is None:
            generation = start_generation()
        response = self.get_response(request)
        if generation is not None and _storable(request, response):
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PAGE_CACHE_MAX_AGE,
                s_maxage=settings.PAGE_CACHE_S_MAXAGE,
            )
            self._store(key, generation, response)
            return response
        return self._private(request, response)

    @staticmethod
    def _store(key, generation, response) -> None:
        headers = tuple(
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in _NOT_STORED
        )
        try:
            cache.set(key, (generation, headers, response.content), settings.PAGE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.exception("page cache: could not keep a page")

    @staticmethod
    def _hit(request, entry) -> HttpResponse:
        _generation, headers, content = entry
        # HEAD gets the headers of the page, Content-Length included, and no body.
        response = HttpResponse(b"" if request.method == "HEAD" else content)
        for name, value in headers:
            response.headers[name] = value
        return response

    @staticmethod
    def _private(request, response):
        """Whatever is not a kept public page is no page for shared caches; with a
        session (signed in, or a message waiting) it is no page to keep at all."""
        if settings.SESSION_COOKIE_NAME in request.COOKIES or (
            getattr(request, "user", None) is not None and request.user.is_authenticated
        ):
            patch_cache_control(response, private=True, no_store=True)
        elif not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        return response
