"""Subject access: staff with the export permission download everything held about one child (a PDF of
every request about them with its history and who saw it, and the documents) in one zip; the export is
recorded; a missing file is listed as missing and an unreachable storage refuses with nothing recorded.
Nobody else gets the button or the export, a school's portal user included."""

import io
import re
import zipfile
from datetime import date, timedelta

import pypdf
import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import ModelLogEntry

from common import workflows
from portal.placements.factories import PlacementCapacityFactory, PlacementRequestFactory
from portal.placements.models import AccessKind, Milestone, Outcome, RequestAccess, RequestStatus
from portal.placements.models.attendance import KeptBy, MarkSource
from portal.placements.models.progress import (
    KeyWorkerVisit,
    PlacementTarget,
    Progress,
    ReviewMeeting,
    Stage,
    TargetProgress,
    WellbeingScore,
)
from portal.placements.models.reports import PlacementReport
from portal.placements.services import attendance, decisions, subject_access
from portal.placements.services import documents as document_services
from portal.placements.services import placements as placement_services
from portal.placements.services import requests as services
from portal.placements.services.subject_access import (
    STORAGE_UNREACHABLE,
    SUBJECT_ACCESS_EXPORTED,
    ZipNames,
)
from portal.schools.factories import SchoolFactory
from portal.users.factories import VerifiedUserFactory
from tests.portal.placements.conftest import admin_url, clear_for_safeguarding, start_placement

REPORT = b"%PDF-1.7\n% the educational psychologist's report\n%%EOF\n"
PLAN = b"%PDF-1.7\n% the behaviour plan\n%%EOF\n"
DRAWING = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXPORT_BUTTON = "Export everything held (subject access)"


@pytest.fixture
def sent(meetings, complete_draft, head, referrer, private_media):
    """A sent request with three documents, two of them uploaded under the same name."""
    for name, content in [("report.pdf", REPORT), ("report.pdf", PLAN), ("drawing.png", DRAWING)]:
        document_services.supporting_document_add(
            placement_request=complete_draft, upload=SimpleUploadedFile(name, content), user=referrer.user
        )
    services.placement_request_sign_off(placement_request=complete_draft, membership=head)
    return services.placement_request_submit(
        placement_request=complete_draft, membership=referrer, today=meetings.december.submission_deadline
    )


def staff_client(client, settings, *codenames, email):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    group, _ = Group.objects.get_or_create(name=f"Staff: {', '.join(codenames)}")
    group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    user = VerifiedUserFactory(email=email, first_name="Data", last_name="Officer", is_staff=True)
    user.groups.add(group)
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def exporter(db, client, settings):
    """A member of staff who may view requests and export everything held about a child."""
    return staff_client(
        client,
        settings,
        "view_placementrequest",
        "export_placementrequest",
        email="dpo@unit.test",
    )


@pytest.fixture
def panel_officer(db, client, settings):
    """A member of staff who may view and change requests, but not export them."""
    return staff_client(
        client,
        settings,
        "view_placementrequest",
        "change_placementrequest",
        email="panel@stepping-stones.test",
    )


def export(client, placement_request):
    return client.post(admin_url("placementrequest", "export", placement_request.pk))


