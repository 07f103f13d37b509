"""One migrated test database for a run on several workers (pytest-xdist).

Running the 253 migrations takes about 30 seconds of CPU (most of it rendering model states), and
each worker used to run them all for its own database. Instead the controller migrates a template once,
before the workers start, and each worker's test database starts as a copy of it: PostgreSQL creates it
from the template (Django's TEST "TEMPLATE" setting), SQLite's in-memory database is loaded from the
template's file. Django's migrate then runs as usual on each worker and finds nothing left to apply.

A run in one process, or with --reuse-db or --nomigrations, sets its database up as pytest-django does.
"""

import contextlib
import hashlib
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test.utils import setup_databases, teardown_databases
from pytest_django.plugin import blocking_manager_key

# What the controller hands each worker: {alias: the template's database name or file}.
WORKER_INPUT = "test_database_templates"
TEMPLATES = pytest.StashKey[dict]()


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


@pytest.hookimpl(tryfirst=True)  # before xdist starts the workers
def pytest_sessionstart(session):
    config = session.config
    if not _makes_templates(config):
        return
    folder = Path(tempfile.mkdtemp(prefix="test-database-templates-"))
    templates = {}
    with config.stash[blocking_manager_key].unblock():
        # Named for this checkout: runs from other checkouts may share the database server, and one
        # must never drop or copy another's databases.
        checkout = hashlib.sha256(str(config.rootpath).encode()).hexdigest()[:8]
        for alias in connections:
            if connections[alias].vendor == "postgresql":
                test_settings = settings.DATABASES[alias].setdefault("TEST", {})
                test_settings["NAME"] = f"{connections[alias].creation._get_test_db_name()}_{checkout}"
        created = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
        for alias in connections:
            connection = connections[alias]
            if connection.vendor == "sqlite":
                templates[alias] = str(folder / f"{alias}.sqlite3")
                with contextlib.closing(sqlite3.connect(templates[alias])) as copy:
                    connection.connection.backup(copy)
            else:
                templates[alias] = connection.settings_dict["NAME"]
        # PostgreSQL copies a template only while nobody is connected to it.
        connections.close_all()
    config.stash[TEMPLATES] = {"folder": folder, "created": created, "templates": templates}


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    made = node.config.stash.get(TEMPLATES, None)
    if made:
        node.workerinput[WORKER_INPUT] = made["templates"]


@pytest.hookimpl(trylast=True)  # after xdist has stopped the workers
def pytest_sessionfinish(session):
    made = session.config.stash.get(TEMPLATES, None)
    if not made:
        return
    with session.config.stash[blocking_manager_key].unblock():
        teardown_databases(made["created"], verbosity=0)
    shutil.rmtree(made["folder"], ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings):
    """On a worker, start each test database as a copy of the controller's template."""
    templates = getattr(request.config, "workerinput", {}).get(WORKER_INPUT)
    if not templates:
        yield
        return
    with contextlib.ExitStack() as kept_open:
        for alias, template in templates.items():
            connection = connections[alias]
            if connection.vendor == "sqlite":
                # The in-memory database lives while a connection to it is open: this one, loaded from
                # the template's file, keeps it until the session ends.
                memory = sqlite3.connect(connection.creation._get_test_db_name(), uri=True)
                kept_open.enter_context(contextlib.closing(memory))
                with contextlib.closing(sqlite3.connect(f"file:{template}?mode=ro", uri=True)) as source:
                    source.backup(memory)
            else:
                test_settings = settings.DATABASES[alias]["TEST"]
                test_settings["TEMPLATE"] = template
                test_settings["NAME"] = f"{template}_{request.config.workerinput['workerid']}"
        yield
