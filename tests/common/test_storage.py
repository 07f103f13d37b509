"""Where uploads are kept: the file system unless settings name buckets, then S3-compatible object storage
(a local S3 server here), with placement documents in a private bucket of their own, never given an
address and only ever streamed through the views that check access. The same journeys pass on both."""

import json
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, StorageHandler, default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from common.s3_storage import MediaS3Storage, PrivateS3Storage
from common.storage import PrivateFileSystemStorage
from config.settings.base import BASE_DIR, file_storages
from portal.placements.factories import PlacementRequestFactory
from portal.placements.models import AccessKind
from portal.schools.factories import MembershipFactory
from portal.schools.models import Role
from portal.users.factories import turn_on_two_factor

CONNECTION = {
    "endpoint_url": "http://s3.example.test",
    "region_name": "eu-west-2",
    "access_key": "key",
    "secret_key": "secret",
}
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n" + bytes(range(256)) * 40
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"


def storages_for(**buckets):
    handler = StorageHandler(file_storages(private_root="/srv/private", connection=CONNECTION, **buckets))
    return handler["default"], handler["private"]


def test_files_stay_on_the_file_system_unless_a_bucket_is_named():
    media, private = storages_for(media_bucket="", private_bucket="")

    assert type(media) is FileSystemStorage
    assert type(private) is PrivateFileSystemStorage
    assert private.location == "/srv/private"
    with pytest.raises(ValueError, match="Private files have no URL"):
        private.url("placement-requests/1/abc")


def test_named_buckets_put_media_and_placement_documents_each_in_its_own():
    media, private = storages_for(media_bucket="site-media", private_bucket="site-private")

    assert (type(media), media.bucket_name) == (MediaS3Storage, "site-media")
    assert (type(private), private.bucket_name) == (PrivateS3Storage, "site-private")
    for storage in (media, private):
        assert (storage.endpoint_url, storage.region_name) == ("http://s3.example.test", "eu-west-2")
        assert (storage.access_key, storage.secret_key) == ("key", "secret")
        # Uploaded private, and a second file of the same name never replaces the first.
        assert (storage.default_acl, storage.file_overwrite) == (None, False)
    # An image is served by the site, never by a link to the bucket, signed or not.
    assert media.url("images/a photo.jpg") == "/media/images/a%20photo.jpg"
    with pytest.raises(ValueError, match="Private files have no URL"):
        private.url("placement-requests/1/abc")


def test_placement_documents_cannot_share_the_media_bucket():
    with pytest.raises(ImproperlyConfigured, match="S3_PRIVATE_BUCKET"):
        storages_for(media_bucket="site-files", private_bucket="site-files")


def test_the_buckets_and_the_connection_come_from_the_environment():
    script = "import json; from config.settings import base; print(json.dumps(base.STORAGES))"
    environment = {
        **os.environ,
        "DJANGO_SECRET_KEY": "storage-test",
        "S3_MEDIA_BUCKET": "site-media",
        "S3_PRIVATE_BUCKET": "site-private",
        "S3_ENDPOINT_URL": "https://objects.example.test",
        "S3_REGION": "fr-par",
        "S3_ACCESS_KEY_ID": "the-key",
        "S3_SECRET_ACCESS_KEY": "the-secret",
    }

    printed = subprocess.run(  # noqa: S603 (this interpreter, our own script)
        [sys.executable, "-c", script],
        env=environment,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    configured = json.loads(printed)
    connection = {
        "endpoint_url": "https://objects.example.test",
        "region_name": "fr-par",
        "access_key": "the-key",
        "secret_key": "the-secret",
    }
    assert configured["default"] == {
        "BACKEND": "common.s3_storage.MediaS3Storage",
        "OPTIONS": {**connection, "bucket_name": "site-media"},
    }
    assert configured["private"] == {
        "BACKEND": "common.s3_storage.PrivateS3Storage",
        "OPTIONS": {**connection, "bucket_name": "site-private"},
    }


@pytest.fixture
def referrer(db, home_page):
    membership = MembershipFactory(roles=[Role.REFERRER], user__email="senco@oakfield.test")
    turn_on_two_factor(membership.user)
    return membership


def test_a_placement_document_goes_up_and_comes_back_through_the_portal_byte_for_byte(
    file_storage, client, referrer
):
    draft = PlacementRequestFactory(school=referrer.school, created_by=referrer.user)
    client.force_login(referrer.user)

    response = client.post(
        reverse("placement_requests:documents", args=[draft.pk]),
        {"file": SimpleUploadedFile("report.pdf", PDF), "description": "Report"},
    )

    assert response.status_code == 302
    document = draft.documents.get()
    assert storages["private"].open(document.file.name).read() == PDF
    assert not default_storage.exists(document.file.name)
    if file_storage.kind == "object storage":
        buckets = file_storage.buckets
        stored = buckets.client.get_object(Bucket=buckets.private, Key=document.file.name)
        assert stored["Body"].read() == PDF
        grants = buckets.client.get_object_acl(Bucket=buckets.private, Key=document.file.name)["Grants"]
        assert {grant["Grantee"].get("URI") for grant in grants}.isdisjoint({ALL_USERS, AUTHENTICATED_USERS})
        assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner's, alone
        assert buckets.client.list_objects_v2(Bucket=buckets.media)["KeyCount"] == 0

    download = client.get(reverse("placement_requests:document", args=[draft.pk, document.pk]))

    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert draft.accesses.filter(kind=AccessKind.DOWNLOADED).count() == 1


def test_an_image_rendition_is_served_at_its_address(file_storage, db, client):
    image = get_image_model().objects.create(title="Playground", file=get_test_image_file(size=(320, 240)))

    rendition = image.get_rendition("fill-80x60|format-png")
    response = client.get(rendition.url)

    assert rendition.url.startswith("/media/images/")
    assert response.status_code == 200
    served = b"".join(response.streaming_content)
    assert served.startswith(b"\x89PNG")
    assert served == default_storage.open(rendition.file.name).read()
    if file_storage.kind == "object storage":
        buckets = file_storage.buckets
        keys = {item["Key"] for item in buckets.client.list_objects_v2(Bucket=buckets.media)["Contents"]}
        assert keys == {image.file.name, rendition.file.name}