def unzipped(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


# What each page repeats (its marking and number) and the bullets of lists, which come out of the PDF
# after the page's text: left out, so that what runs onto the next page still reads as one.
PAGE_FURNITURE = re.compile(r"OFFICIAL-SENSITIVE: subject access|Page \d+ of \d+|•")


def pdf_text(archive):
    reader = pypdf.PdfReader(io.BytesIO(archive.read("record.pdf")))
    text = PAGE_FURNITURE.sub(" ", " ".join(page.extract_text() for page in reader.pages))
    # Table cells wrap their words onto several lines: compare with single spaces.
    return " ".join(text.split())


def test_the_zip_holds_the_record_and_every_document_under_a_unique_name(exporter, sent):
    response = export(exporter, sent)

    archive = unzipped(response)
    folder = f"documents/{sent.reference}"
    assert sorted(archive.namelist()) == sorted(
        [
            "record.pdf",
            f"{folder}/report.pdf",
            f"{folder}/report (2).pdf",
            f"{folder}/drawing.png",
        ]
    )
    assert archive.read(f"{folder}/report.pdf") == REPORT
    assert archive.read(f"{folder}/report (2).pdf") == PLAN
    assert archive.read(f"{folder}/drawing.png") == DRAWING
    assert response["Content-Disposition"] == (
        f'attachment; filename="subject-access-{sent.reference}-2026-11-22.zip"'
    )


def test_the_pdf_has_the_answers_the_history_and_who_saw_the_request(exporter, sent, referrer):
    services.request_access_record(placement_request=sent, user=referrer.user, what="request page")

    text = pdf_text(unzipped(export(exporter, sent)))

    assert f"Everything held about the child of {sent.reference}" in text
    assert "Alex Example" in text
    assert "Frequent dysregulation in class." in text
    assert "Parent One (Mother, has parental responsibility), 01234 000000" in text
    assert "Daily check-in with a trusted adult" in text
    assert f"In this export as documents/{sent.reference}/report (2).pdf" in text
    # The history: when, what, why and who.
    assert (
        "22 Nov 2026, 09:00 Send to the panel, from Draft to Submitted For the meeting on 8 December 2026 "
        "Sam Teacher (senco@oakfield.test)"
    ) in text
    assert "Signed off by the head teacher or a senior leader Sam Teacher (head@oakfield.test)" in text
    assert (
        f"22 Nov 2026, 09:00 Exported for a subject access request: by reference {sent.reference} "
        "Data Officer (dpo@unit.test)"
    ) in text
    # Who saw it, named as they were, the export itself included.
    assert "Viewed request page Sam Teacher (senco@oakfield.test)" in text
    assert f"Exported admin: subject access export of {sent.reference} Data Officer (dpo@unit.test)" in text


def test_the_pdf_has_the_panel_s_decisions_and_their_agreed_actions(exporter, sent, staff_user):
    services.placement_request_place_on_agenda(placement_request=sent, user=staff_user)
    decisions.placement_request_decide(
        placement_request=sent,
        user=staff_user,
        outcome=Outcome.DECLINE,
        reasons="Outreach support first.",
        recommendations="A Silver package this term.",
        lead_professional="Outreach manager",
        actions=[decisions.Action("Send the outreach offer", "Outreach coordinator", date(2026, 12, 15))],
    )

    text = pdf_text(unzipped(export(exporter, sent)))

    assert (
        "Decision Decline, with recommendations, 22 November 2026 at the MAPP meeting 08 December 2026"
        in text
    )
    assert "Reasons Outreach support first. Recommendations A Silver package this term." in text
    assert "Send the outreach offer (Outreach coordinator, by 15 December 2026)" in text


def test_the_export_is_recorded_as_an_access_and_in_the_history(exporter, sent):
    export(exporter, sent)

    access = RequestAccess.objects.get(kind=AccessKind.EXPORTED)
    assert (access.request, access.user, access.viewer) == (
        sent,
        exporter.user,
        "Data Officer (dpo@unit.test)",
    )
    entry = ModelLogEntry.objects.for_instance(sent).get(action=SUBJECT_ACCESS_EXPORTED)
    assert entry.user == exporter.user
    assert entry.message == f"Exported for a subject access request: by reference {sent.reference}"


def test_safeguarding_is_in_the_export_only_for_someone_cleared(exporter, sent):
    uncleared = pdf_text(unzipped(export(exporter, sent)))
    clear_for_safeguarding(exporter.user)
    cleared = pdf_text(unzipped(export(exporter, sent)))

    assert "dsl@school.test" not in uncleared
    assert "This export leaves out the safeguarding sections" in uncleared
    assert "dsl@school.test" in cleared
    assert "leaves out" not in cleared


def test_other_sent_requests_about_the_same_child_are_in_the_export(exporter, sent):
    elsewhere = SchoolFactory(name="Riverside Primary School")
    # Same UPN and date of birth at another school: the pupil moved.
    earlier = PlacementRequestFactory(
        school=elsewhere, complete=True, upn=sent.upn, status=RequestStatus.WITHDRAWN
    )
    # Same name and date of birth at the same school, before the UPN was known.
    unnumbered = PlacementRequestFactory(
        school=sent.school, complete=True, upn="", status=RequestStatus.RETURNED
    )
    namesake = PlacementRequestFactory(
        school=sent.school,
        complete=True,
        upn="",
        date_of_birth=date(2017, 3, 3),
        status=RequestStatus.DECIDED,
    )
    same_upn_other_birthday = PlacementRequestFactory(
        school=elsewhere, complete=True, upn=sent.upn, date_of_birth=date(2017, 3, 3)
    )
    draft = PlacementRequestFactory(school=sent.school, complete=True, upn=sent.upn)

    text = pdf_text(unzipped(export(exporter, sent)))

    exported = set(
        RequestAccess.objects.filter(kind=AccessKind.EXPORTED).values_list("request_id", flat=True)
    )
    assert exported == {sent.pk, earlier.pk, unnumbered.pk}
    assert "The unit holds 3 placement requests about this child." in text
    assert f"{earlier.reference}: Alex Example, Riverside Primary School" in text
    for left_out in (namesake, same_upn_other_birthday, draft):
        assert left_out.reference not in text


def test_a_document_whose_file_has_gone_is_listed_as_missing(exporter, sent, private_media):
    gone = sent.documents.get(content_type="image/png")
    (private_media / gone.file.name).unlink()

    response = export(exporter, sent)

    archive = unzipped(response)
    assert f"documents/{sent.reference}/drawing.png" not in archive.namelist()
    assert archive.read(f"documents/{sent.reference}/report.pdf") == REPORT
    assert "drawing.png, 72 bytes, uploaded 22 November 2026 by senco@oakfield.test. Missing" in pdf_text(
        archive
    )
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "1 document(s) could not be found in storage, so they are not in the export: record.pdf lists "
        "them as missing."
    ]
    assert RequestAccess.objects.filter(kind=AccessKind.EXPORTED).count() == 1


