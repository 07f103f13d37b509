"""The whole site as production runs it: Debian's nginx with deploy/nginx/stepping-stones.conf in front, over
HTTPS, of two gunicorn app servers, with two task workers, production settings, PostgreSQL, Redis and a
local S3 server (tests/deploy/stack.py starts them). Everything is asked through nginx, as a browser would.

- Signed in through one app server, a visitor carries on through the other: sessions are shared.
- A document uploaded through one is downloaded through the other, byte for byte: files are in the bucket.
- Contact details saved in the admin through one server are on the next page either serves: the stored
  public pages are purged for both.
- An email queued once is sent once, with two workers taking tasks from the queue.
- A worker killed in the middle of sending an email leaves its task marked running, which no worker takes
  again; the regular job `requeue_stalled_tasks` puts it back and the email is sent, once.
- Redis cut off for a moment, under a light load: signed-in people carry on (sessions are in the
  database), a visitor's public page is a clear 503 page (Wagtail reads the site's root paths from the
  cache), /health/ names the cache, and it all comes back by itself.
- PostgreSQL cut off: public pages are still served from the stored pages in Redis; the portal is a
  clear 503 page; a document sent then is not half saved; /health/ names the database; the workers,
  which exit when the database goes, are started again as systemd would; the site comes back by itself.

Outages are made by cutting a forwarder between the app and the shared PostgreSQL or Redis, never by
touching them. It runs on PostgreSQL only: several processes write to one database at once, which the
suite's SQLite database, in the memory of the test process, cannot be. CI runs the suite on PostgreSQL too.
"""

import contextlib
import os
import re
import threading
import time
import uuid
from collections import Counter
from types import SimpleNamespace

import pytest
import requests
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.tasks import TaskResultStatus
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from wagtail.models import Site

from portal.placements.factories import PlacementRequestFactory
from portal.placements.models import SupportingDocument
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role
from portal.users.factories import PASSWORD, VerifiedUserFactory, turn_on_two_factor
from tests.deploy import stack as stacks
from tests.totp import totp_code

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
REQUIRED = os.environ.get("STACK_REQUIRED") == "1"
REDIS = ("127.0.0.1", 6379)
# A Redis database no other test uses; each run's keys have a prefix of their own besides.
REDIS_DATABASE = 11
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 400 + b"\n%%EOF\n"

pytestmark = [
    pytest.mark.skipif(
        not ON_POSTGRESQL,
        reason="the stack needs PostgreSQL: several processes write to one database at once, which the "
        "suite's SQLite database (in the test process's memory) cannot be; CI runs it on PostgreSQL",
    ),
    pytest.mark.skipif(
        not stacks.NGINX.exists() and not REQUIRED,
        reason=f"Debian's nginx is not installed ({stacks.NGINX}; `make nginx` installs it)",
    ),
]


@pytest.fixture
def people(transactional_db, home_page, settings):
    """A school's referrer and the unit's staff, each with an authenticator app; a draft placement request."""
    # Passwords kept as production keeps them (the tests' fast hasher is one it does not know).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    school = SchoolFactory(name="Oakfield Primary School")
    referrer = MembershipFactory(school=school, roles=[Role.REFERRER], user__email="senco@oakfield.test").user
    head = MembershipFactory(school=school, roles=[Role.REFERRER], user__email="head@oakfield.test").user
    staff = VerifiedUserFactory(email="office@stepping-stones.test", is_staff=True, is_superuser=True)
    return SimpleNamespace(
        school=school,
        referrer=referrer,
        referrer_secret=turn_on_two_factor(referrer),
        head=head,
        staff=staff,
        staff_secret=turn_on_two_factor(staff),
        draft=PlacementRequestFactory(school=school, created_by=referrer),
    )


