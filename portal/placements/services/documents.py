"""Supporting documents of a placement request: PDF, Word or image files of up to 10 MB, recognised by
what they contain (never by their name), kept in the private storage and served by a view that checks
who is asking."""

import zipfile
from functools import partial
from pathlib import PurePath

import puremagic
from django.db import transaction

from common.errors import DomainError
from portal.placements.models.requests import SupportingDocument
from portal.placements.sections import SECTIONS_BY_SLUG
from portal.placements.services.requests import lock_editable, record_content_change

DOCUMENTS = SECTIONS_BY_SLUG["documents"]
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The content types accepted, as recognised from the file's first bytes.
ACCEPTED_TYPES = {
    "application/pdf": ".pdf",
    "application/msword": ".doc",
    DOCX: ".docx",
    "image/jpeg": ".jpg",
    "image/png": ".png",
}

DOCUMENT_REQUIRED = "Select a file to upload."
DOCUMENT_EMPTY = "The selected file is empty."
DOCUMENT_TOO_BIG = "The selected file must be smaller than 10 MB."
DOCUMENT_WRONG_TYPE = "The selected file must be a PDF, a Word document, or a JPG or PNG image."


def _is_word_package(upload) -> bool:
    """A .docx is a zip file, as are many other things: only one holding a Word document counts."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            return "word/document.xml" in package.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def document_content_type(upload) -> str:
    """The accepted content type the file's contents show it to be, or a DomainError on `file`."""
    if upload is None:
        raise DomainError(DOCUMENT_REQUIRED, field="file")
    if upload.size == 0:
        raise DomainError(DOCUMENT_EMPTY, field="file")
    if upload.size > MAX_DOCUMENT_BYTES:
        raise DomainError(DOCUMENT_TOO_BIG, field="file")
    upload.seek(0)
    try:
        matches = puremagic.magic_stream(upload)
    except puremagic.PureError:
        matches = []
    finally:
        upload.seek(0)
    for match in matches:
        if match.mime_type in ACCEPTED_TYPES and (match.mime_type != DOCX or _is_word_package(upload)):
            return match.mime_type
    raise DomainError(DOCUMENT_WRONG_TYPE, field="file")


def _safe_name(name: str) -> str:
    return PurePath(name).name[:200] or "document"


@transaction.atomic
def supporting_document_add(*, placement_request, upload, description="", user) -> SupportingDocument:
    content_type = document_content_type(upload)
    placement_request = lock_editable(placement_request)
    document = SupportingDocument(
        request=placement_request,
        original_name=_safe_name(upload.name),
        content_type=content_type,
        size=upload.size,
        description=description.strip(),
        uploaded_by=user,
    )
    document.file.save(upload.name, upload, save=False)
    try:
        document.save()
        record_content_change(
            placement_request, user=user, about=f"{DOCUMENTS.title}: added {document.original_name}"
        )
    except Exception:
        # The file reached the disk but its record did not: leave nothing behind.
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def supporting_document_remove(*, document, user) -> None:
    placement_request = lock_editable(document.request)
    storage, stored_name = document.file.storage, document.file.name
    document.delete()
    record_content_change(
        placement_request, user=user, about=f"{DOCUMENTS.title}: removed {document.original_name}"
    )
    # Only once the removal is committed, so a rolled-back removal keeps its file.
    transaction.on_commit(partial(storage.delete, stored_name))
