"""The site as it runs in production, on this machine: Debian's nginx with deploy/nginx/stepping-stones.conf
over HTTPS, gunicorn app servers and task workers with production settings, reaching PostgreSQL and Redis
through forwarders the caller can cut, a local S3 server and a mail server that records what it is sent.
Used by the stack test (tests/deploy/test_stack.py) and the stack benchmark (benchmarks/stack.py).

Nothing here touches the shared PostgreSQL or Redis themselves: an outage is a `Forwarder` cut.
"""

import contextlib
import datetime
import html.parser
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from deploy.nginx.render import render

PROJECT = Path(__file__).resolve().parent.parent.parent
NGINX = Path("/usr/sbin/nginx")
STATIC_ROOT = PROJECT / "staticfiles"
MANIFEST = STATIC_ROOT / "staticfiles.json"
START_TIMEOUT = 90  # seconds: a loaded CI machine takes a while to import Django in four processes
# Seconds a process has to exit after SIGTERM before it is killed: nothing the stack leaves behind needs
# a graceful stop (gunicorn's graceful timeout, a worker's task in hand), and waiting for one is slow.
STOP_TIMEOUT = 3


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers_health(address):
    """The app server at `address` (host:port) answers its /health/ with 200, asked directly."""
    try:
        with urllib.request.urlopen(f"http://{address}/health/", timeout=15) as answer:
            return answer.status == 200
    except OSError:  # not listening yet, still loading the site, or failing (HTTPError is an OSError)
        return False


def wait_for(condition, *, timeout, what):
    """Poll `condition` until it returns something true, and return that; fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Gave up waiting {timeout} s for {what}.")
        time.sleep(0.1)


# Forwarding ---------------------------------------------------------------------------------------------


class Forwarder:
    """A TCP port on 127.0.0.1 passing each connection on to `target` (host, port), until `cut()`: then
    every connection through it is closed and new ones are refused, as when a server stops, until
    `restore()` listens again on the same port."""

    def __init__(self, target):
        self.target = target
        self.port = free_port()
        self.lock = threading.Lock()
        self.sockets = set()
        self.listener = None
        self.restore()

    def restore(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self):
        with self.lock:
            listener, self.listener = self.listener, None
            doomed, self.sockets = self.sockets, set()
        listener.close()
        for sock in doomed:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def close(self):
        if self.listener is not None:
            self.cut()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self.lock:
                if self.listener is not listener:
                    client.close()
                    server.close()
                    return
                self.sockets |= {client, server}
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


# Mail ---------------------------------------------------------------------------------------------------


class MailSink:
    """An SMTP server on 127.0.0.1 that keeps each message it accepts (`messages`: (recipients, text)).
    While `holding` is set, it waits before accepting a message (before its "250" to the data): the
    sender is then in the middle of sending; a message whose sender has gone when it is let go was never
    accepted, and is not kept (`abandoned` counts them). `arrived` is set when a message is held."""

    def __init__(self):
        self.messages = []
        self.abandoned = 0
        self.holding = threading.Event()
        self.arrived = threading.Event()
        self.release = threading.Event()
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def to(self, address):
        return [text for recipients, text in self.messages if address in recipients]

    def close(self):
        self.release.set()
        self.listener.close()

    def _accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._session, args=(connection,), daemon=True).start()

    def _session(self, connection):
        with connection, connection.makefile("rb") as lines:

            def reply(text):
                connection.sendall(f"{text}\r\n".encode())

            reply("220 stack-test ESMTP")
            recipients = []
            for line in lines:
                command = line.decode(errors="replace").strip()
                verb = command.split(" ", 1)[0].upper()
                if verb in ("EHLO", "HELO"):
                    reply("250 stack-test")
                elif verb == "MAIL":
                    recipients = []
                    reply("250 OK")
                elif verb == "RCPT":
                    recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                    reply("250 OK")
                elif verb == "DATA":
                    reply("354 End data with <CR><LF>.<CR><LF>")
                    text = self._data(lines)
                    if self.holding.is_set() and not self._held_until_released(connection):
                        self.abandoned += 1
                        return
                    self.messages.append((recipients, text))
                    reply("250 OK: queued")
                elif verb == "QUIT":
                    reply("221 Bye")
                    return
                else:  # RSET, NOOP
                    reply("250 OK")

    @staticmethod
    def _data(lines):
        text = []
        for line in lines:
            if line in (b".\r\n", b".\n"):
                break
            text.append(line.decode(errors="replace"))
        return "".join(text)

    def _held_until_released(self, connection):
        """Whether the sender is still there once the message is let go."""
        self.arrived.set()
        self.release.wait()
        connection.setblocking(False)
        try:
            return connection.recv(1, socket.MSG_PEEK) != b""
        except BlockingIOError:
            return True  # connected, nothing sent: waiting for our answer
        except OSError:
            return False
        finally:
            connection.setblocking(True)


# TLS ----------------------------------------------------------------------------------------------------


def self_signed_certificate(directory):
    """A certificate for localhost and its key, PEM files in `directory`; their paths."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = Path(directory) / "cert.pem", Path(directory) / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


