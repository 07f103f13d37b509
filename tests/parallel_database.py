"""One migrated test database for a run on several workers (pytest-xdist), kept for the next run.

Running the 255 migrations takes about 30 seconds of CPU (most of it rendering model states), and
each worker used to run them all for its own database. Instead the controller migrates a template once,
before the workers start, and each worker's test database starts as a copy of it: PostgreSQL creates it
from the template (Django's TEST "TEMPLATE" setting), SQLite's in-memory database is loaded from the
template's file. Django's migrate then runs as usual on each worker and finds nothing left to apply.

The template is kept under a name made from everything that decides what migrating gives (`schema_key`):
the project's migration files, the installed packages' versions, the installed apps and swappable models.
The next run with the same key starts its workers at once (`make test` runs the suite in two halves, and
CI on two databases: four runs, one migration per database). A changed migration gives a new key and a
new template; templates nobody has used for a week are removed.

A run in one process, or with --reuse-db or --nomigrations, sets its database up as pytest-django does.
"""

import contextlib
import hashlib
import importlib.metadata
import os
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connections
from django.test.utils import setup_databases, teardown_databases
from pytest_django.plugin import blocking_manager_key

# What the controller hands each worker: {alias: {"template": name or file, "name": the worker's prefix}}.
WORKER_INPUT = "test_database_templates"
MADE = pytest.StashKey[dict]()
KEPT_FOR = timedelta(days=7)
SQLITE_TEMPLATES = Path(tempfile.gettempdir()) / "stepping-stones-test-templates"
POSTGRESQL_TEMPLATE_PREFIX = "test_template_"


def _copyable(alias):
    """Whether a worker can start its test database as a copy of a template."""
    connection = connections[alias]
    if connection.vendor == "sqlite":
        return connection.creation.is_in_memory_db(connection.creation._get_test_db_name())
    return connection.vendor == "postgresql"


def _makes_templates(config):
    """Whether this process is the controller of workers whose test databases can start as copies."""
    is_controller = config.pluginmanager.hasplugin("dsession")
    return (
        is_controller
        and not (config.getvalue("reuse_db") or config.getvalue("nomigrations"))
        and all(_copyable(alias) for alias in connections)
    )


def schema_key(vendor):
    """A digest of what a migrated database depends on, for one database vendor.

    Third-party apps are covered by their package's version. The project's apps by their migration files,
    or, for an app without migrations (which Django creates from its models), by its models' source.
    """
    digest = hashlib.sha256()
    digest.update(repr((vendor, sys.version_info[:2], settings.INSTALLED_APPS)).encode())
    digest.update(
        repr(
            sorted((name, getattr(settings, name)) for name in dir(settings) if name.endswith("_MODEL"))
        ).encode()
    )
    packages = sorted(
        {(dist.metadata["Name"].lower(), dist.version) for dist in importlib.metadata.distributions()}
    )
    digest.update(repr(packages).encode())
    for app_config in apps.get_app_configs():
        folder = Path(app_config.path)
        if folder.is_relative_to(sys.prefix) or folder.is_relative_to(sys.base_prefix):
            continue
        migrations = folder / "migrations"
        if migrations.is_dir():
            files = sorted(migrations.glob("*.py"))
        elif app_config.models_module is not None:
            files = [Path(app_config.models_module.__file__)]
        else:
            files = []
        for file in files:
            digest.update(f"{app_config.label}/{file.name}".encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _sqlite_template(key):
    return SQLITE_TEMPLATES / f"{key}.sqlite3"


def _find_template(connection, key):
    """The kept template of this key (its file or database name), marked as used now; None if none is."""
    if connection.vendor == "sqlite":
        template = _sqlite_template(key)
        if not template.exists():
            return None
        os.utime(template)
        return str(template)
    name = f"{POSTGRESQL_TEMPLATE_PREFIX}{key}"
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            return None
        _mark_used(cursor, name)
    return name


def _mark_used(cursor, name):
    # COMMENT takes no parameters; the time is digits and punctuation only.
    cursor.execute(f"COMMENT ON DATABASE \"{name}\" IS '{datetime.now(UTC).isoformat()}'")


def _keep_template(connection, key):
    """Keep the database just migrated as the template of this key; return its file or database name.

    Two runs migrating at once both finish: the second to keep its template finds the first's in place,
    and its own is used for this run only.
    """
    if connection.vendor == "sqlite":
        SQLITE_TEMPLATES.mkdir(exist_ok=True)
        template = _sqlite_template(key)
        unfinished = template.with_suffix(f".{os.getpid()}.part")
        with contextlib.closing(sqlite3.connect(unfinished)) as copy:
            connection.connection.backup(copy)
        os.replace(unfinished, template)
        return str(template)
    migrated = connection.settings_dict["NAME"]
    name = f"{POSTGRESQL_TEMPLATE_PREFIX}{key}"
    # PostgreSQL renames, and copies, a database only while nobody is connected to it.
    connection.close()
    with connection._nodb_cursor() as cursor:
        try:
            cursor.execute(f'ALTER DATABASE "{migrated}" RENAME TO "{name}"')
        except DatabaseError:
            return None
        _mark_used(cursor, name)
    return name


def _remove_unused_templates(connection):
    """Remove the templates nobody has started a run from for a week (and files a stopped run left)."""
    cutoff = datetime.now(UTC) - KEPT_FOR
    if connection.vendor == "sqlite":
        for file in SQLITE_TEMPLATES.glob("*"):
            if file.stat().st_mtime < cutoff.timestamp():
                file.unlink(missing_ok=True)
        return
    with connection._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database WHERE datname LIKE %s",
            [f"{POSTGRESQL_TEMPLATE_PREFIX}%"],
        )
        for name, last_used in cursor.fetchall():
            if last_used is None or datetime.fromisoformat(last_used) < cutoff:
                # A run copying it right now keeps it: PostgreSQL refuses to drop a database in use.
                with contextlib.suppress(DatabaseError):
                    cursor.execute(f'DROP DATABASE "{name}"')


