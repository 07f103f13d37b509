import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from types import SimpleNamespace

import pytest
import stripe
from django.core import mail
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection

from common.admin_frame import forget_kept_frame
from common.admin_sidebar import forget_kept_sidebars
from common.demo import rich_text, stream
from config.settings.base import file_storages
from home.models import StandardPage
from portal.placements.models import SupportingDocument
from portal.users.factories import VerifiedUserFactory
from tests import workflows
from tests.pages import baseline_home_page, make_home_page, make_wagtail_roots

# Several workers start their test databases from one migrated template.
pytest_plugins = ["tests.parallel_database"]

TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server"}


def pytest_collection_modifyitems(config, items):
    """Mark the tests that commit to the database (races, browser journeys): each empties the database
    when it ends, which the other tests, run inside a transaction on the migrated database, must never
    find. The suite runs them apart (`make test`), so both halves can run on several workers."""
    for item in items:
        django_db = item.get_closest_marker("django_db")
        commits = django_db is not None and django_db.kwargs.get("transaction", False)
        if commits or TRANSACTIONAL_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.transactional)


@pytest.fixture
def wagtail_roots(db):
    """Wagtail's root page (with the locale and root collection), made again if a flush removed them."""
    return make_wagtail_roots()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Each worker's database starts with the published home page most tests stand on: making it takes
    about a fifth of a second (Wagtail's welcome page deleted, a revision published), once instead of for
    every test. A test inside a transaction leaves it as it was; a transactional one empties the database
    when it ends, and the next test to ask for `home_page` makes its own."""
    with django_db_blocker.unblock():
        make_home_page(make_wagtail_roots())


@pytest.fixture
def home_page(wagtail_roots):
    """A published HomePage serving as the default site's root, as in a real install."""
    return baseline_home_page() or make_home_page(wagtail_roots)


@pytest.fixture
def local_offer(home_page):
    """A menu page of free-form content under the home page, as the parents' page is."""
    page = StandardPage(
        title="Parents and carers",
        slug="parents",
        show_in_menus=True,
        intro="What the school offers your child.",
        body=stream(
            ("heading", {"text": "Working with you", "level": "h2"}),
            ("paragraph", rich_text("You are invited to every review of your child's progress.")),
            ("question", {"question": "How do I complain?", "answer": rich_text("Speak to the head.")}),
        ),
    )
    home_page.add_child(instance=page)
    return page


@pytest.fixture(scope="session", autouse=True)
def postgresql_emptied_by_delete():
    """A transactional test empties the database when it ends. Django's flush truncates every table on
    PostgreSQL, which makes each of them and their indexes anew on disk: about 0.4 s a test here, for
    tables that hold a handful of rows. Deleting the rows instead takes about 0.05 s; the foreign keys,
    deferred to the commit as Django makes them, find every table empty by then. (Resetting sequences,
    which no test here asks for, still truncates.) Set on the backend's class, not on one connection's:
    a test that makes the connections anew (the restore drill) must not bring truncating back."""
    if connection.vendor != "postgresql":
        yield
        return
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncating = DatabaseOperations.sql_flush

    def sql_flush(ops, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return truncating(
                ops, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(ops.quote_name(table))};"
            for table in tables
        ]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """The caches outlive each test's database: a page stored by one test must not answer the next, nor
    a menu drawn for one test's staff be shown to the next's."""
    cache.clear()
    forget_kept_sidebars()
    forget_kept_frame()


@pytest.fixture
def fresh_rate_limits():
    """allauth counts sign-in attempts in the cache; each test starts with a clean count."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_user(db):
    """One of the unit's staff: a superuser who works in the Wagtail admin."""
    return VerifiedUserFactory(email="office@stepping-stones.test", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, settings, staff_user):
    """A client signed in to the admin as `staff_user`. Two-factor sign-in has tests of its own, so
    the rule is off here."""
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    client.force_login(staff_user)
    return client


@pytest.fixture
def logged_changes():
    """`logged_changes(record)`: (action, who, data) of each change logged on the record, oldest first."""
    return workflows.logged_changes


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe_url():
    """localstripe, the Stripe emulator, running for the whole test session on a free port.

    --from-scratch: every localstripe shares one state file in /tmp, which another run may be writing.
    """
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 (this interpreter running an installed package)
        [sys.executable, "-m", "localstripe", "--port", str(port), "--from-scratch"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("localstripe did not start") from None
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(autouse=True)
def stripe_retries_at_once(monkeypatch):
    """The gateway asks Stripe again when it cannot be reached, as in production, without the half
    second to five seconds the library waits between tries."""
    monkeypatch.setattr(stripe.HTTPClient, "INITIAL_DELAY", 0)
    monkeypatch.setattr(stripe.HTTPClient, "MAX_DELAY", 0)


@pytest.fixture
def localstripe(localstripe_url, settings):
    """Point the Stripe gateway at localstripe, with test keys and a webhook secret."""
    settings.STRIPE_API_BASE = localstripe_url
    settings.STRIPE_JS_URL = f"{localstripe_url}/js.stripe.com/v3/"
    settings.STRIPE_SECRET_KEY = "sk_test_localstripe"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_localstripe"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_webhook"
    return localstripe_url


@pytest.fixture
def fresh_localstripe(localstripe):
    """localstripe emptied first, for a test that lists what Stripe holds: the session's localstripe still
    holds the payments of earlier tests, whose ledger rows went with their databases."""
    # The test's own localstripe on 127.0.0.1, never user input.
    request = urllib.request.Request(f"{localstripe}/_config/data", method="DELETE")  # noqa: S310
    with urllib.request.urlopen(request, timeout=5):  # noqa: S310
        pass
    return localstripe


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """`with sent():` runs the block and sends what it queued; returns the list of messages sent."""

    class Sent:
        def __enter__(self):
            self.before = len(mail.outbox)
            self.capture = django_capture_on_commit_callbacks(execute=True)
            self.capture.__enter__()
            return self

        def __exit__(self, *exc):
            self.capture.__exit__(*exc)
            self.messages = mail.outbox[self.before :]

    return Sent


@pytest.fixture(scope="session")
def s3_server():
    """A local S3 server (moto's, in a thread) for the whole test session, on a free port; the fixture's
    value is the connection options the storages take."""
    from moto.server import ThreadedMotoServer  # slow to import: only for the tests that use it

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield {
        "endpoint_url": f"http://{host}:{port}",
        "region_name": "eu-west-2",
        "access_key": "moto-access-key",
        "secret_key": "moto-secret-key",
    }
    server.stop()


@pytest.fixture
def s3_client(s3_server, settings):
    """A boto3 client of the local S3 server, which the site's settings point at too."""
    import boto3

    settings.S3_CONNECTION = s3_server
    return boto3.client(
        "s3",
        endpoint_url=s3_server["endpoint_url"],
        region_name=s3_server["region_name"],
        aws_access_key_id=s3_server["access_key"],
        aws_secret_access_key=s3_server["secret_key"],
    )


@pytest.fixture
def new_bucket(s3_client):
    """`new_bucket()`: the name of a new, empty bucket on the local S3 server."""

    def create():
        name = f"bucket-{uuid.uuid4().hex}"
        s3_client.create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": s3_client.meta.region_name}
        )
        return name

    return create


@pytest.fixture(params=["file system", "object storage"])
def file_storage(request, settings, monkeypatch, tmp_path):
    """The test's uploads (public media and placement documents) on the file system, then in S3 buckets
    of their own on the local S3 server, as settings would make them (`file_storages`). The fixture's value
    says which (`kind`) and, for buckets, gives a boto3 client and their names."""
    buckets = SimpleNamespace(media="", private="", client=None)
    if request.param == "object storage":
        new_bucket = request.getfixturevalue("new_bucket")
        buckets.client = request.getfixturevalue("s3_client")
        buckets.media, buckets.private = new_bucket(), new_bucket()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        **file_storages(
            media_bucket=buckets.media,
            private_bucket=buckets.private,
            private_root=tmp_path / "private-media",
            connection=settings.S3_CONNECTION,
        ),
    }
    # The document's file field took its storage when the model loaded.
    monkeypatch.setattr(SupportingDocument._meta.get_field("file"), "storage", storages["private"])
    return SimpleNamespace(kind=request.param, buckets=buckets)
