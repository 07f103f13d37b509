"""The database into a file and back: PostgreSQL with pg_dump and pg_restore (a consistent snapshot while
the site runs), SQLite with its online backup API (so a laptop's site can be backed up too)."""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing

from django.db import connection

from common.errors import DomainError

ENGINES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
UNSUPPORTED = "Backups cover PostgreSQL and SQLite; this site's database is {vendor}."
PG_TOOL_MISSING = (
    "{tool} is not installed: install Debian's postgresql-client (`make postgresql-client`), "
    "of the server's version or newer."
)
PG_TOOL_FAILED = "{tool} failed: {error}"
SQLITE_LOCKED = "The SQLite database stayed locked by a write for a minute: try again when it is quieter."
LOCK_WAIT_SECONDS = 0.25
LOCK_TIMEOUT_SECONDS = 60


def vendor():
    if connection.vendor not in ENGINES:
        raise DomainError(UNSUPPORTED.format(vendor=connection.vendor))
    return connection.vendor


def dump(path):
    """Write the database to the file at `path`."""
    if vendor() == "postgresql":
        _pg("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={path}")
    else:
        connection.ensure_connection()
        with closing(sqlite3.connect(path)) as copy:
            connection.connection.backup(copy, progress=_give_up_when_locked(), sleep=LOCK_WAIT_SECONDS)


def tables():
    return connection.introspection.table_names()


def drop_all():
    """Drop every table, for a restore that replaces what the database holds."""
    if vendor() == "postgresql" and (names := tables()):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {', '.join(map(connection.ops.quote_name, names))} CASCADE")
    # SQLite's backup API replaces the whole database: nothing to drop.


def load(source):
    """Fill the empty database from `source`, a file-like object holding what `dump` wrote."""
    if vendor() == "postgresql":
        # One transaction: a restore that fails part way leaves the database as empty as it found it.
        _pg(
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            stdin=source,
        )
        return
    with tempfile.NamedTemporaryFile(suffix=".sqlite3") as copy:
        shutil.copyfileobj(source, copy)
        copy.flush()
        connection.ensure_connection()
        with closing(sqlite3.connect(copy.name)) as restored:
            restored.backup(connection.connection, progress=_give_up_when_locked(), sleep=LOCK_WAIT_SECONDS)


def _give_up_when_locked():
    """A progress callback for SQLite's backup API, which otherwise waits for ever on a database that stays
    locked (a write transaction open on the same connection never ends while it waits)."""
    waits = 0

    def progress(status, remaining, total):
        nonlocal waits
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            waits += 1
            if waits * LOCK_WAIT_SECONDS > LOCK_TIMEOUT_SECONDS:
                raise DomainError(SQLITE_LOCKED)

    return progress


def _pg(tool, *arguments, stdin=None):
    """Run pg_dump or pg_restore on the site's database, with its connection settings (as dbshell does);
    `stdin`, a file-like object, is streamed to it."""
    if shutil.which(tool) is None:
        raise DomainError(PG_TOOL_MISSING.format(tool=tool))
    # `--dbname` goes last, so that Django's connection settings put the database's name after it.
    command, environment = connection.client.settings_to_cmd_args_env(
        connection.settings_dict, [*arguments, "--dbname"]
    )
    command[0] = tool
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(  # noqa: S603 (the PostgreSQL tool, with the site's own settings)
            command,
            env={**os.environ, **(environment or {})},
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        if stdin is not None:
            try:
                shutil.copyfileobj(stdin, process.stdin)
            except BrokenPipeError:
                pass  # the tool stopped reading: its error says why
            finally:
                process.stdin.close()
        if process.wait() != 0:
            errors.seek(0)
            raise DomainError(
                PG_TOOL_FAILED.format(tool=tool, error=errors.read().decode(errors="replace").strip())
            )
