"""Uploaded images are public; documents are reachable only through Wagtail's document view."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_an_uploaded_image_is_served_from_the_media_folder(client):
    image = get_image_model().objects.create(title="Playground", file=get_test_image_file())

    response = client.get(image.file.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_a_document_is_not_served_from_the_media_folder(client):
    document = get_document_model().objects.create(
        title="Minutes", file=ContentFile(b"confidential minutes", name="minutes.txt")
    )

    assert client.get(f"/media/{document.file.name}").status_code == 404
    # Nor by a path that climbs out of the images' folder: the proxy passes it on as it came.
    assert client.get(f"/media/images/../{document.file.name}").status_code == 404
    assert client.get(f"/media/original_images/./../{document.file.name}").status_code == 404
    assert client.get(document.url).status_code == 200


def test_an_image_that_is_not_there_is_not_found(client):
    assert client.get("/media/images/missing.png").status_code == 404
    assert client.get("/media/images/").status_code == 404


def test_a_document_in_a_private_collection_asks_for_sign_in(client):
    private = Collection.get_first_root_node().add_child(name="Panel papers")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model().objects.create(
        title="Panel pack", collection=private, file=ContentFile(b"pupil details", name="pack.txt")
    )

    response = client.get(document.url)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.get(f"/media/{document.file.name}").status_code == 404
