"""Sessions come from the cache, and from the database when the cache cannot answer (common/sessions.py);
signing out ends a session in both, or fails loudly."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from common.sessions import SessionStore
from portal.schools.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client, home_page):
    client.force_login(MembershipFactory().user)
    return client


def make_the_session_cache_unreachable(settings):
    """Point the sessions' cache at a Redis that is not there (nothing listens on port 1)."""
    settings.CACHES = {
        **settings.CACHES,
        "unreachable": {"BACKEND": "common.cache.PoolClientRedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    settings.SESSION_CACHE_ALIAS = "unreachable"


def session_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query for query in queries.captured_queries if Session._meta.db_table in query["sql"]]


def test_a_signed_in_page_reads_its_session_from_the_cache(member_client):
    assert session_queries(member_client, reverse("portal:home")) == []


def test_a_session_missing_from_the_cache_is_read_from_the_database(member_client):
    SessionStore(member_client.session.session_key)._cache.clear()

    assert len(session_queries(member_client, reverse("portal:home"))) == 1
    assert session_queries(member_client, reverse("portal:home")) == []


def test_signing_out_ends_the_session_in_the_cache_too(member_client):
    session_key = member_client.session.session_key

    member_client.post(reverse("account_logout"))

    assert not SessionStore(session_key).exists(session_key)
    member_client.cookies["sessionid"] = session_key  # the old cookie, sent again
    assert member_client.get(reverse("portal:home")).status_code == 302


def test_while_the_cache_is_away_signed_in_pages_are_served_from_the_database(
    member_client, settings, caplog
):
    make_the_session_cache_unreachable(settings)

    assert member_client.get(reverse("portal:home")).status_code == 200
    assert "the session is read from the database" in caplog.text


def test_while_the_cache_is_away_signing_out_fails_rather_than_leave_the_session_in_it(
    member_client, settings
):
    make_the_session_cache_unreachable(settings)

    with pytest.raises(RedisConnectionError):
        member_client.post(reverse("account_logout"))
