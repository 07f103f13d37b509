"""How a placement is going, on its pages: the home school sees its visits (with a warning for a half term
passed without one and when the next is due), the targets with their progress and the wellbeing chart
with its table, and records a visit; staff set the targets, record the review, the progress at the end and
the wellbeing in the admin. Bad input is answered beside its field and changes nothing; another school's
placement is not found."""

from datetime import date

import pytest
from django.urls import reverse

from portal.placements.factories import PlacementCapacityFactory
from portal.placements.models import (
    AccessKind,
    KeyWorkerVisit,
    PlacementOutcome,
    PlacementTarget,
    Progress,
    RequestAccess,
    ReviewMeeting,
    Stage,
    TargetProgress,
    WellbeingScore,
)
from portal.placements.services import placements as placement_services
from portal.placements.services import progress as services
from portal.placements.services.progress import ProgressAt
from tests.portal.placements.conftest import admin_url, start_placement
from tests.workflows import refused_by_admin, staff_with


@pytest.fixture
def places(db):
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)


@pytest.fixture
def placement(school_year, places, offer, staff_user):
    """Oakfield's placement from 7 September 2026, under way; today is Sunday 22 November 2026."""
    return placement_services.placement_start(placement=start_placement(offer, staff_user), user=staff_user)


def page_of(client, placement):
    return client.get(reverse("school_placements:placement", args=[placement.pk]))


def visits_url(placement):
    return reverse("school_placements:visits", args=[placement.pk])


def visit_form(**overrides):
    return {"visited_on": "2026-11-19", "visited_by": "Learning mentor", "notes": "Settled.", **overrides}


# The school's placement page ------------------------------------------------------------------------------


def test_the_school_sees_how_the_placement_is_going(referrer_client, placement, staff_user):
    reading, friends = services.placement_targets_save(
        placement=placement, user=staff_user, targets=[(None, "Read aloud"), (None, "Make a friend")]
    )
    services.review_record(
        placement=placement,
        user=staff_user,
        held_on=date(2026, 10, 16),
        attended_by="SENCo",
        summary="Reading is the focus now.",
        progress={
            reading.pk: ProgressAt(Progress.SOME, "Reads to an adult"),
            friends.pk: ProgressAt(Progress.MET),
        },
    )
    for stage, score, taken_on in [
        (Stage.START, 24, date(2026, 9, 7)),
        (Stage.REVIEW, 41, date(2026, 10, 16)),
    ]:
        services.wellbeing_record(
            placement=placement, user=staff_user, stage=stage, score=score, taken_on=taken_on
        )
    services.visit_record(
        placement=placement, user=staff_user, visited_on=date(2026, 11, 19), visited_by="Head of year"
    )

    page = page_of(referrer_client, placement).text

    # No visit from September to the October half term; the second half is visited.
    assert "No visit in Autumn 2026, first half" in page
    assert "No key-worker visit is recorded from 2 September to 25 October 2026." in page
    assert "Next visit due by" not in page
    assert "Thursday 19 November 2026</th><td>Head of year</td>" in page
    assert "Some progress: Reads to an adult" in page
    assert "Target met" in page
    assert "Reading is the focus now." in page
    assert '<svg class="chart"' in page
    assert 'aria-hidden="true"' in page
    assert "<caption>Wellbeing scores (Stirling Children&#x27;s Wellbeing Scale)</caption>" in page
    assert '<tr><th scope="row">At the review</th><td>41</td><td>16 October 2026</td></tr>' in page
    assert "<td>Not taken yet</td>" in page


def test_the_school_is_told_by_when_the_next_visit_is_due(referrer_client, placement):
    page = page_of(referrer_client, placement).text

    assert "Next visit due by Friday 18 December 2026." in page
    assert "No targets" not in page
    assert "No score taken yet." in page
    assert 'action="' + visits_url(placement) + '"' in page


