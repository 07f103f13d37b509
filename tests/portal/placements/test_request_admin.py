"""Placement requests in the admin: staff see the requests schools have sent (never their drafts), the
safeguarding section only when cleared, return a request for information or place it on the agenda,
download documents (recorded), and search who viewed or downloaded what."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.placements.factories import PlacementRequestFactory
from portal.placements.models import AccessKind, RequestAccess, RequestStatus
from portal.placements.services import documents as document_services
from portal.placements.services import requests as services
from portal.users.factories import VerifiedUserFactory
from tests.portal.placements.conftest import admin_url, clear_for_safeguarding

PDF = b"%PDF-1.7\n%%EOF\n"


@pytest.fixture
def sent(meetings, complete_draft, head, referrer, private_media):
    document_services.supporting_document_add(
        placement_request=complete_draft, upload=SimpleUploadedFile("report.pdf", PDF), user=referrer.user
    )
    services.placement_request_sign_off(placement_request=complete_draft, membership=head)
    return services.placement_request_submit(
        placement_request=complete_draft, membership=referrer, today=meetings.december.submission_deadline
    )


@pytest.fixture
def panel_officer(db, client, settings):
    """A member of staff who may see and change requests, without the safeguarding clearance."""
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    group = Group.objects.create(name="Panel office")
    group.permissions.add(
        *Permission.objects.filter(
            codename__in=["access_admin", "view_placementrequest", "change_placementrequest"]
        )
    )
    user = VerifiedUserFactory(email="panel@stepping-stones.test", is_staff=True)
    user.groups.add(group)
    client.force_login(user)
    client.user = user
    return client


def test_staff_see_sent_requests_but_not_drafts(panel_officer, sent, school):
    draft = PlacementRequestFactory(school=school)

    listing = panel_officer.get(admin_url("placementrequest")).text

    assert sent.reference in listing
    assert ">Complete<" in listing
    assert draft.reference not in listing
    assert panel_officer.get(admin_url("placementrequest", "inspect", draft.pk)).status_code == 404


@pytest.mark.parametrize("typed", ["{reference}", "{reference_lower}", "PR {number}", "pr{number}"])
def test_staff_find_a_request_by_its_reference_however_it_is_typed(panel_officer, sent, school, typed):
    other = PlacementRequestFactory(school=school, complete=True, status=RequestStatus.SUBMITTED)
    term = typed.format(reference=sent.reference, reference_lower=sent.reference.lower(), number=sent.pk)

    listing = panel_officer.get(admin_url("placementrequest"), {"q": term}).text

    assert sent.reference in listing
    assert other.reference not in listing


def test_staff_find_a_request_by_the_pupil_s_name(panel_officer, sent, school):
    other = PlacementRequestFactory(
        school=school,
        complete=True,
        status=RequestStatus.SUBMITTED,
        legal_first_name="Sam",
        legal_last_name="Other",
    )
    type(sent).objects.filter(pk=sent.pk).update(legal_first_name="Alex", legal_last_name="Example")

    listing = panel_officer.get(admin_url("placementrequest"), {"q": "alex example"}).text

    assert sent.reference in listing
    assert other.reference not in listing


def test_the_list_shows_what_a_sent_request_lacks(panel_officer, sent):
    type(sent).objects.filter(pk=sent.pk).update(triggers="")

    listing = panel_officer.get(admin_url("placementrequest")).text

    assert "1 answer missing" in listing


def test_inspecting_a_request_shows_its_answers_but_safeguarding_only_when_cleared(panel_officer, sent):
    url = admin_url("placementrequest", "inspect", sent.pk)

    uncleared = panel_officer.get(url).text
    clear_for_safeguarding(panel_officer.user)
    cleared = panel_officer.get(url).text

    assert "Frequent dysregulation in class." in uncleared
    assert "dsl@school.test" not in uncleared
    assert "Restricted: only staff cleared" in uncleared
    assert "dsl@school.test" in cleared
    records = RequestAccess.objects.filter(request=sent, what="admin: inspect")
    assert [record.user for record in records] == [panel_officer.user] * 2


def test_staff_return_a_request_for_information(panel_officer, sent, django_capture_on_commit_callbacks):
    url = admin_url("placementrequest", "return", sent.pk)

    empty = panel_officer.post(url, {"what_is_needed": ""})
    with django_capture_on_commit_callbacks(execute=True):
        panel_officer.post(url, {"what_is_needed": "The attendance figures for last year."})

    assert empty.status_code == 400
    sent.refresh_from_db()
    assert sent.status == RequestStatus.RETURNED
    assert sent.returned_because == "The attendance figures for last year."
    assert {message.to[0] for message in mail.outbox} == {"senco@oakfield.test", "head@oakfield.test"}


def test_staff_place_a_request_on_the_agenda_once(panel_officer, sent):
    url = admin_url("placementrequest", "agenda", sent.pk)

    panel_officer.post(url)
    again = panel_officer.get(url)

    sent.refresh_from_db()
    assert sent.status == RequestStatus.ON_AGENDA
    assert again.status_code in (302, 403)


def test_staff_download_a_document_and_it_is_recorded(panel_officer, sent):
    document = sent.documents.get()

    response = panel_officer.get(reverse("placements_admin_document", args=[document.pk]))

    assert b"".join(response.streaming_content) == PDF
    record = RequestAccess.objects.get(kind=AccessKind.DOWNLOADED)
    assert (record.user, record.request) == (panel_officer.user, sent)


def test_staff_without_the_permission_cannot_download(client, settings, sent):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    editors = Group.objects.create(name="Editors only")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor = VerifiedUserFactory(is_staff=True)
    editor.groups.add(editors)
    client.force_login(editor)

    response = client.get(reverse("placements_admin_document", args=[sent.documents.get().pk]))

    assert response.status_code in (302, 403)
    assert not RequestAccess.objects.filter(kind=AccessKind.DOWNLOADED).exists()


def test_the_audit_of_views_is_searched_by_person_with_its_own_permission(panel_officer, sent, referrer):
    services.request_access_record(placement_request=sent, user=referrer.user, what="request page")
    url = admin_url("requestaccess")

    refused = panel_officer.get(url)
    panel_officer.user.user_permissions.add(Permission.objects.get(codename="view_placement_audit"))
    found = panel_officer.get(url, {"q": "senco@oakfield.test"}).text

    by_request = panel_officer.get(url, {"request": sent.pk}).text

    assert refused.status_code in (302, 403)
    assert "request page" in found
    assert sent.reference in found
    assert "senco@oakfield.test" in by_request
