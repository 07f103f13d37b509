"""The inspection summary: one printable page per placement for the home school's referrers, answering
what an inspector asks (why, where, the purpose, the dates, attendance so far by register, progress
against the targets and wellbeing, the key worker, the safeguarding lead for people cleared for
safeguarding only, the pupil's category and registration, and the commissioning); it prints on A4
without the site's navigation, is recorded, is a 404 for another school's placement, and its number of
queries does not grow with the attendance marks."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.placements.factories import PlacementCapacityFactory
from portal.placements.models import (
    AccessKind,
    KeptBy,
    KeyWorkerVisit,
    MarkSource,
    PlacementTarget,
    Progress,
    RegisterSession,
    RequestAccess,
    Stage,
    TargetProgress,
    WellbeingScore,
)
from portal.placements.services import placements as placement_services
from portal.placements.services import reports as report_services
from portal.placements.services.attendance import attendance_record
from tests.portal.placements.conftest import clear_for_safeguarding, start_placement


@pytest.fixture
def placement(school_year, offer, staff_user, frozen_today):
    """Oakfield's placement from Monday 7 September 2026, Thursdays at the home school, under way."""
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)
    placement = start_placement(offer, staff_user)
    return placement_services.placement_start(placement=placement, user=staff_user)


def table_rows(page):
    """The text of each table row of the page, its cells joined by a space."""
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in re.findall(r"<tr>(.*?)</tr>", page, re.S)
    ]


def summary_url(placement):
    return reverse("school_placements:summary", args=[placement.pk])


def mark(placement, user, day, session, code):
    """Record a session as whoever keeps its register (Thursdays: the home school, in the portal)."""
    at_home = day.weekday() == placement.home_school_weekday
    attendance_record(
        placement=placement,
        day=day,
        session=session,
        code=code,
        user=user,
        source=MarkSource.PORTAL if at_home else MarkSource.REGISTER,
        kept_by=KeptBy.HOME_SCHOOL if at_home else KeptBy.UNIT,
    )


def mark_days(placement, user, days):
    """Every session of `days` school days from the first, present."""
    day = placement.starts_on
    while days:
        if day.weekday() < 5:
            for session in RegisterSession.values:
                mark(placement, user, day, session, "/")
            days -= 1
        day += timedelta(days=1)


def test_the_summary_answers_an_inspector_s_questions(referrer_client, referrer, placement, staff_user):
    mon, tue, wed, thu = (date(2026, 9, 7) + timedelta(days=n) for n in range(4))
    for day, morning, afternoon in [(mon, "/", "\\"), (tue, "/", "N"), (wed, "I", "I"), (thu, "/", "/")]:
        mark(placement, staff_user, day, "am", morning)
        mark(placement, staff_user, day, "pm", afternoon)
    calm = PlacementTarget.objects.create(placement=placement, description="Stay in class all morning")
    PlacementTarget.objects.create(placement=placement, description="Read with an adult daily", position=1)
    TargetProgress.objects.create(target=calm, stage=Stage.REVIEW, progress=Progress.SOME, note="3 days in 5")
    WellbeingScore.objects.create(placement=placement, stage=Stage.START, score=31, taken_on=mon)
    KeyWorkerVisit.objects.create(placement=placement, visited_on=date(2026, 10, 8), visited_by="SENCo")

    response = referrer_client.get(summary_url(placement))

    assert response.status_code == 200
    page = response.text
    for expected in [
        f"Inspection summary: placement {placement.reference}",
        "Produced on 22 November 2026",
        "Alex Example, Year 4",
        "Placed as an alternative to exclusion",  # the pupil's category
        "Dual registered at the home school and the unit",
        "Frequent dysregulation in class.",  # the school's concerns, on the request
        "A short placement is the right next step.",  # the panel's reasons
        "Stepping Stones Short Stay School",
        "Every Thursday at Oakfield Primary School",
        "Regulate in a small group and return to class full time.",  # the purpose
        "Monday 7 September 2026",
        "Friday 16 October 2026",  # the review meeting, planned at the start
        "Friday 18 December 2026",  # the target end date
        "Stay in class all morning",
        "Some progress: 3 days in 5",
        "Read with an adult daily",
        "Stirling Children&#x27;s Wellbeing Scale, from 12 to 60",
        "Learning mentor, mentor@oakfield.test",
        "1; the latest on 8 October 2026 by SENCo",
        f"at the panel meeting on {placement.decision.meeting.meeting_date:%-d %B %Y}",
        placement.order.invoice.display_number,
        "£2,900",
        "plus any funding attached to the child",
        "Not published yet",
    ]:
        assert expected in page, expected
    # As the DfE works it out, by register: the percentage, sessions attended of possible, authorised
    # and unauthorised absences.
    assert {
        "All sessions 62.5% 5 of 8 2 1",
        "At the unit 50.0% 3 of 6 2 1",
        "At Oakfield Primary School 100.0% 2 of 2 0 0",
    } <= set(table_rows(page))
    access = RequestAccess.objects.get(request=placement.request)
    assert (access.kind, access.what, access.user) == (AccessKind.VIEWED, "inspection summary", referrer.user)