def test_the_school_records_a_visit(referrer_client, referrer, placement):
    response = referrer_client.post(visits_url(placement), visit_form())

    assert response.status_code == 302
    assert response.url == reverse("school_placements:placement", args=[placement.pk]) + "#visits"
    visit = KeyWorkerVisit.objects.get()
    assert (visit.placement, visit.visited_on, visit.visited_by, visit.notes, visit.recorded_by) == (
        placement,
        date(2026, 11, 19),
        "Learning mentor",
        "Settled.",
        referrer.user,
    )
    page = referrer_client.get(response.url).text
    assert "The visit on 19 November 2026 is recorded." in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"visited_on": "2026-11-30"}, "30 November 2026 has not come yet: enter a date up to today."),
        ({"visited_on": "2026-09-01"}, "1 September 2026 is before the placement&#x27;s first day"),
        ({"visited_on": "31/02/2026"}, "Enter a real date, like 14 October 2026."),
        ({"visited_by": ""}, services.VISITED_BY_REQUIRED),
    ],
)
def test_a_bad_visit_is_shown_beside_its_field_and_changes_nothing(
    referrer_client, placement, overrides, message
):
    response = referrer_client.post(visits_url(placement), visit_form(**overrides))

    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert response.text.count(message) == 2  # in the summary and beside the field
    assert not KeyWorkerVisit.objects.exists()
    assert RequestAccess.objects.filter(what="placement visits", kind=AccessKind.VIEWED).exists()


def test_the_visits_page_shows_the_form_and_is_recorded(referrer_client, referrer, placement):
    response = referrer_client.get(visits_url(placement))

    assert response.status_code == 200
    assert "Record the visit" in response.text
    access = RequestAccess.objects.get(what="placement visits")
    assert (access.request, access.user) == (placement.request, referrer.user)


def test_another_school_s_placement_is_not_found_for_its_visits(referrer_client, placement, elsewhere):
    assert referrer_client.get(visits_url(elsewhere)).status_code == 404
    assert referrer_client.post(visits_url(elsewhere), visit_form()).status_code == 404
    assert page_of(referrer_client, elsewhere).status_code == 404
    assert not KeyWorkerVisit.objects.exists()
    assert not RequestAccess.objects.filter(request=elsewhere.request).exists()


def test_no_visit_form_on_a_cancelled_placement(referrer_client, school_year, places, offer, staff_user):
    planned = start_placement(offer, staff_user)
    placement_services.placement_cancel(placement=planned, user=staff_user, why="The family moved away.")

    page = page_of(referrer_client, planned).text
    refused = referrer_client.post(visits_url(planned), visit_form())

    assert "Record the visit" not in page
    assert refused.status_code == 400
    assert "was cancelled: there is nothing to record" in refused.text
    assert not KeyWorkerVisit.objects.exists()


# The admin --------------------------------------------------------------------------------------------------


def test_staff_see_how_it_is_going_on_the_placement_s_page(staff_client, placement):
    services.visit_record(
        placement=placement, user=None, visited_on=date(2026, 10, 2), visited_by="Learning mentor"
    )

    page = staff_client.get(admin_url("placement", "inspect", placement.pk)).text

    assert "No targets set yet." in page
    assert "Not held yet: planned for Friday 16 October 2026." in page
    assert "Friday 2 October 2026</th><td>Learning mentor</td>" in page
    assert "Next visit due by Friday 18 December 2026." in page
    for action in ("targets", "review", "wellbeing"):
        assert admin_url("placement", action, placement.pk) in page
    # No targets yet, so no progress to record at the end.
    assert admin_url("placement", "end_progress", placement.pk) not in page
    # Reached from their sections, not repeated among the placement's buttons in the list.
    listing = staff_client.get(admin_url("placement")).text
    assert admin_url("placement", "targets", placement.pk) not in listing


def test_staff_set_the_targets(staff_client, placement):
    url = admin_url("placement", "targets", placement.pk)
    staff_client.post(url, {"new_1": "Read aloud", "new_2": "Make a friend", "new_3": ""})
    reading, friends = PlacementTarget.objects.all()

    form = staff_client.get(url).text
    response = staff_client.post(
        url,
        {f"target_{reading.pk}": "", f"target_{friends.pk}": "Play at lunchtime", "new_1": "Stay in class"},
    )

    assert "Read aloud</textarea>" in form
    assert response.status_code == 302
    assert response.url == admin_url("placement", "inspect", placement.pk)
    assert list(PlacementTarget.objects.values_list("description", flat=True)) == [
        "Play at lunchtime",
        "Stay in class",
    ]


def test_the_targets_of_an_ended_placement_are_not_offered(staff_client, placement, staff_user):
    placement_services.placement_end(
        placement=placement,
        user=staff_user,
        outcome=PlacementOutcome.REINTEGRATED,
        ended_on=date(2026, 11, 20),
    )

    page = staff_client.get(admin_url("placement", "inspect", placement.pk)).text

    assert admin_url("placement", "targets", placement.pk) not in page
    assert refused_by_admin(
        staff_client.post(admin_url("placement", "targets", placement.pk), {"new_1": "Late"})
    )
    assert not PlacementTarget.objects.exists()


