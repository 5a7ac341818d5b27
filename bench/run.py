"""Benchmark the public pages: median response time and query count, with the demo data
and with ten times as much. Not a test: prints figures to compare between commits.

    make bench        (or: .venv/bin/python bench/run.py)
"""

from harness import cleanup, measure  # sets up Django first

# isort: split
from django.core.management import call_command
from django.test import Client

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


def main() -> None:
    call_command("migrate", verbosity=0)
    client = Client()
    print(f"{'page':32} {'scale':>5} {'median ms':>10} {'queries':>8}")
    for scale in (1, 10):
        call_command("load_demo", scale=scale, verbosity=0)
        for url in PAGES:
            ms, queries = measure(client, url, RUNS)
            print(f"{url:32} {scale:>5} {ms:>10.1f} {queries:>8}")
    cleanup()


if __name__ == "__main__":
    main()
