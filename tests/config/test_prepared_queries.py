"""On PostgreSQL, a query the site repeats is planned once per connection: the server binds its values and
psycopg prepares it once it has run five times, so every later run reuses the plan."""

import pytest
from django.db import connection

from portal.users.factories import UserFactory
from portal.users.models import User

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def test_a_query_run_six_times_is_prepared_and_its_values_bound_by_the_server(db):
    users = UserFactory.create_batch(6)
    looked_up = 'FROM "users_user" WHERE "users_user"."id" = $1'
    assert not any(looked_up in statement for statement in prepared_statements())

    for user in users:
        assert User.objects.get(pk=user.pk) == user

    assert any(looked_up in statement for statement in prepared_statements())
