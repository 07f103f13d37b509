"""A head teacher writes a placement request over two sittings (signing in with two-factor each time),
a colleague's sections appear meanwhile, then they sign it off and send it: axe on every page."""

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from common.storage import PrivateFileSystemStorage
from portal.placements.factories import InterventionFactory, MappMeetingFactory, PlacementRequestFactory
from portal.placements.models import PlacementRequest, RequestStatus, SupportingDocument
from portal.placements.sections import SECTIONS
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role
from portal.users.factories import PASSWORD, turn_on_two_factor
from tests.e2e.conftest import assert_accessible, sign_in
from tests.portal.placements.conftest import clear_for_safeguarding
from tests.totp import totp_code

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def sign_in_with_two_factor(page, email, secret, *, at):
    sign_in(page, email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the code from your authenticator app")
    page.get_by_label("Code from your authenticator app").fill(totp_code(secret, at=at))
    page.get_by_role("button", name="Sign in").click()


def answers_from_a_colleague(placement_request):
    """Every section but the pupil's and the parents', as a colleague saves them between the sittings."""
    example = PlacementRequestFactory.build(complete=True)
    names = [
        name
        for section in SECTIONS
        if not section.is_list and section.slug not in ("pupil", "outreach")
        for name in section.fields
    ]
    PlacementRequest.objects.filter(pk=placement_request.pk).update(
        **{name: getattr(example, name) for name in names}
    )
    InterventionFactory(request=placement_request)


def test_a_request_written_over_two_sittings_then_signed_off_and_sent(page, live_site, monkeypatch, tmp_path):
    monkeypatch.setattr(
        SupportingDocument._meta.get_field("file"), "storage", PrivateFileSystemStorage(location=tmp_path)
    )
    today = timezone.localdate()
    meeting = MappMeetingFactory(
        meeting_date=today + timedelta(days=30), submission_deadline=today + timedelta(days=16)
    )
    school = SchoolFactory(name="Oakfield Primary School")
    head = MembershipFactory(
        school=school, roles=[Role.REFERRER], is_senior_leader=True, user__email="head@oakfield.test"
    )
    clear_for_safeguarding(head.user)
    secret = turn_on_two_factor(head.user)

    # First sitting: start a request and write about the pupil.
    page.goto(live_site.url + "/portal/refer/")
    sign_in_with_two_factor(page, "head@oakfield.test", secret, at=time.time())
    expect(page.get_by_role("heading", level=1)).to_have_text("Request a placement")
    assert_accessible(page)
    page.get_by_role("button", name="Start a new request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Placement request PR-\d+"))
    assert_accessible(page)
    page.get_by_role("link", name="About the pupil").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About the pupil")
    assert_accessible(page)
    page.get_by_label("Legal first name").fill("Alex")
    page.get_by_label("Legal last name").fill("Example")
    page.get_by_label("Date of birth").fill(str(PlacementRequestFactory.build(complete=True).date_of_birth))
    page.get_by_label("Year 2").check()
    page.get_by_label("Unique pupil number (UPN)").fill("A820 2001 01001")
    page.get_by_role("button", name="Save and return").click()

    # A wrong check letter and a year group that does not fit: explained, and nothing typed is lost.
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("does not match the rest of the number")
    expect(summary).to_contain_text("is in Year 4")
    expect(page.get_by_label("Legal first name")).to_have_value("Alex")
    assert_accessible(page)
    page.get_by_label("Year 4").check()
    page.get_by_label("Unique pupil number (UPN)").fill("U820 2001 01001")
    page.get_by_role("button", name="Save and return").click()
    expect(page.get_by_text("“About the pupil” is saved.")).to_be_visible()
    placement_request = PlacementRequest.objects.get()
    assert placement_request.upn == "U820200101001"

    # Between the sittings a colleague writes the other sections.
    answers_from_a_colleague(placement_request)
    page.context.clear_cookies()

    # Second sitting: the draft is where it was left; add the parents, the pupil's details and a document.
    page.goto(live_site.url + "/portal/refer/")
    sign_in_with_two_factor(page, "head@oakfield.test", secret, at=time.time() + 30)
    page.get_by_role("link", name=placement_request.reference).click()
    expect(page.get_by_text("In progress")).to_have_count(1)  # the pupil: some answers still to give
    page.get_by_role("link", name="About the pupil").click()
    expect(page.get_by_label("Legal first name")).to_have_value("Alex")
    page.get_by_label("Home address").fill("1 Test Street\nTown\nAB1 2CD")
    page.get_by_label("Male", exact=True).check()
    page.get_by_role("group", name="Is the pupil eligible for pupil premium?").get_by_label("Yes").check()
    page.get_by_role("group", name="Is the pupil eligible for free school meals?").get_by_label("No").check()
    page.get_by_label("The family's first language").fill("English")
    page.get_by_role("group", name="Does the family need an interpreter?").get_by_label("No").check()
    page.get_by_role("button", name="Save and return").click()

    page.get_by_role("link", name="Parents or carers").click()
    # The click returns before the page has come: axe would run on the one leaving.
    page.wait_for_url(re.compile(r"/lists/parents/$"))
    assert_accessible(page)
    page.get_by_label("Name").fill("Parent One")
    page.get_by_label("Relationship to the pupil").fill("Mother")
    page.get_by_role("button", name="Add and return").click()

    page.get_by_role("link", name="Supporting documents").click()
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": "report.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_role("link", name="report.pdf")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Return to the sections").click()

    # Check the answers, sign off as head teacher, and send.
    page.get_by_role("link", name="Check your answers and send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before sending the request")
    expect(page.get_by_text("answer missing")).to_have_count(0)
    assert_accessible(page)
    # Labels keep their capitals, as people write them.
    expect(page.get_by_text("Unique pupil number (UPN)", exact=True)).to_be_visible()
    # The answers are long: the list of sections at the top jumps to each.
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Needs").click()
    expect(page).to_have_url(re.compile(r"#answers-needs$"))
    page.get_by_role("button", name="I approve this request").click()
    expect(page.get_by_text("You have signed off request")).to_be_visible()
    expect(page.get_by_text(f"the panel meeting on {meeting.meeting_date:%-d %B %Y}")).to_be_visible()
    page.get_by_role("button", name="Send the request").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Request sent")
    expect(page.get_by_text(f"Your reference is {placement_request.reference}")).to_be_visible()
    expect(
        page.get_by_text(f"send it again until {meeting.submission_deadline:%A %-d %B %Y}")
    ).to_be_visible()
    assert_accessible(page)
    placement_request.refresh_from_db()
    assert (placement_request.status, placement_request.meeting) == (RequestStatus.SUBMITTED, meeting)

    # The request's own page shows where it is and its history.
    page.get_by_role("link", name=f"See request {placement_request.reference}").click()
    expect(page.get_by_role("table")).to_contain_text("Send to the panel, from Draft to Submitted")
    assert_accessible(page)
