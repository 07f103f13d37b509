"""On PostgreSQL a transactional test's database is emptied by deleting every table's rows
(tests/conftest.py), instead of Django's truncating: it must leave nothing behind, whatever refers to what."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connection, connections

from portal.schools.factories import MembershipFactory
from portal.schools.models import Membership, School
from portal.users.models import User

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="the flush by deleting rows is PostgreSQL's; SQLite's flush is Django's own",
    ),
]


def test_the_flush_deletes_rows_and_leaves_every_table_empty():
    MembershipFactory()
    assert all(sql.startswith("DELETE FROM") for sql in connection.ops.sql_flush(no_style(), ["a", "b"]))

    # So does a connection made anew, as the restore drill makes them.
    made_anew = connections.create_connection(DEFAULT_DB_ALIAS)
    assert all(sql.startswith("DELETE FROM") for sql in made_anew.ops.sql_flush(no_style(), ["a", "b"]))

    call_command("flush", interactive=False, verbosity=0)

    assert (School.objects.count(), User.objects.count(), Membership.objects.count()) == (0, 0, 0)
    # As after Django's flush, migrate's signal makes the content types and permissions again.
    assert ContentType.objects.filter(app_label="schools", model="school").exists()
    assert Permission.objects.filter(codename="view_school").exists()
