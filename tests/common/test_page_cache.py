"""The anonymous page cache: who is served a stored page, what is never stored, and the headers."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from common import page_cache
from common.page_cache import STATUS_HEADER
from home.models import ContactSettings, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def contact_settings(home_page):
    """Made before the first visit: Wagtail creates a missing setting as a page reads it, which purges."""
    return ContactSettings.objects.create(
        site=home_page.get_site(), phone="01234 567890", email="office@x.test"
    )


LONDON = ZoneInfo("Europe/London")


def change_title_without_purging(page, title):
    """Change the stored row directly (no publish signal), so only a cache miss can show the new title."""
    StandardPage.objects.filter(pk=page.pk).update(title=title)


def test_second_anonymous_visit_is_served_from_the_cache_without_queries(
    client, local_offer, django_assert_num_queries
):
    first = client.get("/parents/")
    change_title_without_purging(local_offer, "Changed behind the cache")

    with django_assert_num_queries(0):
        second = client.get("/parents/")

    assert first[STATUS_HEADER] == "miss"
    assert second[STATUS_HEADER] == "hit"
    assert second.content == first.content
    assert b"Parents and carers" in second.content


def test_stored_page_keeps_the_security_headers(client, local_offer):
    client.get("/parents/")

    response = client.get("/parents/")

    assert response[STATUS_HEADER] == "hit"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "nonce-" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_browsers_ask_again_every_time_so_a_saved_price_shows_at_once(client, local_offer):
    for status in ("miss", "hit"):
        response = client.get("/parents/")
        assert response[STATUS_HEADER] == status
        assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
        assert "Cookie" in response["Vary"]


def test_asking_again_after_a_save_gets_the_new_page_not_a_304(client, local_offer):
    first = client.get("/parents/")
    assert client.get("/parents/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    local_offer.intro = "New opening hours for the advice line."
    local_offer.save_revision().publish()
    again = client.get("/parents/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert b"New opening hours" in again.content


def test_signed_in_visitor_is_never_served_the_anonymous_copy(client, local_offer, staff_user):
    anonymous = client.get("/parents/")
    client.force_login(staff_user)

    signed_in = client.get("/parents/")

    assert anonymous[STATUS_HEADER] == "miss"
    assert b"Sign in" in anonymous.content
    assert signed_in[STATUS_HEADER] == "pass"
    assert b"Your account" in signed_in.content
    assert b"Sign in</a>" not in signed_in.content
    assert "private" in signed_in["Cache-Control"]
    assert "no-store" in signed_in["Cache-Control"]


def test_anonymous_visitor_is_never_served_a_signed_in_copy(client, local_offer, staff_user):
    signed_in = Client()
    signed_in.force_login(staff_user)
    assert b"Your account" in signed_in.get("/parents/").content

    anonymous = client.get("/parents/")

    assert anonymous[STATUS_HEADER] == "miss"
    assert b"Your account" not in anonymous.content
    assert b"csrfmiddlewaretoken" not in anonymous.content


def test_visitor_with_a_session_cookie_bypasses_the_cache(client, local_offer):
    client.get("/parents/")
    client.cookies["sessionid"] = "not-a-real-session"

    response = client.get("/parents/")

    assert response[STATUS_HEADER] == "pass"


def test_csrf_cookie_alone_does_not_stop_the_cache(client, local_offer):
    client.get("/parents/")
    client.cookies["csrftoken"] = "x" * 32

    assert client.get("/parents/")[STATUS_HEADER] == "hit"


def test_a_post_is_never_answered_from_the_cache(client, local_offer):
    client.get("/parents/")

    response = client.post("/parents/")

    assert response[STATUS_HEADER] == "pass"


def test_query_strings_that_change_the_page_bypass_the_cache(client, local_offer):
    client.get("/parents/")

    response = client.get("/parents/?staff=20")

    assert response[STATUS_HEADER] == "pass"
    assert client.get("/parents/?staff=20")[STATUS_HEADER] == "pass"


def test_tracking_tags_share_the_stored_page(client, local_offer):
    client.get("/parents/")

    response = client.get("/parents/?utm_source=newsletter&utm_campaign=panel&fbclid=abc")

    assert response[STATUS_HEADER] == "hit"


def test_search_is_never_stored(client, local_offer):
    assert client.get("/search/?q=parents")[STATUS_HEADER] == "pass"
    assert client.get("/search/")[STATUS_HEADER] == "pass"


def test_sign_in_and_portal_pages_are_never_kept(client, home_page):
    for path in ("/accounts/login/", "/portal/"):
        client.get(path)
        response = client.get(path)
        assert response[STATUS_HEADER] == "pass", path
        assert "no-store" in response["Cache-Control"], path
        assert "private" in response["Cache-Control"], path


def test_page_that_uses_the_csp_nonce_is_not_stored(client, local_offer, monkeypatch):
    from django.template.response import TemplateResponse

    render = TemplateResponse.rendered_content.fget

    def render_and_use_the_nonce(response):
        str(response._request._csp_nonce)
        return render(response)

    monkeypatch.setattr(TemplateResponse, "rendered_content", property(render_and_use_the_nonce))

    first = client.get("/parents/")
    second = client.get("/parents/")

    assert first[STATUS_HEADER] == second[STATUS_HEADER] == "pass"
    assert "nonce-" in second["Content-Security-Policy"]


def test_visitor_with_a_message_waiting_is_not_served_the_stored_page(client, local_offer):
    client.get("/parents/")
    # Someone who has just signed out has "You have signed out." waiting in this cookie.
    client.cookies["messages"] = "anything"

    response = client.get("/parents/")

    assert response[STATUS_HEADER] == "pass"


def test_response_that_sets_a_cookie_is_not_stored(client, local_offer, monkeypatch):
    from django.template.response import TemplateResponse

    render = TemplateResponse.rendered_content.fget

    def render_and_set_a_cookie(response):
        response.set_cookie("seen", "yes")
        return render(response)

    monkeypatch.setattr(TemplateResponse, "rendered_content", property(render_and_set_a_cookie))

    assert client.get("/parents/")[STATUS_HEADER] == "pass"
    client.cookies.clear()
    assert client.get("/parents/")[STATUS_HEADER] == "pass"


def test_private_page_is_never_stored(client, local_offer):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=local_offer, restriction_type="password", password="secret1")

    for _ in range(2):
        response = client.get("/parents/")
        assert response[STATUS_HEADER] == "pass"
        assert b"What the school offers your child." not in response.content


def test_sitemap_and_robots_are_stored(client, local_offer):
    for path in ("/sitemap.xml", "/robots.txt"):
        assert client.get(path)[STATUS_HEADER] == "miss", path
        assert client.get(path)[STATUS_HEADER] == "hit", path


def test_each_host_has_its_own_copy(client, local_offer):
    client.get("/parents/", HTTP_HOST="localhost")

    assert client.get("/parents/", HTTP_HOST="127.0.0.1")[STATUS_HEADER] == "miss"


def cache_keys():
    from django.core.cache import cache

    return list(cache._cache)


def stored_pages():
    """The keys of the pages in the cache (not its version token or remembered data)."""
    return [key for key in cache_keys() if re.search(r"public-page:[0-9a-f]{64}$", key)]


def test_headers_django_does_not_trust_make_no_new_copy(client, local_offer):
    forwarded = [
        {"HTTP_X_FORWARDED_HOST": f"copy-{number}.test", "HTTP_X_FORWARDED_PORT": str(number)}
        for number in range(1, 30)
    ]
    # The same address written another way: case, a final dot, the scheme's default port.
    hosts = [{"HTTP_HOST": host} for host in ("testserver", "TestServer", "testserver.", "testserver:80")]

    statuses = [client.get("/parents/", **headers)[STATUS_HEADER] for headers in forwarded + hosts]

    assert len(stored_pages()) == 1
    assert statuses == ["miss"] + ["hit"] * (len(statuses) - 1)


def test_https_on_its_default_port_is_one_copy(client, local_offer):
    client.get("/parents/", secure=True)

    assert client.get("/parents/", secure=True, HTTP_HOST="testserver:443")[STATUS_HEADER] == "hit"
    assert client.get("/parents/", HTTP_HOST="testserver:443")[STATUS_HEADER] == "pass"
    assert len(stored_pages()) == 1


def test_a_port_the_server_is_not_listening_on_is_not_stored(client, local_offer):
    for port in range(8000, 8010):
        response = client.get("/parents/", HTTP_HOST=f"testserver:{port}")
        assert response.status_code == 200
        assert response[STATUS_HEADER] == "pass"

    assert stored_pages() == []
    # The request's site is remembered by the host's name and the server's port, once.
    assert len([key for key in cache_keys() if "remembered-pickled:site:" in key]) == 1


def test_a_host_that_is_not_allowed_is_never_stored(client, local_offer):
    for host in ("attacker.test", "attacker.test:80", "testserver@attacker.test"):
        assert client.get("/parents/", HTTP_HOST=host).status_code == 400

    assert stored_pages() == []


def test_stored_page_is_not_served_the_next_day(client, local_offer, time_machine):
    time_machine.move_to(datetime(2026, 11, 22, 23, 50, tzinfo=LONDON), tick=False)
    client.get("/parents/")
    change_title_without_purging(local_offer, "The next day's title")

    time_machine.move_to(datetime(2026, 11, 23, 0, 1, tzinfo=LONDON), tick=False)
    response = client.get("/parents/")

    assert response[STATUS_HEADER] == "miss"
    assert b"The next day&#x27;s title" in response.content


def test_stored_pages_are_dropped_if_the_version_is_evicted(client, local_offer):
    from django.core.cache import cache

    from common.page_cache import VERSION_KEY

    client.get("/parents/")
    cache.delete(VERSION_KEY)

    assert client.get("/parents/")[STATUS_HEADER] == "miss"
    assert client.get("/parents/")[STATUS_HEADER] == "hit"


def test_remembered_data_is_computed_once_until_the_next_purge(db):
    computed = []

    def menu():
        computed.append(len(computed) + 1)
        return computed[-1]

    first, again = page_cache.remember("menu", menu), page_cache.remember("menu", menu)
    page_cache.purge()
    after_purge = page_cache.remember("menu", menu)

    assert (first, again, after_purge) == (1, 1, 2)


def test_a_page_published_shows_in_the_portal_s_menu_at_once(client, local_offer, staff_user, home_page):
    client.force_login(staff_user)
    before = client.get("/portal/").text
    page = StandardPage(title="Our new menu page", slug="new-menu-page", show_in_menus=True, intro="New.")
    home_page.add_child(instance=page)
    page.save_revision().publish()

    assert "Our new menu page" not in before
    assert "Our new menu page" in client.get("/portal/").text


class NotCalled:
    """A WSGI application that fails the test if the wrapper hands it a request."""

    def __call__(self, environ, start_response):
        raise AssertionError(f"Django was asked for {environ['PATH_INFO']}")


class Answers:
    """A WSGI application that answers every request, and records that it did."""

    def __init__(self):
        self.paths = []

    def __call__(self, environ, start_response):
        self.paths.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b"rendered"]


def call_wsgi(application, request):
    started = {}

    def start_response(status, headers):
        started.update(status=status, headers=dict(headers))

    body = b"".join(application(request.environ, start_response))
    return started["status"], started["headers"], body


def test_wsgi_wrapper_serves_the_stored_page_before_django(client, local_offer, rf):
    stored = client.get("/parents/")
    client.get("/parents/")

    status, headers, body = call_wsgi(page_cache.StoredPublicPages(NotCalled()), rf.get("/parents/"))

    assert stored[STATUS_HEADER] == "miss"
    assert status == "200 OK"
    assert body == stored.content
    assert headers[STATUS_HEADER] == "hit"
    assert headers["Cache-Control"] == stored["Cache-Control"]
    # The stored page was kept as it left the outermost middleware, security headers included.
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Content-Length"] == str(len(body))


def test_wsgi_wrapper_answers_head_without_a_body(client, local_offer, rf):
    client.get("/parents/")

    status, headers, body = call_wsgi(page_cache.StoredPublicPages(NotCalled()), rf.head("/parents/"))

    assert status == "200 OK"
    assert headers[STATUS_HEADER] == "hit"
    assert body == b""


@pytest.mark.parametrize(
    "request_for",
    [
        lambda rf: rf.get("/parents/", HTTP_COOKIE="sessionid=abc"),
        lambda rf: rf.post("/parents/"),
        lambda rf: rf.get("/parents/?staff=20"),
        lambda rf: rf.get("/parents/", HTTP_HOST="other.test"),
        lambda rf: rf.get("/parents/", HTTP_AUTHORIZATION="Basic eDp5"),
        lambda rf: rf.get("/an-unstored-page/"),
    ],
    ids=["session", "post", "query", "host", "authorization", "not stored"],
)
def test_wsgi_wrapper_hands_every_other_request_to_django(client, local_offer, rf, request_for):
    client.get("/parents/")
    django = Answers()
    request = request_for(rf)

    _status, _headers, body = call_wsgi(page_cache.StoredPublicPages(django), request)

    assert django.paths == [request.environ["PATH_INFO"]]
    assert body == b"rendered"


def test_static_files_are_never_looked_up(rf, monkeypatch):
    def no_cache():
        raise AssertionError("the cache was asked about a static file")

    monkeypatch.setattr(page_cache, "_cache", no_cache)
    django = Answers()

    call_wsgi(page_cache.StoredPublicPages(django), rf.get("/static/css/site.css"))

    assert django.paths == ["/static/css/site.css"]


def test_site_is_served_through_the_wrapper():
    from config import wsgi
    from operations.logs import RequestLogging

    # Inside the request log (operations/logs.py), which logs the pages the wrapper serves too.
    assert isinstance(wsgi.application, RequestLogging)
    assert isinstance(wsgi.application.application, page_cache.StoredPublicPages)


def test_a_browser_holding_the_stored_page_is_told_it_has_not_changed(client, local_offer, rf):
    client.get("/parents/")
    stored = client.get("/parents/")
    etag = stored["ETag"]

    again = client.get("/parents/", HTTP_IF_NONE_MATCH=etag)
    status, headers, body = call_wsgi(
        page_cache.StoredPublicPages(NotCalled()),
        rf.get("/parents/", HTTP_IF_NONE_MATCH=f'"other", W/{etag}'),
    )

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Cache-Control"] == stored["Cache-Control"]
    assert (status, body) == ("304 Not Modified", b"")
    assert headers["ETag"] == etag
    assert "Content-Length" not in headers


def test_a_browser_holding_an_older_page_gets_the_new_one(client, local_offer):
    client.get("/parents/")
    old_etag = client.get("/parents/")["ETag"]
    local_offer.title = "Parents, carers and families"
    local_offer.save_revision().publish()

    response = client.get("/parents/", HTTP_IF_NONE_MATCH=old_etag)

    assert response.status_code == 200
    assert response[STATUS_HEADER] == "miss"
    assert response["ETag"] != old_etag
    assert b"Parents, carers and families" in response.content


def test_a_request_handed_to_django_carries_no_stored_page(client, local_offer, rf):
    client.get("/parents/")
    page_cache.purge()  # the stored page is now out of date, so Django renders the page again
    request = rf.get("/parents/")

    call_wsgi(page_cache.StoredPublicPages(Answers()), request)

    # Error reports print the environ: it keeps the lookup's key and version, never a page.
    key, _version, entry = request.environ[page_cache.LOOKUP_VARIABLE]
    assert key.startswith(page_cache.KEY_PREFIX)
    assert entry is None
    assert b"Parents and carers" not in repr(request.environ).encode()


@pytest.fixture
def unreachable_cache(settings):
    """The page cache pointed at a Redis that is not there (nothing listens on port 1)."""
    settings.CACHES = {
        **settings.CACHES,
        "unreachable": {"BACKEND": "common.cache.PoolClientRedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    settings.PAGE_CACHE_ALIAS = "unreachable"


def test_pages_are_served_when_the_cache_cannot_be_reached(
    client, local_offer, rf, unreachable_cache, caplog
):
    response = client.get("/parents/")
    status, _headers, body = call_wsgi(page_cache.StoredPublicPages(Answers()), rf.get("/parents/"))

    assert response.status_code == 200
    assert b"Parents and carers" in response.content
    assert response[STATUS_HEADER] == "pass"
    assert (status, body) == ("200 OK", b"rendered")
    assert "The page cache cannot be reached" in caplog.text


def test_portal_pages_are_served_when_the_cache_cannot_be_reached(
    client, staff_user, home_page, unreachable_cache, caplog
):
    client.force_login(staff_user)

    response = client.get("/portal/")

    assert response.status_code == 200
    assert b"Your account" in response.content
    # The site, its contact details and the menu, each computed without the cache.
    assert "main-menu" in caplog.text


def test_a_save_fails_rather_than_leave_stored_pages_stale(local_offer, unreachable_cache):
    from redis.exceptions import ConnectionError as RedisConnectionError

    local_offer.title = "Parents, carers and families"
    with pytest.raises(RedisConnectionError):
        local_offer.save_revision().publish()


def test_a_page_the_cache_cannot_store_is_still_served(client, local_offer, monkeypatch, caplog):
    from django.core.cache import cache
    from redis.exceptions import ConnectionError as RedisConnectionError

    class LostOnWrite:
        """Answers reads, then cannot be reached to write: Redis going down mid-request."""

        def __getattr__(self, name):
            return getattr(cache, name)

        def set(self, *args, **kwargs):
            raise RedisConnectionError("gone")

    monkeypatch.setattr(page_cache, "_cache", LostOnWrite)

    response = client.get("/parents/")

    assert response.status_code == 200
    assert b"Parents and carers" in response.content
    assert response[STATUS_HEADER] == "pass"
    assert "is not stored" in caplog.text


def test_portal_pages_are_served_when_wagtail_s_cache_cannot_be_reached_either(
    client, staff_user, home_page, unreachable_cache, settings
):
    # Signed in before Redis went away: signing in ends the visitor's session, in the cache too.
    client.force_login(staff_user)
    # Wagtail keeps every site's root path in the default cache, with no way round it when Redis is away.
    settings.CACHES = {**settings.CACHES, "default": settings.CACHES["unreachable"]}

    response = client.get("/portal/")

    assert response.status_code == 200
    assert b"Your account" in response.content
