"""The panel's office in the Wagtail admin, in a real browser: a sent request placed on the next meeting's
agenda, the panel pack downloaded, and the decision recorded."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.placements.factories import MappMeetingFactory, PlacementRequestFactory
from portal.placements.models import RequestAccess, RequestStatus
from portal.placements.services import requests as services
from portal.schools.factories import MembershipFactory
from portal.schools.models import Role
from portal.users.factories import PASSWORD, turn_on_two_factor
from tests.e2e.conftest import sign_in
from tests.totp import totp_code

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_put_a_request_on_the_agenda_download_the_pack_and_record_the_decision(
    page, live_site, staff_user
):
    today = timezone.localdate()
    meeting = MappMeetingFactory(
        meeting_date=today + timedelta(days=30), submission_deadline=today + timedelta(days=16)
    )
    placement_request = PlacementRequestFactory(complete=True, school__name="Oakfield Primary School")
    head = MembershipFactory(school=placement_request.school, roles=[Role.REFERRER], is_senior_leader=True)
    services.placement_request_sign_off(placement_request=placement_request, membership=head)
    services.placement_request_submit(placement_request=placement_request, user=head.user, today=today)
    secret = turn_on_two_factor(staff_user)

    page.goto(live_site.url + "/admin/")
    sign_in(page, staff_user.email, PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(totp_code(secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(live_site.url + "/admin/placements/placementrequest/")
    expect(page.get_by_text(placement_request.reference)).to_be_visible()
    page.get_by_role("link", name="Place on the agenda").click()
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
    page.get_by_label("Offer a placement").check()
    page.get_by_label("Reasons").fill(
        "The school's approach is well evidenced; a short placement is right now."
    )
    page.get_by_label("Lead professional").fill("Outreach manager")
    page.get_by_label("Agreed action 1").fill("Hold the start meeting")
    page.get_by_label("Owner of action 1").fill("Deputy head")
    page.get_by_label("Action 1 due by").fill(str(today + timedelta(days=40)))
    page.get_by_role("button", name="Record the decision and tell the school").click()
    expect(page.get_by_text("offer a placement. The school's referrers")).to_be_visible()
    placement_request.refresh_from_db()
    assert placement_request.status == RequestStatus.DECIDED