class StoppingFile(io.BytesIO):
    """A stored file whose storage stops answering part way through."""

    def read(self, size=-1):
        raise TimeoutError("The object store stopped answering.")


def refuse_to_open(name, mode="rb"):
    raise ConnectionError("The object store did not answer.")


def stop_part_way(name, mode="rb"):
    return StoppingFile()


@pytest.mark.parametrize("unreachable", [refuse_to_open, stop_part_way])
def test_an_unreachable_storage_refuses_the_export_and_records_nothing(
    exporter, sent, private_media, monkeypatch, unreachable
):
    monkeypatch.setattr(sent.documents.first().file.storage, "open", unreachable)

    response = export(exporter, sent)

    assert response.status_code == 400
    assert escape(STORAGE_UNREACHABLE) in response.text
    assert not RequestAccess.objects.filter(kind=AccessKind.EXPORTED).exists()
    assert not ModelLogEntry.objects.filter(action=SUBJECT_ACCESS_EXPORTED).exists()
    assert sent.documents.count() == 3
    assert all((private_media / document.file.name).exists() for document in sent.documents.all())


def test_staff_with_the_permission_see_the_button_and_what_the_export_holds(exporter, sent):
    inspect = exporter.get(admin_url("placementrequest", "inspect", sent.pk)).text
    confirm = exporter.get(admin_url("placementrequest", "export", sent.pk))

    assert EXPORT_BUTTON in inspect
    assert confirm.status_code == 200
    assert f"{sent.reference} (Oakfield Primary School)" in confirm.text
    assert "Left out: you are not cleared for safeguarding information" in confirm.text
    # Showing what the export would hold exports nothing.
    assert not RequestAccess.objects.filter(kind=AccessKind.EXPORTED).exists()


