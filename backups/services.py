"""A backup: the database, the media and the placement documents in one archive, encrypted
(backups/crypto.py), written to BACKUP_LOCATION (a folder or s3://bucket/prefix); and a restore of one
into an empty database and empty storage.

The archive is a gzipped tar: the database first (database/), then every file of the media storage
(media/) and of the placement documents' (private/), then manifest.json: when it was made, the release,
the migrations applied, the number of files, and each file's size and SHA-256. The database is dumped
before the files are copied, so every file it names is there (one uploaded meanwhile is kept too, unused).

A restore reads the whole archive once to check it against its manifest and this site (database engine,
migrations, empty database and storage) before it changes anything, then reads it again to restore.
"""

import hashlib
import importlib.metadata
import io
import json
import posixpath
import shutil
import tarfile
import tempfile
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from backups import crypto, database
from common import page_cache
from common.errors import DomainError
from common.signals import records_replaced
from common.storage import PrivateFileSystemStorage

FORMAT = "stepping-stones backup 1"
MANIFEST = "manifest.json"
SUFFIX = ".backup"
# Where each storage's files go in the archive, by its alias in STORAGES.
FILE_FOLDERS = {"media": "default", "private": "private"}
# Files are read into memory up to this size, through a temporary file beyond it.
SPOOL_BYTES = 8 * 1024 * 1024

NO_BACKUPS = "There is no backup in {location}."
NOT_FOUND = "There is no backup called {name} in {location}."
NO_MANIFEST = "This backup has no manifest: it is incomplete. Use another backup."
UNEXPECTED_MEMBER = "This backup holds {name}, which no backup of this site holds. Use another backup."
MANIFEST_MISMATCH = (
    "This backup does not match its manifest ({count} files differ in size or checksum, "
    "first {name}). Use another backup."
)
OTHER_ENGINE = "This backup holds a {backup} database; this site uses {site}. Restore it into {backup}."
NEWER_MIGRATIONS = (
    "This backup was made by a newer release of the site (it has {count} migrations this one does not "
    "know, first {name}): restore it with that release."
)
DATABASE_NOT_EMPTY = (
    "The database is not empty ({count} tables): restore only into an empty database, "
    "or pass --force to replace everything it holds."
)
STORAGE_NOT_EMPTY = (
    "The {what} storage is not empty ({name}, and perhaps more): restore only into empty storage, "
    "or pass --force to replace the files the backup holds."
)
STORAGE_NAMES = {"media": "media", "private": "placement documents'"}


@dataclass
class Summary:
    name: str
    manifest: dict
    # After a restore: the migrations this release has that the backup predates (`manage.py migrate`).
    pending_migrations: int = 0

    def described(self):
        """What the backup holds, in words."""
        files = {
            folder: sum(name.startswith(f"{folder}/") for name in self.manifest["files"])
            for folder in FILE_FOLDERS
        }
        return (
            f"the {database.ENGINES[self.manifest['database']]} database, {files['media']} media files and "
            f"{files['private']} placement documents, made {self.manifest['created_at']} "
            f"by release {self.manifest['release']}"
        )


def backup_location(location=None):
    """The storage backups are written to: BACKUP_LOCATION's folder, or its bucket and prefix."""
    location = location or settings.BACKUP_LOCATION
    if location.startswith("s3://"):
        from common.s3_storage import PrivateS3Storage

        bucket, _, prefix = location.removeprefix("s3://").partition("/")
        return PrivateS3Storage(bucket_name=bucket, location=prefix.strip("/"), **settings.S3_CONNECTION)
    # Readable by the site's own user alone, although encrypted.
    return PrivateFileSystemStorage(
        location=location, file_permissions_mode=0o600, directory_permissions_mode=0o700
    )


