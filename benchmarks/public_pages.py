"""Load the main public pages through a production-like server and print what it measured.

    .venv/bin/python benchmarks/public_pages.py [--seconds 5] [--clients 20] [--scale 10]
                                                [--bakerydemo PATH]

It builds a throwaway SQLite database with the demo content (with --scale N, N times the packages,
topics, meetings, report sections and menu pages) and serves the site with gunicorn as
config/gunicorn.py sets it for production (production settings, DEBUG off, whitenoise for static files)
on a free loopback port. It saves each page of the sitemap (plus a search) with its headers and serves
the very same bytes, headers included, from memory with a minimal WSGI app under the same gunicorn
settings ("ceiling"). Then, page by
page and one right after the other, wrk loads the ceiling, the site as a visitor the page cache serves
("stored") and as one it does not ("uncached": a cookie the cache does not know, so the page is
rendered every time). Each row prints requests per second and p50/p95 latency, the stored page as a
share of the ceiling, wrk's own CPU (the highest of the row's three runs, as a share of the one core its
one thread can use: near 100 % the client would be the limit) and the machine's load average as the
row's first run began and as its last ended; before the first row and after the last, the machine's speed
(harness.python_speed_ms). It also prints the SQL queries of an uncached render, the page's weight on
first load, and the memory of gunicorn's master and each worker, idle and under load.

With --bakerydemo PATH (a checkout of Wagtail's bakerydemo with its own virtual environment in
PATH/.venv), bakerydemo's home page is loaded too, under the same gunicorn settings with its own SQLite
database and demo data (`load_initial_data`), right after this site's home page, and each uncached
page is printed as a multiple of it.

Targets (issue 21): stored pages at 0.7 of the ceiling or more, uncached pages at 5 times bakerydemo's
home page or more, at most 10 queries per page at any scale (issue 12), and the workers' memory: each at
130 MB or less idle and no more than 10 % more under load, or the same total (the processes' PSS) with
the app loaded before forking.

A script, not a test: the figures depend on the machine, so nothing here asserts a target.
"""

import argparse
import contextlib
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote, urlsplit

from harness import (
    LOAD_COLUMNS,
    PROJECT,
    demo_site_environment,
    fetch,
    gunicorn_server,
    in_django,
    load,
    load_columns,
    print_machine,
    processes_memory,
    query_counts,
    sitemap_paths,
)

EXTRA_PATHS = ["/search/?q=silver"]
STATUS_HEADER = "X-Page-Cache"  # "hit" when the page cache served the page
# Any cookie the page cache does not know makes it step aside, without a session to look up.
UNCACHED = {"Cookie": "benchmark=uncached"}
# Written by gunicorn itself, for the ceiling as for the site.
SERVERS_OWN_HEADERS = {"date", "server", "connection", "transfer-encoding", "keep-alive"}

SCALE_UP = """
import copy
import sys
import uuid
from datetime import timedelta

from django.utils import timezone

from common.demo import rich_text, site_root
from home.factories import SenKeyFigureFactory, SenPupilTableFactory, StandardPageFactory
from home.sen_report import SenReportPage
from portal.placements.factories import MappMeetingFactory
from portal.placements.models import MappMeeting
from services.catalogue import SupportPackage, TrainingFormat, TrainingTopic
from services.factories import SupportPackageFactory, TrainingTopicFactory

times = int(sys.argv[1])
home = site_root()
extra = times - 1
for number in range(extra * home.get_children().in_menu().count()):
    StandardPageFactory(parent=home, slug=f"more-{number}", title=f"More {number}", show_in_menus=True)
for number in range(extra * SupportPackage.objects.count()):
    SupportPackageFactory(name=f"Extra package {number}")
formats = list(TrainingFormat.objects.all())
for number in range(extra * TrainingTopic.objects.count()):
    TrainingTopicFactory(title=f"Extra topic {number}", allowed_formats=formats[: number % 3])
last = MappMeeting.objects.order_by("-meeting_date").first().meeting_date
for number in range(extra * MappMeeting.objects.filter(meeting_date__gte=timezone.localdate()).count()):
    MappMeetingFactory(meeting_date=last + timedelta(days=7 * (number + 1)))
for report in SenReportPage.objects.all():
    sections = copy.deepcopy(list(report.sections.raw_data))
    for section in sections:
        body = section["value"]["body"]
        section["value"]["body"] = [{**part, "id": str(uuid.uuid4())} for _ in range(times) for part in body]
    report.sections = sections
    for _ in range(extra * report.pupil_tables.count()):
        SenPupilTableFactory(page=report, caption="More pupils")
    for _ in range(extra * report.key_figures.count()):
        SenKeyFigureFactory(page=report)
    report.save_revision().publish()
print("{}")
"""

