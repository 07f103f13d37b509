"""Subject access: everything held about one child, exported by staff with the `export_placementrequest`
permission as one zip file: `record.pdf` (every request about the child, with its answers, parents or
carers, professionals, interventions, decisions and agreed actions, its history and who saw it, and the
placement made from it: its dates with their moves, attendance, key-worker visits, targets and progress,
wellbeing, review meeting, report and history) and the documents under `documents/<reference>/` with the
names they were uploaded with.

The export is itself recorded, on every request it holds, before the zip is made, so the PDF lists it:
as an access (`AccessKind.EXPORTED`) and in the history. A document whose file has gone from storage is
listed in the PDF as missing; if the storage cannot be reached at all, nothing is exported and nothing
is recorded. A legal hold does not stop an export: holds stop deletion only.
"""

import tempfile
import zipfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.models import ModelLogEntry

from common.audit import record_change
from common.errors import DomainError
from common.pdf import pdf_from_html
from portal.placements import selectors
from portal.placements.answers import answers_of
from portal.placements.attendance_codes import AttendanceFigures, attendance_figures
from portal.placements.models.attendance import AttendanceMark
from portal.placements.models.placements import Placement
from portal.placements.models.progress import KeyWorkerVisit, ReviewMeeting
from portal.placements.models.reports import PlacementReport
from portal.placements.models.requests import (
    AccessKind,
    PlacementRequest,
    RequestAccess,
    SupportingDocument,
)
from portal.placements.services.requests import access_by

SUBJECT_ACCESS_EXPORTED = "placements.request_exported"
CHANGE_LABELS = {SUBJECT_ACCESS_EXPORTED: "Exported for a subject access request"}

STORAGE_UNREACHABLE = (
    "The store of supporting documents cannot be reached just now, so nothing was exported and nothing "
    "was recorded. Try again in a few minutes, and tell the site's administrator if it goes on."
)

RECORD_PDF = "record.pdf"
DOCUMENTS_FOLDER = "documents"
CHUNK_BYTES = 1024 * 1024


@dataclass(frozen=True)
class HeldDocument:
    document: SupportingDocument
    path: str  # where it is in the zip; "" when its file has gone from storage

    @property
    def missing(self) -> bool:
        return not self.path


@dataclass(frozen=True)
class SubjectAccessExport:
    file: object  # the zip, an open temporary file read from its start; whoever sends it closes it
    filename: str
    records: list[PlacementRequest]
    missing_documents: list[SupportingDocument]


class ZipNames:
    """Names in the zip that are safe (one file name, no folders, nothing unprintable) and unique."""

    def __init__(self):
        self.used = set()

    def name_for(self, folder: str, original_name: str) -> str:
        name = PurePosixPath(original_name.replace("\\", "/")).name
        name = "".join(character for character in name if character.isprintable()).strip().lstrip(".")
        path = PurePosixPath(folder, name or "document")
        candidate, number = str(path), 1
        while candidate.lower() in self.used:
            number += 1
            candidate = str(path.with_name(f"{path.stem} ({number}){path.suffix}"))
        self.used.add(candidate.lower())
        return candidate


def _stored_file(document):
    """The document's file open for reading, or None when the storage no longer has it."""
    try:
        return document.file.storage.open(document.file.name, "rb")
    except FileNotFoundError:
        return None
    except Exception as error:  # a network, permission or object-store error: the storage is unreachable
        raise DomainError(STORAGE_UNREACHABLE) from error


def _chunks_of(stored):
    while True:
        try:
            chunk = stored.read(CHUNK_BYTES)
        except Exception as error:  # the storage stopped answering part way through the file
            raise DomainError(STORAGE_UNREACHABLE) from error
        if not chunk:
            return
        yield chunk


def _add_document(archive, names, record, document) -> HeldDocument:
    stored = _stored_file(document)
    if stored is None:
        return HeldDocument(document, "")
    path = names.name_for(f"{DOCUMENTS_FOLDER}/{record.reference}", document.original_name)
    entry = zipfile.ZipInfo(path, date_time=timezone.localtime(document.uploaded_at).timetuple()[:6])
    entry.compress_type = zipfile.ZIP_DEFLATED
    with stored, archive.open(entry, "w") as copy:
        for chunk in _chunks_of(stored):
            copy.write(chunk)
    return HeldDocument(document, path)


@dataclass(frozen=True)
class HeldPlacement:
    """The placement made from a request, with what is held about it beyond its own rows."""

    placement: Placement
    review: ReviewMeeting | None
    report: PlacementReport | None
    attendance: AttendanceFigures
    history: list[ModelLogEntry]  # the placement's recorded changes, oldest first
    report_history: list[ModelLogEntry]