@pytest.fixture
def stack(transactional_db, s3_server, new_bucket, tmp_path):
    """nginx, two app servers and two workers on the test's database; see tests/deploy/stack.py. They
    start while the static files are collected and the test makes its people (`people`)."""
    database = connection.settings_dict
    pg = stacks.Forwarder((database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432)))
    redis = stacks.Forwarder(REDIS)
    mail = stacks.MailSink()
    cert, key = stacks.self_signed_certificate(tmp_path)
    app_ports = [stacks.free_port(), stacks.free_port()]
    front, https_port, http_port = stacks.nginx(tmp_path, app_ports=app_ports, certificate=cert, key=key)
    env = stacks.production_environment(
        database_url=f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@127.0.0.1:{pg.port}/"
        f"{database['NAME']}",
        redis_url=f"redis://127.0.0.1:{redis.port}/{REDIS_DATABASE}",
        cache_prefix=f"stack-test-{uuid.uuid4().hex}",
        mail_port=mail.port,
        https_port=https_port,
        s3={**s3_server, "media_bucket": new_bucket(), "private_bucket": new_bucket()},
    )
    # Before the app servers start: their master loads the site before forking, static files' manifest too.
    stacks.static_files_collected(env)
    processes = [
        *(stacks.app_server(f"app-{port}", port, env=env, log_dir=tmp_path) for port in app_ports),
        *(stacks.task_worker(f"worker-{number}", env=env, log_dir=tmp_path) for number in (1, 2)),
    ]
    site = SimpleNamespace(
        url=f"https://localhost:{https_port}",
        http_url=f"http://localhost:{http_port}",
        cert=cert,
        pg=pg,
        redis=redis,
        mail=mail,
        app_servers={f"127.0.0.1:{port}" for port in app_ports},
        workers={process.name: process for process in processes if process.name.startswith("worker")},
        access_log=tmp_path / "logs" / "stepping-stones.access.log",
        processes=[front, *processes],
    )
    try:
        yield site
    finally:
        stacks.stop_all(site.processes)
        for process in site.processes:
            # Captured: pytest shows it when the test fails.
            print(f"--- {process.name} (restarted {process.restarts} times) ---\n{process.log_tail()}")
        for part in (pg, redis, mail):
            part.close()


@pytest.fixture
def site(stack, people):
    """The stack once every app server answers through nginx; the people were made while it started."""
    stacks.wait_for(lambda: every_app_server_healthy(stack), timeout=stacks.START_TIMEOUT, what="the stack")
    return stack


def browser(site):
    session = requests.Session()
    # Only this certificate, whatever REQUESTS_CA_BUNDLE says, and no proxy from the environment.
    session.trust_env = False
    session.verify = str(site.cert)
    # Django checks a form sent over HTTPS came from the site's own pages.
    session.headers["Referer"] = f"{site.url}/"
    return session


def every_app_server_healthy(site):
    """Each app server answers /health/ with 200, asked directly (so that nginx never finds one not yet
    listening, which it would then leave alone for 10 s), then through nginx, which takes them in turn."""
    if not all(stacks.answers_health(server) for server in site.app_servers):
        return False
    try:
        seen = set()
        for _ in range(4):
            response = browser(site).get(f"{site.url}/health/", timeout=15)
            if response.status_code != 200:
                return False
            seen.add(server_of(site, response))
    except requests.RequestException:  # not listening yet, or still loading the site
        return False
    return seen == site.app_servers


def server_of(site, response):
    return stacks.answered_by(site.access_log, response.headers["X-Request-ID"])


def sign_in(site, user, secret):
    """A browser signed in as `user` with password and authenticator code; (browser, app server that
    signed it in)."""
    visitor = browser(site)
    login = visitor.get(f"{site.url}/accounts/login/")
    fields = stacks.form_fields(login.text, "login")
    answer = visitor.post(login.url, data={**fields, "login": user.email, "password": PASSWORD})
    assert "/2fa/authenticate/" in answer.url, (answer.status_code, answer.url)
    fields = stacks.form_fields(answer.text, "code")
    answer = visitor.post(answer.url, data={**fields, "code": totp_code(secret)}, allow_redirects=False)
    assert answer.status_code == 302, answer.text
    return visitor, server_of(site, answer)


def each_server(site, visitor, url, check):
    """Ask for `url` until both app servers have answered; `check` each answer. The answers."""
    answers, servers = [], set()
    for _ in range(6):
        answer = visitor.get(url, allow_redirects=False)
        check(answer)
        answers.append(answer)
        servers.add(server_of(site, answer))
        if servers == site.app_servers:
            return answers
    raise AssertionError(f"Only {servers} answered {url}.")


def is_signed_in_page(answer):
    assert answer.status_code == 200, answer.status_code
    assert "Sign out" in answer.text


def health(site):
    answer = browser(site).get(f"{site.url}/health/?format=text", timeout=10)
    return answer.status_code, answer.text


def password_reset_asked(site, email):
    visitor = browser(site)
    page = visitor.get(f"{site.url}/accounts/password/reset/")
    fields = stacks.form_fields(page.text, "email")
    answer = visitor.post(page.url, data={**fields, "email": email}, allow_redirects=False)
    assert answer.status_code == 302, answer.text


def email_tasks(status=None):
    tasks = DBTaskResult.objects.filter(task_path="common.email.send_email")
    return tasks.filter(status=status) if status else tasks