def review_form(targets, **overrides):
    data = {"held_on": "2026-10-16", "attended_by": "SENCo, parent", "summary": "Settled well."}
    for target in targets:
        data[f"progress_{target.pk}"] = Progress.SOME
        data[f"note_{target.pk}"] = ""
    return {**data, **overrides}


def test_staff_record_the_review_with_the_progress_against_each_target(staff_client, placement, staff_user):
    [reading] = services.placement_targets_save(
        placement=placement, user=staff_user, targets=[(None, "Read aloud")]
    )
    url = admin_url("placement", "review", placement.pk)

    form = staff_client.get(url).text
    response = staff_client.post(url, review_form([reading], **{f"note_{reading.pk}": "Reads to an adult"}))

    assert "Progress against “Read aloud”" in form
    assert "Review meeting planned for" in form
    assert response.status_code == 302
    assert ReviewMeeting.objects.get().summary == "Settled well."
    progress = TargetProgress.objects.get()
    assert (progress.stage, progress.progress, progress.note) == (
        Stage.REVIEW,
        Progress.SOME,
        "Reads to an adult",
    )
    page = staff_client.get(admin_url("placement", "inspect", placement.pk)).text
    assert "Some progress: Reads to an adult" in page
    assert "Review meeting recorded: held on 16 October 2026" in page


def test_a_review_missing_a_target_s_progress_is_refused_beside_it(staff_client, placement, staff_user):
    [reading] = services.placement_targets_save(
        placement=placement, user=staff_user, targets=[(None, "Read aloud")]
    )

    response = staff_client.post(
        admin_url("placement", "review", placement.pk),
        review_form([reading], **{f"progress_{reading.pk}": "", "held_on": "2026-12-01"}),
    )

    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert response.text.count("Choose the progress against the target “Read aloud”.") == 2
    assert not ReviewMeeting.objects.exists()


def test_a_review_dated_ahead_is_refused_beside_the_date(staff_client, placement):
    response = staff_client.post(
        admin_url("placement", "review", placement.pk), review_form([], held_on="2026-12-01")
    )

    assert response.status_code == 400
    assert response.text.count("1 December 2026 has not come yet") == 2
    assert not ReviewMeeting.objects.exists()


def test_staff_record_the_progress_at_the_end(staff_client, placement, staff_user):
    [reading] = services.placement_targets_save(
        placement=placement, user=staff_user, targets=[(None, "Read aloud")]
    )

    response = staff_client.post(
        admin_url("placement", "end_progress", placement.pk), {f"progress_{reading.pk}": Progress.MET}
    )

    assert response.status_code == 302
    assert list(TargetProgress.objects.values_list("stage", "progress")) == [(Stage.END, Progress.MET)]


def test_staff_record_a_wellbeing_score_and_a_score_off_the_scale_names_the_range(staff_client, placement):
    url = admin_url("placement", "wellbeing", placement.pk)

    form = staff_client.get(url + "?stage=start").text
    refused = staff_client.post(url, {"stage": "start", "score": "75", "taken_on": "2026-09-07"})
    recorded = staff_client.post(url, {"stage": "start", "score": "28", "taken_on": "2026-09-07"})

    assert "from 12 to 60" in form
    assert refused.status_code == 400
    assert (
        refused.text.count(
            "Enter a score from 12 to 60: the range of the Stirling Children&#x27;s Wellbeing Scale."
        )
        == 2
    )
    assert recorded.status_code == 302
    assert list(WellbeingScore.objects.values_list("stage", "score")) == [(Stage.START, 28)]
    assert "28" in staff_client.get(url + "?stage=start").text


def test_staff_who_may_only_view_placements_record_nothing(client, settings, placement):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    client.force_login(staff_with("placements.view_placement"))

    page = client.get(admin_url("placement", "inspect", placement.pk)).text

    for action, data in [
        ("targets", {"new_1": "Read aloud"}),
        ("review", review_form([])),
        ("end_progress", {}),
        ("wellbeing", {"stage": "start", "score": "30", "taken_on": "2026-09-07"}),
    ]:
        assert admin_url("placement", action, placement.pk) not in page
        assert refused_by_admin(client.post(admin_url("placement", action, placement.pk), data)), action
    assert not PlacementTarget.objects.exists()
    assert not ReviewMeeting.objects.exists()
    assert not WellbeingScore.objects.exists()
