"""Where the dynamic pages spend their time on the production stack: each page of the
load suite that is not served from the page cache, rendered in this process with the
bench (production) settings against the stack's own PostgreSQL and Redis, signed in as
the load suite's people, beside the bare Wagtail page and the bare Wagtail admin view.

Prints per page the CPU milliseconds of this process and the wall milliseconds (which
add the database's and Redis's round trips), the median of --runs requests, and both as
a multiple of the bare Wagtail page; with --profile LABEL also the top of a cProfile of
that page by cumulative time. `bench/profile_pages.py` does the same on SQLite with the
test settings, which leaves out what the production stack adds (PostgreSQL's round
trips, sessions and caches in Redis, the production middleware); the CPU multiple here is
what predicts a page's ratio under load (pages at about 2 × or less met the goal of half
the bare Wagtail page's requests/s in the load runs of 2026-11-26). Not a test.

Run through the load suite, which starts the stack and exports its settings:

    make loadtest PROFILE=1                              # the table
    make loadtest PROFILE=1 PROFILE_PAGES="fund form"    # and a cProfile of a page
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FLOORS = [
    ("bare Wagtail page", "anonymous", "/_floor/wagtail/"),
    ("bare Wagtail admin view", "staff", "/admin/_floor/"),
]


def timed(client, url: str, runs: int) -> tuple[float, float, int]:
    """Median CPU ms, median wall ms and the size in bytes of `runs` requests, after three
    to warm the caches."""
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    for _ in range(3):
        client.get(url)
    cpu, wall = [], []
    for _ in range(runs):
        started_cpu, started = time.process_time(), time.perf_counter()
        client.get(url)
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return statistics.median(cpu), statistics.median(wall), len(response.content)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--pages", required=True, help="the pages.json of bench/prepare.py")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--profile", action="append", default=[], help="a page's label")
    parser.add_argument("--top", type=int, default=50)
    args = parser.parse_args()

    import django

    django.setup()
    from django.test import Client

    from bench.webforms import sign_in

    plan = json.loads(Path(args.pages).read_text())
    base = args.base_url.rstrip("/")
    people = {
        "anonymous": {},
        "resident": sign_in(base, plan["resident"]["email"], plan["resident"]["password"]),
        "staff": sign_in(
            base, plan["staff"]["email"], plan["staff"]["password"], plan["staff"]["totp_secret"]
        ),
    }
    address = urlsplit(base)

    def client(who: str) -> Client:
        made = Client(SERVER_NAME=address.hostname, SERVER_PORT=str(address.port or 80))
        session = people[who]
        for name, value in (session.cookies.get_dict() if session else {}).items():
            made.cookies[name] = value
        return made

    pages = FLOORS + [
        (page["label"], page["who"], page["url"])
        for page in plan["pages"]
        if page["kind"] != "public"
    ]
    print(f"{'page':28} {'CPU ms':>7} {'÷ bare':>7} {'wall ms':>8} {'÷ bare':>7} {'KB':>5}")
    floor_cpu = floor_wall = None
    for label, who, url in pages:
        cpu, wall, size = timed(client(who), url, args.runs)
        if floor_cpu is None:
            floor_cpu, floor_wall = cpu, wall
        print(
            f"{label:28} {cpu:7.1f} {cpu / floor_cpu:6.1f}× {wall:8.1f} {wall / floor_wall:6.1f}×"
            f" {size / 1024:5.0f}"
        )
    for label in args.profile:
        found = [(who, url) for name, who, url in pages if name == label]
        if not found:
            raise SystemExit(f"no page labelled {label!r}")
        who, url = found[0]
        made, profile = client(who), cProfile.Profile()
        profile.enable()
        for _ in range(args.runs):
            made.get(url)
        profile.disable()
        print(f"\n== {label}: cumulative, {args.runs} requests")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
