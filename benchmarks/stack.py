"""The site through nginx over HTTPS, with one app server and then two: requests per second and p95, and
the memory of every process, idle and under load.

    .venv/bin/python benchmarks/stack.py [--seconds 10] [--connections 8] [--workers 2]

It builds a throwaway PostgreSQL database (DATABASE_ADMIN_URL, default the machine's `postgres` on
127.0.0.1:5432) with the demo content's public pages and one school's bursar, collects the static files,
and starts what the stack test starts (tests/deploy/stack.py): Debian's nginx with
deploy/nginx/stepping-stones.conf, gunicorn app servers of `--workers` processes each, and two task
workers, all with production settings. wrk (Debian's, through benchmarks/harness.py's `load`) loads, for
`--seconds` each, a stored public page (the home page, from the page cache), a page never stored (a search)
and the signed-in portal home; any error (a status other than 2xx/3xx, a socket error) stops the run.
Beside each row: wrk's own CPU (near 100 % of its one core, wrk would be the limit) and the machine's load
average as the run began and ended.

Memory is read from /proc/<pid>/smaps_rollup (harness's `processes_memory`): RSS, PSS (shared pages
divided among the processes sharing them) and USS (pages of the process's own), idle after a warm-up and
the largest seen under load. A script, not a test: the figures depend on the machine.
"""

import argparse
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import (
    LOAD_COLUMNS,
    in_django,
    load,
    load_columns,
    manage,
    processes_memory,
    recreate_database,
    signed_in_headers,
)

from tests.deploy import stack as stacks

DATABASE_NAME = "stepping_stones_stack_benchmark"
REDIS_URL = os.environ.get("BENCHMARK_REDIS_URL", "redis://127.0.0.1:6379/15")
BURSAR = """
import json
from django.test import Client
from allauth.account.models import EmailAddress
from portal.schools.models import District, Membership, Role, School
from portal.users.models import User

lead = {"name": "Bench district", "safeguarding_lead_role": "Lead", "safeguarding_lead_email": "lead@b.test"}
district, _ = District.objects.get_or_create(code="B1", defaults=lead)
school, _ = School.objects.get_or_create(
    urn="800001",
    defaults={"name": "Bench school", "district": district, "address": "1 Lane", "phone": "0",
              "finance_email": "finance@bench.test"},
)
user = User.objects.filter(email="bursar@bench.test").first() or User.objects.create_user(
    "bursar@bench.test", "a-long-benchmark-password"
)
EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"primary": True, "verified": True})
Membership.objects.get_or_create(user=user, school=school, defaults={"roles": [Role.FINANCE]})
client = Client(HTTP_HOST="localhost", secure=True)
client.force_login(user)
print(json.dumps({"session": client.cookies["sessionid"].value}))
"""


def process_memory(processes):
    """{label: {"rss", "pss", "uss"} in MB} of each process and its children (gunicorn's and nginx's
    workers)."""
    memory = {}
    for process in processes:
        figures = processes_memory(process)
        for number, entry in enumerate(figures):
            if len(figures) == 1:
                label = process.name
            else:
                label = f"{process.name} (master)" if number == 0 else f"{process.name} worker {number}"
            memory[label] = entry
    return memory


def largest_memory(processes, stop):
    """Sample every process's memory until `stop` is set; the largest of each figure, per process."""
    largest = {}
    while not stop.is_set():
        for label, figures in process_memory(processes).items():
            largest[label] = {
                name: max(figures[name], largest.get(label, {}).get(name, 0))
                for name in ("rss", "pss", "uss")
            }
        time.sleep(0.5)
    return largest


def megabytes(figures):
    return " ".join(f"{figures[name]:>7.0f}" for name in ("rss", "pss", "uss"))


def print_memory(idle, loaded):
    columns = f"{'RSS':>7} {'PSS':>7} {'USS':>7}"
    print(f"\n{'process (MB)':<28} {columns} idle   {columns} loaded")
    for label, figures in idle.items():
        print(f"{label:<28} {megabytes(figures)}        {megabytes(loaded.get(label, figures))}")


