"""`manage.py backup` writes one encrypted archive with a manifest, from whichever storage is configured,
to a folder or a bucket; `manage.py restore` checks all of it, and that this site can take it, before it
changes anything, and says plainly what is wrong. The whole journey is the drill (test_restore_drill.py)."""

import base64
import hashlib
import io
import json
import os
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import CommandError, call_command
from django.db.migrations.recorder import MigrationRecorder

from backups import crypto, database, services
from common.errors import DomainError

pytestmark = pytest.mark.django_db

KEY = base64.b64encode(os.urandom(32)).decode()
DOCUMENT = b"%PDF-1.7 Alex Example's school report"
DATABASE = b"the database's rows: Sam Sample, born 2017"
IMAGE = b"\x89PNG\r\n\x1a\n a playground"


@pytest.fixture
def backups(settings, tmp_path, monkeypatch):
    """Backups go to a folder of the test's own, with a key; the fixture's value is the folder.

    The database's dump is a stand-in here: the drill runs pg_dump and SQLite's backup API for real (inside
    the test's transaction pg_dump would not see the test's rows, and SQLite cannot copy a database with
    a write open)."""
    monkeypatch.setattr(database, "dump", lambda path: path.write_bytes(DATABASE))
    settings.BACKUP_LOCATION = str(tmp_path / "backups")
    settings.BACKUP_ENCRYPTION_KEY = KEY
    return tmp_path / "backups"


@pytest.fixture
def stored_files(file_storage):
    """One image in the media storage and one placement document in the private one."""
    default_storage.save("original_images/playground.png", ContentFile(IMAGE))
    storages["private"].save("placement-requests/7/0f3a", ContentFile(DOCUMENT))
    return file_storage


def run(command, *args, **options):
    out = io.StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


def refusal(command, *args, **options):
    with pytest.raises(CommandError) as refused:
        call_command(command, *args, stdout=io.StringIO(), **options)
    return str(refused.value)


def test_a_backup_holds_the_database_and_every_file_with_a_manifest(backups, stored_files):
    printed = run("backup")

    [name] = os.listdir(backups)
    assert name.startswith("stepping-stones-")
    assert name.endswith(".backup")
    assert f"Backed up to {name}" in printed
    assert "1 media files and 1 placement documents" in printed
    assert oct(os.stat(backups / name).st_mode & 0o777) == "0o600"
    manifest = services.backup_verify().manifest
    engine = database.vendor()
    assert manifest["database"] == engine
    assert manifest["release"] == "0.1.0"
    assert manifest["created_at"].startswith("20")
    assert manifest["migrations"] == sorted(
        f"{app}.{migration}"
        for app, migration in MigrationRecorder.Migration.objects.values_list("app", "name")
    )
    assert manifest["file_count"] == 3
    assert manifest["files"]["media/original_images/playground.png"] == {
        "size": len(IMAGE),
        "sha256": hashlib.sha256(IMAGE).hexdigest(),
    }
    assert manifest["files"]["private/placement-requests/7/0f3a"] == {
        "size": len(DOCUMENT),
        "sha256": hashlib.sha256(DOCUMENT).hexdigest(),
    }
    assert manifest["files"][f"database/{engine}"] == {
        "size": len(DATABASE),
        "sha256": hashlib.sha256(DATABASE).hexdigest(),
    }
    # Encrypted: nothing of a document, nor of the database, can be read in it.
    content = (backups / name).read_bytes()
    assert b"Alex Example" not in content
    assert b"Sam Sample" not in content


def test_restore_checks_a_backup_and_says_what_it_holds(backups, stored_files):
    run("backup")

    printed = run("restore", verify=True)

    assert "checks out" in printed
    assert "1 media files and 1 placement documents" in printed