def backup_create(*, location=None):
    """Back the site up to `location` (BACKUP_LOCATION by default); returns a `Summary`."""
    key = crypto.encryption_key(settings.BACKUP_ENCRYPTION_KEY)
    destination = backup_location(location)
    created_at = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="backup-") as work:
        sealed_path = Path(work) / "backup"
        with open(sealed_path, "wb") as sealed:
            encrypting = crypto.Encrypting(sealed, key)
            manifest = _write_archive(encrypting, Path(work), created_at)
            encrypting.finish()
        with open(sealed_path, "rb") as sealed:
            name = destination.save(
                f"stepping-stones-{created_at:%Y%m%dT%H%M%SZ}{SUFFIX}", File(sealed, name="backup")
            )
    return Summary(name=name, manifest=manifest)


def _write_archive(out, work, created_at):
    files = {}
    with tarfile.open(fileobj=out, mode="w|gz", compresslevel=6) as archive:
        dumped = work / "database"
        database.dump(dumped)
        with open(dumped, "rb") as dump:
            _add(archive, files, f"database/{database.vendor()}", dump, dumped.stat().st_size)
        dumped.unlink()
        for folder, alias in FILE_FOLDERS.items():
            storage = storages[alias]
            for name in _stored_names(storage):
                with storage.open(name, "rb") as stored:
                    _add(archive, files, f"{folder}/{name}", stored, stored.size)
        manifest = {
            "format": FORMAT,
            "created_at": created_at.isoformat(),
            "release": _release(),
            "database": database.vendor(),
            "migrations": sorted(
                f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
            ),
            "file_count": len(files),
            "files": files,
        }
        content = json.dumps(manifest, indent=1).encode()
        member = tarfile.TarInfo(MANIFEST)
        member.size, member.mtime = len(content), int(created_at.timestamp())
        archive.addfile(member, io.BytesIO(content))
    return manifest


def _add(archive, files, name, source, size):
    member = tarfile.TarInfo(name)
    member.size, member.mtime = size, int(time.time())
    reading = _Hashing(source)
    archive.addfile(member, reading)
    files[name] = {"size": size, "sha256": reading.sha256.hexdigest()}


class _Hashing:
    """Reads from `source`, keeping the SHA-256 of what was read."""

    def __init__(self, source):
        self.source = source
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        data = self.source.read(size)
        self.sha256.update(data)
        return data


def _stored_names(storage, folder=""):
    """Every file's name in `storage`, folders walked through."""
    try:
        folders, names = storage.listdir(folder)
    except FileNotFoundError:  # a folder not made yet: nothing was ever stored
        return
    for name in sorted(names):
        yield posixpath.join(folder, name)
    for sub in sorted(folders):
        yield from _stored_names(storage, posixpath.join(folder, sub))


def _release():
    try:
        return importlib.metadata.version("stepping-stones")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def backup_names(location=None):
    """The backups in `location`, oldest first."""
    storage = backup_location(location)
    return sorted(name for name in _stored_names(storage) if name.endswith(SUFFIX))


def backup_verify(*, name=None, location=None):
    """Check a backup (the newest if `name` is None) without changing anything; returns a `Summary`."""
    key = crypto.encryption_key(settings.BACKUP_ENCRYPTION_KEY)
    with _local_copy(location, name) as (name, path):
        return Summary(name=name, manifest=_verified_manifest(path, key))


def backup_restore(*, name=None, location=None, force=False):
    """Restore a backup (the newest if `name` is None) into this site's database and storage, which must
    be empty unless `force`; nothing is changed unless the whole backup checks out. Returns a `Summary`
    and the number of migrations this release has that the backup predates."""
    key = crypto.encryption_key(settings.BACKUP_ENCRYPTION_KEY)
    with _local_copy(location, name) as (name, path):
        manifest = _verified_manifest(path, key)
        _check_fits(manifest, force=force)
        database.drop_all()
        with _archive(path, key) as archive:
            for member in archive:
                if member.name == MANIFEST:
                    break
                content = archive.extractfile(member)
                folder, _, stored_name = member.name.partition("/")
                if folder == "database":
                    database.load(content)
                else:
                    _put(storages[FILE_FOLDERS[folder]], stored_name, content)
    # Drop the pages stored from what the database held before; a cache that cannot be reached serves
    # none, and `migrate` purges it later.
    with suppress(page_cache.CACHE_UNREACHABLE):
        page_cache.purge()
    records_replaced.send(sender=Summary)
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return Summary(name=name, manifest=manifest, pending_migrations=len(pending))


