"""Where the dynamic pages spend their CPU: each page rendered by the test client under
the test settings (DEBUG off, the cached template loader), beside a bare Wagtail page
(a Page with a one-line template, made here only) and, for the admin pages, a bare
Wagtail admin view (bench.urls.floor_admin). Prints the median milliseconds over 20
requests, the ratio to the bare page (and to the bare admin view), and with --profile
NAME the top of a cProfile of that page by cumulative time. Not a test.

The data: 25 applications waiting in the fund queue, one of them with five budget
lines, five questions and answers, five pieces of HWZ advice, contacts and letters; 25
initiatives waiting for moderation.

    .venv/bin/python bench/profile_pages.py [--profile "fund queue"] [--runs 20]

Measured 2026-11-26 (SQLite, CPU ms, median of 20, before -> after issue 11's template
work, both on a quiet machine): the bare Wagtail page 3.4-3.5; fund queue 35.1 (20 rows,
60 KB) -> 27.7 (25 rows, 50 KB); moderation queue 26.5 -> 22.6; dashboard of a
coordinator 24.2 -> 22.7, of an HWZ moderator 23.9 -> 23.0; fund form 21.8 -> 20.8;
Mijn overzicht 11.6 -> 11.4; Mijn aanvragen 10.9 -> 10.7; an application for its
applicant 19.6 -> 18.9; the application page in the admin 44.6 -> 42.5.
Then the CPU work (same machine, 3.4 ms bare page, before -> after): every admin page's
sidebar kept per person in the cache (portal.admin_sidebar): fund queue 28.0 -> 21.3,
moderation queue 24.0 -> 17.0, dashboards 24.1/23.9 -> 19.8/22.1, application page
43.9 -> 37.5; the inputs, text areas and selects written out in Python with Django's
markup (portal.form_renderer): fund form 21.4 -> 14.8; the timeline's status names from
one table: the application page 37.5 -> about 35.5 (measured as 10.2x a 3.8 ms bare page
on a busy machine, 11.0x before).
What the profiles showed: the fund queue spent a third of its render in Wagtail's
per-cell templates (7 per row) and a tenth in the filter form, whose reviewer select
listed every account; Wagtail's sidebar (menu items and their permission checks, then
telepath's packing) cost every admin page about 5 ms, now a cache read. The fund form
renders 42 widgets through Django's form templates (about half its time), each widget
two or three templates deep; the application page spends most of its time in its 20
queries, its one large template and its translated labels.
Then (2026-11-26, issue 11's last part; a machine shared with four test runs, so the
ratios count, not the milliseconds; before -> after, as multiples of the bare page):
the menu from the cache (cms_tags.menu_pages: no site lookup, no page query on any
front-end page), the budget rows and radio buttons written out in Python, days written
out once per worker, Mijn overzicht's table without per-row translations and with only
its columns read, the fund queue's status names from one table: fund form 4.4x -> 3.1x,
Mijn overzicht 3.4x -> 2.2x, Mijn aanvragen 3.4x -> 1.6x, an application for its
applicant 5.8x -> 4.1x, the initiative form 2.8x -> 2.3x, fund queue 6.3x -> 5.1x,
moderation queue 4.9x, dashboards 6.2x/6.9x -> 5.7x/6.1x, the application page 10.7x ->
9.9x. The bare Wagtail admin view (an empty page extending wagtailadmin/base.html, with
the cached sidebar) is 1.3-1.4x the bare page: the admin's chrome is not what keeps the
admin pages from half the bare page, their own content is (fund queue 3.7x, the
application page 7.3x the bare admin view).
Then (2026-11-26, issue 11's two staff pages; a machine at load 9-14 from other sessions,
so the ratios count): the application page keeps its facts column (fields, budget
tables, questions, advice, letters, timeline) in the cache until the application or a
part of it changes (portal.fragment_cache, fonds.signals), and the budget position until
the ledger changes; its timeline reads only the history columns it shows and is written
out in Python; choosing another reviewer moved to a page of its own, so the page reads
no list of reviewers: the application page 10.3x -> 3.4x the bare page (8.3x -> 2.8x
the bare admin view; 44.7 -> 18.1 ms on a quieter moment, of which 5.2 the admin view).
The fund queue counts only a few pages ahead and builds one address and one badge per
row kind: 4.9x -> 4.3x; what is left of it is Wagtail's listing (its filters drawer,
the search form, the column headers and the pager, about 4.5 ms for the filters alone).
Then (2026-11-26, the site search /zoeken/?q=buurt, in-process against the load test's
PostgreSQL and Redis with bench.settings, CPU ms, median of 30, beside a 6.6-7.3 ms bare
Wagtail page): 20.4 ms (3.1x) with 13 queries -> 7.7-7.9 ms (1.1-1.15x) with 2. The
results are Page rows, not their specific types (title, address and search description
are on Page): one query instead of six; their addresses from the cached site root paths,
with no site lookup on a site of its own; the locale's id, the private sections (what
`.public()` read on every call) and the promoted queries kept in the cache under the page
cache's generation (cms.search; a locale, a view restriction, a moved or deleted page, a
search promotion replaces it), so a query nobody promoted reads no promotions; a first
page with fewer than ten results counts itself; the initiatives' group reads only the
four columns it shows and is written out in Python, without a template or the request's
context processors.
Then (2026-11-26, issue 11's last round, the fund form; /tmp/sp/stackprof.py on the
production stack, load 5-9 from other sessions): the wijken and pillars come from the
cache until one changes (fonds.form_choices, a token replaced by their signals), the
resident's groups and initiatives in one query, whether their e-mail is verified with
their role facts; the fields, the budget tables and their management forms are written
out in Python (byte for byte the templates' markup), the rows' labels translated once
per table, and no error summary template when there is no mistake: the fund form
19.3 -> 12.1 ms, 2.75x -> 1.72x the bare Wagtail page (7.0 ms), 7 -> 3 queries.
Then (2026-11-26, issue 11's last round, the application page; stackprof against the
production stack's PostgreSQL and Redis, CPU ms, median of 30-50, machine at load 4-5):
the column of what the reader may do (its forms the page's costliest template) kept per
reader, application and what decides their buttons, with this request's CSRF token and
new submission tokens put in at each request; who stepped aside kept with the facts
(renewed when roles or an initiative's team change), the four-eyes threshold read only
when the buttons are rendered; every kept part in one Redis round trip; the application
read without the six people and places only the facts name (read when they are
rendered), the advice only where one can be open, the tranches and their history only
once granted: 20.0-20.4 ms (2.9-3.0x the bare Wagtail page) -> 11.9-12.1 ms (1.75-1.77x);
7 queries when kept (was 11), 20 when not (was 21). `ONLY="staff: application page"
QUICK=1 make loadtest` at load 3: 119 req/s, 0.57x the bare Wagtail page, 6 queries.
Then (2026-11-26, issue 11's last round; stackprof on the production stack, PostgreSQL and
Redis, CPU ms, median of 30-50, a machine at load 4-5 shared with three helpers): the
fund queue keeps its filters drawer in the cache until a wijk, a person, their groups or
permissions change (fonds.queue_cache: no wijk or reviewer query), its slim header and
pager per process under what they are rendered from, writes its column headers and
rows out in Python reading only the columns it shows, and shows a first page that is not
full without counting; every admin page takes Wagtail's keyboard shortcuts dialog as
rendered once per language and platform (portal.admin_chrome; the bare admin view
6.6 -> 4.8 ms). Fund queue 21.9 ms, 3.06x the bare Wagtail page, 9 queries -> 12.2-14.2
ms, 1.74-1.86x, 6 queries.
Then (same day; `bench/stack_profile.py` on the production stack, median of 30-40, a
machine shared with the lead's CI): my application reads its tranches and report once
for the timeline, the next step and the payouts section (the report rides along with the
application) and its questions and letters once for the timeline and their sections;
Mijn overzicht counts the unread messages in the query of the five newest (a window
count). My application 12.7-14.0 ms (2.0x the bare Wagtail page), 10 queries ->
10.1-12.2 ms (1.4-1.6x), 8 queries; Mijn overzicht 14.2-16.4 ms (2.3-2.4x), 9 queries
-> 13.4-15.9 ms (1.9-2.0x), 8 queries (its sections from four apps are the rest).
Then (2026-11-26, issue 11's final round, Mijn overzicht; /tmp/sp/stackprof.py on the
production stack, CPU ms, median of 40-50, a machine shared with three helpers, beside a
6.5-7.2 ms bare Wagtail page): the four apps' sections (applications, meldingen,
initiatives, groups) read only the columns they show and write their rows out in Python
around markup and labels made once per process and language (portal.sections.
per_language; the fund and melding tables are the markup of Mijn aanvragen's and Mijn
meldingen's templates), as do the intro and the five newest messages; the links to
one's own data are the same for everyone (kept per language); the measures are read only
for someone who has one (the role facts say so, one EXISTS in a query every request
makes); the initiatives without a DISTINCT over the co-initiators' join. Nothing is kept
per person. Mijn overzicht 14.8-15.2 ms (2.11-2.16x), 8 queries -> 8.4-9.0 ms
(1.23-1.35x; 12.3-12.9 ms beside a 10 ms bare page at the busiest), 7 queries.
`ONLY="Mijn overzicht" QUICK=1 bash bench/loadtest.sh` on a machine busy with three
helpers' tests: 30 req/s, 0.70x the bare Wagtail page (44 req/s), 7 queries.
Then (2026-11-26, issue 11's final round, the fund queue; /tmp/sp/stackprof.py on the
production stack, CPU ms, median of 40-50, a machine at load 4-9 shared with three
helpers, so the ratios count): the page's rows read as the values of the columns shown
(no three models per row, no select_related column lists; counted without the joins)
and written out with html.escape instead of format_html per row, the column headers kept
per process; the closing days of the working-day calendar kept in the cache under a token
a saved or deleted closing day replaces, read in one round trip with the filters drawer
and the admin's locales for `{% wagtail_config %}` (fonds.queue_cache.kept_parts); the
filter form's class made once per process; the drawer's code version found once per
process (resolving its paths took a tenth of a millisecond per request). Every admin
page takes the fixed parts of `{% wagtail_config %}` (addresses, the scripts' fifty
translated strings) and the addresses of `{% versioned_static %}` as made once per
process (portal.admin_chrome). Measured side by side, the same stack and load, main's
code against this: fund queue 12.3-14.7 ms, 1.68-1.85x the bare Wagtail page (6.7-8.1
ms), 6 queries (7 with a full first page) -> 7.8-11.2 ms, 1.21-1.33x (6.1-8.5 ms; at load
4.5: 7.8-8.1 ms, 1.21-1.27x), 4 queries (5 with a full first page); the bare admin view
0.77-0.82x -> 0.61-0.65x. `ONLY="staff: fund queue" QUICK=1 make loadtest` beside the
whole test suite: 33 req/s, 0.51x the bare Wagtail page (65 req/s), 4 queries.
Then (same day, issue 11's final round, the fund form /fonds/aanvragen/nieuw/ for a
resident; /tmp/sp/stackprof.py on the production stack, CPU ms, median of 40-50, a
machine at load 5-10 shared with three helpers): a new, empty form is kept per language
and wijk in portal.fragment_cache (fonds.blank_form), under the token of the wijken and
pillars, the generation and the code that renders it, with marks for what is the
person's: their groups and initiatives (read per request) and the CSRF and submission
tokens, filled in at each request in one pass; no form, formset or widget is built on a
hit. A draft, a form from an initiative and a form as typed are rendered as before. The
own groups and initiatives come from SQL compiled once per process with the person's id
put in (fonds.form_choices.own_choices_of): building and compiling the UNION cost about
a millisecond. Fund form 12.8 ms (1.82x the bare Wagtail page of 7.0 ms) -> 4.4 ms
(0.61x of 7.2 ms), 3 queries as before (4 in the tests, with sessions in the database);
5.5 ms (0.67x of 8.1 ms) at load 9. `ONLY="fund form" QUICK=1 make loadtest` at load 9:
149 req/s, 1.39x the bare Wagtail page, 3 queries.
Then (2026-11-26, issue 11's final round, the two application pages; /tmp/sp/stackprof.py
on the production stack, CPU ms, median of 40-50, each run beside the code of main
46fa61c on a machine at load 7-11 from other sessions, so the ratios count): my
application reads only the columns it shows (16 of the application's 50, 4 of its
report's 15), its questions with only the asker's name, its letters without their body or
maker, its history without names, and its budget lines and contributions in one query
written out once (selectors.budget_rows, no queryset built); its timeline is written out
in Python (fonds.views.resident_timeline_items, the template's markup). The staff page
reads the report's two people in one query only when there is a report (no longer two
people's columns joined to every read of the application), the conflicts without their
people (read when who stepped aside is rendered, selectors.part), and before a grant
writes the empty payout plan once per process and language and renders no contributions
or report section. At load 7-11: my application 1.66-1.75x -> 1.34-1.39x the bare
Wagtail page, the application page 1.63-1.80x -> 1.41-1.42x. On a quiet machine (load 1,
three runs): my application 10.5-10.6 ms, 1.55-1.66x -> 7.9-8.5 ms, 1.18-1.23x, 8 -> 7
queries (the test's cap 9 -> 8); the application page 10.0-10.6 ms, 1.57x -> 8.5-9.0 ms,
1.23-1.36x, 6 queries (7 in the test, 20 not kept, unchanged). `ONLY="application"
QUICK=1 make loadtest` at load 7-11: my application 158 req/s, 1.50x the bare Wagtail
page, 7 queries; the application page 86 req/s, 0.67x (0.57x the bare admin view).
"""

