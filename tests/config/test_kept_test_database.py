"""The migrated test database kept between runs (tests/parallel_database.py) is found again only while
nothing that decides what migrating gives has changed."""

import importlib.metadata
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps

from tests.parallel_database import schema_key


@pytest.fixture
def project_app(tmp_path, monkeypatch):
    """The project's bookings app, read from a copy of its migrations in a folder of the test's own."""
    app_config = apps.get_app_config("bookings")
    folder = tmp_path / "bookings"
    (folder / "migrations").mkdir(parents=True)
    for file in (Path(app_config.path) / "migrations").glob("*.py"):
        (folder / "migrations" / file.name).write_bytes(file.read_bytes())
    monkeypatch.setattr(app_config, "path", str(folder))
    return folder


def test_the_key_is_the_same_while_nothing_changes(project_app):
    assert schema_key("sqlite") == schema_key("sqlite")


def test_a_changed_or_new_migration_changes_the_key(project_app):
    before = schema_key("sqlite")
    first = sorted((project_app / "migrations").glob("0*.py"))[0]
    first.write_text(first.read_text() + "\n# changed\n")
    changed = schema_key("sqlite")
    (project_app / "migrations" / "0099_new.py").write_text("# a new migration\n")

    assert len({before, changed, schema_key("sqlite")}) == 3


def test_another_version_of_a_package_changes_the_key(project_app, monkeypatch):
    before = schema_key("sqlite")
    installed = list(importlib.metadata.distributions())
    wagtail = next(dist for dist in installed if dist.metadata["Name"].lower() == "wagtail")
    upgraded = SimpleNamespace(metadata={"Name": "wagtail"}, version=wagtail.version + ".post1")
    monkeypatch.setattr(
        importlib.metadata, "distributions", lambda: [d for d in installed if d is not wagtail] + [upgraded]
    )

    assert schema_key("sqlite") != before


def test_each_database_has_its_own_key(project_app):
    assert schema_key("sqlite") != schema_key("postgresql")