# Static files -------------------------------------------------------------------------------------------


def static_files_collected(env):
    """Run `collectstatic` (14 s of CPU) unless STATIC_ROOT's manifest is newer than every file under
    static/ and than the last install of the packages (whose static files are collected too)."""
    sources = [path.stat().st_mtime for path in (PROJECT / "static").rglob("*") if path.is_file()]
    installed = PROJECT / ".venv" / ".installed"
    if installed.exists():
        sources.append(installed.stat().st_mtime)
    if MANIFEST.exists() and MANIFEST.stat().st_mtime > max(sources):
        return
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=PROJECT, env=env, check=True
    )


# Processes ----------------------------------------------------------------------------------------------


class Process:
    """A child process whose output goes to a log file; started again if it exits while `supervised`,
    as systemd's Restart= does for the units in deploy/systemd/."""

    def __init__(self, name, command, *, env, log_dir, supervised=False):
        self.name, self.command, self.env = name, command, env
        self.log_path = Path(log_dir) / f"{name}.log"
        self.supervised = supervised
        self.restarts = 0
        self.stopping = False
        self.popen = self._start()
        if supervised:
            threading.Thread(target=self._supervise, daemon=True).start()

    def _start(self):
        log = self.log_path.open("ab")
        # A session of its own: stopping it reaches its children too (gunicorn's workers, nginx's).
        return subprocess.Popen(  # noqa: S603 (commands built here from fixed parts)
            self.command,
            cwd=PROJECT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def _supervise(self):
        while not self.stopping:
            if self.popen.poll() is not None and not self.stopping:
                time.sleep(1)  # RestartSec
                if not self.stopping:
                    self.restarts += 1
                    self.popen = self._start()
            time.sleep(0.2)

    @property
    def pid(self):
        return self.popen.pid

    def kill(self):
        """SIGKILL, as the kernel's out-of-memory killer or a lost server would."""
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait()

    def terminate(self):
        """SIGTERM, and no restart; `stop_all` waits for it."""
        self.stopping = True
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGTERM)

    def wait_or_kill(self, deadline):
        """Wait for it to exit until `deadline` (time.monotonic()), then SIGKILL what is left."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=max(0, deadline - time.monotonic()))
        with contextlib.suppress(ProcessLookupError):  # what is left of its session: workers too
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait()

    def log_tail(self, characters=3000):
        return self.log_path.read_text(errors="replace")[-characters:] if self.log_path.exists() else ""


def stop_all(processes):
    """SIGTERM to every process at once, then SIGKILL to whatever is left of each after STOP_TIMEOUT."""
    for process in processes:
        process.terminate()
    deadline = time.monotonic() + STOP_TIMEOUT
    for process in processes:
        process.wait_or_kill(deadline)


def production_environment(*, database_url, redis_url, cache_prefix, mail_port, https_port, s3=None):
    """The environment of every process of the stack: production settings, with these services."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": "stack-test-secret-key-not-for-production-0123456789",
            "DJANGO_ALLOWED_HOSTS": "localhost",
            "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://localhost:{https_port}",
            "WAGTAILADMIN_BASE_URL": f"https://localhost:{https_port}",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "DJANGO_CACHE_KEY_PREFIX": cache_prefix,
            "DJANGO_EMAIL_HOST": "127.0.0.1",
            "DJANGO_EMAIL_PORT": str(mail_port),
            "DJANGO_EMAIL_USE_TLS": "false",
            "DJANGO_EMAIL_TIMEOUT": "5",
            "STRIPE_SECRET_KEY": "sk_test_stack",
            "STRIPE_PUBLISHABLE_KEY": "pk_test_stack",
            "STRIPE_WEBHOOK_SECRET": "whsec_stack",
            "DJANGO_LOG_LEVEL": "INFO",
        }
    )
    if s3:
        env.update(
            {
                "S3_MEDIA_BUCKET": s3["media_bucket"],
                "S3_PRIVATE_BUCKET": s3["private_bucket"],
                "S3_ENDPOINT_URL": s3["endpoint_url"],
                "S3_REGION": s3["region_name"],
                "S3_ACCESS_KEY_ID": s3["access_key"],
                "S3_SECRET_ACCESS_KEY": s3["secret_key"],
            }
        )
    return env


