"""The site through nginx over HTTPS, with one app server and then two: requests per second and p95, and
the memory of every process, idle and under load.

    .venv/bin/python benchmarks/stack.py [--seconds 10] [--connections 8] [--workers 2]

It builds a throwaway PostgreSQL database (DATABASE_ADMIN_URL, default the machine's `postgres` on
127.0.0.1:5432) with the demo content's public pages and one school's bursar, collects the static files,
and starts what the stack test starts (tests/deploy/stack.py): Debian's nginx with
deploy/nginx/stepping-stones.conf, gunicorn app servers of `--workers` processes each, and two task
workers, all with production settings. wrk (Debian's) loads, for `--seconds` each, a stored public page
(the home page, from the page cache), a page never stored (a search) and the signed-in portal home; every
answer must be a 200, and any other status or socket error is printed beside the figures.

Memory is read from /proc/<pid>/smaps_rollup: RSS, PSS (shared pages divided among the processes sharing
them) and USS (pages of the process's own), idle after a warm-up and the largest seen under load.

wrk is called through `wrk()` below: benchmarks/harness.py's load generator is still Python's urllib
(another branch moves it to wrk). A script, not a test: the figures depend on the machine.
"""

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import in_django, manage, recreate_database

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
# wrk's Lua hook: one JSON line with the figures wrk keeps (latencies in microseconds).
SUMMARY_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "status_errors": %d, ' ..
    '"socket_errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""


def wrk(url, *, seconds, connections, headers=(), script):
    """Load `url` with wrk; its figures: requests per second, p50 and p95 in ms, failures."""
    command = ["wrk", f"--threads={min(2, connections)}", f"--connections={connections}"]
    command += [f"--duration={seconds}s", f"--script={script}", "--timeout=10s"]
    for header in headers:
        command += ["--header", header]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    return {
        "rps": figures["requests"] / (figures["duration_us"] / 1e6),
        "p50": figures["p50_us"] / 1000,
        "p95": figures["p95_us"] / 1000,
        "failures": figures["status_errors"] + figures["socket_errors"],
    }


def memory_kb(pid):
    """RSS, PSS and USS of a process, in kB (Linux's smaps_rollup)."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0])
    return {
        "rss": fields["Rss"],
        "pss": fields["Pss"],
        "uss": fields["Private_Clean"] + fields["Private_Dirty"],
    }


def process_tree(processes):
    """{label: pid} of each process and its children (gunicorn's and nginx's workers)."""
    children = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
            children.setdefault(int(fields["PPid"]), []).append(int(status.parent.name))
    tree = {}
    for process in processes:
        tree[f"{process.name} (master)" if process.pid in children else process.name] = process.pid
        for number, child in enumerate(sorted(children.get(process.pid, [])), start=1):
            tree[f"{process.name} worker {number}"] = child
    return tree


def largest_memory(tree, stop):
    """Sample every process's memory until `stop` is set; the largest of each figure, per process."""
    largest = {}
    while not stop.is_set():
        for label, pid in tree.items():
            with contextlib.suppress(OSError):
                figures = memory_kb(pid)
                largest[label] = {
                    name: max(value, largest.get(label, {}).get(name, 0)) for name, value in figures.items()
                }
        time.sleep(0.5)
    return largest


def megabytes(figures):
    return " ".join(f"{figures[name] / 1024:>7.0f}" for name in ("rss", "pss", "uss"))


def print_memory(idle, loaded):
    columns = f"{'RSS':>7} {'PSS':>7} {'USS':>7}"
    print(f"\n{'process (MB)':<28} {columns} idle   {columns} loaded")
    for label, figures in idle.items():
        print(f"{label:<28} {megabytes(figures)}        {megabytes(loaded.get(label, figures))}")


def measure(base_url, pages, *, app_count, options, script):
    """Load each page through nginx at `base_url` and print its row."""
    for label, path, headers in pages:
        # Warm: every gunicorn process has loaded the site and the page is stored (if it may be).
        wrk(base_url + path, seconds=2, connections=options.connections, headers=headers, script=script)
        figures = wrk(
            base_url + path,
            seconds=options.seconds,
            connections=options.connections,
            headers=headers,
            script=script,
        )
        print(
            f"{label:<40} {app_count:>11} {figures['rps']:>8.1f} {figures['p50']:>8.1f} "
            f"{figures['p95']:>8.1f} {figures['failures']:>7}",
            flush=True,
        )


def memory_idle_and_loaded(base_url, pages, processes, *, options, script):
    """Every process's memory idle, then the largest seen while each page is loaded for 3 s."""
    tree = process_tree(processes)
    idle = {label: memory_kb(pid) for label, pid in tree.items()}
    stop, loaded = threading.Event(), {}
    sampler = threading.Thread(target=lambda: loaded.update(largest_memory(tree, stop)))
    sampler.start()
    for _, path, headers in pages:
        wrk(base_url + path, seconds=3, connections=options.connections, headers=headers, script=script)
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
    script = workdir / "summary.lua"
    script.write_text(SUMMARY_SCRIPT)
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
        ("stored public page /", "/", ()),
        ("page never stored /search/?q=behaviour", "/search/?q=behaviour", ()),
        ("portal home /portal/ (signed in)", "/portal/", (f"Cookie: sessionid={session}",)),
    ]

    processes = [
        *(
            stacks.app_server(f"app {port}", port, env=env, log_dir=workdir, workers=options.workers)
            for port in app_ports
        ),
        *(stacks.task_worker(f"task worker {number}", env=env, log_dir=workdir) for number in (1, 2)),
    ]
    load_before = os.getloadavg()
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
        print(f"{'':<40} {'app servers':>11} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'failed':>7}")
        for count, (_, https_port, _) in fronts.items():
            measure(f"https://localhost:{https_port}", pages, app_count=count, options=options, script=script)
        front, https_port, _ = fronts[2]
        idle, loaded = memory_idle_and_loaded(
            f"https://localhost:{https_port}", pages, [front, *processes], options=options, script=script
        )
        print_memory(idle, loaded)
        print(f"\nLoad average (1, 5, 15 min) before: {load_before}, after: {os.getloadavg()}")
    finally:
        for process in [*processes, *(front for front, _, _ in fronts.values())]:
            process.stop()


if __name__ == "__main__":
    main()
