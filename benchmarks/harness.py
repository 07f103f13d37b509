"""What the benchmark scripts share: a production-like server, a load generator and in-process counts.

Nothing here asserts a target: the figures depend on the machine, so the scripts print them.
"""

import argparse
import contextlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import redis

PROJECT = Path(__file__).resolve().parent.parent
GUNICORN_CONFIG = PROJECT / "config" / "gunicorn.py"
WRK_REPORT = Path(__file__).resolve().parent / "wrk_report.lua"


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


def load_options(description, *, clients, extra=()):
    """The command line every load script takes (`--seconds` of load per page, `--clients`), with the
    script's own options: (flag, default, help) each, read as whole numbers."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    for flag, default, what in (
        *extra,
        ("--seconds", 5, "load time per page"),
        ("--clients", clients, "concurrent clients"),
    ):
        parser.add_argument(flag, type=int, default=default, help=f"{what} (default {default})")
    return parser.parse_args()


def fresh_database_environment(name):
    """Production settings on a new, migrated PostgreSQL database `name` (on the server of
    DATABASE_ADMIN_URL, default the machine's `postgres` on 127.0.0.1:5432), an empty cache and the static
    files collected."""
    admin_url = os.environ.get("DATABASE_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    env = production_environment(recreate_database(admin_url, name))
    empty_cache(env)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    return env


def demo_site_environment(workdir):
    """Production settings on a throwaway SQLite database and media folder in `workdir`, holding the
    demo content (what DEBUG off loads: the public pages, not the demo schools) and the static files."""
    env = production_environment(f"sqlite:///{Path(workdir) / 'demo.sqlite3'}")
    env["DJANGO_MEDIA_ROOT"] = str(Path(workdir) / "media")
    empty_cache(env)
    print("Preparing a database with the demo content...", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo_content")
    # The task worker makes the images' renditions, as it does in production once a page is published;
    # otherwise the web workers would encode them at the first visits.
    manage(env, "db_worker", "--batch", "--no-startup-delay", "-v0")
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
def gunicorn_server(
    env, *, app="config.wsgi:application", cwd=PROJECT, probe_path="/robots.txt", python=None
):
    """`app` under gunicorn with the live site's settings (config/gunicorn.py: its workers, the app loaded
    before forking) on a free loopback port; yields (base URL, the master process). `python` runs another
    project's gunicorn (bakerydemo's, in its own virtual environment) under the same settings."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            python or sys.executable,
            "-m",
            "gunicorn",
            f"--config={GUNICORN_CONFIG}",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            app,
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
def gunicorn(env):
    """The site under gunicorn on a free loopback port; yields its base URL."""
    with gunicorn_server(env) as (base_url, _server):
        yield base_url


def processes_memory(server):
    """The gunicorn master's and each worker's memory in MB, from /proc/<pid>/smaps_rollup (Linux): `uss`
    is what the process alone holds (its private pages), `shared` what it shares with the others (the app
    loaded before forking, libraries), `rss` both, `pss` its share (summed over the processes, the server's
    total). Sorted master first, then workers by process id."""
    pids = [server.pid] + sorted(
        int(path.parent.name) for path in Path("/proc").glob("[0-9]*/stat") if _parent_pid(path) == server.pid
    )
    memory = []
    for pid in pids:
        try:
            rollup = (Path("/proc") / str(pid) / "smaps_rollup").read_text()
        except OSError:  # the process ended while being read
            continue
        kb = {name: int(value.split()[0]) for name, value in re.findall(r"^(\w+):\s+(\d+ kB)$", rollup, re.M)}
        memory.append(
            {
                "pid": pid,
                "role": "master" if pid == server.pid else "worker",
                "uss": (kb["Private_Clean"] + kb["Private_Dirty"]) / 1024,
                "shared": (kb["Shared_Clean"] + kb["Shared_Dirty"]) / 1024,
                "rss": kb["Rss"] / 1024,
                # Its share of the memory: each shared page divided among the processes that map it.
                "pss": kb["Pss"] / 1024,
            }
        )
    return memory


