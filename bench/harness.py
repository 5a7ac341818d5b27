"""What every benchmark shares: Django on a fresh SQLite file, and one way to time a page.

Import it before anything of Django (it calls django.setup()):

    from harness import cleanup, demo_site, measure
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

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def measure(client, url: str, runs: int) -> tuple[float, int]:
    """Median milliseconds over `runs` requests (after one to warm up) and the number of
    queries of one more. Every answer must be 200."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.get("Location"))
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - began)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return statistics.median(times) * 1000, len(ctx.captured_queries)


def demo_site(residents: int = 200) -> None:
    """Migrate, load the demo data and add `residents` plain accounts (bench0@… and on)."""
    from django.core.management import call_command

    from portal.models import User

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    User.objects.bulk_create(
        User(email=f"bench{n}@example.nl", first_name="Bench", last_name=str(n))
        for n in range(residents)
    )


def cleanup() -> None:
    os.unlink(_db.name)
