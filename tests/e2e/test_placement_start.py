"""From the panel's offer to a placement, in a real browser: staff start a placement on an offered
request in the Wagtail admin, see its plan with the target end date, and the home school's referrer sees
the same dates in the portal; axe on each page."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.placements.factories import PanelDecisionFactory
from portal.placements.models import Milestone, Placement
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role
from portal.users.factories import PASSWORD, turn_on_two_factor
from tests.e2e.conftest import assert_accessible, sign_in
from tests.portal.placements.conftest import a_term_with_places_around
from tests.totp import totp_code

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_start_a_placement_and_the_school_sees_its_dates(signed_in_staff, live_site, browser):
    today = timezone.localdate()
    a_term_with_places_around(today)
    school = SchoolFactory(name="Oakfield Primary School")
    offer = PanelDecisionFactory(request__school=school)
    referrer = MembershipFactory(school=school, roles=[Role.REFERRER], user__email="senco@oakfield.test")
    secret = turn_on_two_factor(referrer.user)
    next_monday = today + timedelta(days=7 - today.weekday())
    page = signed_in_staff

    page.goto(live_site.url + "/admin/placements/placementrequest/")
    page.get_by_role("link", name="Start a placement").click()
    assert_accessible(page)
    page.get_by_label("First day at the unit").fill(str(next_monday))
    page.get_by_label("Day at the home school").select_option(label="Thursday")
    page.get_by_label("Purpose of the placement").fill("Settle in a small group, then return full time.")
    page.get_by_label("Home school's designated safeguarding lead: name or role").fill("Deputy head")
    page.get_by_label("Designated safeguarding lead's email").fill("dsl@oakfield.test")
    page.get_by_role("button", name="Plan the placement").click()

    placement = Placement.objects.get()
    target_end = placement.dates.get(milestone=Milestone.TARGET_END).on
    expect(
        page.get_by_text(f"Target end date: {target_end:%A} {target_end.day} {target_end:%B %Y}")
    ).to_be_visible()
    expect(page.get_by_role("row", name="Supported visit 2")).to_be_visible()
    # Wagtail's own "done" message is not this project's to check: the page is checked without it.
    page.reload()
    assert_accessible(page)

    school_page = browser.new_context().new_page()
    school_page.goto(live_site.url + "/portal/placements/")
    sign_in(school_page, "senco@oakfield.test", PASSWORD)
    school_page.get_by_label("Code from your authenticator app").fill(totp_code(secret, at=time.time()))
    school_page.get_by_role("button", name="Sign in").click()
    expect(school_page.get_by_role("heading", level=1)).to_have_text("Placements")
    assert_accessible(school_page)
    school_page.get_by_role("link", name=placement.reference).click()
    expect(
        school_page.get_by_text(f"Target end date: {target_end:%A} {target_end.day} {target_end:%B %Y}")
    ).to_be_visible()
    first_day = f"{next_monday:%A} {next_monday.day} {next_monday:%B %Y}"
    expect(school_page.get_by_role("row", name="First day at the unit")).to_contain_text(first_day)
    assert_accessible(school_page)
    assert offer.request.accesses.filter(what="placement page", user=referrer.user).exists()
