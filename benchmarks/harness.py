"""What the benchmark scripts share: a production-like server, a load generator and in-process counts.

Nothing here asserts a target: the figures depend on the machine, so the scripts print them.
"""

import contextlib
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import redis

PROJECT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_environment(database_url):
    """Production settings on loopback: DEBUG off, no HTTPS redirect, made-up keys for what they require."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "DJANGO_LOG_LEVEL": "WARNING",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        # The machine's Redis, as production would have (sign-in rate limits are not exercised here),
        # in a database of the benchmarks' own that each run empties first (see `empty_cache`).
        "REDIS_URL": os.environ.get("BENCHMARK_REDIS_URL", "redis://127.0.0.1:6379/15"),
        # Production settings require Stripe's keys; no page measured here calls Stripe.
        "STRIPE_SECRET_KEY": "sk_test_benchmark",
        "STRIPE_PUBLISHABLE_KEY": "pk_test_benchmark",
        "STRIPE_WEBHOOK_SECRET": "whsec_benchmark",
    }


def recreate_database(admin_url, name):
    """Drop and create the database `name` on the server of `admin_url`; return its URL."""
    parts = urllib.parse.urlsplit(admin_url)
    psql = [
        "psql",
        "-h",
        parts.hostname,
        "-p",
        str(parts.port or 5432),
        "-U",
        parts.username,
        "-q",
        "-d",
        "postgres",
    ]
    for statement in [f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"]:
        subprocess.run([*psql, "-c", statement], check=True)
    return parts._replace(path=f"/{name}").geturl()


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT, env=env, check=True)


def empty_cache(env):
    """Empty the run's Redis database: what an earlier run left there (its stored pages, its images'
    renditions, which Wagtail keeps in the cache) belongs to another database and media folder."""
    redis.Redis.from_url(env["REDIS_URL"]).flushdb()


def demo_site_environment(workdir):
    """Production settings on a throwaway SQLite database and media folder in `workdir`, holding the
    demo content (what DEBUG off loads: the public pages, not the demo schools) and the static files."""
    env = production_environment(f"sqlite:///{Path(workdir) / 'demo.sqlite3'}")
    env["DJANGO_MEDIA_ROOT"] = str(Path(workdir) / "media")
    empty_cache(env)
    print("Preparing a database with the demo content...", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo_content")
    manage(env, "collectstatic", "--noinput", "-v0")
    return env


def sitemap_paths(base_url):
    """The path of every page in the site's sitemap."""
    _, body = fetch(base_url + "/sitemap.xml")
    return [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", body.decode())]


def in_django(env, script, *args):
    """Run `script` (which prints one JSON line last) with the server's settings; return its JSON."""
    result = subprocess.run(
        [sys.executable, "-c", "import django\ndjango.setup()\n" + script, *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"A script in Django failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# Run after Python that makes `client`, a Django test Client (signed in, or with a cookie).
QUERY_COUNTS = """
import json, sys
from django.db import connection
from django.test.utils import CaptureQueriesContext
counts = {}
for path in sys.argv[1:]:
    # Warm up twice: the first request may save a missing setting, which purges what is remembered.
    client.get(path)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    counts[path] = len(queries)
print(json.dumps(counts))
"""


def query_counts(env, paths, *, client):
    """The SQL queries each page of `paths` runs once warm, asked for by the test client that the
    Python in `client` makes."""
    return in_django(env, client + QUERY_COUNTS, *paths)


@contextlib.contextmanager
def gunicorn_server(env, *, workers, app="config.wsgi:application", cwd=PROJECT, probe_path="/robots.txt"):
    """`app` under gunicorn on a free loopback port; yields (base URL, the master process)."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--log-level=warning",
        ],
        cwd=cwd,
        env=env,
    )
    try:
        wait_until_up(base_url, probe_path=probe_path)
        yield base_url, server
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextlib.contextmanager
def gunicorn(env, *, workers):
    """The site under gunicorn on a free loopback port; yields its base URL."""
    with gunicorn_server(env, workers=workers) as (base_url, _server):
        yield base_url


def workers_memory_mb(server):
    """The resident memory of each of the gunicorn master's worker processes, in MB (Linux /proc)."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:  # the process ended while being read
            continue
        if int(fields.get("PPid", "0").strip()) == server.pid and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(sizes)


def wait_until_up(base_url, timeout=30, probe_path="/robots.txt"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base_url + probe_path, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer on {base_url} within {timeout} seconds.")


def fetch(url, headers=None):
    started = time.perf_counter()
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
    return time.perf_counter() - started, body


def load_page(url, *, seconds, clients, headers=None):
    """`clients` threads fetch `url` for `seconds`: requests per second and p50/p95 latency in ms."""
    latencies = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client():
        while time.monotonic() < stop_at:
            elapsed, _ = fetch(url, headers)
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


def print_header(counted):
    """The table's heading: the load figures, then a column of SQL queries for each of `counted`."""
    header = f"{'page':<48} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}" + "".join(
        f" {name:>{max(len(name), 7)}}" for name in counted
    )
    print(header)
    print("-" * len(header))


def print_load_row(base_url, path, *, headers, shows, seconds, clients, counted):
    """Fetch `path` once (its page must contain `shows`, or the session is not what it should be), load it
    for `seconds` with `clients`, and print its row: the load figures and its queries in each of `counted`
    (a name and {path: queries})."""
    url = base_url + path
    _, body = fetch(url, headers)  # warm the caches once before measuring
    if shows not in body:
        raise SystemExit(f"{path} did not show the signed-in page: is the session valid?")
    figures = load_page(url, seconds=seconds, clients=clients, headers=headers)
    queries = "".join(f" {counts[path]:>{max(len(name), 7)}}" for name, counts in counted.items())
    print(
        f"{path:<48} {figures['rps']:>8.1f} {figures['p50']:>8.1f} {figures['p95']:>8.1f}{queries}",
        flush=True,
    )


def client_signed_in_as(email):
    """Python that makes `client`, a test Client signed in as `email` (for `query_counts`)."""
    return (
        "from django.test import Client\nfrom portal.users.models import User\n"
        'client = Client(HTTP_HOST="127.0.0.1", secure=True)\n'
        f'client.force_login(User.objects.get(email="{email}"))\n'
    )


SESSION_OF = """
import json, sys
from django.test import Client
from portal.users.models import User
client = Client(HTTP_HOST="127.0.0.1", secure=True)
client.force_login(User.objects.get(email=sys.argv[1]))
print(json.dumps({"session": client.cookies["sessionid"].value}))
"""


def session_of(env, email):
    """The key of a new session signed in as `email`, to send as the `sessionid` cookie."""
    return in_django(env, SESSION_OF, email)["session"]