def _histories(records) -> dict[tuple[int, str], list[ModelLogEntry]]:
    """The recorded changes of `records` (of any models), oldest first, by (content type, id): one query."""
    held = Q(pk__in=[])
    for record in records:
        held |= Q(content_type=ContentType.objects.get_for_model(record), object_id=str(record.pk))
    histories = {}
    for entry in ModelLogEntry.objects.filter(held).select_related("user").order_by("timestamp", "pk"):
        histories.setdefault((entry.content_type_id, entry.object_id), []).append(entry)
    return histories


def placements_held(*, records) -> dict[int, HeldPlacement]:
    """The placement made from each of `records` that has one, by the request's id, with its dates,
    attendance marks, absence alerts, key-worker visits, targets and their progress, wellbeing scores,
    review meeting, report and histories: the same few queries however many of each there are."""
    placements = list(
        Placement.objects.filter(request__in=records)
        .select_related("school", "created_by", "review__recorded_by", "report__written_by")
        .prefetch_related(
            "dates",
            Prefetch("attendance", queryset=AttendanceMark.objects.select_related("recorded_by")),
            "absence_alerts",
            Prefetch("visits", queryset=KeyWorkerVisit.objects.order_by("visited_on", "pk")),
            "targets__progress",
            "wellbeing",
        )
    )
    # A placement may have no review or report yet (the reverse one-to-one then raises AttributeError).
    reports = {placement.pk: getattr(placement, "report", None) for placement in placements}
    histories = _histories([*placements, *filter(None, reports.values())])

    def history_of(record):
        if record is None:
            return []
        return histories.get((ContentType.objects.get_for_model(record).pk, str(record.pk)), [])

    return {
        placement.request_id: HeldPlacement(
            placement=placement,
            review=getattr(placement, "review", None),
            report=reports[placement.pk],
            attendance=attendance_figures(mark.code for mark in placement.attendance.all()),
            history=history_of(placement),
            report_history=history_of(reports[placement.pk]),
        )
        for placement in placements
    }


def record_pdf_html(*, placement_request, records, documents, user) -> str:
    """The record of everything held about the child; `documents` maps each request's id to its
    `HeldDocument`s."""
    placements = placements_held(records=records)
    return render_to_string(
        "placements/subject_access.html",
        {
            "placement_request": placement_request,
            "exported_by": user,
            "exported_at": timezone.now(),
            "cleared": selectors.may_see_safeguarding(user=user),
            "records": [
                {
                    "request": record,
                    "answers": answers_of(record, user=user),
                    "documents": documents[record.pk],
                    "decisions": selectors.decisions_of(placement_request=record),
                    "history": selectors.status_history_of(placement_request=record),
                    "accesses": selectors.accesses_of(placement_request=record),
                    "placement": placements.get(record.pk),
                }
                for record in records
            ],
        },
    )


@transaction.atomic
def subject_access_export(*, placement_request, user) -> SubjectAccessExport:
    """Export everything held about the child of `placement_request` (every request about them: see
    `selectors.requests_about_child_of`), recording the export on each; a DomainError, with nothing
    recorded, when the documents' storage cannot be reached."""
    records = list(selectors.requests_about_child_of(placement_request=placement_request))
    what = f"admin: subject access export of {placement_request.reference}"
    RequestAccess.objects.bulk_create(
        access_by(user, placement_request=record, kind=AccessKind.EXPORTED, what=what) for record in records
    )
    for record in records:
        record_change(
            instance=record,
            action=SUBJECT_ACCESS_EXPORTED,
            user=user,
            about=f"by reference {placement_request}",
        )

    with ExitStack() as closed_on_failure:
        exported = closed_on_failure.enter_context(tempfile.TemporaryFile())
        documents = {}
        names = ZipNames()
        with zipfile.ZipFile(exported, "w") as archive:
            for record in records:
                documents[record.pk] = [
                    _add_document(archive, names, record, document)
                    for document in selectors.supporting_documents_of(placement_request=record)
                ]
            html = record_pdf_html(
                placement_request=placement_request, records=records, documents=documents, user=user
            )
            archive.writestr(RECORD_PDF, pdf_from_html(html), compress_type=zipfile.ZIP_DEFLATED)
        # Made: the file stays open for whoever sends it.
        closed_on_failure.pop_all()
    exported.seek(0)
    return SubjectAccessExport(
        file=exported,
        filename=f"subject-access-{placement_request.reference}-{timezone.localdate():%Y-%m-%d}.zip",
        records=records,
        missing_documents=[held.document for each in documents.values() for held in each if held.missing],
    )