def test_a_backup_goes_to_a_bucket_and_is_checked_from_there(backups, stored_files, s3_client, new_bucket):
    bucket = new_bucket()

    run("backup", location=f"s3://{bucket}/nightly")

    [stored] = s3_client.list_objects_v2(Bucket=bucket)["Contents"]
    assert stored["Key"].startswith("nightly/stepping-stones-")
    grants = s3_client.get_object_acl(Bucket=bucket, Key=stored["Key"])["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner's, alone
    assert "checks out" in run("restore", verify=True, location=f"s3://{bucket}/nightly")


def test_restore_refuses_a_database_that_is_not_empty(backups, stored_files):
    run("backup")

    assert refusal("restore").startswith("The database is not empty (")


def test_restore_refuses_storage_that_is_not_empty(backups, stored_files, monkeypatch):
    run("backup")
    monkeypatch.setattr(database, "tables", list)  # as if the database were empty

    assert refusal("restore") == services.STORAGE_NOT_EMPTY.format(
        what="media", name="original_images/playground.png"
    )


def test_the_wrong_key_is_a_clear_refusal(backups, stored_files, settings):
    run("backup")
    settings.BACKUP_ENCRYPTION_KEY = base64.b64encode(os.urandom(32)).decode()

    assert refusal("restore", verify=True) == crypto.WRONG_KEY
    assert refusal("restore") == crypto.WRONG_KEY


def test_a_damaged_backup_is_a_clear_refusal(backups, stored_files):
    run("backup")
    [name] = os.listdir(backups)
    content = bytearray((backups / name).read_bytes())
    content[crypto.HEADER_BYTES + 100] ^= 0x01
    (backups / name).write_bytes(bytes(content))

    assert refusal("restore", name) == crypto.DAMAGED.format(chunk=1)


def test_no_backup_or_an_unknown_name_is_said(backups):
    assert refusal("restore") == services.NO_BACKUPS.format(location=backups)
    assert refusal("restore", "stepping-stones-2020.backup") == services.NOT_FOUND.format(
        name="stepping-stones-2020.backup", location=backups
    )


def test_a_backup_from_a_newer_release_is_refused(backups, stored_files, monkeypatch):
    applied = MigrationRecorder.applied_migrations
    monkeypatch.setattr(
        MigrationRecorder,
        "applied_migrations",
        lambda recorder: {**applied(recorder), ("orders", "9999_from_the_future"): None},
    )
    run("backup")

    assert refusal("restore") == services.NEWER_MIGRATIONS.format(count=1, name="orders.9999_from_the_future")


def test_a_backup_of_another_engine_is_refused(backups, stored_files, monkeypatch):
    run("backup")
    engine = database.vendor()
    other = "sqlite" if engine == "postgresql" else "postgresql"
    monkeypatch.setattr(database, "vendor", lambda: other)

    assert refusal("restore") == services.OTHER_ENGINE.format(
        backup=database.ENGINES[engine], site=database.ENGINES[other]
    )


def archive_of(backups, members, manifest_files=None):
    """A backup written by hand: `members` (name: bytes) and a manifest listing `manifest_files` (by
    default, what `members` hold)."""
    plain = io.BytesIO()
    with tarfile.open(fileobj=plain, mode="w:gz") as archive:
        listed = {
            name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in members.items()
        }
        manifest = {
            "format": services.FORMAT,
            "created_at": "2026-12-01T02:00:00+00:00",
            "release": "0.1.0",
            "database": database.vendor(),
            "migrations": [],
            "file_count": len(members),
            "files": manifest_files or listed,
        }
        for name, data in [*members.items(), (services.MANIFEST, json.dumps(manifest).encode())]:
            member = tarfile.TarInfo(name)
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    backups.mkdir(exist_ok=True)
    with open(backups / "stepping-stones-by-hand.backup", "wb") as out:
        encrypting = crypto.Encrypting(out, crypto.encryption_key(KEY))
        encrypting.write(plain.getvalue())
        encrypting.finish()


def test_a_backup_that_does_not_match_its_manifest_is_refused(backups):
    data = b"the document"
    archive_of(
        backups,
        {"private/placement-requests/1/a": data},
        manifest_files={"private/placement-requests/1/a": {"size": len(data), "sha256": "0" * 64}},
    )

    assert refusal("restore", verify=True) == services.MANIFEST_MISMATCH.format(
        count=1, name="private/placement-requests/1/a"
    )


def test_a_backup_with_a_file_no_backup_holds_is_refused(backups):
    archive_of(backups, {"media/../../etc/cron.d/job": b"* * * * * root sh"})

    assert refusal("restore", verify=True) == services.UNEXPECTED_MEMBER.format(
        name="media/../../etc/cron.d/job"
    )


def test_sqlite_gives_up_on_a_database_that_stays_locked(monkeypatch, tmp_path):
    if database.vendor() != "sqlite":
        pytest.skip("SQLite's backup API alone waits on a lock")
    # The real dump, inside the test's transaction: the write it holds never ends.
    monkeypatch.setattr(database, "LOCK_TIMEOUT_SECONDS", 1)
    MigrationRecorder.Migration.objects.create(app="backups", name="written_in_the_test")

    with pytest.raises(DomainError) as refused:
        database.dump(tmp_path / "database")

    assert refused.value.message == database.SQLITE_LOCKED