UNCACHED_CLIENT = """
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
client.cookies["benchmark"] = "uncached"
"""


def page_paths(base_url):
    """The sitemap's pages (of the menu pages --scale adds, only the first) and a search."""
    paths = sitemap_paths(base_url)
    return [path for path in paths if not re.fullmatch(r"/more-[1-9][0-9]*/", path)] + EXTRA_PATHS


def first_load_bytes(base_url, html):
    """HTML plus the stylesheets and scripts it links: what a first visit downloads (images aside)."""
    assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html.decode())
    return len(html) + sum(len(fetch(base_url + asset)[1]) for asset in set(assets))


def bakerydemo_environment(checkout, workdir):
    """bakerydemo's production settings on its own SQLite database in `workdir`, with its demo data and
    static files; (environment, its Python), or None with a note when there is no such checkout."""
    python = Path(checkout) / ".venv" / "bin" / "python"
    if not (Path(checkout) / "bakerydemo" / "wsgi.py").exists() or not python.exists():
        print(f"NOTE: no bakerydemo checkout with a virtual environment at {checkout}/.venv: skipped.")
        return None
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.production",
        "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{Path(workdir) / 'bakerydemo.sqlite3'}",
        "DJANGO_LOG_LEVEL": "WARNING",
        # Plain HTTP on loopback, as this site's benchmark runs.
        "SECURE_SSL_REDIRECT": "false",
    }
    print("Preparing bakerydemo with its demo data...", flush=True)
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_initial_data"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(
            [python, "manage.py", *command], cwd=checkout, env=env, check=True, stdout=subprocess.DEVNULL
        )
    return env, python


def site_servers(stack, env, options, workdir):
    """Start the site, save its pages' bytes, start the ceiling (and bakerydemo): what the run needs."""
    pages_dir = Path(workdir) / "pages"
    (pages_dir / "headers").mkdir(parents=True)
    base_url, server = stack.enter_context(gunicorn_server(env))
    paths = page_paths(base_url)
    stored = set()
    for path in paths:
        # Every worker renders every page before "idle" is read: memory a first render takes (the
        # templates, the code) is not growth under load.
        load(base_url + path, seconds=1, clients=4, headers=UNCACHED)
        fetch(base_url + path)
        headers, html = fetch(base_url + path)
        (pages_dir / saved_name(path)).write_bytes(html)
        (pages_dir / "headers" / saved_name(path)).write_text(
            json.dumps([pair for pair in headers.items() if pair[0].lower() not in SERVERS_OWN_HEADERS])
        )
        if headers[STATUS_HEADER] == "hit":
            stored.add(path)
    ceiling_url, _ceiling = stack.enter_context(
        gunicorn_server(
            {**env, "CEILING_PAGES": str(pages_dir)},
            app="ceiling_app:application",
            cwd=PROJECT / "benchmarks",
            probe_path="/",
        )
    )
    bakery_url = None
    bakery = bakerydemo_environment(options.bakerydemo, workdir) if options.bakerydemo else None
    if bakery is not None:
        bakery_env, python = bakery
        bakery_url, _bakery = stack.enter_context(
            gunicorn_server(
                bakery_env,
                app="bakerydemo.wsgi:application",
                cwd=options.bakerydemo,
                probe_path="/",
                python=python,
            )
        )
        load(bakery_url + "/", seconds=1, clients=4)  # each worker renders it once, as the site's pages
    return base_url, server, ceiling_url, bakery_url, paths, stored, pages_dir


def saved_name(path):
    return quote(urlsplit(path).path, safe="")


def print_row(name, figures, *, ceiling=None, bakery=None):
    share = f"{figures['rps'] / ceiling['rps']:>6.2f}" if ceiling else f"{'':>6}"
    times = f"{figures['rps'] / bakery['rps']:>6.1f}" if bakery else f"{'':>6}"
    print(f"  {name:<10} {load_columns(figures)} {share} {times}", flush=True)