def test_staff_without_the_permission_get_no_button_and_no_export(panel_officer, sent):
    inspect = panel_officer.get(admin_url("placementrequest", "inspect", sent.pk)).text

    refused = export(panel_officer, sent)

    assert sent.reference in inspect
    assert EXPORT_BUTTON not in inspect
    assert refused.status_code == 302
    assert refused.url == "/admin/"
    assert not RequestAccess.objects.filter(kind=AccessKind.EXPORTED).exists()


def test_a_draft_cannot_be_exported(exporter, draft):
    assert export(exporter, draft).status_code == 404
    assert not RequestAccess.objects.filter(kind=AccessKind.EXPORTED).exists()


def test_a_school_s_portal_user_cannot_reach_the_export(referrer_client, sent):
    refused = export(referrer_client, sent)

    assert refused.status_code == 302
    assert refused.url.startswith(reverse("account_login"))
    assert not RequestAccess.objects.filter(kind=AccessKind.EXPORTED).exists()


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["report.pdf", "Report.PDF"], ["documents/report.pdf", "documents/Report (2).PDF"]),
        (["../../etc/passwd"], ["documents/passwd"]),
        (["..\\windows\\evil.exe"], ["documents/evil.exe"]),
        (["notes\x00\n.txt", ".hidden"], ["documents/notes.txt", "documents/hidden"]),
        (["..", ""], ["documents/document", "documents/document (2)"]),
    ],
)
def test_names_in_the_zip_are_safe_and_unique(names, expected):
    zip_names = ZipNames()

    assert [zip_names.name_for("documents", name) for name in names] == expected


# The placement made from the request -------------------------------------------------------------------


@pytest.fixture
def placed(sent, school_year, staff_user):
    """`sent`, offered a placement that started on Monday 7 September 2026 (Thursdays at the home school),
    with its review meeting moved."""
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)
    services.placement_request_place_on_agenda(placement_request=sent, user=staff_user)
    offer = decisions.placement_request_decide(
        placement_request=sent,
        user=staff_user,
        outcome=Outcome.OFFER,
        reasons="A short placement.",
        lead_professional="Outreach manager",
    )
    placement = placement_services.placement_start(
        placement=start_placement(offer, staff_user), user=staff_user
    )
    placement_services.placement_date_move(
        placement_date=placement.dates.get(milestone=Milestone.REVIEW_MEETING),
        user=staff_user,
        on=date(2026, 10, 19),
        why="The educational psychologist can come that day.",
    )
    return placement


def mark(placement, user, day, session, code, *, kept_by=KeptBy.UNIT, note=""):
    source = MarkSource.REGISTER if kept_by == KeptBy.UNIT else MarkSource.PORTAL
    attendance.attendance_record(
        placement=placement,
        day=day,
        session=session,
        code=code,
        user=user,
        source=source,
        kept_by=kept_by,
        note=note,
    )


def hold_progress(placement, user, *, targets=1):
    """Visits, targets with their progress, wellbeing scores, the review meeting and a draft report."""
    for number in range(targets):
        KeyWorkerVisit.objects.create(
            placement=placement,
            visited_on=date(2026, 9, 24) + timedelta(weeks=number),
            visited_by="Learning mentor",
            notes=f"Visit {number + 1}: settled, joined the group's cooking session.",
        )
        target = PlacementTarget.objects.create(
            placement=placement, description=f"Target {number + 1}: ask an adult for help.", position=number
        )
        TargetProgress.objects.create(
            target=target, stage=Stage.REVIEW, progress=Progress.SOME, note="With prompts."
        )
    WellbeingScore.objects.get_or_create(
        placement=placement, stage=Stage.START, defaults={"score": 31, "taken_on": date(2026, 9, 7)}
    )
    ReviewMeeting.objects.get_or_create(
        placement=placement,
        defaults={
            "held_on": date(2026, 10, 19),
            "attended_by": "Parent, SENCo",
            "summary": "Good start; keep the targets.",
        },
    )
    return PlacementReport.objects.get_or_create(
        placement=placement,
        defaults={
            "progress": "Calmer in the group.",
            "recommendations": "A quiet space at break times.",
            "reintegration_programme": "Mornings back in class first.",
            "written_by": user,
        },
    )[0]


