"""The end-of-placement report and the inspection summary, in a real browser: staff write the report in the
Wagtail admin from the placement's page and publish it; the home school's referrer reads it in the
portal and downloads its PDF, then opens the placement's inspection summary and prints it (print media
leaves out the site's navigation); axe on each page."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal.placements.factories import PanelDecisionFactory
from portal.placements.models import PlacementCapacity, PlacementReport, PupilCategory, ReportStatus, Weekday
from portal.placements.services import placements as placement_services
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role
from portal.users.factories import PASSWORD, turn_on_two_factor
from tests.e2e.conftest import assert_accessible, sign_in
from tests.portal.placements.conftest import a_term_with_places_around
from tests.totp import totp_code

pytestmark = pytest.mark.django_db(transaction=True)


def placement_under_way(school, staff, **request):
    """A placement of `school` (its request with the `request` fields given) that started on this week's
    Monday, in a term around today, its plan laid out as when staff start one."""
    today = timezone.localdate()
    if not PlacementCapacity.objects.exists():
        a_term_with_places_around(today)
    offer = PanelDecisionFactory(
        request__school=school, **{f"request__{field}": value for field, value in request.items()}
    )
    placement = placement_services.placement_create_from_offer(
        placement_request=offer.request,
        user=staff,
        arrangements=placement_services.Arrangements(
            starts_on=today - timedelta(days=today.weekday()),
            home_school_weekday=Weekday.THURSDAY,
            category=PupilCategory.ALTERNATIVE_TO_EXCLUSION,
            purpose="Settle in a small group, then return full time.",
            key_worker_name="Learning mentor",
            key_worker_email="mentor@oakfield.test",
            dsl_name="Deputy head",
            dsl_email="dsl@oakfield.test",
        ),
        over_capacity_confirmed=True,
    )
    return placement_services.placement_start(placement=placement, user=staff)


def test_staff_publish_the_report_and_the_school_reads_it_and_prints_its_summary(
    signed_in_staff, live_site, browser, staff_user
):
    school = SchoolFactory(name="Oakfield Primary School")
    placement = placement_under_way(school, staff_user)
    referrer = MembershipFactory(school=school, roles=[Role.REFERRER], user__email="senco@oakfield.test")
    secret = turn_on_two_factor(referrer.user)
    page = signed_in_staff

    page.goto(live_site.url + f"/admin/placements/placement/inspect/{placement.pk}/")
    page.get_by_role("link", name="Write the report").first.click()
    assert_accessible(page)
    page.get_by_label("Progress during the placement").fill("Settled well; met two of three targets.")
    page.get_by_label("Recommendations").fill("Keep the morning check-in.")
    page.get_by_label("The agreed reintegration programme").fill("Two weeks: mornings first, then full days.")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("link", name="Edit the report draft").first).to_be_visible()
    page.get_by_role("link", name="Publish to the school").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Publish to the school").click()
    expect(page.get_by_text("Published to the school on")).to_be_visible()
    assert PlacementReport.objects.get().status == ReportStatus.PUBLISHED

    school_page = browser.new_context().new_page()
    school_page.goto(live_site.url + f"/portal/placements/{placement.pk}/")
    sign_in(school_page, "senco@oakfield.test", PASSWORD)
    school_page.get_by_label("Code from your authenticator app").fill(totp_code(secret, at=time.time()))
    school_page.get_by_role("button", name="Sign in").click()
    school_page.get_by_role("link", name="End-of-placement report").click()
    report = school_page.get_by_role("article", name="End-of-placement report")
    expect(report).to_contain_text("Keep the morning check-in.")
    expect(report).to_contain_text(placement.reference)
    assert_accessible(school_page)
    with school_page.expect_download() as download:
        school_page.get_by_role("link", name="Download the report as a PDF").click()
    assert download.value.suggested_filename == f"{placement.reference}-report.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    school_page.goto(live_site.url + f"/portal/placements/{placement.pk}/")
    school_page.get_by_role("link", name="Inspection summary").click()
    expect(school_page.get_by_role("heading", level=1)).to_have_text(
        f"Inspection summary: placement {placement.reference}"
    )
    expect(school_page.get_by_role("row", name="At the unit")).to_be_visible()
    assert_accessible(school_page)
    # The button prints the page (its script comes from a static file, as the CSP requires).
    school_page.evaluate("window.print = () => { window.printed = true; }")
    school_page.get_by_role("button", name="Print this page").click()
    assert school_page.evaluate("window.printed") is True
    school_page.emulate_media(media="print")
    for hidden in ["#site-nav", ".site-header", ".breadcrumbs", ".portal-school-bar", ".print-actions"]:
        expect(school_page.locator(hidden)).to_be_hidden()
    expect(school_page.get_by_role("heading", name="Attendance so far")).to_be_visible()
    printed = school_page.pdf(format="A4")
    assert printed.startswith(b"%PDF-")
    assert placement.request.accesses.filter(what="inspection summary", user=referrer.user).exists()
    assert placement.request.accesses.filter(what="end-of-placement report PDF").exists()
