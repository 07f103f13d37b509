"""Browser journeys: pytest-playwright driving Debian's Chromium against Django's live server."""

import os
import re
import shutil
import threading
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

# Debian's Chromium in its headless shell build (package chromium-headless-shell, from the chromium
# source): the same engine without the desktop browser around it, as Playwright itself runs headless
# tests. It runs the browser half of the suite in two thirds of the time the full browser takes.
# The full browser is used where only it is installed, or any build named by CHROMIUM_PATH.
CHROMIUM = os.environ.get("CHROMIUM_PATH") or next(
    (path for path in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium") if os.path.exists(path)),
    "/usr/bin/chromium-headless-shell",
)
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
    reason = f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium-headless-shell)."
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


class LiveServerGate:
    """In front of the live server's application: whether it takes new requests, and how many it is
    answering.

    A page closing can send one last request (the page editor releases its editing session as it goes),
    which may reach the live server after its test has ended, as the test's database is emptied: on
    SQLite they share one connection, and the flush then fails on a locked table. Closed, the gate answers
    a new request 503 at once, without Django or the database; `close` returns once every request it let
    through has been answered, its whole response made (whether or not the browser is still there to read
    it)."""

    def __init__(self, app):
        self.app = app
        self.changed = threading.Condition()
        self.is_open = True
        self.answering = 0

    def __call__(self, environ, start_response):
        with self.changed:
            if not self.is_open:
                start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                return [b"The test has ended."]
            self.answering += 1
        try:
            response = self.app(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                if hasattr(response, "close"):
                    response.close()
        finally:
            with self.changed:
                self.answering -= 1
                self.changed.notify_all()

    def open(self):
        with self.changed:
            self.is_open = True

    def close(self, *, at_most=10.0):
        """Take no new request; return once none let through is being answered, or after `at_most`
        seconds whatever happens."""
        deadline = time.monotonic() + at_most
        with self.changed:
            self.is_open = False
            while self.answering and (left := deadline - time.monotonic()) > 0:
                self.changed.wait(left)


def gate_of(live_server):
    """The live server's gate, put in front of its application the first time it is asked for."""
    server = live_server.thread.httpd
    if not isinstance(server.get_app(), LiveServerGate):
        server.set_app(LiveServerGate(server.get_app()))
    return server.get_app()


@pytest.fixture(autouse=True)
def _live_server_closed_before_the_flush(request):
    """Set up after the database and before the browser's page: once the page has closed, the live server
    takes no new request and finishes those it is answering before the database is emptied."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    gate = gate_of(request.getfixturevalue("live_server"))
    gate.open()
    yield
    gate.close()


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
    # Only the violations in full: axe otherwise describes every element that passes each rule too, which
    # took most of a check's time on a large screen and is never read here.
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
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
