"""Count the CPU instructions a page costs to serve, with valgrind's callgrind.

    .venv/bin/python benchmarks/instructions.py [--requests 8] PATH...
    .venv/bin/python benchmarks/instructions.py --database-url URL --sign-in EMAIL PATH...

Timings on these shared machines move by a third from one run to the next; an instruction count does not
(the same page counts within a fraction of a percent twice, whatever else the machine is doing), so a
change's effect can be read from one run before it and one after. It is a count, not a time: it leaves
out waiting for the database and weighs every instruction alike.

Without --database-url it builds the demo site on SQLite in a temporary folder (the public pages, as
benchmarks/public_pages.py does) and loads each page as a visitor the page cache does not answer. With
--database-url (for example the database benchmarks/portal.py leaves behind:
postgres://postgres@127.0.0.1:5432/stepping_stones_portal_benchmark) and --sign-in, it loads each page
signed in as that person. Each page is asked for five times first, then `--requests` times with
callgrind counting (switched on and off around them with callgrind_control); printed: millions of
instructions per request. Production settings, DEBUG off. Needs valgrind (Debian's package).
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile

from harness import PROJECT, demo_site_environment, manage, production_environment

COUNTED_REQUESTS = """
import subprocess, sys, os, time
import django
django.setup()
from django.test import Client

email, path, requests = sys.argv[1], sys.argv[2], int(sys.argv[3])
client = Client(HTTP_HOST="127.0.0.1", secure=bool(email))
if email:
    from portal.users.models import User
    client.force_login(User.objects.get(email=email))
else:
    client.cookies["benchmark"] = "uncached"  # a cookie the page cache does not know
for _ in range(5):
    assert client.get(path).status_code == 200, path


def counting(state):
    command = ["callgrind_control", "-i", state, str(os.getpid())]
    control = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    while control.poll() is None:  # callgrind takes the command while this process runs
        time.sleep(0.01)


counting("on")
for _ in range(requests):
    client.get(path)
counting("off")
"""


def instructions_per_request(env, email, path, requests):
    result = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-c",
            COUNTED_REQUESTS,
            email,
            path,
            str(requests),
        ],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
    )
    counted = re.search(r"Collected : (\d+)", result.stderr)
    if result.returncode or counted is None:
        raise SystemExit(f"Counting {path} failed:\n{result.stderr[-3000:]}")
    return int(counted.group(1)) / requests


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--requests", type=int, default=8, help="requests counted per page (default 8)")
    parser.add_argument("--database-url", help="a database with the site's data (default: the demo site)")
    parser.add_argument("--sign-in", default="", metavar="EMAIL", help="load the pages signed in as EMAIL")
    options = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is missing: apt-get install valgrind")

    with tempfile.TemporaryDirectory(prefix="stepping-stones-instructions-") as workdir:
        if options.database_url:
            env = production_environment(options.database_url)
            manage(env, "collectstatic", "--noinput", "-v0")
        else:
            env = demo_site_environment(workdir)
        print(f"\n{'page':<48} {'M instructions a request':>25}")
        for path in options.paths:
            count = instructions_per_request(env, options.sign_in, path, options.requests)
            print(f"{path:<48} {count / 1e6:>25.2f}", flush=True)


if __name__ == "__main__":
    main()
