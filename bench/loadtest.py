"""The load suite's driver (started by bench/loadtest.sh against a running stack): measures
every page in alternating bursts with the two floors, then runs the write rush. Locust,
headless and programmatic. Prints the table, writes the rush's accepted submissions for
bench/check_rush.py, and exits 1 when a goal is missed.

    python bench/loadtest.py --base-url http://127.0.0.1:PORT --pages pages.json \
        --rush-out rush.json [--seconds 4 --rounds 2 --users 8 --rush-seconds 20]
"""

from __future__ import annotations

# Locust patches the standard library for gevent when imported: before anything else.
from locust import FastHttpUser, between, constant, events, task  # isort: skip

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

import gevent
from locust.env import Environment

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.goals import Result, admin_table, exit_code, table  # noqa: E402
from bench.webforms import Forms, application_data, sign_in  # noqa: E402

FLOOR_DJANGO = "/_floor/django/"
FLOOR_WAGTAIL = "/_floor/wagtail/"
FLOOR_ADMIN = "/admin/_floor/"  # signed in as the page's member of staff
SUCCESS = re.compile(r"/mijn/aanvragen/(\d+)/$")
REFERENCE = re.compile(r"LF-\d{4}-\d{5,}")
ERROR_TEXT = re.compile(r'class="[^"]*(?:error|invalid)[^"]*"[^>]*>\s*([^<]+)')
DAY_LIMIT = "U heeft vandaag al"  # the refusal of a submission beyond the per-day limit


# --- signing in ----------------------------------------------------------------------


# --- measuring one page against the floors ----------------------------------------------


class Samples:
    """What the request listener records while a burst is being measured."""

    def __init__(self):
        self.recording: str | None = None
        self.times: dict[str, list[float]] = {}
        self.queries: dict[str, list[int]] = {}
        self.errors: dict[str, int] = {}
        self.seconds: dict[str, float] = {}

    def on_request(self, name, response_time, response, exception, **_kw):
        if self.recording != name:
            return
        self.times.setdefault(name, []).append(response_time)
        status = getattr(response, "status_code", 0)
        if exception or status != 200:
            self.errors[name] = self.errors.get(name, 0) + 1
        header = response.headers.get("X-Queries") if response is not None else None
        if header and header.isdigit():
            self.queries.setdefault(name, []).append(int(header))


def burst(base, name, url, cookies, users, seconds, samples: Samples) -> float:
    """`users` simulated people asking `url` one after the other, without pause, for
    `seconds` (after a short warm-up that is not counted); the burst's requests/s."""

    class Asker(FastHttpUser):
        host = base
        wait_time = constant(0)

        def on_start(self):
            for cookie in cookies:
                self.client.cookiejar.set_cookie(cookie)

        @task
        def ask(self):
            self.client.get(url, name=name, allow_redirects=False)

    env = Environment(user_classes=[Asker], events=events)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=min(users * 20, 100))
    gevent.sleep(0.5)
    answered = len(samples.times.get(name, []))
    samples.recording = name
    began = time.perf_counter()
    gevent.sleep(seconds)
    samples.recording = None
    took = time.perf_counter() - began
    samples.seconds[name] = samples.seconds.get(name, 0.0) + took
    runner.quit()
    return (len(samples.times.get(name, [])) - answered) / took


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def rps(samples: Samples, name: str) -> float:
    seconds = samples.seconds.get(name, 0.0)
    return len(samples.times.get(name, [])) / seconds if seconds else 0.0


def measure(base, page, cookies, *, users, seconds, rounds) -> Result:
    samples = Samples()
    events.request.add_listener(samples.on_request)
    label = page["label"]
    names = {"django": f"floor django · {label}", "wagtail": f"floor wagtail · {label}"}
    # An admin page is also measured against the bare admin view (its chrome alone).
    admin = page["url"].startswith("/admin/")
    admin_name = f"floor admin · {label}"
    per_round: dict[str, list[float]] = {"django": [], "page": [], "wagtail": []}
    if admin:
        per_round["admin"] = []
    try:
        for _ in range(rounds):
            for key, name, url, jar in (
                ("django", names["django"], FLOOR_DJANGO, []),
                ("page", label, page["url"], cookies),
                ("wagtail", names["wagtail"], FLOOR_WAGTAIL, []),
                ("admin", admin_name, FLOOR_ADMIN, cookies),
            ):
                if key in per_round:
                    per_round[key].append(burst(base, name, url, jar, users, seconds, samples))
    finally:
        events.request.remove_listener(samples.on_request)
    times = samples.times.get(label, [])
    queries = samples.queries.get(label)
    result = Result(
        label=label,
        kind=page["kind"],
        rps=rps(samples, label),
        p50=statistics.median(times) if times else 0.0,
        p95=percentile(times, 0.95),
        queries=round(statistics.median(queries)) if queries else None,
        django_rps=rps(samples, names["django"]),
        wagtail_rps=rps(samples, names["wagtail"]),
        requests=len(times),
        errors=samples.errors.get(label, 0),
        admin_rps=rps(samples, admin_name) if admin else 0.0,
        admin_errors=samples.errors.get(admin_name, 0),
        rounds=per_round,
    )
    # The floors themselves, for the table's first two rows.
    result.floors = {
        key: (samples.times.get(name, []), samples.queries.get(name), samples.errors.get(name, 0))
        for key, name in names.items()
    }
    return result


