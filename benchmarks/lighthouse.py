"""Lighthouse (mobile) on every public page and the sign-in page, served as production serves them.

    .venv/bin/python benchmarks/lighthouse.py [--path /outreach/ ...]

It builds a throwaway SQLite database with the demo content, serves the site with gunicorn (production
settings, DEBUG off) on a free loopback port, runs Lighthouse on each page in the sitemap and the
sign-in page, and prints the four scores, the cumulative layout shift, and every best-practice and SEO
audit that does not pass.

Needs Node.js 18 or newer with npm (Debian: `apt-get install nodejs npm`) and Debian's full chromium
(`apt-get install chromium`: the browser tests' headless shell is not what Lighthouse is made for); npx
fetches Lighthouse into npm's own cache the first time, never into the project.

Targets (issue 12): best practices and SEO 100 on every public page (the sign-in page stays out of
search engines on purpose, so its SEO score is lower), and a cumulative layout shift under 0.05.

A script, not a test: it needs the npm registry once, and the scores depend on the machine.
"""

import argparse
import json
import os
import shutil
import subprocess
import tempfile

from harness import demo_site_environment, gunicorn_server, sitemap_paths

# Lighthouse 13 needs Node.js 22; Debian's is 18 or 20.
LIGHTHOUSE = "lighthouse@12.8.2"
CHROMIUM = "/usr/bin/chromium"
# Headless, and nothing that reaches out to the network on its own (this machine's network is closed).
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SIGN_IN = "/accounts/login/"


def audit(url, attempts=3):
    """Lighthouse's report on `url`, as a dict. A trace that fails to record is tried again, as
    Lighthouse's own message asks ("Please run Lighthouse again")."""
    for _ in range(attempts):
        result = run_lighthouse(url)
        if result.returncode == 0:
            return json.loads(result.stdout)
    raise SystemExit(f"Lighthouse failed on {url} {attempts} times:\n{result.stderr[-2000:]}")


def run_lighthouse(url):
    return subprocess.run(
        [
            "npx",
            "--yes",
            LIGHTHOUSE,
            url,
            "--quiet",
            "--output=json",
            "--output-path=stdout",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
    )


def failing_audits(report, category):
    """The titles of the audits that count towards `category` and do not pass."""
    audits = report["audits"]
    return [
        audits[ref["id"]]["title"]
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
    ]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--path", action="append", help="audit only this path (may be repeated)")
    options = parser.parse_args()
    for command in ("npx", CHROMIUM):
        if not shutil.which(command):
            raise SystemExit(f"{command} is not installed: see this script's description.")

    reports = {}
    with tempfile.TemporaryDirectory(prefix="stepping-stones-lighthouse-") as workdir:
        env = demo_site_environment(workdir)
        with gunicorn_server(env) as (base_url, _server):
            for path in options.path or [*sitemap_paths(base_url), SIGN_IN]:
                reports[path] = audit(base_url + path)
                print(f"  audited {path}", flush=True)

    header = f"{'page':<36} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'CLS':>6}"
    print(f"\n{LIGHTHOUSE}, mobile, gunicorn as config/gunicorn.py sets it, DEBUG off, SQLite\n")
    print(header)
    print("-" * len(header))
    for path, report in reports.items():
        scores = [round(report["categories"][category]["score"] * 100) for category in CATEGORIES]
        shift = report["audits"]["cumulative-layout-shift"]["numericValue"]
        print(f"{path:<36} {scores[0]:>5} {scores[1]:>5} {scores[2]:>5} {scores[3]:>5} {shift:>6.3f}")
    for path, report in reports.items():
        for category in ("best-practices", "seo"):
            for title in failing_audits(report, category):
                print(f"{path}: {category}: {title}")


if __name__ == "__main__":
    main()
