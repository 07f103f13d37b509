"""Whole public pages kept in the shared cache for visitors who are not signed in.

wagtail-cache (3.0, the latest release) requires Wagtail below 8, so this uses Django's cache framework
directly. What it keeps, and for whom:

- Only responses a view marks public (`public_page`, `mark_public`: every Wagtail page, the sitemap,
  robots.txt and the panel's calendar feed), and only a 200 to a GET with no cookie but the CSRF
  cookie, no Authorization header and no query string beyond tracking tags. A signed-in visitor has a
  session cookie, so is never served a stored page and never has a page stored.
- Never a response that sets a cookie (a new CSRF token, a message read), that used the request's CSP
  nonce or CSRF token, or that says private or no-cache: those are personal.
- A stored page lives until the end of the day it was made (pages list "upcoming" meetings and "this
  year's" prices), and until anything it shows is saved: `purge()` runs on each such save (see
  `purge_when_saved` and the receivers each app connects in its `ready()`).

Purging swaps a version token that every entry records; an entry made under another token is ignored.
The token is read before the page is rendered, so a page rendered from data that changed meanwhile is
stored under the old token and never served.

Each process also keeps copies of the entries it read or stored (`ProcessCopies`) and the version token,
which it reads from the shared cache again once it is `PAGE_CACHE_VERSION_CHECK_SECONDS` old: a stored
page is then served with no round trip to Redis, which cost more than everything else a hit does, and a
purge in any process reaches every other within that time (half a second).

Two parts share the work. `PublicPageCacheMiddleware`, the outermost middleware, stores a page as it
leaves Django, with every header the middleware added. `StoredPublicPages` wraps the WSGI application
and answers a request for a stored page before Django handles the request at all: Django's request
handling and middleware cost more than the lookup. The middleware also serves stored pages, for
requests that do not come through the wrapper (the test client).
"""

import datetime
import functools
import hashlib
import io
import logging
import math
import pickle
import threading
import time
import uuid
from collections import OrderedDict
from functools import wraps
from http import HTTPStatus
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers, set_response_etag
from django.utils.http import parse_etags
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

KEY_PREFIX = "public-page"
VERSION_KEY = f"{KEY_PREFIX}:version"
# Says whether a response came from the cache ("hit"), was stored ("miss") or is not kept ("pass").
STATUS_HEADER = "X-Page-Cache"
# Newsletters and social sites add these to links; they change nothing on the page.
TRACKING_PARAMETERS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")
PERSONAL_CACHE_CONTROL = ("private", "no-cache", "no-store")
DEFAULT_PORTS = {"http": "80", "https": "443"}
# What a "304 Not Modified" repeats of the stored page's headers (RFC 9110, 15.4.5).
NOT_MODIFIED_HEADERS = ("Cache-Control", "ETag", "Vary", STATUS_HEADER)
# The cache only saves work: when it cannot be reached, pages are rendered every time and nothing is
# stored, but every page is still served. (A purge still fails loudly: see `purge`.)
CACHE_UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# Where the request's lookup is kept, so the wrapper and the middleware look a request up once.
LOOKUP_VARIABLE = "page_cache.lookup"


def mark_public(response):
    """Say that `response` is the same for every visitor who is not signed in, so it may be stored."""
    response.is_public_page = True
    return response