@contextmanager
def _local_copy(location, name):
    """The backup's name and a path to read it at: in place in a folder, a temporary copy from a bucket."""
    storage = backup_location(location)
    names = backup_names(location)
    if name is None:
        if not names:
            raise DomainError(NO_BACKUPS.format(location=location or settings.BACKUP_LOCATION))
        name = names[-1]
    elif not storage.exists(name):
        raise DomainError(NOT_FOUND.format(name=name, location=location or settings.BACKUP_LOCATION))
    try:
        path = storage.path(name)
    except NotImplementedError:
        path = None
    if path is not None:
        yield name, path
        return
    with tempfile.NamedTemporaryFile(suffix=SUFFIX) as copy:
        with storage.open(name, "rb") as remote:
            shutil.copyfileobj(remote, copy)
        copy.flush()
        yield name, copy.name


@contextmanager
def _archive(path, key):
    with open(path, "rb") as sealed:
        decrypting = crypto.Decrypting(sealed, key)
        try:
            with tarfile.open(fileobj=decrypting, mode="r|gz") as archive:
                yield archive
        except tarfile.TarError as error:
            # Every chunk read so far passed its check: only an archive written wrongly gets here.
            raise DomainError(crypto.DAMAGED.format(chunk=decrypting.chunk)) from error


def _verified_manifest(path, key):
    """The backup's manifest, once every file in the archive has been read and matches it."""
    found, manifest = {}, None
    with _archive(path, key) as archive:
        for member in archive:
            if manifest is not None or not _expected(member):
                raise DomainError(UNEXPECTED_MEMBER.format(name=member.name))
            content = archive.extractfile(member)
            if member.name == MANIFEST:
                manifest = json.loads(content.read())
            else:
                found[member.name] = _measured(content)
    if manifest is None or manifest.get("format") != FORMAT:
        raise DomainError(NO_MANIFEST)
    listed = manifest["files"]
    differ = sorted(name for name in found.keys() | listed.keys() if found.get(name) != listed.get(name))
    if differ or manifest["file_count"] != len(found):
        raise DomainError(MANIFEST_MISMATCH.format(count=len(differ), name=differ[0] if differ else MANIFEST))
    return manifest


def _measured(content):
    reading = _Hashing(content)
    size = 0
    while block := reading.read(SPOOL_BYTES):
        size += len(block)
    return {"size": size, "sha256": reading.sha256.hexdigest()}


def _expected(member):
    folder, _, name = member.name.partition("/")
    return member.isfile() and (
        member.name == MANIFEST
        or (
            folder in (*FILE_FOLDERS, "database")
            and posixpath.normpath(name) == name
            and ".." not in name.split("/")
            and not name.startswith("/")
        )
    )


def _check_fits(manifest, *, force):
    """Refuse a backup this site cannot take, or a database or storage that is not empty (unless `force`)."""
    site = database.vendor()
    if manifest["database"] != site:
        raise DomainError(
            OTHER_ENGINE.format(backup=database.ENGINES[manifest["database"]], site=database.ENGINES[site])
        )
    known = {f"{app}.{name}" for app, name in MigrationExecutor(connection).loader.disk_migrations}
    unknown = sorted(set(manifest["migrations"]) - known)
    if unknown:
        raise DomainError(NEWER_MIGRATIONS.format(count=len(unknown), name=unknown[0]))
    if force:
        return
    if tables := database.tables():
        raise DomainError(DATABASE_NOT_EMPTY.format(count=len(tables)))
    for folder, alias in FILE_FOLDERS.items():
        stored = next(_stored_names(storages[alias]), None)
        if stored is not None:
            raise DomainError(STORAGE_NOT_EMPTY.format(what=STORAGE_NAMES[folder], name=stored))


def _put(storage, name, content):
    """Store `content` under exactly `name`, replacing a file of that name."""
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        shutil.copyfileobj(content, spool)
        spool.seek(0)
        if storage.exists(name):
            storage.delete(name)
        storage.save(name, File(spool, name=name))
