"""How a placement is going, in a real browser: the home school records a key-worker visit (a mistake is
answered first) and sees the wellbeing chart with its table; staff record the review meeting with the
progress against each target in the admin. axe on every page."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from portal.placements.factories import PanelDecisionFactory
from portal.placements.models import KeyWorkerVisit, Progress, ReviewMeeting, Stage, TargetProgress
from portal.placements.services import placements as placement_services
from portal.placements.services import progress as services
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role
from portal.users.factories import PASSWORD, turn_on_two_factor
from tests.e2e.conftest import assert_accessible, sign_in
from tests.portal.placements.conftest import a_term_with_places_around, start_placement
from tests.totp import totp_code

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def placement(staff_user):
    """Oakfield's placement, three weeks under way, with two targets and the wellbeing at the start."""
    today = timezone.localdate()
    a_term_with_places_around(today)
    offer = PanelDecisionFactory(request__school=SchoolFactory(name="Oakfield Primary School"))
    starts_on = today - timedelta(days=today.weekday() + 21)
    placement = placement_services.placement_start(
        placement=start_placement(offer, staff_user, starts_on=starts_on), user=staff_user
    )
    services.placement_targets_save(
        placement=placement,
        user=staff_user,
        targets=[(None, "Read aloud to an adult"), (None, "Make a friend")],
    )
    services.wellbeing_record(
        placement=placement, user=staff_user, stage=Stage.START, score=27, taken_on=placement.starts_on
    )
    return placement


def test_the_school_records_a_visit_and_sees_the_wellbeing(live_site, page, placement):
    referrer = MembershipFactory(
        school=placement.school, roles=[Role.REFERRER], user__email="senco@oakfield.test"
    )
    secret = turn_on_two_factor(referrer.user)
    page.goto(live_site.url + reverse("school_placements:placement", args=[placement.pk]))
    sign_in(page, "senco@oakfield.test", PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(totp_code(secret, at=time.time()))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Placement {placement.reference}")
    assert_accessible(page)

    # The wellbeing: a chart (hidden from screen readers) and the same figures in a table beside it.
    expect(page.locator("svg.chart")).to_be_visible()
    expect(page.locator("svg.chart")).to_have_attribute("aria-hidden", "true")
    expect(page.get_by_role("table", name="Wellbeing scores")).to_contain_text("27")

    # Who visited is left out: the form comes back on its own page, with the problem at the top.
    page.get_by_label("Notes (optional)").fill("Settled in the group.")
    page.get_by_role("button", name="Record the visit").click()
    expect(page.get_by_role("alert")).to_contain_text("Say who visited")
    expect(page.get_by_label("Notes (optional)")).to_have_value("Settled in the group.")
    assert_accessible(page)

    page.get_by_label("Who visited (name or role)").fill("Learning mentor")
    page.get_by_role("button", name="Record the visit").click()

    expect(page.get_by_text("is recorded.")).to_be_visible()
    today = timezone.localdate()
    expect(page.get_by_role("row", name=f"{today:%A} {today.day} {today:%B %Y}")).to_contain_text(
        "Learning mentor"
    )
    assert_accessible(page)
    visit = KeyWorkerVisit.objects.get()
    assert (visit.placement, visit.visited_on, visit.recorded_by) == (placement, today, referrer.user)


def test_staff_record_the_review_meeting_in_the_admin(signed_in_staff, live_site, placement):
    page = signed_in_staff
    page.goto(live_site.url + reverse("placements_placement_modeladmin_inspect", args=[placement.pk]))
    expect(page.get_by_text("Not held yet: planned for")).to_be_visible()

    page.get_by_role("link", name="Record the review meeting").click()
    assert_accessible(page)
    page.get_by_label("Who attended (names or roles)").fill("Parent, SENCo, key worker")
    page.get_by_label("What the meeting found and agreed").fill("Settled well; reading is the focus now.")
    page.get_by_label("Progress against “Read aloud to an adult”").select_option(label="Some progress")
    page.get_by_role("button", name="Save the review").click()

    # One target's progress is missing: said at the top and beside it, and what was typed is kept.
    expect(page.get_by_role("alert")).to_contain_text(
        "Choose the progress against the target “Make a friend”."
    )
    assert_accessible(page)
    page.get_by_label("Progress against “Make a friend”").select_option(label="Good progress")
    page.get_by_role("button", name="Save the review").click()

    expect(page.get_by_text("Settled well; reading is the focus now.")).to_be_visible()
    expect(page.get_by_role("row", name="Make a friend")).to_contain_text("Good progress")
    # Wagtail's own "done" message is not this project's to check: the page is checked without it.
    page.reload()
    assert_accessible(page)
    assert ReviewMeeting.objects.get().summary == "Settled well; reading is the focus now."
    assert set(TargetProgress.objects.values_list("progress", flat=True)) == {Progress.SOME, Progress.GOOD}