def warm_up(base, pages, jars, *, users, seconds) -> None:
    """One burst of every page and floor before anything is measured, not counted: each
    worker thread has then opened its database connection, loaded its templates and
    translations, and the caches hold what a site in use holds (the kept public pages,
    the sidebar, the fragments), so the first pages measured do not pay for the start."""
    addresses = [(FLOOR_DJANGO, []), (FLOOR_WAGTAIL, [])]
    if any(page["url"].startswith("/admin/") for page in pages):
        addresses.append((FLOOR_ADMIN, jars["staff"]))
    addresses += [(page["url"], jars[page["who"]]) for page in pages]
    for url, cookies in addresses:
        burst(base, "warm-up", url, cookies, users, seconds, Samples())


def floor_rows(results: list[Result]) -> list[Result]:
    """The two floors over the whole run, each against the other."""
    rows = []
    total = {}
    for key in ("django", "wagtail"):
        times, queries, errors, rates = [], [], 0, []
        for r in results:
            t, q, e = r.floors[key]
            times += t
            queries += q or []
            errors += e
            rates.append(r.django_rps if key == "django" else r.wagtail_rps)
        total[key] = (times, queries, errors, statistics.mean(rates) if rates else 0.0)
    for key, label in (("django", "bare Django view"), ("wagtail", "bare Wagtail page")):
        times, queries, errors, rate = total[key]
        rows.append(
            Result(
                label=label,
                kind="floor",
                rps=rate,
                p50=statistics.median(times) if times else 0.0,
                p95=percentile(times, 0.95),
                queries=round(statistics.median(queries)) if queries else None,
                django_rps=total["django"][3],
                wagtail_rps=total["wagtail"][3],
                requests=len(times),
                errors=errors,
            )
        )
    return rows


# --- the write rush ------------------------------------------------------------------


class Rush:
    def __init__(self, emails: list[str], password: str):
        self.accounts = list(emails)
        self.password = password
        self.ready = 0
        self.go = False
        self.stop = False
        self.busy = 0
        self.accepted: list[dict] = []
        self.refused = 0
        self.invalid: list[str] = []
        self.server_errors = 0
        self.attempts = 0
        # Every title of this rush starts with "Rush <run> ": a second run on the same
        # database is checked on its own.
        self.run = time.strftime("%Y%m%d%H%M%S")


def rush_user(rush: Rush, base: str):
    class Resident(FastHttpUser):
        host = base
        wait_time = between(0.0, 0.2)

        def on_start(self):
            email = rush.accounts.pop()
            self.email = email
            self.done = 0
            page = self.client.get("/accounts/login/", name="rush: sign in")
            form = Forms(page.text).with_field("password")
            data = {**form["fields"], "login": email, "password": rush.password}
            answer = self.client.post(
                "/accounts/login/", data=data, name="rush: sign in", allow_redirects=False
            )
            if answer.status_code != 302:
                said = ERROR_TEXT.findall(answer.text or "")[:2]
                rush.invalid.append(f"signing in as {email} answered {answer.status_code} {said}")
            rush.ready += 1

        @task
        def apply(self):
            while not rush.go and not rush.stop:
                gevent.sleep(0.05)
            if rush.stop:
                gevent.sleep(0.2)
                return
            rush.busy += 1
            try:
                self.submit_one()
            finally:
                rush.busy -= 1

        def submit_one(self):
            page = self.client.get(
                "/fonds/aanvragen/nieuw/", name="rush: fund form", allow_redirects=False
            )
            if page.status_code >= 500:
                rush.server_errors += 1
                return
            if page.status_code != 200:
                where = page.headers.get("Location", "")
                rush.invalid.append(f"the form answered {page.status_code} {where}".strip())
                return
            form = Forms(page.text).with_field("regels-TOTAL_FORMS")
            self.done += 1
            title = f"Rush {rush.run} {self.email.split('@')[0]} nummer {self.done}"
            lines = [f"{25 + self.done + n * 10},50" for n in range(2 + self.done % 2)]
            fields = application_data(form, title=title, amounts=lines)
            rush.attempts += 1
            answer = self.client.post(
                "/fonds/aanvragen/nieuw/", data=fields, name="rush: submit", allow_redirects=False
            )
            location = answer.headers.get("Location", "") if answer.status_code == 302 else ""
            if answer.status_code >= 500:
                rush.server_errors += 1
            elif match := SUCCESS.search(location):
                shown = self.client.get(location, name="rush: success page")
                found = REFERENCE.search(shown.text or "")
                rush.accepted.append(
                    {
                        "pk": int(match.group(1)),
                        "reference": found.group(0) if found else None,
                        "title": title,
                        "lines": len(lines),
                        "email": self.email,
                    }
                )
            elif answer.status_code == 400 and DAY_LIMIT in (answer.text or ""):
                rush.refused += 1
            else:
                rush.invalid.append(f"{answer.status_code} {location or (answer.text or '')[:80]}")

    return Resident