def public_page(view):
    """Decorate a view whose responses are the same for every visitor who is not signed in."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return mark_public(view(request, *args, **kwargs))

    return wrapped


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def purge():
    """Drop every stored page now, and again when the current transaction commits.

    The second time drops a page that another request rendered from the old rows meanwhile. If the
    cache cannot be reached this fails, and with it the save that called it: a save whose pages could
    not be dropped would leave them stale once the cache is back.
    """
    _new_version()
    transaction.on_commit(_new_version)


def _new_version():
    version = uuid.uuid4().hex
    _cache().set(VERSION_KEY, version, None)
    process_copies.note_version(version)


def remember(name, compute):
    """What `compute()` returns, kept in the shared cache under `name` until the next purge: for data that
    every page shows and that only a purging save can change, such as the main menu. Computed from rows
    that changed meanwhile, it is stored under the old version, like a page, and never served."""
    key = f"{KEY_PREFIX}:remembered-pickled:{name}"  # never an older release's unpickled entry
    try:
        version, entry = _read(key)
    except CACHE_UNREACHABLE:
        logger.warning("The page cache cannot be reached: %s is computed without it.", name)
        return compute()
    if entry is not None:
        # Kept pickled, in this process too: each request gets objects of its own to change.
        return pickle.loads(entry["pickled"])  # noqa: S301 (what this site stored, as Django's Redis cache reads)
    value = compute()
    _store(key, {"version": version, "pickled": pickle.dumps(value)}, settings.PAGE_CACHE_SECONDS)
    return value


def _store(key, entry, seconds):
    """Store `entry` in the shared cache, and a copy in this process; say whether the cache could be
    reached to do it."""
    try:
        _cache().set(key, entry, seconds)
    except CACHE_UNREACHABLE:
        logger.warning("The page cache cannot be reached: %s is not stored.", key)
        return False
    process_copies.put(key, entry)
    return True


class ProcessCopies:
    """What one process keeps in front of the shared cache: the version token, trusted for
    `PAGE_CACHE_VERSION_CHECK_SECONDS` after it was read, and copies of the entries it read or stored,
    each served only under the version it was made with, up to `PAGE_CACHE_PROCESS_BYTES` of pages (the
    least recently used go first). Threads share it (runserver, the tests' live server)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._version = None
        self._version_read_at = -math.inf
        self._entries = OrderedDict()  # key -> (entry, its size in bytes)
        self._bytes = 0

    def version(self):
        """The version token, or None when it was read too long ago to be trusted."""
        version, read_at = self._version, self._version_read_at
        if time.monotonic() - read_at < settings.PAGE_CACHE_VERSION_CHECK_SECONDS:
            return version
        return None

    def note_version(self, version):
        self._version, self._version_read_at = version, time.monotonic()

    def get(self, key, version):
        with self._lock:
            found = self._entries.get(key)
            if found is None or found[0]["version"] != version:
                return None
            self._entries.move_to_end(key)
            return found[0]

    def put(self, key, entry):
        # A page's weight is its content's (or a remembered value's pickle); the rest is small.
        size = sum(len(value) for value in entry.values() if isinstance(value, bytes))
        with self._lock:
            _old_entry, old_size = self._entries.pop(key, (None, 0))
            self._bytes -= old_size
            if size > settings.PAGE_CACHE_PROCESS_BYTES:
                return
            self._entries[key] = (entry, size)
            self._bytes += size
            while self._bytes > settings.PAGE_CACHE_PROCESS_BYTES:
                _key, (_entry, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped


process_copies = ProcessCopies()


def _read(key):
    """(version, entry) for `key`, the entry None unless it was made under the current version: from this
    process's copies while its version token is recent, otherwise from the shared cache (which refreshes
    the token) in one round trip."""
    version = process_copies.version()
    if version is not None:
        entry = process_copies.get(key, version)
        if entry is not None:
            return version, entry
    version, entry = _version_and_entry(_cache(), key)
    process_copies.note_version(version)
    if entry is None or entry["version"] != version:
        return version, None
    process_copies.put(key, entry)
    return version, entry


def _purge_receiver(sender, **kwargs):
    purge()


def purge_when_saved(*models):
    """Purge the stored pages whenever an instance of one of `models`, or its many-to-many links, change."""
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(_purge_receiver, sender=model, dispatch_uid=f"page-cache-{model._meta.label}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                _purge_receiver,
                sender=field.remote_field.through,
                dispatch_uid=f"page-cache-{model._meta.label}-{field.name}",
            )


def _seconds_until_tomorrow(now):
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    midnight = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))
    return max(1, int(midnight.timestamp() - now.timestamp()))


