"""Load the main public pages through a production-like server and print what it measured.

    .venv/bin/python benchmarks/public_pages.py [--seconds 10] [--clients 8] [--workers 2]

It builds a throwaway SQLite database with the demo content, serves the site with gunicorn
(production settings, DEBUG off, whitenoise for static files) on a free loopback port, and for each
page in the sitemap (plus a search) prints requests per second, p50/p95 latency, the page's weight
on first load (HTML plus the CSS and JS it links) and the number of SQL queries it runs.

A script, not a test: the figures depend on the machine, so nothing here asserts a target.
"""

import argparse
import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from harness import fetch, gunicorn, in_django, load_page, manage, production_environment

EXTRA_PATHS = ["/search/?q=silver"]


def page_paths(base_url):
    _, body = fetch(base_url + "/sitemap.xml")
    paths = [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", body.decode())]
    return paths + EXTRA_PATHS


def first_load_bytes(base_url, html):
    """HTML plus the stylesheets and scripts it links: what a first visit downloads (images aside)."""
    assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html.decode())
    return len(html) + sum(len(fetch(base_url + asset)[1]) for asset in set(assets))


def query_counts(env, paths):
    """Count SQL queries per page in-process, with the same settings and database as the server."""
    script = (
        "import json, sys\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "client = Client(HTTP_HOST='127.0.0.1', secure=True)\n"
        "counts = {}\n"
        "for path in sys.argv[1:]:\n"
        "    client.get(path)\n"
        "    with CaptureQueriesContext(connection) as queries:\n"
        "        client.get(path)\n"
        "    counts[path] = len(queries)\n"
        "print(json.dumps(counts))\n"
    )
    return in_django(env, script, *paths)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=5.0, help="load time per page (default 5)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="stepping-stones-bench-") as workdir:
        env = production_environment(f"sqlite:///{Path(workdir) / 'bench.sqlite3'}")
        print("Preparing a database with the demo content...", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo_content")
        manage(env, "collectstatic", "--noinput", "-v0")

        with gunicorn(env, workers=options.workers) as base_url:
            paths = page_paths(base_url)
            counts = query_counts(env, paths)
            print(
                f"\n{options.clients} clients, {options.seconds:g} s per page, "
                f"gunicorn with {options.workers} workers, DEBUG off\n"
            )
            header = (
                f"{'page':<40} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'KB 1st load':>12} {'queries':>8}"
            )
            print(header)
            print("-" * len(header))
            for path in paths:
                url = base_url + path
                fetch(url)  # warm the caches once before measuring
                _, html = fetch(url)
                weight_kb = first_load_bytes(base_url, html) / 1024
                figures = load_page(url, seconds=options.seconds, clients=options.clients)
                print(
                    f"{path:<40} {figures['rps']:>8.1f} {figures['p50']:>8.1f} {figures['p95']:>8.1f} "
                    f"{weight_kb:>12.1f} {counts.get(path, '?'):>8}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
