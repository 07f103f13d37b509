"""The panel's office in the Wagtail admin, in a real browser: a sent request placed on the next meeting's
agenda, the panel pack downloaded, and the decision recorded (an offer in a full week confirmed)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.placements.factories import MappMeetingFactory, PlacementRequestFactory
from portal.placements.models import ExcludedPupilsWeek, RequestAccess, RequestStatus
from portal.placements.selectors import monday_of
from portal.placements.services import requests as services
from portal.schools.factories import MembershipFactory
from portal.schools.models import Role
from tests.e2e.conftest import assert_accessible
from tests.portal.placements.conftest import a_term_with_places_around

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_put_a_request_on_the_agenda_download_the_pack_and_record_the_decision(
    signed_in_staff, live_site
):
    today = timezone.localdate()
    meeting = MappMeetingFactory(
        meeting_date=today + timedelta(days=30), submission_deadline=today + timedelta(days=16)
    )
    a_term_with_places_around(today)
    # No place free in the second week of the placement the offer would make.
    full_week = monday_of(meeting.meeting_date) + timedelta(weeks=2)
    ExcludedPupilsWeek.objects.create(week_starting=full_week, pupils=36)
    placement_request = PlacementRequestFactory(complete=True, school__name="Oakfield Primary School")
    head = MembershipFactory(school=placement_request.school, roles=[Role.REFERRER], is_senior_leader=True)
    services.placement_request_sign_off(placement_request=placement_request, membership=head)
    services.placement_request_submit(placement_request=placement_request, membership=head, today=today)
    page = signed_in_staff

    page.goto(live_site.url + "/admin/placements/placementrequest/")
    expect(page.get_by_text(placement_request.reference)).to_be_visible()
    # Staff are asked about a request by its reference or the pupil's name: the search finds it by either.
    for typed in (placement_request.reference.lower(), placement_request.pupil_name):
        page.locator("#id_q").fill(typed)
        page.keyboard.press("Enter")
        expect(page.get_by_role("link", name="Place on the agenda")).to_have_count(1)
    page.locator("#id_q").fill("nobody by this name")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Place on the agenda")).to_have_count(0)
    page.goto(live_site.url + "/admin/placements/placementrequest/")
    page.get_by_role("link", name="Place on the agenda").click()
    assert_accessible(page)
    page.get_by_role("button", name="Place on the agenda").click()
    expect(page.get_by_text(f"{placement_request.reference} is on the agenda")).to_be_visible()

    page.goto(live_site.url + "/admin/placements/mappmeeting/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Panel pack (PDF)").click()
    assert download.value.suggested_filename == f"panel-pack-{meeting.meeting_date:%Y-%m-%d}.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    assert RequestAccess.objects.filter(request=placement_request, what="admin: panel pack").exists()

    page.goto(live_site.url + "/admin/placements/placementrequest/")
    page.get_by_role("link", name="Record the decision").click()
    # The request summed up beside the form: what the panel weighs, without opening it again.
    expect(page.locator("dd", has_text="Complete")).to_be_visible()
    expect(page.get_by_text("What the school has tried")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Offer a placement").check()
    page.get_by_label("Reasons").fill(
        "The school's approach is well evidenced; a short placement is right now."
    )
    page.get_by_label("Lead professional").fill("Outreach manager")
    page.get_by_label("Agreed action 1").fill("Hold the start meeting")
    page.get_by_label("Owner of action 1").fill("Deputy head")
    page.get_by_label("Action 1 due by").fill(str(today + timedelta(days=40)))
    page.get_by_role("button", name="Record the decision and tell the school").click()
    refusal = f"There is no place free in the week(s) starting {full_week:%-d %B %Y}"
    # In the error summary at the top, which links to the box, and beside the box itself.
    expect(page.get_by_role("link", name=refusal)).to_be_visible()
    expect(page.locator(".error-message", has_text=refusal)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Offer the placement even though a week has no place free").check()
    page.get_by_role("button", name="Record the decision and tell the school").click()
    expect(page.get_by_text("offer a placement. The school's referrers")).to_be_visible()
    placement_request.refresh_from_db()
    assert placement_request.status == RequestStatus.DECIDED