class LightLoad:
    """A visitor and a signed-in referrer asking for a page every 0.1 s; the statuses each got, by phase. A
    request is counted in a phase only if it was sent and answered in it: one in flight as a service is
    cut off or comes back sees some of both."""

    def __init__(self, site, signed_in):
        self.site, self.signed_in, self.phase = site, signed_in, "before"
        self.statuses = Counter()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        visitor = browser(self.site)
        while not self.stopped.is_set():
            for who, session, path in (("visitor", visitor, "/"), ("referrer", self.signed_in, "/portal/")):
                phase = self.phase
                try:
                    status = session.get(
                        f"{self.site.url}{path}", timeout=10, allow_redirects=False
                    ).status_code
                except requests.RequestException as error:
                    status = type(error).__name__
                self.statuses[(phase if phase == self.phase else "changing", who, status)] += 1
            time.sleep(0.1)

    def stop(self):
        self.stopped.set()
        self.thread.join(timeout=15)

    def seen(self, phase, who):
        return {status for (at, person, status) in self.statuses if at == phase and person == who}


@contextlib.contextmanager
def outage(site, load, name, forwarder):
    """`name` is cut off (its forwarder) for the block; then it is back, and the site finds it again by
    itself: /health/ passes and the load's requests are answered. The load's phases are named after it."""
    forwarder.cut()
    load.phase = f"{name} down"
    yield
    forwarder.restore()
    load.phase = f"{name} coming back"  # requests sent while it was away may still be answered
    stacks.wait_for(lambda: health(site)[0] == 200, timeout=30, what=f"the site to find {name} again")
    load.phase = f"{name} back"
    stacks.wait_for(lambda: load.seen(f"{name} back", "referrer"), timeout=10, what=f"requests after {name}")


