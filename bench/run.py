"""Benchmark the public pages: median response time and query count, with the demo data
and with ten times as much. Not a test: prints figures to compare between commits.

    make bench        (or: .venv/bin/python bench/run.py)
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
_db = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)  # noqa: SIM115
os.environ["DATABASE_URL"] = f"sqlite:///{_db.name}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PAGES = [
    "/",
    "/beleid/",
    "/beleid/fysieke-woonomgeving/",
    "/instrumenten/",
    "/nieuws/",
    "/wijken/",
    "/wijken/maaskant/",
]
RUNS = 30


def measure(client: Client, url: str) -> tuple[float, int]:
    client.get(url)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return statistics.median(times) * 1000, len(ctx.captured_queries)


def main() -> None:
    call_command("migrate", verbosity=0)
    client = Client()
    print(f"{'page':32} {'scale':>5} {'median ms':>10} {'queries':>8}")
    for scale in (1, 10):
        call_command("load_demo", scale=scale, verbosity=0)
        for url in PAGES:
            ms, queries = measure(client, url)
            print(f"{url:32} {scale:>5} {ms:>10.1f} {queries:>8}")
    os.unlink(_db.name)


if __name__ == "__main__":
    main()
