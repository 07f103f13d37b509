"""Load the main public pages through a production-like server and print what it measured.

    .venv/bin/python benchmarks/public_pages.py [--seconds 5] [--clients 20] [--workers 2] [--scale 10]

It builds a throwaway SQLite database with the demo content (with --scale N, N times the packages,
topics, meetings, report sections and menu pages), serves the site with gunicorn (production settings,
DEBUG off, whitenoise for static files) on a free loopback port and loads each page in the sitemap
(plus a search) twice: as a visitor the page cache serves ("cached") and as one it does not
("uncached": a cookie the cache does not know, so the page is rendered every time). Then it serves
the very same bytes from memory with a minimal WSGI app under the same server ("ceiling") and prints
each page's requests per second as a share of that ceiling, measured in the same run: absolute figures
on one machine vary from day to day, the ratios much less. It also prints the SQL queries of an
uncached render, the page's weight on first load, and each worker's memory idle and under load.

Targets (issue 12): cached pages at least 0.5 of the ceiling, uncached at least 0.03, at most 10
queries per page at any scale, and a worker's memory under load no more than 10 % above idle.

A script, not a test: the figures depend on the machine, so nothing here asserts a target.
"""

import argparse
import re
import tempfile
from pathlib import Path
from urllib.parse import quote, urlsplit

from harness import (
    PROJECT,
    demo_site_environment,
    fetch,
    gunicorn_server,
    in_django,
    load_page,
    query_counts,
    sitemap_paths,
    workers_memory_mb,
)

EXTRA_PATHS = ["/search/?q=silver"]
# Any cookie the page cache does not know makes it step aside, without a session to look up.
UNCACHED = {"Cookie": "benchmark=uncached"}

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


def measure_site(env, options, pages_dir):
    """Load every page cached and uncached; save each page's bytes for the ceiling."""
    results = {}
    with gunicorn_server(env, workers=options.workers) as (base_url, server):
        paths = page_paths(base_url)
        for path in paths:
            # Every worker renders every page before "idle" is read: memory a first render takes (the
            # templates, the code) is not growth under load.
            load_page(base_url + path, seconds=0.5, clients=4, headers=UNCACHED)
        idle = workers_memory_mb(server)
        busiest = idle
        for path in paths:
            url = base_url + path
            _, html = fetch(url)
            (pages_dir / quote(urlsplit(path).path, safe="")).write_bytes(html)
            results[path] = {
                "kb": first_load_bytes(base_url, html) / 1024,
                "cached": load_page(url, seconds=options.seconds, clients=options.clients),
                "uncached": load_page(
                    url, seconds=options.seconds, clients=options.clients, headers=UNCACHED
                ),
            }
            busiest = [max(pair) for pair in zip(busiest, workers_memory_mb(server), strict=False)]
            print(f"  measured {path}", flush=True)
    return paths, results, idle, busiest


def measure_ceiling(env, options, pages_dir, paths):
    ceiling_env = {**env, "CEILING_PAGES": str(pages_dir)}
    figures = {}
    with gunicorn_server(
        ceiling_env,
        workers=options.workers,
        app="ceiling_app:application",
        cwd=PROJECT / "benchmarks",
        probe_path="/",
    ) as (base_url, _server):
        for path in paths:
            figures[path] = load_page(
                base_url + urlsplit(path).path, seconds=options.seconds, clients=options.clients
            )
    return figures


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=5.0, help="load time per page and pass (default 5)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--scale", type=int, default=1, help="times the demo content (default 1)")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="stepping-stones-bench-") as workdir:
        env = demo_site_environment(workdir)
        if options.scale > 1:
            print(f"Multiplying the content by {options.scale}...", flush=True)
            in_django(env, SCALE_UP, str(options.scale))
        pages_dir = Path(workdir) / "pages"
        pages_dir.mkdir()

        print("Loading the site's pages...", flush=True)
        paths, site, idle, busiest = measure_site(env, options, pages_dir)
        counts = query_counts(env, paths, client=UNCACHED_CLIENT)
        print("Loading the same bytes from the minimal WSGI app...", flush=True)
        ceiling = measure_ceiling(env, options, pages_dir, paths)

    print(
        f"\n{options.clients} clients, {options.seconds:g} s per page and pass, gunicorn with "
        f"{options.workers} workers, DEBUG off, SQLite, content x{options.scale}\n"
    )
    header = (
        f"{'page':<36} {'ceiling/s':>9} {'cached/s':>9} {'ratio':>6} {'p50 ms':>7} "
        f"{'uncached/s':>10} {'ratio':>6} {'p50 ms':>7} {'queries':>7} {'KB':>6}"
    )
    print(header)
    print("-" * len(header))
    for path in paths:
        top = ceiling[path]["rps"]
        cached, uncached = site[path]["cached"], site[path]["uncached"]
        print(
            f"{path:<36} {top:>9.0f} {cached['rps']:>9.1f} {cached['rps'] / top:>6.3f} {cached['p50']:>7.1f} "
            f"{uncached['rps']:>10.1f} {uncached['rps'] / top:>6.3f} {uncached['p50']:>7.1f} "
            f"{counts.get(path, '?'):>7} {site[path]['kb']:>6.1f}"
        )
    print("\nWorker memory (MB), idle then the most under load:")
    for number, (before, after) in enumerate(zip(idle, busiest, strict=False), start=1):
        print(f"  worker {number}: {before:.0f} -> {after:.0f} ({(after / before - 1) * 100:+.0f} %)")


if __name__ == "__main__":
    main()
