"""The goals of the load suite (issue 11) and how a run is judged against them. No load
tool and no Django here, so that tests can give it made-up figures.

Every page is measured in the same run as the two floors (bench.urls): a bare Django view
and a bare Wagtail page, in alternating bursts, and judged by its ratio to them. A round is
one burst of each, one after the other; a page's ratio is the median of its rounds' ratios,
each taken between bursts seconds apart, so that one burst slowed by the machine (another
process, a collection in a worker) moves the verdict less than when the rounds are pooled.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

# kind of page -> (floor to compare with, least ratio of requests/s, most queries or None)
GOALS: dict[str, tuple[str, float, int | None]] = {
    # Anonymous public pages, served from the page cache: near the bare Django view.
    "public": ("django", 0.8, None),
    # Pages made for one person (resident or staff): at least half the bare Wagtail page.
    "dynamic": ("wagtail", 0.5, None),
    # The staff's application page: dynamic, and at most 20 queries.
    "application": ("wagtail", 0.5, 20),
}


@dataclass
class Result:
    label: str
    kind: str  # a key of GOALS, or "floor"
    rps: float
    p50: float  # milliseconds
    p95: float
    queries: int | None  # of a typical request: the median of X-Queries
    django_rps: float  # the bare Django view, in the same bursts
    wagtail_rps: float  # the bare Wagtail page, in the same bursts
    requests: int = 0
    errors: int = 0  # answers other than the one expected (5xx, 4xx, a redirect to sign in)
    # Admin pages only: the bare Wagtail admin view (bench.urls.floor_admin), signed in as
    # the same member of staff, in the same bursts. Reported beside the goal, not a goal.
    admin_rps: float = 0.0
    admin_errors: int = 0
    # Requests/s of each round: {"page": [...], "django": [...], "wagtail": [...], "admin":
    # [...]}, a value per round in the order measured. Without them (the floors' own rows,
    # made-up figures) the ratios are of the pooled rates above.
    rounds: dict[str, list[float]] = field(default_factory=dict)

    def _vs(self, floor: str, pooled: float) -> float:
        pages, floors = self.rounds.get("page", []), self.rounds.get(floor, [])
        if pages and len(pages) == len(floors) and all(floors):
            return statistics.median(p / f for p, f in zip(pages, floors, strict=True))
        return self.rps / pooled if pooled else 0.0

    @property
    def vs_django(self) -> float:
        return self._vs("django", self.django_rps)

    @property
    def vs_wagtail(self) -> float:
        return self._vs("wagtail", self.wagtail_rps)

    @property
    def vs_admin(self) -> float:
        return self._vs("admin", self.admin_rps)

    def spread(self, floor: str) -> tuple[float, float] | None:
        """The lowest and highest of the rounds' ratios to `floor`, or None (one round)."""
        pages, floors = self.rounds.get("page", []), self.rounds.get(floor, [])
        if len(pages) < 2 or len(pages) != len(floors) or not all(floors):
            return None
        ratios = [p / f for p, f in zip(pages, floors, strict=True)]
        return min(ratios), max(ratios)


def misses(result: Result) -> list[str]:
    """What this page misses of its goal, in words; empty when it meets it."""
    found = []
    if result.errors:
        found.append(f"{result.errors} of {result.requests} requests failed")
    if result.requests == 0:
        found.append("no request was answered")
    goal = GOALS.get(result.kind)
    if goal is None:
        return found
    floor, least, most_queries = goal
    ratio = result.vs_django if floor == "django" else result.vs_wagtail
    if ratio < least:
        found.append(f"{ratio:.2f}× bare {floor.capitalize()}, goal ≥ {least}×")
    if most_queries is not None and (result.queries is None or result.queries > most_queries):
        found.append(f"{result.queries} queries, goal ≤ {most_queries}")
    return found


def _ratio(value: float) -> str:
    if value <= 0:
        return "–"
    return f"{value:.2f}×" if value >= 1 else f"{value:.2f}× (1/{1 / value:.1f})"


def table(results: list[Result]) -> str:
    """A Markdown table of the run (to paste into the README as it is)."""
    lines = [
        "| page | req/s | p50 ms | p95 ms | queries | ÷ bare Django | ÷ bare Wagtail "
        "| rounds (÷ goal's floor) | goal |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        found = misses(r)
        verdict = "–" if r.kind == "floor" and not found else ("MISSED: " + "; ".join(found))
        if r.kind != "floor" and not found:
            floor, least, most = GOALS[r.kind]
            verdict = f"ok (≥ {least}× {floor}" + (f", ≤ {most} queries)" if most else ")")
        queries = "–" if r.queries is None else str(r.queries)
        spread = r.spread(GOALS[r.kind][0]) if r.kind in GOALS else None
        rounds = f"{spread[0]:.2f}–{spread[1]:.2f}×" if spread else "–"
        lines.append(
            f"| {r.label} | {r.rps:.0f} | {r.p50:.0f} | {r.p95:.0f} | {queries} "
            f"| {_ratio(r.vs_django)} | {_ratio(r.vs_wagtail)} | {rounds} | {verdict} |"
        )
    return "\n".join(lines)


def admin_table(results: list[Result]) -> str:
    """The admin pages against the third floor, the bare Wagtail admin view: how much of
    their cost is the admin's own chrome (a Markdown table; no goal)."""
    lines = [
        "| admin page | req/s | bare admin view req/s | ÷ bare admin view "
        "| bare admin view ÷ bare Wagtail page |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in results:
        if not r.admin_rps:
            continue
        chrome = r.admin_rps / r.wagtail_rps if r.wagtail_rps else 0.0
        failed = f" ({r.admin_errors} failed)" if r.admin_errors else ""
        lines.append(
            f"| {r.label} | {r.rps:.0f} | {r.admin_rps:.0f}{failed} | {_ratio(r.vs_admin)} "
            f"| {_ratio(chrome)} |"
        )
    return "\n".join(lines)


def exit_code(results: list[Result], *, rush_ok: bool = True) -> int:
    """0 when every page meets its goal and the write rush lost nothing, else 1."""
    return 0 if rush_ok and not any(misses(r) for r in results) else 1
