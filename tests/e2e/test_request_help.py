"""Where a request's writers used to stop and ring the office: a SENCo not cleared for safeguarding sees
who at the school can complete that section and asks them; the head is told what is missing rather than
offered a sign-off that cannot stand. axe on each page."""

import time

import pytest
from playwright.sync_api import expect

from portal.placements.factories import MappMeetingFactory, PlacementRequestFactory
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role
from portal.users.factories import turn_on_two_factor
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_placement_request import sign_in_with_two_factor
from tests.portal.placements.conftest import clear_for_safeguarding

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def school():
    return SchoolFactory(name="Oakfield Primary School")


@pytest.fixture
def draft(school):
    MappMeetingFactory()
    return PlacementRequestFactory(school=school, legal_first_name="Alex")


def test_a_senco_not_cleared_asks_the_cleared_colleague_to_complete_safeguarding(
    page, live_site, school, draft
):
    senco = MembershipFactory(school=school, roles=[Role.REFERRER], user__email="senco@oakfield.test")
    secret = turn_on_two_factor(senco.user)
    dsl = MembershipFactory(
        school=school, roles=[Role.REFERRER], user__first_name="Dana", user__last_name="Lead"
    )
    clear_for_safeguarding(dsl.user)

    page.goto(f"{live_site.url}/portal/refer/{draft.pk}/")
    sign_in_with_two_factor(page, "senco@oakfield.test", secret, at=time.time())
    expect(page.get_by_text("At Oakfield Primary School: Dana Lead.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ask them by email to complete it").click()

    expect(
        page.get_by_text("We have emailed Dana Lead to ask them to complete the safeguarding section.")
    ).to_be_visible()
    assert_accessible(page)


def test_the_head_is_told_what_is_missing_instead_of_signing_off(page, live_site, school, draft):
    head = MembershipFactory(
        school=school, roles=[Role.REFERRER], is_senior_leader=True, user__email="head@oakfield.test"
    )
    clear_for_safeguarding(head.user)
    secret = turn_on_two_factor(head.user)

    page.goto(f"{live_site.url}/portal/refer/{draft.pk}/check/")
    sign_in_with_two_factor(page, "head@oakfield.test", secret, at=time.time())

    expect(page.get_by_text("you can approve this request once every answer is in")).to_be_visible()
    expect(page.get_by_role("button", name="I approve this request")).to_have_count(0)
    assert_accessible(page)