@pytest.hookimpl(tryfirst=True)  # before xdist starts the workers
def pytest_sessionstart(session):
    config = session.config
    if not _makes_templates(config):
        return
    started = time.monotonic()
    # Workers' databases are named for this checkout: runs from other checkouts may share the database
    # server, and one must never drop another's databases.
    checkout = hashlib.sha256(str(config.rootpath).encode()).hexdigest()[:8]
    templates, to_migrate = {}, set()
    with config.stash[blocking_manager_key].unblock():
        for alias in connections:
            connection = connections[alias]
            worker_prefix = f"{connection.creation._get_test_db_name()}_{checkout}"
            if connection.vendor == "postgresql":
                settings.DATABASES[alias].setdefault("TEST", {})["NAME"] = worker_prefix
            key = schema_key(connection.vendor)
            templates[alias] = {
                "key": key,
                "name": worker_prefix,
                "template": _find_template(connection, key),
            }
            if templates[alias]["template"] is None:
                to_migrate.add(alias)
        created, not_kept = [], set()
        if to_migrate:
            created = setup_databases(
                verbosity=0, interactive=False, aliases=to_migrate, serialized_aliases=set()
            )
            for alias in to_migrate:
                kept = _keep_template(connections[alias], templates[alias]["key"])
                if kept is None:
                    not_kept.add(alias)
                templates[alias]["template"] = kept or connections[alias].settings_dict["NAME"]
        for alias in connections:
            _remove_unused_templates(connections[alias])
        connections.close_all()
    config.stash[MADE] = {
        # What was migrated and not kept (another run kept its template first) goes when the run ends.
        "created": [entry for entry in created if entry[0].alias in not_kept],
        "templates": templates,
        "summary": "test database templates: "
        + ", ".join(
            f"{alias} {'migrated' if alias in to_migrate else 'kept from an earlier run'}"
            for alias in templates
        )
        + f" ({time.monotonic() - started:.1f} s)",
    }


def pytest_report_header(config):
    made = config.stash.get(MADE, None)
    return made["summary"] if made else None


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    made = node.config.stash.get(MADE, None)
    if made:
        node.workerinput[WORKER_INPUT] = {
            alias: {"template": entry["template"], "name": entry["name"]}
            for alias, entry in made["templates"].items()
        }


@pytest.hookimpl(trylast=True)  # after xdist has stopped the workers
def pytest_sessionfinish(session):
    made = session.config.stash.get(MADE, None)
    if not made or not made["created"]:
        return
    with session.config.stash[blocking_manager_key].unblock():
        teardown_databases(made["created"], verbosity=0)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings):
    """On a worker, start each test database as a copy of the controller's template."""
    templates = getattr(request.config, "workerinput", {}).get(WORKER_INPUT)
    if not templates:
        yield
        return
    with contextlib.ExitStack() as kept_open:
        for alias, made in templates.items():
            connection = connections[alias]
            if connection.vendor == "sqlite":
                # The in-memory database lives while a connection to it is open: this one, loaded from
                # the template's file, keeps it until the session ends.
                memory = sqlite3.connect(connection.creation._get_test_db_name(), uri=True)
                kept_open.enter_context(contextlib.closing(memory))
                with contextlib.closing(
                    sqlite3.connect(f"file:{made['template']}?mode=ro", uri=True)
                ) as source:
                    source.backup(memory)
            else:
                test_settings = settings.DATABASES[alias]["TEST"]
                test_settings["TEMPLATE"] = made["template"]
                test_settings["NAME"] = f"{made['name']}_{request.config.workerinput['workerid']}"
        yield