def app_server(name, port, *, env, log_dir, workers=2):
    """A gunicorn app server as deploy/systemd/stepping-stones-web@.service starts it: config/gunicorn.py's
    settings, its address and number of workers from the environment."""
    return Process(
        name,
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py"],
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)},
        log_dir=log_dir,
    )


def task_worker(name, *, env, log_dir):
    """A task worker as deploy/systemd/stepping-stones-worker@.service starts it (and restarts it)."""
    return Process(
        name,
        [
            sys.executable,
            "manage.py",
            "db_worker",
            f"--worker-id={name}",
            "--interval=0.2",
            "--no-startup-delay",
        ],
        env=env,
        log_dir=log_dir,
        supervised=True,
    )


def nginx(directory, *, app_ports, certificate, key):
    """Debian's nginx with the site's configuration, rendered for these ports and this certificate, in
    the main configuration Debian's /etc/nginx/nginx.conf would be; (process, HTTPS port, HTTP port)."""
    directory = Path(directory)
    (directory / "logs").mkdir(exist_ok=True)
    (directory / "temp").mkdir(exist_ok=True)
    https_port, http_port = free_port(), free_port()
    site = directory / "stepping-stones.conf"
    site.write_text(
        render(
            {
                "SERVER_NAME": "localhost",
                "APP_SERVERS": " ".join(f"127.0.0.1:{port}" for port in app_ports),
                "TLS_CERTIFICATE": str(certificate),
                "TLS_CERTIFICATE_KEY": str(key),
                "STATIC_ROOT": str(STATIC_ROOT),
                "HTTP_PORT": str(http_port),
                "HTTPS_PORT": str(https_port),
                "LOG_DIR": str(directory / "logs"),
            }
        )
    )
    temp = directory / "temp"
    main = directory / "nginx.conf"
    # Started as root (CI), nginx's workers would run as nobody, who cannot enter the test's directory.
    user = "user root;\n" if os.geteuid() == 0 else ""
    main.write_text(
        f"""daemon off;
{user}pid {directory / "nginx.pid"};
error_log {directory / "logs" / "error.log"} warn;
worker_processes 1;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {site};
}}
"""
    )
    process = Process("nginx", [str(NGINX), "-c", str(main), "-p", str(directory)], env={}, log_dir=directory)
    return process, https_port, http_port


def answered_by(access_log, request_id):
    """The app server (host:port) that answered the request with this id, from nginx's access log (which
    nginx writes once it has sent the last byte, a moment after the client may have read it)."""

    def logged():
        for line in Path(access_log).read_text().splitlines():
            if line.endswith(f"id={request_id}"):
                return re.search(r" (127\.0\.0\.1:\d+) ", line).group(1)
        return None

    return wait_for(logged, timeout=10, what=f"request {request_id} in nginx's access log")


# Forms --------------------------------------------------------------------------------------------------


class _FormFields(html.parser.HTMLParser):
    """The fields a browser would send from the form holding `marker` (a field's name): inputs, checked
    boxes, text areas and selected options, as name: value."""

    def __init__(self, marker):
        super().__init__()
        self.marker, self.forms, self.current, self.textarea, self.select = marker, [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = {"action": attrs.get("action", ""), "fields": {}}
            self.forms.append(self.current)
        elif self.current is None or ("name" not in attrs and tag != "option"):
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file", "image"):
                self.current["fields"][attrs["name"]] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.current["fields"][self.textarea] = ""
        elif tag == "select":
            self.select = attrs["name"]
            self.current["fields"].setdefault(self.select, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.current["fields"][self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea and self.current is not None:
            self.current["fields"][self.textarea] += data


def form_fields(page, marker):
    parser = _FormFields(marker)
    parser.feed(page)
    form = next(form for form in parser.forms if marker in form["fields"])
    # A text area's content starts after the line break that follows its tag, which browsers drop.
    return {name: value.removeprefix("\n") for name, value in form["fields"].items()}
