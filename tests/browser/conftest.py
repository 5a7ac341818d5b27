"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from tests.conftest import restore_migration_data

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the demo data; its base URL."""
    restore_migration_data()
    # Loaded for real: the copy of tests/demo_snapshot.py is for tests inside a
    # transaction; the live server's tests commit, and start from a flushed database.
    call_command("load_demo", verbosity=0)
    from wagtail.models import Site

    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    return live_server.url


_axe = Axe()


def assert_no_serious_axe_violations(page):
    """axe-core on the current page: no violation of impact serious or critical."""
    wait_for_animations(page)
    results = _axe.run(page)
    serious = [
        v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
    ]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] if n.get("target") else "?" for n in v["nodes"][:5])
        for v in serious
    )
    assert not serious, f"axe violations on {page.url}:\n{report}"


PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}
FAILING_IMPACTS = ("moderate", "serious", "critical")


def wait_for_animations(page, timeout=3000) -> None:
    """Until no short animation or transition runs (a fade or a slide, at most two seconds
    in all): axe judges the page as it settles, not a message half faded in (its contrast
    then lower than what anyone reads). Long or endless ones (a badge's ping) go on."""
    page.wait_for_function(
        """() => document.getAnimations().every(
             a => a.playState !== 'running' || !(a.effect?.getComputedTiming().endTime <= 2000))""",
        timeout=timeout,
    )


def assert_no_axe_violations(page, impacts=FAILING_IMPACTS):
    """axe-core on the current page: no violation of the given impacts (moderate and up)."""
    wait_for_animations(page)
    results = _axe.run(page)
    found = [v for v in results.response["violations"] if v.get("impact") in impacts]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] if n.get("target") else "?" for n in v["nodes"][:5])
        for v in found
    )
    assert not found, f"axe violations on {page.url} at {page.viewport_size}:\n{report}"


def document_overflow(page) -> int:
    """How many CSS pixels the document is wider than the viewport (0 when it reflows)."""
    return page.evaluate("Math.max(0, document.documentElement.scrollWidth - window.innerWidth)")


def widest_elements(page) -> str:
    """The elements that stick out past the viewport's right edge: for the failure message."""
    return page.evaluate(
        """() => {
          const out = [];
          for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.right > window.innerWidth + 0.5 && r.width > 0) {
              out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                + (el.className && typeof el.className === 'string'
                   ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
                + ' ' + Math.round(r.right));
            }
          }
          return out.slice(0, 8).join('\\n');
        }"""
    )


def spilled_table_cells(page) -> list[str]:
    """Cells of stacked tables whose content spills out of the cell (overlapping the next)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.fw-table--stack tbody :is(th, td)')]
          .filter(el => el.offsetParent && el.scrollHeight > el.clientHeight + 1)
          .map(el => (el.dataset.label || el.tagName) + ': ' + el.textContent.trim())"""
    )


def assert_reflows_and_accessible(page):
    """The current page at 320 px: no sideways scrolling (WCAG 1.4.10) and axe-clean; then
    axe-clean at desktop width too. The viewport is put back as it was."""
    before = page.viewport_size
    try:
        page.set_viewport_size(PHONE)
        overflow = document_overflow(page)
        assert overflow == 0, (
            f"{page.url} scrolls sideways at 320 px by {overflow} px:\n{widest_elements(page)}"
        )
        spilled = spilled_table_cells(page)
        assert not spilled, f"{page.url}: stacked table cells overflow at 320 px: {spilled[:5]}"
        assert_no_axe_violations(page)
        page.set_viewport_size(DESKTOP)
        assert_no_axe_violations(page)
    finally:
        if before:
            page.set_viewport_size(before)