def measure(options, servers, counts):
    """Each page's rows, measured and printed as they come; returns the processes' memory at its most."""
    base_url, server, ceiling_url, bakery_url, paths, stored, pages_dir = servers
    busiest = processes_memory(server)
    bakery = None
    print(f"  {'':<10} {LOAD_COLUMNS} {'x ceil':>6} {'x bake':>6}")
    for path in paths:
        url = base_url + path
        weight = first_load_bytes(base_url, (pages_dir / saved_name(path)).read_bytes()) / 1024
        print(f"{path}  ({counts.get(path, '?')} queries uncached, {weight:.1f} KB on first load)")
        ceiling = load(ceiling_url + urlsplit(path).path, seconds=options.seconds, clients=options.clients)
        print_row("ceiling", ceiling)
        runs = []
        if path in stored:
            runs.append(("stored", {}, None))
        if bakery_url and path == "/":
            runs.append(("bakerydemo", UNCACHED, bakery_url + "/"))
        runs.append(("uncached", UNCACHED, None))
        for name, headers, other_url in runs:
            figures = load(
                other_url or url, seconds=options.seconds, clients=options.clients, headers=headers
            )
            if name == "bakerydemo":
                bakery = figures
                print_row(name, figures)
                continue
            print_row(name, figures, ceiling=ceiling, bakery=bakery if name == "uncached" else None)
            now = processes_memory(server)
            if len(now) == len(busiest):  # else a worker is being replaced (max_requests): skip this look
                busiest = [
                    max(pair, key=lambda memory: memory["pss"]) for pair in zip(busiest, now, strict=True)
                ]
    return busiest


def print_memory(idle, busiest):
    print("\nMemory of gunicorn's processes in MB (the app is loaded before forking): idle, then at most")
    print(f"  {'':<14} {'USS':>6} {'shared':>7} {'PSS':>6}   {'USS':>6} {'shared':>7} {'PSS':>6}  PSS growth")
    for before, after in zip(idle, busiest, strict=True):
        growth = (after["pss"] / before["pss"] - 1) * 100
        print(
            f"  {before['role']:<6} {before['pid']:<7} {before['uss']:>6.0f} {before['shared']:>7.0f} "
            f"{before['pss']:>6.0f}   {after['uss']:>6.0f} {after['shared']:>7.0f} {after['pss']:>6.0f}  "
            f"{growth:+.0f} %"
        )
    workers_idle = sum(memory["pss"] for memory in idle if memory["role"] == "worker")
    workers_busy = sum(memory["pss"] for memory in busiest if memory["role"] == "worker")
    print(
        f"  the workers' PSS together: {workers_idle:.0f} idle, {workers_busy:.0f} at most "
        f"({(workers_busy / workers_idle - 1) * 100:+.0f} %); with the master: "
        f"{sum(memory['pss'] for memory in busiest):.0f}"
    )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=5, help="load time per page and pass (default 5)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--scale", type=int, default=1, help="times the demo content (default 1)")
    parser.add_argument(
        "--bakerydemo", metavar="PATH", help="a bakerydemo checkout with PATH/.venv, to compare"
    )
    options = parser.parse_args()

    with (
        tempfile.TemporaryDirectory(prefix="stepping-stones-bench-") as workdir,
        contextlib.ExitStack() as stack,
    ):
        env = demo_site_environment(workdir)
        if options.scale > 1:
            print(f"Multiplying the content by {options.scale}...", flush=True)
            in_django(env, SCALE_UP, str(options.scale))
        servers = site_servers(stack, env, options, workdir)
        counts = query_counts(env, servers[4], client=UNCACHED_CLIENT)
        idle = processes_memory(servers[1])
        print(
            f"\n{options.clients} clients (wrk, one thread), {options.seconds} s a run, gunicorn as "
            f"config/gunicorn.py sets it, DEBUG off, SQLite, content x{options.scale}"
        )
        print_machine("as the load began")
        print()
        busiest = measure(options, servers, counts)
        print()
        print_machine("at the end")
    print_memory(idle, busiest)


if __name__ == "__main__":
    main()
