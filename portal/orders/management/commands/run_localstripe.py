"""Run localstripe, the Stripe emulator, for `make run`, and point its webhooks at this site.

If the port is taken (another localstripe, or anything else), say so and stop: the site still runs,
and card payments answer with the gateway's "could not reach" message until localstripe is back.
It starts from scratch each time (every localstripe shares one state file in /tmp, which the test
suite's own localstripe also writes), so card payments from an earlier `make run` are not kept.
"""

import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

WEBHOOK_ID = "stepping-stones"


def _listening(host, port):
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0


class Command(BaseCommand):
    help = "Start localstripe on STRIPE_API_BASE's port and register this site's webhook with it."

    def add_arguments(self, parser):
        parser.add_argument("--site", default="http://127.0.0.1:8000", help="Where this site answers.")

    def handle(self, *args, site, **options):
        api = urllib.parse.urlsplit(settings.STRIPE_API_BASE)
        if not api.port or api.hostname not in {"127.0.0.1", "localhost"}:
            self.stderr.write("STRIPE_API_BASE is not a local address: not starting localstripe.")
            return
        if _listening(api.hostname, api.port):
            self.stderr.write(
                f"Port {api.port} is taken, so localstripe was not started: card payments will not work "
                f"until it is free (stop whatever uses it and run make run again)."
            )
            return
        server = subprocess.Popen(  # noqa: S603 (this interpreter running an installed package)
            [sys.executable, "-m", "localstripe", "--port", str(api.port), "--from-scratch"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        signal.signal(signal.SIGTERM, lambda *_: server.terminate())
        try:
            self._register_webhook(api, site=site, server=server)
            server.wait()
        except KeyboardInterrupt:
            server.terminate()

    def _register_webhook(self, api, *, site, server):
        deadline = time.monotonic() + 20
        while not _listening(api.hostname, api.port):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("localstripe did not start.")
            time.sleep(0.2)
        data = urllib.parse.urlencode(
            {
                "url": site.rstrip("/") + reverse("orders:stripe_webhook"),
                "secret": settings.STRIPE_WEBHOOK_SECRET,
            }
        ).encode()
        # A local http address from settings (checked in handle), never user input.
        address = f"{settings.STRIPE_API_BASE}/_config/webhooks/{WEBHOOK_ID}"
        with urllib.request.urlopen(urllib.request.Request(address, data=data), timeout=5):  # noqa: S310
            pass
        self.stdout.write(
            f"localstripe is running on {settings.STRIPE_API_BASE} and sends webhooks to {site}."
        )