def _parent_pid(stat_path):
    try:
        # The command's name, in brackets, may hold spaces: the fields after its closing bracket do not.
        return int(stat_path.read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def wait_until_up(base_url, timeout=60, probe_path="/robots.txt"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base_url + probe_path, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer on {base_url} within {timeout} seconds.")


def fetch(url, headers=None):
    """One GET (to read a page's bytes or warm it up, never to measure load): (headers, body)."""
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers, response.read()


def signed_in_headers(session):
    """The cookies a signed-in browser sends after its first page: the session's, and the CSRF cookie the
    site gave it (any well-formed secret, 32 letters or digits), without which each page makes a new one."""
    return {"Cookie": f"sessionid={session}; csrftoken={'b' * 32}"}


def load_average():
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def _fixed_python_work():
    counts = {}
    for number in range(200_000):
        key = f"key {number % 1_000}"
        counts[key] = counts.get(key, 0) + len(key)
    return counts


def python_speed_ms():
    """One core's CPU time, in ms, for a fixed piece of pure Python: the least and the median of five tries.

    The same work on every run, so runs on different days can be set side by side. These are shared
    virtual machines: how fast their cores are varies from one session to the next, and so does how much
    of them other machines take (the same page twice as slow, seen here), neither of which the load
    average shows. The least is the core's speed; a median well above it, a core shared with others."""
    timings = []
    for _ in range(5):
        started = time.process_time()
        _fixed_python_work()
        timings.append(time.process_time() - started)
    return min(timings) * 1000, statistics.median(timings) * 1000


def print_machine(when):
    """The machine's load average and speed (see `python_speed_ms`) `when` the figures were taken."""
    best, typical = python_speed_ms()
    print(
        f"The machine {when}: load average {load_average()}; a fixed piece of Python took {best:.0f} ms "
        f"of one core at best, {typical:.0f} ms typically (lower is faster)",
        flush=True,
    )


def load(url, *, seconds, clients, headers=None):
    """Load `url` with wrk (one thread, `clients` connections) for `seconds`.

    Returns requests per second, p50 and p95 latency in ms from wrk's own latency distribution, wrk's CPU
    time as a share of one core over the run (near 100 % it, not the server, would be the limit) and the
    load average before and after. Any error (a refused or broken connection, a timeout, a status other
    than 2xx or 3xx) stops the benchmark: a figure with errors in it measures something else.
    """
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: `make wrk` installs Debian's.")
    before = load_average()
    command = ["wrk", "--threads=1", f"--connections={clients}", f"--duration={seconds}s", "--timeout=10s"]
    command += [f"--script={WRK_REPORT}"]
    for name, value in (headers or {}).items():
        command.append(f"--header={name}: {value}")
    started = time.monotonic()
    wrk = subprocess.Popen([*command, url], stdout=subprocess.PIPE, text=True)
    output = wrk.stdout.read()
    # wait4 gives this child's own CPU time, not that of every child the script has waited for.
    _pid, status, usage = os.wait4(wrk.pid, 0)
    wrk.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    if wrk.returncode:
        raise SystemExit(f"wrk failed on {url}:\n{output}")
    report = json.loads(output.strip().splitlines()[-1])
    errors = {
        name: report[name] for name in ("connect", "read", "write", "status", "timeout") if report[name]
    }
    if errors:
        raise SystemExit(f"wrk saw errors on {url}: {errors}\n{output}")
    return {
        "rps": report["requests"] / (report["duration_us"] / 1e6),
        "p50": report["p50_us"] / 1000,
        "p95": report["p95_us"] / 1000,
        "wrk_cpu": (usage.ru_utime + usage.ru_stime) / wall * 100,
        "load_before": before,
        "load_after": load_average(),
    }


LOAD_COLUMNS = f"{'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'wrk CPU':>7} {'load 1 min':>11}"


def load_columns(figures):
    """A measurement as the columns LOAD_COLUMNS names: wrk's CPU is a share of one core (it runs one
    thread); the load is the machine's 1-minute load average as the run began and as it ended."""
    before, after = (figures[name].split()[0] for name in ("load_before", "load_after"))
    return (
        f"{figures['rps']:>8.1f} {figures['p50']:>7.1f} {figures['p95']:>7.1f} {figures['wrk_cpu']:>6.0f}% "
        f"{before:>5} {after:>5}"
    )


def print_header(counted):
    """The table's heading: the load figures, then a column of SQL queries for each of `counted`."""
    header = f"{'page':<48} {LOAD_COLUMNS}" + "".join(f" {name:>{max(len(name), 7)}}" for name in counted)
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
    figures = load(url, seconds=seconds, clients=clients, headers=headers)
    queries = "".join(f" {counts[path]:>{max(len(name), 7)}}" for name, counts in counted.items())
    print(f"{path:<48} {load_columns(figures)}{queries}", flush=True)


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