def test_a_new_placement_says_what_is_not_recorded_yet(referrer_client, placement):
    page = referrer_client.get(summary_url(placement)).text

    assert "No sessions yet" in page
    assert "No targets have been recorded yet." in page
    assert "Not measured yet." in page
    assert "None recorded yet" in page


def test_the_safeguarding_lead_is_only_for_people_cleared_for_safeguarding(
    referrer_client, referrer, placement
):
    uncleared = referrer_client.get(summary_url(placement)).text
    clear_for_safeguarding(referrer.user)
    cleared = referrer_client.get(summary_url(placement)).text

    assert "dsl@oakfield.test" not in uncleared
    assert "Shown only to people cleared for safeguarding information." in uncleared
    assert "Deputy head (designated safeguarding lead), dsl@oakfield.test" in cleared


def test_a_published_report_is_linked(referrer_client, placement, staff_user):
    report = report_services.report_write(
        placement=placement,
        user=staff_user,
        progress="Good",
        recommendations="More",
        reintegration_programme="Two weeks",
    )
    report_services.report_publish(report=report, user=staff_user)

    page = referrer_client.get(summary_url(placement)).text

    assert reverse("school_placements:report", args=[placement.pk]) in page
    assert "Published on 22 November 2026" in page


def test_another_school_s_placement_has_no_summary(referrer_client, placement, elsewhere):
    assert referrer_client.get(summary_url(elsewhere)).status_code == 404
    assert not RequestAccess.objects.filter(request=elsewhere.request).exists()


def test_the_placement_s_page_links_to_it(referrer_client, placement):
    page = referrer_client.get(reverse("school_placements:placement", args=[placement.pk])).text

    assert summary_url(placement) in page


def test_it_prints_alone_on_a4_with_a_print_button_from_a_static_script(referrer_client, placement):
    page = referrer_client.get(summary_url(placement)).text
    with open(finders.find("placements/summary.css"), encoding="utf-8") as css:
        stylesheet = css.read()
    with open(finders.find("placements/print-button.js"), encoding="utf-8") as js:
        script = js.read()

    assert "/static/placements/summary.css" in page
    assert "/static/placements/print-button.js" in page
    assert "window.print" not in page  # no inline script: the CSP allows none
    assert "Print this page" in page
    assert "size: A4" in stylesheet
    assert ".site-header, .site-footer, .skip-link, .breadcrumbs, .portal-school-bar" in stylesheet
    assert "window.print()" in script


def queries_for_summary(client, placement):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(summary_url(placement)).status_code == 200
    return len(queries)


def test_its_queries_do_not_grow_with_the_attendance_marks(referrer_client, placement, staff_user):
    mark_days(placement, staff_user, 2)
    for _ in range(2):  # what the first requests of a session read once (the session, the site)
        queries_for_summary(referrer_client, placement)
    few = queries_for_summary(referrer_client, placement)
    placement.attendance.all().delete()
    mark_days(placement, staff_user, 30)
    many = queries_for_summary(referrer_client, placement)

    assert placement.attendance.count() == 60
    assert many == few
