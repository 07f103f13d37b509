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
"""

import datetime
import hashlib
import uuid
from functools import wraps
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers

KEY_PREFIX = "public-page"
VERSION_KEY = f"{KEY_PREFIX}:version"
# Says whether a response came from the cache ("hit"), was stored ("miss") or is not kept ("pass").
STATUS_HEADER = "X-Page-Cache"
# Newsletters and social sites add these to links; they change nothing on the page.
TRACKING_PARAMETERS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")
PERSONAL_CACHE_CONTROL = ("private", "no-cache", "no-store")


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

    The second time drops a page that another request rendered from the old rows meanwhile.
    """
    _new_version()
    transaction.on_commit(_new_version)


def _new_version():
    _cache().set(VERSION_KEY, uuid.uuid4().hex, None)


def remember(name, compute):
    """What `compute()` returns, kept in the shared cache under `name` until the next purge: for data that
    every page shows and that only a purging save can change, such as the main menu. Computed from rows
    that changed meanwhile, it is stored under the old version, like a page, and never served."""
    cache = _cache()
    key = f"{KEY_PREFIX}:remembered:{name}"
    version, entry = _version_and_entry(cache, key)
    if entry is not None and entry["version"] == version:
        return entry["value"]
    value = compute()
    cache.set(key, {"version": version, "value": value}, settings.PAGE_CACHE_SECONDS)
    return value


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


def _cache_key(request):
    """The key for this request's page, or None when the request may see something personal."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return None
    if any(name != settings.CSRF_COOKIE_NAME for name in request.COOKIES):
        return None
    parameters = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    if any(not name.startswith(TRACKING_PARAMETERS) for name, _value in parameters):
        return None
    # The host is part of the page: links and the calendar feed's address are built from it.
    url = f"{request.scheme}://{request.get_host()}{request.path}"
    return f"{KEY_PREFIX}:{hashlib.sha256(url.encode()).hexdigest()}"


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


def _public_cache_control(now):
    # Browsers and a CDN may keep the page briefly, never past the end of the day.
    return f"public, max-age={min(settings.PAGE_CACHE_BROWSER_SECONDS, _seconds_until_tomorrow(now))}"


class PublicPageCacheMiddleware:
    """Serve and store public pages for anonymous visitors. Place it before SessionMiddleware.

    A stored page carries the headers the inner middleware added (its CSP without a nonce, framing);
    the outer ones (security headers) apply to every response, stored or not. Every response that is
    not stored and sets no Cache-Control of its own is marked private and not to be kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _cache_key(request)
        if key is None:
            return self._not_stored(self.get_response(request))
        cache = _cache()
        version, entry = _version_and_entry(cache, key)
        now = timezone.now()
        today = timezone.localdate(now).isoformat()
        if entry is not None and entry["version"] == version and entry["day"] == today:
            response = HttpResponse(entry["content"], status=entry["status"], headers=entry["headers"])
            response["Cache-Control"] = _public_cache_control(now)
            response[STATUS_HEADER] = "hit"
            return response

        response = self.get_response(request)
        if not _is_storable(request, response):
            return self._not_stored(response)
        # A visitor who signs in sends a session cookie, which makes a different request for Vary.
        patch_vary_headers(response, ["Cookie"])
        response["Cache-Control"] = _public_cache_control(now)
        entry = {
            "version": version,
            "day": today,
            "status": response.status_code,
            "headers": dict(response.items()),
            "content": response.content,
        }
        cache.set(key, entry, min(settings.PAGE_CACHE_SECONDS, _seconds_until_tomorrow(now)))
        response[STATUS_HEADER] = "miss"
        return response

    @staticmethod
    def _not_stored(response):
        if "Cache-Control" not in response:
            add_never_cache_headers(response)
        response[STATUS_HEADER] = "pass"
        return response
