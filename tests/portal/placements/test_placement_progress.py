"""How a placement is going: the home school records key-worker visits (dated within the placement, never
ahead), staff set the targets (until the placement ends), record the review meeting with the progress
against every target, the progress at the end, and the wellbeing measure on the terms' scale, one score
per stage; every write is on the placement's history."""

from datetime import date

import pytest

from common.errors import DomainError
from portal.placements import selectors
from portal.placements.charts import bar_chart
from portal.placements.factories import PanelDecisionFactory, PlacementCapacityFactory, valid_upn
from portal.placements.models import (
    KeyWorkerVisit,
    PlacementOutcome,
    PlacementTarget,
    PlacementTerms,
    Progress,
    ReviewMeeting,
    Stage,
    TargetProgress,
    WellbeingScore,
)
from portal.placements.services import placements as placement_services
from portal.placements.services import progress as services
from portal.placements.services.progress import ProgressAt
from portal.schools.factories import SchoolFactory
from tests.portal.placements.conftest import start_placement
from tests.workflows import logged_changes


@pytest.fixture
def placement(school_year, offer, staff_user):
    """Oakfield's placement from Monday 7 September 2026 (review 16 October, target end 18 December),
    under way; today is Sunday 22 November 2026."""
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)
    placement = start_placement(offer, staff_user)
    return placement_services.placement_start(placement=placement, user=staff_user)


def changes_since(placement):
    """(action, data) of each change of how the placement is going on its history, oldest first."""
    return [
        (action, data) for action, _, data in logged_changes(placement) if action in services.CHANGE_LABELS
    ]


def targets(placement, *wordings):
    return services.placement_targets_save(
        placement=placement, user=None, targets=[(None, wording) for wording in wordings]
    )


# Key-worker visits ---------------------------------------------------------------------------------------


def test_the_home_school_records_a_visit_on_the_history(placement, referrer):
    visit = services.visit_record(
        placement=placement,
        user=referrer.user,
        visited_on=date(2026, 11, 19),
        visited_by=" Learning mentor ",
        notes="Settled; working with the group.",
    )

    assert (visit.visited_on, visit.visited_by, visit.recorded_by) == (
        date(2026, 11, 19),
        "Learning mentor",
        referrer.user,
    )
    assert changes_since(placement) == [
        ("placements.visit_recorded", {"about": "19 November 2026, by Learning mentor"})
    ]


@pytest.mark.parametrize(
    ("visited_on", "visited_by", "field", "message"),
    [
        (date(2026, 11, 23), "Mentor", "visited_on", "23 November 2026 has not come yet"),
        (date(2026, 9, 4), "Mentor", "visited_on", "4 September 2026 is before the placement's first day"),
        (date(2026, 11, 19), "  ", "visited_by", services.VISITED_BY_REQUIRED),
    ],
)
def test_a_visit_is_dated_within_the_placement_up_to_today_and_says_who(
    placement, referrer, visited_on, visited_by, field, message
):
    with pytest.raises(DomainError) as refused:
        services.visit_record(
            placement=placement, user=referrer.user, visited_on=visited_on, visited_by=visited_by
        )

    assert refused.value.field == field
    assert refused.value.message.startswith(message)
    assert not KeyWorkerVisit.objects.exists()


def test_no_visit_after_the_placement_ended(placement, referrer, staff_user):
    placement_services.placement_end(
        placement=placement,
        user=staff_user,
        outcome=PlacementOutcome.RETURNED_EARLY,
        ended_on=date(2026, 11, 6),
    )

    with pytest.raises(DomainError, match="is after the placement ended"):
        services.visit_record(
            placement=placement, user=referrer.user, visited_on=date(2026, 11, 9), visited_by="Mentor"
        )


# Targets -------------------------------------------------------------------------------------------------


def test_staff_add_change_and_remove_targets_each_on_the_history(placement, staff_user):
    reading, friends = targets(placement, "Read aloud in a small group", "Make a friend")

    kept = services.placement_targets_save(
        placement=placement,
        user=staff_user,
        targets=[
            (friends.pk, "Play with a friend at lunchtime"),
            (reading.pk, "  "),
            (None, "Stay in class"),
        ],
    )

    assert [(target.description, target.position) for target in PlacementTarget.objects.all()] == [
        ("Play with a friend at lunchtime", 1),
        ("Stay in class", 2),
    ]
    assert kept[0].pk == friends.pk
    assert changes_since(placement)[2:] == [
        ("placements.target_changed", {"from": "Make a friend", "to": "Play with a friend at lunchtime"}),
        ("placements.target_added", {"about": "Stay in class"}),
        ("placements.target_removed", {"about": "Read aloud in a small group"}),
    ]