def write_rush(base, emails, password, seconds) -> Rush:
    rush = Rush(emails, password)
    env = Environment(user_classes=[rush_user(rush, base)], events=events)
    runner = env.create_local_runner()
    runner.start(len(emails), spawn_rate=len(emails))
    deadline = time.monotonic() + 120
    while rush.ready < len(emails) and time.monotonic() < deadline:
        gevent.sleep(0.1)
    if rush.ready < len(emails):
        raise SystemExit(f"only {rush.ready} of {len(emails)} rush residents signed in")
    rush.go = True
    gevent.sleep(seconds)
    rush.stop = True  # no new submission; the ones under way finish and are counted
    deadline = time.monotonic() + 60
    while rush.busy and time.monotonic() < deadline:
        gevent.sleep(0.05)
    runner.quit()
    return rush


# --- the run -------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description="Fijne Wijk load suite (driver)")
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--pages", required=True, help="the JSON file of bench/prepare.py")
    parser.add_argument("--rush-out", required=True)
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=4.0, help="per burst")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--rush-seconds", type=float, default=20.0)
    parser.add_argument("--only", default="", help="measure only pages whose label has this")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    plan = json.loads(Path(args.pages).read_text())

    resident = sign_in(base, plan["resident"]["email"], plan["resident"]["password"])
    staff = sign_in(
        base, plan["staff"]["email"], plan["staff"]["password"], plan["staff"]["totp_secret"]
    )
    jars = {"anonymous": [], "resident": list(resident.cookies), "staff": list(staff.cookies)}

    pages = [p for p in plan["pages"] if args.only in p["label"]]
    print(
        f"Measuring {len(pages)} pages: {args.rounds} round(s) of floor Django, page, "
        f"floor Wagtail, {args.seconds:g} s each, {args.users} users at a time.",
        flush=True,
    )
    warm_up(base, pages, jars, users=args.users, seconds=min(1.0, args.seconds / 2))
    results = []
    for page in pages:
        result = measure(
            base,
            page,
            jars[page["who"]],
            users=args.users,
            seconds=args.seconds,
            rounds=args.rounds,
        )
        print(
            f"  {page['label']:26} {result.rps:7.0f} req/s  ({result.vs_django:.2f}× Django, "
            f"{result.vs_wagtail:.2f}× Wagtail, {result.queries} queries"
            + (f"; {result.vs_admin:.2f}× bare admin)" if result.admin_rps else ")"),
            flush=True,
        )
        results.append(result)
    rows = floor_rows(results) + results

    print(
        f"\nWrite rush: {len(plan['rush']['emails'])} residents, {args.rush_seconds:g} s",
        flush=True,
    )
    rush = write_rush(base, plan["rush"]["emails"], plan["rush"]["password"], args.rush_seconds)
    Path(args.rush_out).write_text(
        json.dumps(
            {
                "run": rush.run,
                "accepted": rush.accepted,
                "emails": plan["rush"]["emails"],
                "attempts": rush.attempts,
                "refused": rush.refused,
                "invalid": rush.invalid,
                "server_errors": rush.server_errors,
            },
            indent=2,
        )
    )
    print(
        f"  {rush.attempts} submissions sent: {len(rush.accepted)} accepted, "
        f"{rush.refused} refused by the per-day limit, {len(rush.invalid)} refused otherwise, "
        f"{rush.server_errors} server errors",
        flush=True,
    )
    for line in rush.invalid[:5]:
        print(f"    refused: {line}")

    print("\n" + table(rows) + "\n", flush=True)
    if any(r.admin_rps for r in results):
        print(admin_table(results) + "\n", flush=True)
    rush_ok = rush.server_errors == 0 and not rush.invalid and bool(rush.accepted)
    return exit_code(rows, rush_ok=rush_ok)


if __name__ == "__main__":
    sys.exit(main())