import argparse
import cProfile
import pstats
import statistics
import time

from harness import cleanup  # sets up Django first

# isort: split
from decimal import Decimal

from django.core.management import call_command
from django.template import engines
from django.test import Client
from django.urls import clear_url_caches
from django.utils import timezone
from wagtail.models import Page, Site

from fonds import services
from fonds.models import FundYear
from tests.initiatieven.factories import PillarFactory
from tests.portal.factories import UserFactory, WijkFactory, with_two_factor
from tests.test_dynamic_page_costs import _application, dynamic_pages, fill

QUEUE = 25
ADMIN_FLOOR = "bare Wagtail admin view"


def setup() -> dict:
    call_command("migrate", verbosity=0)
    wijk = WijkFactory()
    FundYear.objects.create(year=timezone.localdate().year, budget=Decimal("100000.00"))
    adviser = UserFactory(role="hwz-moderator")
    adviser.werkgebied.add(wijk)
    coordinator = with_two_factor(UserFactory(role="coordinator"))
    applicant = UserFactory(role="huurder")
    reviewer = UserFactory(role="leefbaarheidsmedewerker")
    pillar = PillarFactory()
    from django.conf import settings

    settings.FUND_SUBMISSIONS_PER_DAY = 1000
    target = fill(
        5, wijk=wijk, pillar=pillar, applicant=applicant, reviewer=reviewer, adviser=adviser
    )
    for i in range(QUEUE - 5):
        application = _application(applicant, wijk, pillar, 2, f"Wachtend {i}")
        services.application_submit(application=application, user=applicant)
    # The floor: a Wagtail page whose template is one line.
    bare_template = engines["django"].from_string("<p>{{ page.title }}</p>\n")
    Page.get_template = lambda self, request, *args, **kwargs: bare_template
    root = Site.objects.get(is_default_site=True).root_page
    bare = root.add_child(instance=Page(title="Kaal", slug="kaal"))
    # The admin floor: an empty page extending wagtailadmin/base.html (bench.urls).
    settings.ROOT_URLCONF = "bench.urls"
    clear_url_caches()
    return {
        "people": {"applicant": applicant, "coordinator": coordinator, "adviser": adviser},
        "pages": [
            ("bare Wagtail page", None, bare.url),
            (ADMIN_FLOOR, "coordinator", "/admin/_floor/"),
            *dynamic_pages(target),
        ],
    }


def timed(client, url, runs):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        began = time.process_time()
        client.get(url)
        times.append(time.process_time() - began)
    return statistics.median(times) * 1000, len(response.content)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--profile", action="append", default=[])
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    data = setup()
    clients = {None: Client()}
    for who, user in data["people"].items():
        clients[who] = Client()
        clients[who].force_login(user)
    floor = admin_floor = None
    print(f"{'page':28} {'CPU ms':>8} {'÷ bare':>7} {'÷ admin':>8} {'KB':>6}")
    for name, who, url in data["pages"]:
        ms, size = timed(clients[who], url, args.runs)
        floor = floor or ms
        if name == ADMIN_FLOOR:
            admin_floor = ms
        to_admin = f"{ms / admin_floor:8.1f}" if url.startswith("/admin/") else " " * 8
        print(f"{name:28} {ms:8.1f} {ms / floor:7.1f} {to_admin} {size / 1024:6.0f}")
    for name in args.profile:
        who, url = next((w, u) for n, w, u in data["pages"] if n == name)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.runs):
            clients[who].get(url)
        profile.disable()
        print(f"\n== {name}: cumulative, {args.runs} requests")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    try:
        main()
    finally:
        cleanup()
