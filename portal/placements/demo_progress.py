"""Demo of how the placements are going (called from `demo._load_placements` once both are made):
Riverside's placement under way has its targets, the wellbeing score at the start and one key-worker
visit, with its review still to come (a date of its plan); Oakfield's finished placement has its targets
with the progress at the review and at the end, the three wellbeing scores, the review meeting and two
visits. Each is left alone once it has targets, so loading again adds nothing."""

from datetime import timedelta
from itertools import islice

from portal.placements import selectors
from portal.placements.models import Milestone, Placement, PlacementTarget, Progress, Stage
from portal.placements.services import progress as services
from portal.placements.services.progress import ProgressAt

TARGETS = [
    "Stay in lessons for the whole session, using the agreed break card when feelings run high.",
    "Read aloud to an adult three times a week.",
    "Name a feeling and ask an adult for help before a disagreement grows.",
]
VISIT_NOTES = [
    "Met the pupil in class and at lunch. Settling into the group; proud to show the reading record.",
    "Joined the afternoon session. Used the break card twice without prompting; talked about coming back.",
]


def load(*, riverside, oakfield, stdout):
    calendar = selectors.school_calendar()
    for school, add in [(riverside, _under_way), (oakfield, _finished)]:
        placement = Placement.objects.filter(school=school).first()
        if placement is None or placement.targets.exists():
            continue
        add(placement, calendar)
        stdout.write(f"Recorded how {school.name}'s placement {placement.reference} is going.")


def _school_day(calendar, placement, nth):
    """The placement's `nth` school day (the first is 1)."""
    return next(islice(calendar.school_days_from(placement.starts_on), nth - 1, None))


def _visit(placement, day, notes):
    services.visit_record(
        placement=placement,
        user=placement.request.created_by,
        visited_on=day,
        visited_by=placement.key_worker_name,
        notes=notes,
    )


def _under_way(placement, calendar):
    staff = placement.created_by
    services.placement_targets_save(
        placement=placement, user=staff, targets=[(None, each) for each in TARGETS]
    )
    services.wellbeing_record(
        placement=placement, user=staff, stage=Stage.START, score=27, taken_on=placement.starts_on
    )
    _visit(placement, _school_day(calendar, placement, 8), VISIT_NOTES[0])


def _finished(placement, calendar):
    staff = placement.created_by
    # Its targets were set while it ran; now it has ended the rule keeps them as they are, so they are
    # written as they stood.
    targets = PlacementTarget.objects.bulk_create(
        PlacementTarget(placement=placement, description=each, position=number)
        for number, each in enumerate(TARGETS, start=1)
    )
    reviewed_on = placement.date_of(Milestone.REVIEW_MEETING)
    services.review_record(
        placement=placement,
        user=staff,
        held_on=reviewed_on,
        attended_by="Parent, the school's SENCo, the key worker, the unit's class teacher",
        summary=(
            "Attendance is good and the pupil joins in with the group. Reading has come on; staying in "
            "lessons is the next step. The plan for the reintegration was started."
        ),
        progress={
            targets[0].pk: ProgressAt(Progress.SOME, "Stays for most sessions with the break card."),
            targets[1].pk: ProgressAt(Progress.GOOD),
            targets[2].pk: ProgressAt(Progress.SOME),
        },
    )
    services.target_progress_record(
        placement=placement,
        user=staff,
        stage=Stage.END,
        progress={
            targets[0].pk: ProgressAt(Progress.GOOD, "Whole sessions in class in the last three weeks."),
            targets[1].pk: ProgressAt(Progress.MET),
            targets[2].pk: ProgressAt(Progress.GOOD),
        },
    )
    ended_on = placement.ended_on or placement.target_end_on
    for stage, score, taken_on in [
        (Stage.START, 24, placement.starts_on),
        (Stage.REVIEW, 35, reviewed_on),
        (Stage.END, 44, ended_on),
    ]:
        services.wellbeing_record(
            placement=placement, user=staff, stage=stage, score=score, taken_on=taken_on
        )
    _visit(placement, _school_day(calendar, placement, 8), VISIT_NOTES[0])
    _visit(placement, next(calendar.school_days_from(reviewed_on + timedelta(days=14))), VISIT_NOTES[1])
