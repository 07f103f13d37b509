"""After sending: the panel returns the request for more information and the school sends it again; then
the panel decides and the school reads the decision in the portal (the panel's own steps are taken
through the services the admin uses): axe on every school page."""

import time
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.placements.factories import MappMeetingFactory, PlacementRequestFactory
from portal.placements.models import Outcome, RequestStatus
from portal.placements.services import decisions
from portal.placements.services import requests as services
from portal.schools.factories import MembershipFactory
from portal.schools.models import Role
from portal.users.factories import turn_on_two_factor
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_placement_request import sign_in_with_two_factor
from tests.portal.placements.conftest import a_term_with_places_around
from tests.workflows import staff_with

pytestmark = pytest.mark.django_db(transaction=True)


def test_returned_for_information_resent_then_decided(page, live_site):
    today = timezone.localdate()
    a_term_with_places_around(today)  # the offer's placement has its weeks in term, with places
    meeting = MappMeetingFactory(
        meeting_date=today + timedelta(days=30), submission_deadline=today + timedelta(days=16)
    )
    staff = staff_with("placements.change_placementrequest")
    placement_request = PlacementRequestFactory(complete=True)
    head = MembershipFactory(
        school=placement_request.school,
        roles=[Role.REFERRER],
        is_senior_leader=True,
        user__email="head@oak.test",
    )
    secret = turn_on_two_factor(head.user)
    services.placement_request_sign_off(placement_request=placement_request, membership=head)
    services.placement_request_submit(placement_request=placement_request, membership=head, today=today)
    services.placement_request_return_for_information(
        placement_request=placement_request, user=staff, what_is_needed="Add the speech and language report."
    )

    page.goto(live_site.url + f"/portal/refer/{placement_request.pk}/")
    sign_in_with_two_factor(page, "head@oak.test", secret, at=time.time())
    expect(page.get_by_text("The panel needs more information")).to_be_visible()
    expect(page.get_by_text("Add the speech and language report.", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Professionals involved").click()
    page.get_by_label("Name").fill("Speech and language therapist")
    page.get_by_label("Role or service").fill("NHS speech and language therapy")
    page.get_by_role("button", name="Add and return").click()
    page.get_by_role("link", name="Check your answers and send").click()
    # The change withdrew the sign-off: the head signs it off again, then sends it.
    page.get_by_role("button", name="I approve this request").click()
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request sent")
    placement_request.refresh_from_db()
    assert (placement_request.status, placement_request.meeting) == (RequestStatus.SUBMITTED, meeting)

    services.placement_request_place_on_agenda(placement_request=placement_request, user=staff)
    decisions.placement_request_decide(
        placement_request=placement_request,
        user=staff,
        outcome=Outcome.OFFER,
        reasons="A short placement gives the best chance of a successful return.",
        lead_professional="Outreach manager",
        actions=[
            decisions.Action("Hold the start meeting", "Deputy head", date.today() + timedelta(days=40))
        ],
    )

    page.get_by_role("link", name=f"See request {placement_request.reference}").click()
    expect(page.get_by_role("heading", name="The panel's decision: offer a placement")).to_be_visible()
    expect(page.get_by_text("Hold the start meeting: Deputy head")).to_be_visible()
    assert_accessible(page)