def test_two_app_servers_and_two_workers_behind_nginx(site, people, settings):
    documents_url = site.url + reverse("placement_requests:documents", args=[people.draft.pk])

    # Signed in through one server, carrying on through both.
    referrer, signed_in_by = sign_in(site, people.referrer, people.referrer_secret)
    assert signed_in_by in site.app_servers
    each_server(site, referrer, f"{site.url}/portal/", is_signed_in_page)

    # Nginx set the scheme and the visitor's address itself: what a visitor sends instead is not believed
    # (a page asked for over HTTPS claiming to be plain HTTP is not redirected to HTTPS).
    spoofed = referrer.get(
        f"{site.url}/portal/", headers={"X-Forwarded-Proto": "http", "X-Forwarded-For": "203.0.113.9"}
    )
    assert spoofed.status_code == 200
    assert spoofed.history == []

    # Plain HTTP is sent to HTTPS; static files come from nginx itself, a hashed name kept for a year.
    redirect = requests.get(f"{site.http_url}/portal/?page=2", allow_redirects=False, timeout=10)
    assert (redirect.status_code, redirect.headers["Location"]) == (301, f"{site.url}/portal/?page=2")
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', referrer.get(f"{site.url}/").text)
    static = referrer.get(site.url + stylesheet.group(1))
    assert static.status_code == 200
    assert static.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "X-Request-ID" not in static.headers  # never reached an app server

    # A document uploaded through one server, downloaded through the other, byte for byte.
    document_form = stacks.form_fields(referrer.get(documents_url).text, "description")
    uploaded = referrer.post(
        documents_url,
        data={**document_form, "description": "Educational psychologist's report"},
        files={"file": ("report.pdf", PDF, "application/pdf")},
        allow_redirects=False,
    )
    assert uploaded.status_code == 302, uploaded.text
    document = SupportingDocument.objects.get(request=people.draft)
    download_url = site.url + reverse("placement_requests:document", args=[people.draft.pk, document.pk])

    def is_the_document(answer):
        assert answer.status_code == 200
        assert answer.content == PDF

    downloads = each_server(site, referrer, download_url, is_the_document)
    assert {server_of(site, answer) for answer in downloads} - {server_of(site, uploaded)}

    # A stored public page, served by both servers, then the footer saved through one: both show it.
    visitor = browser(site)
    each_server(site, visitor, f"{site.url}/", lambda answer: answer.raise_for_status())
    assert visitor.get(f"{site.url}/").headers["X-Page-Cache"] == "hit"
    staff, _ = sign_in(site, people.staff, people.staff_secret)
    settings_url = (
        f"{site.url}/admin/settings/home/contactsettings/{Site.objects.get(is_default_site=True).pk}/"
    )
    footer_form = stacks.form_fields(staff.get(settings_url).text, "footer_text")
    saved = staff.post(
        settings_url,
        data={
            **footer_form,
            "address": "1 School Lane\nTown\nAB1 2CD",
            "phone": "01234 567890",
            "email": "office@stepping-stones.test",
            "footer_text": "Open again after the half-term holiday.",
        },
        allow_redirects=False,
    )
    assert saved.status_code == 302, saved.text

    def shows_the_new_footer(answer):
        assert answer.status_code == 200
        assert "Open again after the half-term holiday." in answer.text

    # Each app server's workers keep copies of the pages they served and check the shared version twice a
    # second (PAGE_CACHE_VERSION_CHECK_SECONDS): the promise is that a save reaches them all within one.
    time.sleep(1)
    each_server(site, visitor, f"{site.url}/", shows_the_new_footer)

    # An email queued once is sent once by two workers.
    password_reset_asked(site, people.referrer.email)
    stacks.wait_for(lambda: email_tasks(TaskResultStatus.SUCCESSFUL).exists(), timeout=30, what="the email")
    assert len(site.mail.to(people.referrer.email)) == 1
    assert email_tasks().count() == 1

    # A worker killed while sending an email: the task stays marked running until the regular job puts
    # it back, and then it is sent once.
    site.mail.holding.set()
    password_reset_asked(site, people.head.email)
    assert site.mail.arrived.wait(timeout=30), "no worker started sending the email"
    running = email_tasks(TaskResultStatus.RUNNING).get()
    [killed] = running.worker_ids
    site.workers[killed].kill()
    site.mail.holding.clear()
    site.mail.release.set()
    stacks.wait_for(
        lambda: site.mail.abandoned == 1, timeout=10, what="the killed worker's email to be dropped"
    )
    running.refresh_from_db()
    assert running.status == TaskResultStatus.RUNNING
    assert site.mail.to(people.head.email) == []

    settings.TASK_STALLED_AFTER_SECONDS = 0
    call_command("requeue_stalled_tasks")
    stacks.wait_for(
        lambda: email_tasks(TaskResultStatus.SUCCESSFUL).filter(pk=running.pk).exists(),
        timeout=30,
        what="the email put back in the queue to be sent",
    )
    assert len(site.mail.to(people.head.email)) == 1
    running.refresh_from_db()
    assert running.worker_ids[0] == killed
    assert len(running.worker_ids) == 2

    # Redis cut off under a light load: pages are still served; /health/ names the cache; it recovers.
    load = LightLoad(site, referrer)
    stacks.wait_for(lambda: load.seen("before", "referrer"), timeout=10, what="the load to start")
    with outage(site, load, "redis", site.redis):
        status, report = health(site)
        assert status == 503
        assert report.startswith("failing: cache\n")
        assert "\ndatabase: ok\n" in report
        # Each process trusts what it copied from the cache for PAGE_CACHE_VERSION_CHECK_SECONDS after it
        # last reached it: within that, a visitor is still given the page from those copies. After it, a
        # public page (Wagtail reads the sites' root paths from the cache) is the clear 503 page.
        time.sleep(1)
        unavailable = visitor.get(f"{site.url}/")
        assert unavailable.status_code == 503
        assert "Sorry, the service is unavailable" in unavailable.text
        time.sleep(1)  # a few requests of the load, while Redis is away

    # PostgreSQL cut off: a clear 503 page, nothing half saved, /health/ names it; it recovers.
    with outage(site, load, "postgresql", site.pg):
        status, report = health(site)
        assert status == 503
        assert report.startswith("failing: database, migrations, task_queue\n")
        assert "\ndatabase: failing\n" in report
        assert "\ncache: ok\n" in report
        unavailable = referrer.get(f"{site.url}/portal/")
        assert unavailable.status_code == 503
        assert "Sorry, the service is unavailable" in unavailable.text
        assert "Traceback" not in unavailable.text
        refused = referrer.post(
            documents_url,
            data={**document_form, "description": "Sent while the database was away"},
            files={"file": ("late.pdf", PDF, "application/pdf")},
        )
        assert refused.status_code == 503
    load.stop()

    assert SupportingDocument.objects.filter(request=people.draft).count() == 1
    assert load.seen("before", "visitor") | load.seen("before", "referrer") == {200}
    # Without Redis, a signed-in referrer carries on (sessions are in the database); a visitor's public
    # page is the 503 page, Wagtail reading the site's root paths from the cache, unless the app server's
    # own copy of the stored page is still within its check interval. Without PostgreSQL, it is the other
    # way round: public pages are served from the stored pages in Redis, the portal is the 503.
    assert 503 in load.seen("redis down", "visitor") <= {200, 503}
    assert load.seen("redis down", "referrer") == {200}
    assert load.seen("postgresql down", "visitor") == {200}
    assert load.seen("postgresql down", "referrer") == {503}
    # (The load asks as the visitor, then as the referrer: a referrer's request seen since means a visitor's.)
    assert load.seen("redis back", "referrer") | load.seen("postgresql back", "referrer") == {200}
    assert load.seen("redis back", "visitor") | load.seen("postgresql back", "visitor") <= {200}
    # The workers died with the database and were started again (systemd's Restart=always): the next
    # email is sent.
    password_reset_asked(site, people.referrer.email)
    stacks.wait_for(lambda: len(site.mail.to(people.referrer.email)) == 2, timeout=60, what="a later email")