def test_the_pdf_has_the_placement_made_from_the_request(exporter, placed, staff_user):
    clear_for_safeguarding(exporter.user)
    mark(placed, staff_user, date(2026, 9, 7), "am", "/")
    mark(placed, staff_user, date(2026, 9, 7), "pm", "N")
    mark(placed, staff_user, date(2026, 9, 7), "pm", "I", note="Sent home unwell.")  # a correction
    mark(placed, staff_user, date(2026, 9, 10), "am", "/", kept_by=KeptBy.HOME_SCHOOL)
    report = hold_progress(placed, staff_user)
    workflows.transition_apply(report, "publish", by=staff_user, changes={"published_at": timezone.now()})

    text = pdf_text(unzipped(export(exporter, placed.request)))

    assert f"The placement {placed.reference} Status At the unit" in text
    assert (
        "Designated safeguarding lead Deputy head (designated safeguarding lead), dsl@oakfield.test" in text
    )
    # Its dates, with the move and its reason.
    assert (
        "Review meeting 19 October 2026 16 October 2026 The educational psychologist can come that day."
        in text
    )
    assert "First day at the unit 7 September 2026 7 September 2026 Not moved" in text
    # Its attendance: the figures and every mark.
    assert "66.7% of 3 possible sessions attended (1 authorised and 0 unauthorised absences)" in text
    assert "Mon 7 Sep 2026 Morning /: Present (morning session)" in text
    assert (
        "Mon 7 Sep 2026 Afternoon I: Illness (not medical or dental appointment) Sent home unwell. The unit"
        in text
    )
    assert "Thu 10 Sep 2026 Morning /: Present (morning session) The home school" in text
    # Visits, targets and progress, wellbeing, the review and the report.
    assert "24 September 2026, by Learning mentor: Visit 1: settled" in text
    assert "Target 1: ask an adult for help. At the review: Some progress (With prompts.)" in text
    assert "At the start, 7 September 2026: 31" in text
    assert "What it found and agreed Good start; keep the targets." in text
    assert "Status Published to the school, 22 November 2026" in text
    assert (
        "The report's history: When What Why Who 22 Nov 2026, 09:00 Publish to the school, from Draft" in text
    )
    assert "The agreed reintegration programme Mornings back in class first." in text
    # The placement's history, the correction of a mark and the moved date included.
    assert "Attendance corrected: 7 September 2026, afternoon, from N to I Sent home unwell." in text
    assert "Date moved: Review meeting, from 16 October 2026 to 19 October 2026" in text


def test_the_placement_s_safeguarding_contact_only_for_someone_cleared(exporter, placed):
    text = pdf_text(unzipped(export(exporter, placed.request)))

    assert "dsl@oakfield.test" not in text
    assert "Designated safeguarding lead Left out of this export: safeguarding information." in text
    assert "No sessions recorded." in text
    assert "Not written yet." in text


def test_the_export_asks_as_many_queries_however_much_the_placement_holds(placed, staff_user):
    def queries_to_export():
        with CaptureQueriesContext(connection) as queries:
            subject_access.subject_access_export(
                placement_request=placed.request, user=staff_user
            ).file.close()
        return len(queries)

    queries_to_export()  # once first, for what is cached after it (the content types)
    mark(placed, staff_user, date(2026, 9, 7), "am", "/")
    hold_progress(placed, staff_user, targets=1)
    few = queries_to_export()
    for day in (date(2026, 9, 7), date(2026, 9, 8), date(2026, 9, 9), date(2026, 9, 14)):
        for session in ("am", "pm"):
            mark(placed, staff_user, day, session, "L")
    hold_progress(placed, staff_user, targets=4)
    many = queries_to_export()

    assert placed.attendance.count() == 8
    assert many == few