def test_targets_cannot_change_once_the_placement_has_ended(placement, staff_user):
    [target] = targets(placement, "Read aloud")
    placement_services.placement_end(
        placement=placement,
        user=staff_user,
        outcome=PlacementOutcome.REINTEGRATED,
        ended_on=date(2026, 11, 20),
    )

    with pytest.raises(DomainError, match="is ended: its targets can no longer be changed"):
        services.placement_targets_save(placement=placement, user=staff_user, targets=[(target.pk, "Other")])

    assert PlacementTarget.objects.get().description == "Read aloud"


def test_another_placement_s_target_is_refused(placement, staff_user):
    elsewhere = start_placement(
        PanelDecisionFactory(
            request__school=SchoolFactory(name="Riverside"), request__upn=valid_upn("820200101002")
        ),
        staff_user,
    )
    [theirs] = targets(elsewhere, "Theirs")

    with pytest.raises(DomainError, match=services.NOT_ITS_TARGET):
        services.placement_targets_save(placement=placement, user=staff_user, targets=[(theirs.pk, "Mine")])
    with pytest.raises(DomainError, match=services.NOT_ITS_TARGET):
        services.target_progress_record(
            placement=placement,
            user=staff_user,
            stage=Stage.END,
            progress={theirs.pk: ProgressAt(Progress.MET)},
        )

    assert PlacementTarget.objects.get().description == "Theirs"
    assert not TargetProgress.objects.exists()


# The review meeting and progress -------------------------------------------------------------------------


def review(placement, user, progress, **overrides):
    return services.review_record(
        placement=placement,
        user=user,
        **{
            "held_on": date(2026, 10, 16),
            "attended_by": "SENCo, parent, key worker",
            "summary": "Settled well; reading is the focus.",
            "progress": progress,
            **overrides,
        },
    )


def test_the_review_records_progress_against_every_target(placement, staff_user):
    reading, friends = targets(placement, "Read aloud", "Make a friend")

    meeting = review(
        placement,
        staff_user,
        {reading.pk: ProgressAt(Progress.SOME, "Reads to an adult"), friends.pk: ProgressAt(Progress.GOOD)},
    )

    assert (meeting.held_on, meeting.recorded_by) == (date(2026, 10, 16), staff_user)
    assert {
        (each.target.description, each.stage, each.progress, each.note)
        for each in TargetProgress.objects.all()
    } == {
        ("Read aloud", Stage.REVIEW, Progress.SOME, "Reads to an adult"),
        ("Make a friend", Stage.REVIEW, Progress.GOOD, ""),
    }
    assert [action for action, _ in changes_since(placement)][2:] == [
        "placements.review_recorded",
        "placements.progress_recorded",
        "placements.progress_recorded",
    ]
    assert changes_since(placement)[3][1] == {
        "about": "At the review, “Read aloud”",
        "to": "Some progress",
        "why": "Reads to an adult",
    }


def test_a_target_without_progress_refuses_the_review(placement, staff_user):
    reading, friends = targets(placement, "Read aloud", "Make a friend")

    with pytest.raises(DomainError) as refused:
        review(placement, staff_user, {reading.pk: ProgressAt(Progress.SOME)})

    assert refused.value.field == f"progress_{friends.pk}"
    assert refused.value.message == "Choose the progress against the target “Make a friend”."
    assert not ReviewMeeting.objects.exists()
    assert not TargetProgress.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"held_on": date(2026, 11, 30)}, "held_on", "30 November 2026 has not come yet"),
        ({"held_on": date(2026, 9, 1)}, "held_on", "1 September 2026 is before the placement's first day"),
        ({"summary": " "}, "summary", services.SUMMARY_REQUIRED),
    ],
)
def test_the_review_is_held_within_the_placement_and_says_what_it_found(
    placement, staff_user, overrides, field, message
):
    with pytest.raises(DomainError) as refused:
        review(placement, staff_user, {}, **overrides)

    assert (refused.value.field, refused.value.message[: len(message)]) == (field, message)


def test_recording_again_corrects_it_and_the_history_says_what_it_replaced(placement, staff_user):
    [reading] = targets(placement, "Read aloud")
    review(placement, staff_user, {reading.pk: ProgressAt(Progress.SOME)})

    review(placement, staff_user, {reading.pk: ProgressAt(Progress.GOOD)}, held_on=date(2026, 10, 19))

    assert ReviewMeeting.objects.get().held_on == date(2026, 10, 19)
    assert TargetProgress.objects.get().progress == Progress.GOOD
    assert changes_since(placement)[-2:] == [
        ("placements.review_recorded", {"about": "held on 19 October 2026 (a correction)"}),
        (
            "placements.progress_recorded",
            {"about": "At the review, “Read aloud”", "from": "Some progress", "to": "Good progress"},
        ),
    ]


