"""The static files' storage finds each name's hashed URL in the manifest once per process."""

import json

import pytest

from common.static_files import StaticFiles


@pytest.fixture
def storage(tmp_path, settings):
    settings.STATIC_URL = "/static/"
    settings.DEBUG = False
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"version": "1.1", "paths": {"css/site.css": "css/site.0123abcd.css"}, "hash": "x"})
    )
    return StaticFiles(location=tmp_path, base_url="/static/")


def test_a_url_is_the_hashed_name_from_the_manifest_and_is_looked_up_once(storage, monkeypatch):
    looked_up = []
    stored_name = storage.stored_name
    monkeypatch.setattr(storage, "stored_name", lambda name: looked_up.append(name) or stored_name(name))

    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    assert looked_up == ["css/site.css"]


def test_a_name_missing_from_the_manifest_is_refused_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")


def test_with_debug_on_the_url_is_the_plain_name(storage, settings):
    settings.DEBUG = True

    assert storage.url("css/site.css") == "/static/css/site.css"