def measure(base_url, pages, *, app_count, options):
    """Load each page through nginx at `base_url` and print its row."""
    for label, path, headers in pages:
        # Warm: every gunicorn process has loaded the site and the page is stored (if it may be).
        load(base_url + path, seconds=2, clients=options.connections, headers=headers)
        figures = load(base_url + path, seconds=options.seconds, clients=options.connections, headers=headers)
        print(f"{label:<40} {app_count:>11} {load_columns(figures)}", flush=True)


def memory_idle_and_loaded(base_url, pages, processes, *, options):
    """Every process's memory idle, then the largest seen while each page is loaded for 3 s."""
    idle = process_memory(processes)
    stop, loaded = threading.Event(), {}
    sampler = threading.Thread(target=lambda: loaded.update(largest_memory(processes, stop)))
    sampler.start()
    for _, path, headers in pages:
        load(base_url + path, seconds=3, clients=options.connections, headers=headers)
    stop.set()
    sampler.join()
    return idle, loaded


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="seconds of load per page (default 10)")
    parser.add_argument("--connections", type=int, default=8, help="wrk's open connections (default 8)")
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn processes per app server (default 2)"
    )
    options = parser.parse_args()

    admin_url = os.environ.get("DATABASE_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    database_url = recreate_database(admin_url, DATABASE_NAME)
    workdir = Path(tempfile.mkdtemp(prefix="stack-benchmark-"))
    cert, key = stacks.self_signed_certificate(workdir)
    app_ports = [stacks.free_port(), stacks.free_port()]
    # An nginx in front of the first app server, another in front of both. Their ports go into the
    # settings (CSRF's trusted origins), so they are started first.
    fronts = {}
    for count in (1, 2):
        (workdir / f"nginx-{count}").mkdir()
        fronts[count] = stacks.nginx(
            workdir / f"nginx-{count}", app_ports=app_ports[:count], certificate=cert, key=key
        )
    env = stacks.production_environment(
        database_url=database_url,
        redis_url=REDIS_URL,
        cache_prefix=f"stack-benchmark-{uuid.uuid4().hex}",
        mail_port=stacks.free_port(),  # nothing listens: no email is sent here
        https_port=fronts[1][1],
    )
    env.update(
        {
            "DJANGO_CSRF_TRUSTED_ORIGINS": ",".join(
                f"https://localhost:{port}" for _, port, _ in fronts.values()
            ),
            "DJANGO_MEDIA_ROOT": str(workdir / "media"),
            "DJANGO_PRIVATE_MEDIA_ROOT": str(workdir / "private-media"),
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    print("Preparing a database with the demo content and the static files...", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo_content")
    # The work the demo content queued (its images' renditions) done first, as it would be long before
    # visitors come: otherwise the measured pages wait on the workers making them.
    manage(env, "db_worker", "--batch", "--no-startup-delay", "-v0")
    stacks.static_files_collected(env)
    session = in_django(env, BURSAR)["session"]
    pages = [
        ("stored public page /", "/", {}),
        ("page never stored /search/?q=behaviour", "/search/?q=behaviour", {}),
        ("portal home /portal/ (signed in)", "/portal/", signed_in_headers(session)),
    ]

    processes = [
        *(
            stacks.app_server(f"app {port}", port, env=env, log_dir=workdir, workers=options.workers)
            for port in app_ports
        ),
        *(stacks.task_worker(f"task worker {number}", env=env, log_dir=workdir) for number in (1, 2)),
    ]
    try:
        stacks.wait_for(
            lambda: all(stacks.answers_health(f"127.0.0.1:{port}") for port in app_ports),
            timeout=120,
            what="the app servers",
        )
        print(
            f"\nThrough nginx over HTTPS: wrk, {options.connections} connections, {options.seconds} s each; "
            f"each app server gunicorn with {options.workers} processes; {os.cpu_count()} cores."
        )
        print(f"{'':<40} {'app servers':>11} {LOAD_COLUMNS}")
        for count, (_, https_port, _) in fronts.items():
            measure(f"https://localhost:{https_port}", pages, app_count=count, options=options)
        front, https_port, _ = fronts[2]
        idle, loaded = memory_idle_and_loaded(
            f"https://localhost:{https_port}", pages, [front, *processes], options=options
        )
        print_memory(idle, loaded)
    finally:
        stacks.stop_all([*processes, *(front for front, _, _ in fronts.values())])


if __name__ == "__main__":
    main()
