"""Counting the SQL queries of a signed-in page, for the tests that pin each busy portal page's queries:
the same number for one school as for many, so a query per school, per order or per row fails the suite."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

# The schools added beside the one signed in to, each with a history like its own.
OTHER_SCHOOLS = 4


def queries_of(client, url):
    """The SQL queries a GET of `url` makes once warm: the first request stores the site, the settings
    and the main menu in the cache, and may save a missing setting, which empties it again."""
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)
