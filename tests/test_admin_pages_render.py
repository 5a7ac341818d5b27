"""Every admin page of our own models renders for an administrator: no 500, no raw
`None` or True/False, no "je" (we say "u"), and no time shown in UTC.

The pages are found, not listed: every viewset our apps register with Wagtail (its
listing, and for one or two objects its inspect, edit and history views and whatever else
takes only the object's id), then every admin link on those pages that leads to another
of our views (actions, letters, filters), a few of each kind. Before the visit every
stored moment of our models is set to 10 March 2026 23:31 UTC, which is 11 March 00:31
in Amsterdam: a page that shows "23:31" or "10 maart" shows UTC.
"""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.urls import Resolver404, get_resolver, resolve, reverse
from wagtail.admin.viewsets import viewsets

from portal.models import User
from tests.portal.factories import with_two_factor

OUR_APPS = {"portal", "cms", "initiatieven", "fonds"}
MOMENT = dt.datetime(2026, 3, 10, 23, 31, tzinfo=dt.UTC)  # 00:31 on 11 March in Amsterdam
UTC_SIGNS = re.compile(r"23:31|11:31 PM|\b10 (maart|mrt\.?|March|Mar)\b|10-03-2026|2026-03-10")
AMSTERDAM_SIGNS = re.compile(r"00:31|\b11 (maart|mrt\.?)\b|11-03-2026")
PER_KIND = 2  # pages visited per view and set of query parameters


class VisibleText(HTMLParser):
    """The text a person (or their screen reader) gets: no scripts, styles, templates,
    elements marked `hidden`, or attributes."""

    HIDDEN = {"script", "style", "template", "noscript"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}  # fmt: skip

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.open: list[tuple[str, bool]] = []  # (tag, hides its content)
        self.links: list[str] = []

    @property
    def hidden(self) -> bool:
        return any(hides for _tag, hides in self.open)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a":
            href = attributes.get("href") or ""
            if href.startswith("/admin/"):
                self.links.append(href)
        if tag not in self.VOID:
            self.open.append((tag, tag in self.HIDDEN or "hidden" in attributes))

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.parts))


def our_viewsets():
    get_resolver().url_patterns  # noqa: B018 - loading the URLs fills Wagtail's registry
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if isinstance(model, type) and model._meta.app_label in OUR_APPS:
            yield viewset


def stored_moments_at_night():
    """Every non-empty date-time of our models at MOMENT."""
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateTimeField):
                model._base_manager.exclude(**{field.name: None}).update(**{field.name: MOMENT})


def start_urls():
    for viewset in our_viewsets():
        namespace = viewset.url_namespace
        objects = list(viewset.model._base_manager.order_by("pk").values_list("pk", flat=True))
        sample = sorted({objects[0], objects[-1]}) if objects else []
        for pattern in viewset.get_urlpatterns():
            name = getattr(pattern, "name", None)
            if not name or "results" in name or name in {"delete", "copy", "chosen"}:
                continue
            arguments = list(pattern.pattern.regex.groupindex)
            if not arguments:
                yield reverse(f"{namespace}:{name}")
            elif arguments == ["pk"]:
                for pk in sample:
                    yield reverse(f"{namespace}:{name}", args=[pk])
    yield reverse("wagtailadmin_home")


def ours(url: str) -> str | None:
    """The view name of `url` when it is one of our viewsets' pages, else None."""
    try:
        match = resolve(url.split("?")[0].split("#")[0])
    except Resolver404:
        return None
    namespaces = {viewset.url_namespace for viewset in our_viewsets()}
    if match.namespace not in namespaces or "results" in (match.url_name or ""):
        return None
    if match.url_name in {"delete", "copy"}:
        return None
    return match.view_name


@pytest.fixture
def admin_client(client, demo):
    stored_moments_at_night()
    admin = with_two_factor(User.objects.get(email="admin@fijnewijk.test"))
    client.force_login(admin)
    return client


def test_every_admin_page_of_our_models_reads_well(admin_client):
    queue = list(dict.fromkeys(start_urls()))
    # The queue's filters, with a value of each kind.
    queue.append(reverse("fonds_application:index") + "?overdue=true")
    queue.append(reverse("fonds_application:index") + "?q=zzzzzz")
    amsterdam_shown = 0  # pages that show a stored moment, rightly, in Amsterdam time
    seen_kinds: dict[tuple, int] = {}
    visited: set[str] = set()
    problems: list[str] = []
    while queue:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        response = admin_client.get(url)
        if response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}")
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = VisibleText()
        page.feed(response.content.decode())
        text = page.text
        if re.search(r"\bNone\b", text):
            around = re.search(r".{0,60}\bNone\b.{0,30}", text).group(0)
            problems.append(f"{url}: None in “{around}”")
        if match := re.search(r".{0,60}\b(je|jij|jou|jouw)\b.{0,20}", text, re.IGNORECASE):
            problems.append(f"{url}: “je” where we say “u”: “{match.group(0)}”")
        if match := re.search(r".{0,60}\b(True|False)\b", text):
            problems.append(f"{url}: a raw yes/no in “{match.group(0)}”")
        amsterdam_shown += bool(AMSTERDAM_SIGNS.search(text))
        if match := UTC_SIGNS.search(text):
            around = text[max(0, match.start() - 60) : match.end() + 20]
            problems.append(f"{url}: UTC time in “{around}”")
        for href in page.links:
            view = ours(href)
            if view is None or href in visited:
                continue
            kind = (view, tuple(sorted(re.findall(r"[?&]([^=&]+)=", href))))
            if seen_kinds.get(kind, 0) >= PER_KIND:
                continue
            seen_kinds[kind] = seen_kinds.get(kind, 0) + 1
            queue.append(href)
    assert not problems, "\n".join(problems)
    assert len(visited) > 60, sorted(visited)
    # The check above can fail: the stored moments are on many pages, in Amsterdam time.
    assert amsterdam_shown > 10