def _cache_key(environ):
    """The key for this request's page, or None when the request may see something personal, asks for
    a file or for the health check."""
    if environ["REQUEST_METHOD"] not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in environ:
        return None
    # Files are served by other means; the health check must not wait on a cache that is down.
    if environ.get("PATH_INFO", "").startswith(
        (settings.STATIC_URL, settings.MEDIA_URL, settings.HEALTH_CHECK_PATH)
    ):
        return None
    if any(name != settings.CSRF_COOKIE_NAME for name in parse_cookie(environ.get("HTTP_COOKIE", ""))):
        return None
    query = environ.get("QUERY_STRING")
    if query and any(
        not name.startswith(TRACKING_PARAMETERS) for name, _value in parse_qsl(query, keep_blank_values=True)
    ):
        return None
    # Only these say where the request went (host, port, scheme and path, as Django reads them).
    return _key_of_address(
        tuple(
            (name, value)
            for name, value in environ.items()
            if name in ADDRESS_VARIABLES or name.startswith("HTTP_X_FORWARDED_")
        )
    )


# What Django's request reads for its host, port, scheme and path, besides the proxy's X-Forwarded-*.
ADDRESS_VARIABLES = frozenset(
    (
        "HTTP_HOST",
        "SERVER_NAME",
        "SERVER_PORT",
        "wsgi.url_scheme",
        "SCRIPT_NAME",
        "SCRIPT_URL",
        "REDIRECT_URL",
        "PATH_INFO",
    )
)