def test_a_placement_not_started_has_no_review(school_year, offer, staff_user):
    PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=36)
    planned = start_placement(offer, staff_user)

    with pytest.raises(DomainError, match="has not started yet"):
        review(planned, staff_user, {})


def test_progress_at_the_end_is_kept_apart_from_the_review(placement, staff_user):
    [reading] = targets(placement, "Read aloud")
    review(placement, staff_user, {reading.pk: ProgressAt(Progress.SOME)})

    services.target_progress_record(
        placement=placement, user=staff_user, stage=Stage.END, progress={reading.pk: ProgressAt(Progress.MET)}
    )

    [progress] = selectors.targets_of(placement=placement)
    assert (progress.at_review.progress, progress.at_end.progress) == (Progress.SOME, Progress.MET)


# Wellbeing -----------------------------------------------------------------------------------------------


def test_a_score_outside_the_terms_range_is_refused_naming_the_range(placement, staff_user):
    with pytest.raises(DomainError) as refused:
        services.wellbeing_record(
            placement=placement, user=staff_user, stage=Stage.START, score=61, taken_on=date(2026, 9, 7)
        )

    assert refused.value.field == "score"
    assert refused.value.message == (
        "Enter a score from 12 to 60: the range of the Stirling Children's Wellbeing Scale."
    )
    assert not WellbeingScore.objects.exists()


def test_the_range_is_the_terms_own(placement, staff_user):
    terms = PlacementTerms.load()
    terms.wellbeing_scale, terms.wellbeing_lowest, terms.wellbeing_highest = "Feelings ladder", 1, 10
    terms.save()

    with pytest.raises(DomainError, match="from 1 to 10: the range of the Feelings ladder"):
        services.wellbeing_record(
            placement=placement, user=staff_user, stage=Stage.START, score=12, taken_on=date(2026, 9, 7)
        )


def test_one_score_per_stage_entering_it_again_replaces_it_on_the_history(placement, staff_user):
    services.wellbeing_record(
        placement=placement, user=staff_user, stage=Stage.START, score=31, taken_on=date(2026, 9, 7)
    )
    services.wellbeing_record(
        placement=placement, user=staff_user, stage=Stage.START, score=34, taken_on=date(2026, 9, 8)
    )
    services.wellbeing_record(
        placement=placement, user=staff_user, stage=Stage.START, score=34, taken_on=date(2026, 9, 8)
    )

    assert list(WellbeingScore.objects.values_list("stage", "score")) == [(Stage.START, 34)]
    assert changes_since(placement) == [
        ("placements.wellbeing_recorded", {"about": "At the start, taken on 7 September 2026", "to": 31}),
        (
            "placements.wellbeing_recorded",
            {"about": "At the start, taken on 8 September 2026", "from": 31, "to": 34},
        ),
    ]


def test_a_score_is_not_taken_ahead(placement, staff_user):
    with pytest.raises(DomainError, match="has not come yet") as refused:
        services.wellbeing_record(
            placement=placement, user=staff_user, stage=Stage.REVIEW, score=40, taken_on=date(2026, 12, 1)
        )

    assert refused.value.field == "taken_on"


def test_the_wellbeing_shows_each_stage_on_the_terms_scale(placement, staff_user):
    services.wellbeing_record(
        placement=placement, user=staff_user, stage=Stage.START, score=24, taken_on=date(2026, 9, 7)
    )
    services.wellbeing_record(
        placement=placement, user=staff_user, stage=Stage.REVIEW, score=48, taken_on=date(2026, 10, 16)
    )

    wellbeing = selectors.wellbeing_of(placement=placement)

    assert (wellbeing.scale, wellbeing.lowest, wellbeing.highest) == (
        "Stirling Children's Wellbeing Scale",
        12,
        60,
    )
    assert [(stage, score.score if score else None) for stage, score in wellbeing.by_stage] == [
        (Stage.START, 24),
        (Stage.REVIEW, 48),
        (Stage.END, None),
    ]
    start, at_review, end = wellbeing.chart.bars
    # 24 is a quarter of the way up from 12 to 60, 48 three quarters: three times as tall.
    assert at_review.height == pytest.approx(3 * start.height)
    assert (end.value, end.height) == (None, 0)


def test_the_chart_keeps_a_value_off_the_scale_inside_it_and_marks_the_ends():
    chart = bar_chart([("Too high", 80), ("Lowest", 12)], lowest=12, highest=60)

    too_high, lowest = chart.bars
    assert too_high.y == chart.ticks[-1].y  # drawn at the top, not above the chart
    assert lowest.height == 0
    assert [tick.value for tick in chart.ticks] == [12, 24, 36, 48, 60]
