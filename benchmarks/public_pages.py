"""Load the main public pages through a production-like server and print what it measured.

    .venv/bin/python benchmarks/public_pages.py [--seconds 10] [--clients 8] [--workers 2]

It builds a throwaway SQLite database with the demo content, serves the site with gunicorn
(production settings, DEBUG off, whitenoise for static files) on a free loopback port, and for each
page in the sitemap (plus a search) prints requests per second, p50/p95 latency, the page's weight
on first load (HTML plus the CSS and JS it links) and the number of SQL queries it runs.

A script, not a test: the figures depend on the machine, so nothing here asserts a target.
"""

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

PROJECT = Path(__file__).resolve().parent.parent
EXTRA_PATHS = ["/search/?q=silver"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(database_path):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{database_path}",
        "DJANGO_LOG_LEVEL": "WARNING",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        # The machine's Redis, as production would have (sign-in rate limits are not exercised here).
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        # Production settings require Stripe's keys; the public pages never call Stripe.
        "STRIPE_SECRET_KEY": "sk_test_benchmark",
        "STRIPE_PUBLISHABLE_KEY": "pk_test_benchmark",
        "STRIPE_WEBHOOK_SECRET": "whsec_benchmark",
    }


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT, env=env, check=True)


def wait_until_up(base_url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base_url + "/robots.txt", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer on {base_url} within {timeout} seconds.")


def fetch(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=10) as response:
        body = response.read()
    return time.perf_counter() - started, body


def page_paths(base_url):
    _, body = fetch(base_url + "/sitemap.xml")
    paths = [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", body.decode())]
    return paths + EXTRA_PATHS


def first_load_bytes(base_url, html):
    """HTML plus the stylesheets and scripts it links: what a first visit downloads (images aside)."""
    assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html.decode())
    return len(html) + sum(len(fetch(base_url + asset)[1]) for asset in set(assets))


def load_page(url, *, seconds, clients):
    latencies = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client():
        while time.monotonic() < stop_at:
            elapsed, _ = fetch(url)
            with lock:
                latencies.append(elapsed)

    with ThreadPoolExecutor(max_workers=clients) as pool:
        for future in [pool.submit(client) for _ in range(clients)]:
            future.result()
    latencies.sort()
    return {
        "rps": len(latencies) / seconds,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
    }


def query_counts(env, paths):
    """Count SQL queries per page in-process, with the same settings and database as the server."""
    script = (
        "import django, json, sys\n"
        "django.setup()\n"
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
    result = subprocess.run(
        [sys.executable, "-c", script, *paths],
        cwd=PROJECT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=5.0, help="load time per page (default 5)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="stepping-stones-bench-") as workdir:
        env = server_environment(Path(workdir) / "bench.sqlite3")
        print("Preparing a database with the demo content...", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo_content")
        manage(env, "collectstatic", "--noinput", "-v0")

        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                f"--workers={options.workers}",
                "--log-level=warning",
            ],
            cwd=PROJECT,
            env=env,
        )
        try:
            wait_until_up(base_url)
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
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