@functools.lru_cache(maxsize=1024)
def _key_of_address(address_variables):
    """The key of the page at the address these (name, value) pairs of the environ give, or None: kept
    for the next request to the same address, as building a request to read it costs more than the rest
    of serving a stored page. Forgotten when a setting changes (the tests change ALLOWED_HOSTS)."""
    address = _page_address({"REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO(), **dict(address_variables)})
    if address is None:
        return None
    return f"{KEY_PREFIX}:{hashlib.sha256(address.encode()).hexdigest()}"


setting_changed.connect(lambda **kwargs: _key_of_address.cache_clear(), weak=False)


def _page_address(environ):
    """The page's own address as Django builds it (links and the calendar feed's address come from it),
    or None when the request may not be stored under one.

    The host is the one Django checks against ALLOWED_HOSTS, read with the settings' trust in the proxy's
    headers, so a header Django ignores (X-Forwarded-Host, X-Forwarded-Port) makes no new copy, and a
    host that is not allowed is never looked up or stored. No port and the scheme's default port are one
    address; any other port but the one the server listens on is not stored, since the Host header's
    port is the visitor's to choose and every one would be a copy.
    """
    request = WSGIRequest(environ)
    try:
        domain, port = split_domain_port(request.get_host())
    except DisallowedHost:
        return None
    scheme = request.scheme
    if port == DEFAULT_PORTS.get(scheme):
        port = ""
    if port and port != request.get_port():
        return None
    return f"{scheme}://{domain}{':' if port else ''}{port}{request.path}"


def _look_up(environ):
    """(key, version, entry) for this request, or None when it is never served from the cache.

    Looked up once per request. The environ keeps the key and the version for the middleware, without
    the entry: a request the wrapper hands on had no entry worth serving, and the environ, which error
    reports print, should not carry a whole page.
    """
    if LOOKUP_VARIABLE in environ:
        return environ[LOOKUP_VARIABLE]
    key = _cache_key(environ)
    if key is None:
        environ[LOOKUP_VARIABLE] = None
        return None
    try:
        version, entry = _read(key)
    except CACHE_UNREACHABLE:
        logger.warning("The page cache cannot be reached: %s is rendered without it.", environ["PATH_INFO"])
        environ[LOOKUP_VARIABLE] = None
        return None
    environ[LOOKUP_VARIABLE] = (key, version, None)
    return key, version, entry


def _stored_page(environ, now):
    """(status, headers, content) of the stored page that answers this request, or None.

    A browser that still holds the page (its If-None-Match names the stored ETag) is answered "304 Not
    Modified" with no content: a phone that comes back after a minute downloads nothing again.
    """
    lookup = _look_up(environ)
    if lookup is None:
        return None
    _key, _version, entry = lookup
    if entry is None or entry["day"] != timezone.localdate(now).isoformat():
        return None
    headers = {**entry["headers"], "Cache-Control": PUBLIC_CACHE_CONTROL, STATUS_HEADER: "hit"}
    if _browser_holds(environ, headers.get("ETag")):
        repeated = {name: headers[name] for name in NOT_MODIFIED_HEADERS if name in headers}
        return HTTPStatus.NOT_MODIFIED.value, repeated, b""
    return entry["status"], headers, entry["content"]


def _browser_holds(environ, etag):
    held = parse_etags(environ.get("HTTP_IF_NONE_MATCH", ""))
    if not etag or not held:
        return False
    # Compared weakly, as RFC 9110 asks for If-None-Match.
    return "*" in held or etag.removeprefix("W/") in (tag.removeprefix("W/") for tag in held)


def _version_and_entry(cache, key):
    """The current version token and the entry stored under `key` (or None), in one round trip."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:  # never set, or evicted: start a version, which no entry has
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        return cache.get(VERSION_KEY), None
    return version, found.get(key)


def _is_storable(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        request.method == "GET"
        and getattr(response, "is_public_page", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in PERSONAL_CACHE_CONTROL)
        # A nonce or a CSRF token written into the page belongs to one response.
        and not getattr(request, "_csp_nonce", None)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


# A browser keeps the page but asks again each time: the stored page's ETag makes the answer a small "304
# Not Modified" until a save purges it, so staff never see an old price after saving. Only the shared
# store here, which the purge reaches, keeps a page for longer; a CDN, which it does not, is told the same
# as a browser.
PUBLIC_CACHE_CONTROL = "public, max-age=0, must-revalidate"


class PublicPageCacheMiddleware:
    """Serve and store public pages for anonymous visitors. Place it first, so that a stored page
    carries every header the other middleware add (security headers, its CSP without a nonce, framing).

    Every response that is not stored and sets no Cache-Control of its own is marked private and not to
    be kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = timezone.now()
        stored = _stored_page(request.META, now)
        if stored is not None:
            status, headers, content = stored
            return HttpResponse(content, status=status, headers=headers)
        lookup = _look_up(request.META)
        response = self.get_response(request)
        if lookup is None or not _is_storable(request, response):
            return self._not_stored(response)
        key, version, _entry = lookup
        # A visitor who signs in sends a session cookie, which makes a different request for Vary.
        patch_vary_headers(response, ["Cookie"])
        response["Cache-Control"] = PUBLIC_CACHE_CONTROL
        set_response_etag(response)
        entry = {
            "version": version,
            "day": timezone.localdate(now).isoformat(),
            "status": response.status_code,
            "headers": dict(response.items()),
            "content": response.content,
        }
        stored = _store(key, entry, min(settings.PAGE_CACHE_SECONDS, _seconds_until_tomorrow(now)))
        # Not stored, the page is still the same for every visitor, so its public Cache-Control stays.
        response[STATUS_HEADER] = "miss" if stored else "pass"
        return response

    @staticmethod
    def _not_stored(response):
        if "Cache-Control" not in response:
            add_never_cache_headers(response)
        response[STATUS_HEADER] = "pass"
        return response


class StoredPublicPages:
    """Wrap a WSGI application: answer a request for a stored public page without calling it."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        stored = _stored_page(environ, timezone.now())
        if stored is None:
            return self.application(environ, start_response)
        status, headers, content = stored
        start_response(f"{status} {HTTPStatus(status).phrase}", list(headers.items()))
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [content]
