"""Browser journeys: pytest-playwright driving Debian's Chromium against Django's live server."""

import os
import re
import shutil
import threading
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.signals import request_finished, request_started
from playwright.sync_api import Error as PlaywrightError

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make to set up
# data are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    reason = f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium)."
    if os.environ.get("E2E_REQUIRED") == "1":
        raise pytest.UsageError(f"E2E_REQUIRED=1 but the browser cannot run. {reason}")
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser(live_server, browser):
    """Playwright's browser, started after the live server so that it is closed before it: a request
    thread that Chromium's last open connection keeps alive must end while the server still shares
    its database connection with it."""
    return browser


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/London"}


class LiveServerRequests:
    """The requests the live server's threads are answering, followed through Django's request signals.

    A request is counted by the thread answering it, for two reasons. The test client answers in the
    tests' own thread, and a streamed response it was never read to the end sends no `request_finished`:
    counted, it would hold every later wait of that worker for the longest time. And a live server thread
    whose browser went away mid-answer ends without `request_finished`: once the thread has ended, its
    request is no longer being answered."""

    def __init__(self):
        self.changed = threading.Condition()
        self.tests_thread = threading.current_thread()
        self.answering_threads = set()
        self.last_started = 0.0
        request_started.connect(self.started)
        request_finished.connect(self.finished)

    def started(self, **kwargs):
        if threading.current_thread() is self.tests_thread:
            return
        with self.changed:
            self.answering_threads.add(threading.current_thread())
            self.last_started = time.monotonic()

    def finished(self, **kwargs):
        with self.changed:
            self.answering_threads.discard(threading.current_thread())
            self.changed.notify_all()

    @property
    def answering(self):
        with self.changed:
            self.answering_threads = {thread for thread in self.answering_threads if thread.is_alive()}
            return len(self.answering_threads)

    def wait_until_quiet(self, *, quiet_for=0.25, at_most=10.0):
        """Return once no request is being answered and none has begun for `quiet_for` seconds, or after
        `at_most` seconds whatever happens."""
        deadline = time.monotonic() + at_most
        with self.changed:
            while True:
                now = time.monotonic()
                if (self.answering == 0 and now - self.last_started >= quiet_for) or now >= deadline:
                    return
                self.changed.wait(timeout=quiet_for)


_live_server_requests = LiveServerRequests()


@pytest.fixture(autouse=True)
def _live_server_quiet_before_the_flush(request):
    """A page closing can send one last request (the page editor releases its editing session as it goes),
    which the live server may still be answering when the test's database is emptied: on SQLite they
    share one connection, and the flush then fails on a locked table. Set up after the database and
    before the browser's page, this waits between the two."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    _live_server_requests.wait_until_quiet()


@pytest.fixture
def live_site(live_server, home_page):
    """The live server, with the test site's hostname pointed at it so Wagtail serves its pages."""
    from wagtail.models import Site

    host, port = live_server.url.removeprefix("http://").split(":")
    Site.objects.filter(pk=home_page.get_site().pk).update(hostname=host, port=int(port))
    return live_server


_axe = Axe()


def accessibility_violations(page, *, context=None):
    """axe-core's report of the WCAG 2.0/2.1/2.2 A and AA violations on the page as it is now, or ""."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
    try:
        results = _axe.run(page, context=context, options=options)
    except PlaywrightError as error:
        # A click that navigates returns before the next page has come: axe then finds no document.
        # The check is of the page the person lands on, so it waits for it and runs once more.
        if "documentElement" not in str(error):
            raise
        page.wait_for_load_state()
        results = _axe.run(page, context=context, options=options)
    if results.violations_count == 0:
        return ""
    return (
        f"{results.violations_count} accessibility violation(s) on {page.url}:\n" + results.generate_report()
    )


def assert_accessible(page, *, context=None):
    """Fail on any WCAG 2.0/2.1/2.2 A or AA violation axe-core finds on the page as it is now."""
    violations = accessibility_violations(page, context=context)
    assert not violations, violations


@pytest.fixture
def axe_check():
    return assert_accessible


@pytest.fixture(autouse=True)
def _fresh_rate_limits(fresh_rate_limits):
    """allauth counts sign-in attempts in the cache; each journey starts with a clean count."""


def sign_in(page, email, password):
    """Fill in and send the sign-in form the page is showing."""
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def signed_in_staff(page, live_site, staff_user):
    """The browser's page, signed in to the Wagtail admin as `staff_user` with an authenticator code."""
    from playwright.sync_api import expect

    from portal.users.factories import PASSWORD, turn_on_two_factor
    from tests.totp import totp_code

    secret = turn_on_two_factor(staff_user)
    page.goto(live_site.url + "/admin/")
    sign_in(page, staff_user.email, PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(totp_code(secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return page
