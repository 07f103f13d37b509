"""Writes with rules for how a placement is going: the home school's key-worker visits (recorded in the
portal), and the unit's records in the admin: the targets, the review meeting with the progress against
each target, the progress at the end, and the wellbeing measure at the start, the review and the end.

Every write is recorded on the placement's history (`common.audit.record_change`), with what it replaced
when it changes something already recorded.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from common.audit import record_change
from common.errors import DomainError
from portal.placements.models.placements import Placement, PlacementStatus
from portal.placements.models.progress import (
    KeyWorkerVisit,
    PlacementTarget,
    Progress,
    ReviewMeeting,
    Stage,
    TargetProgress,
    WellbeingScore,
)
from portal.placements.models.terms import PlacementTerms
from portal.placements.services.placements import long_date

VISIT_RECORDED = "placements.visit_recorded"
TARGET_ADDED = "placements.target_added"
TARGET_CHANGED = "placements.target_changed"
TARGET_REMOVED = "placements.target_removed"
REVIEW_RECORDED = "placements.review_recorded"
PROGRESS_RECORDED = "placements.progress_recorded"
WELLBEING_RECORDED = "placements.wellbeing_recorded"
CHANGE_LABELS = {
    VISIT_RECORDED: "Key-worker visit recorded",
    TARGET_ADDED: "Target added",
    TARGET_CHANGED: "Target changed",
    TARGET_REMOVED: "Target removed",
    REVIEW_RECORDED: "Review meeting recorded",
    PROGRESS_RECORDED: "Progress recorded",
    WELLBEING_RECORDED: "Wellbeing recorded",
}

CANCELLED = "Placement {reference} was cancelled: there is nothing to record."
NOT_STARTED = "Placement {reference} has not started yet."
IN_THE_FUTURE = "{day} has not come yet: enter a date up to today."
BEFORE_START = "{day} is before the placement's first day at the unit ({starts})."
VISIT_AFTER_END = "{day} is after the placement ended ({ended})."
VISITED_BY_REQUIRED = "Say who visited (a name or a role)."
TARGETS_CLOSED = "Placement {reference} is {status}: its targets can no longer be changed."
NOT_ITS_TARGET = "That target is not one of this placement's."
PROGRESS_REQUIRED = "Choose the progress against the target “{target}”."
SUMMARY_REQUIRED = "Say what the review meeting found and agreed."
STAGE_REQUIRED = "Choose when the score was taken: at the start, the review or the end."
SCORE_OUT_OF_RANGE = "Enter a score from {lowest} to {highest}: the range of the {scale}."

# A placement in these has begun: there is progress to record.
STARTED = (PlacementStatus.ACTIVE, PlacementStatus.REINTEGRATING, PlacementStatus.ENDED)
# Targets are set while the placement is to come or under way.
TARGETS_OPEN = (PlacementStatus.PLANNED, PlacementStatus.ACTIVE, PlacementStatus.REINTEGRATING)
PROGRESS_STAGES = (Stage.REVIEW, Stage.END)


@dataclass(frozen=True)
class ProgressAt:
    """The progress against one target at a stage, with an optional note."""

    progress: str
    note: str = ""


def short(text: str) -> str:
    """A target's wording on one line, cut to fit a label or a line of the history."""
    return Truncator(" ".join(text.split())).chars(80)


def _locked(placement) -> Placement:
    return Placement.objects.select_for_update().get(pk=placement.pk)


def _check_not_cancelled(placement) -> None:
    if placement.status == PlacementStatus.CANCELLED:
        raise DomainError(CANCELLED.format(reference=placement.reference))


def _check_started(placement) -> None:
    _check_not_cancelled(placement)
    if placement.status not in STARTED:
        raise DomainError(NOT_STARTED.format(reference=placement.reference))


def _check_past_day(day: date, *, placement, field: str, today: date) -> None:
    """`day` is a day of the placement that has come: not in the future, not before its first day."""
    if day > today:
        raise DomainError(IN_THE_FUTURE.format(day=long_date(day)), field=field)
    if day < placement.starts_on:
        raise DomainError(
            BEFORE_START.format(day=long_date(day), starts=long_date(placement.starts_on)), field=field
        )


def may_record_visit(placement) -> bool:
    """Whether the home school is offered the form to record a visit: once the placement has begun."""
    return placement.status in STARTED


@transaction.atomic
def visit_record(
    *, placement, user, visited_on: date, visited_by: str, notes: str = "", today: date | None = None
) -> KeyWorkerVisit:
    """The home school's record of a key-worker visit to the pupil at the unit."""
    placement = _locked(placement)
    _check_not_cancelled(placement)
    visited_by = visited_by.strip()
    if not visited_by:
        raise DomainError(VISITED_BY_REQUIRED, field="visited_by")
    _check_past_day(visited_on, placement=placement, field="visited_on", today=today or timezone.localdate())
    if placement.ended_on is not None and visited_on > placement.ended_on:
        raise DomainError(
            VISIT_AFTER_END.format(day=long_date(visited_on), ended=long_date(placement.ended_on)),
            field="visited_on",
        )
    visit = KeyWorkerVisit.objects.create(
        placement=placement,
        visited_on=visited_on,
        visited_by=visited_by,
        notes=notes.strip(),
        recorded_by=user,
    )
    record_change(
        instance=placement,
        action=VISIT_RECORDED,
        user=user,
        about=f"{long_date(visited_on)}, by {visited_by}",
    )
    return visit


@transaction.atomic
def placement_targets_save(
    *, placement, user, targets: list[tuple[int | None, str]]
) -> list[PlacementTarget]:
    """The placement's targets are now `targets`, in order: (the id of a target it has, or None for a new
    one; its wording). A target left out, or left blank, is removed; each addition, change and removal is
    on the history."""
    placement = _locked(placement)
    if placement.status not in TARGETS_OPEN:
        raise DomainError(
            TARGETS_CLOSED.format(
                reference=placement.reference, status=placement.get_status_display().lower()
            )
        )
    existing = {target.pk: target for target in PlacementTarget.objects.filter(placement=placement)}
    kept = []
    for pk, description in targets:
        description = description.strip()
        if not description:
            continue
        if pk is None:
            target = PlacementTarget.objects.create(
                placement=placement, description=description, position=len(kept) + 1
            )
            record_change(instance=placement, action=TARGET_ADDED, user=user, about=short(description))
        else:
            target = existing.get(pk)
            if target is None:
                raise DomainError(NOT_ITS_TARGET)
            if target.description != description:
                record_change(
                    instance=placement,
                    action=TARGET_CHANGED,
                    user=user,
                    from_=short(target.description),
                    to=short(description),
                )
            target.description, target.position = description, len(kept) + 1
            target.save(update_fields=["description", "position"])
        kept.append(target)
    for pk, target in existing.items():
        if pk not in {each.pk for each in kept}:
            record_change(
                instance=placement, action=TARGET_REMOVED, user=user, about=short(target.description)
            )
            target.delete()
    return kept


@transaction.atomic
def target_progress_record(*, placement, user, stage: str, progress: dict[int, ProgressAt]) -> None:
    """The progress against each of the placement's targets at `stage` (the review or the end), keyed by
    target; every target needs one. A change to progress already recorded is on the history."""
    placement = _locked(placement)
    _check_started(placement)
    if stage not in PROGRESS_STAGES:
        raise DomainError(STAGE_REQUIRED, field="stage")
    targets = list(PlacementTarget.objects.filter(placement=placement))
    if set(progress) - {target.pk for target in targets}:
        raise DomainError(NOT_ITS_TARGET)
    recorded = {
        each.target_id: each for each in TargetProgress.objects.filter(target__in=targets, stage=stage)
    }
    for target in targets:
        given = progress.get(target.pk)
        if given is None or given.progress not in Progress.values:
            raise DomainError(
                PROGRESS_REQUIRED.format(target=short(target.description)), field=f"progress_{target.pk}"
            )
        note = given.note.strip()
        before = recorded.get(target.pk)
        if before is not None and (before.progress, before.note) == (given.progress, note):
            continue
        TargetProgress.objects.update_or_create(
            target=target, stage=stage, defaults={"progress": given.progress, "note": note}
        )
        record_change(
            instance=placement,
            action=PROGRESS_RECORDED,
            user=user,
            about=f"{Stage(stage).label}, “{short(target.description)}”",
            from_=Progress(before.progress).label if before else None,
            to=Progress(given.progress).label,
            why=note,
        )


@transaction.atomic
def review_record(
    *,
    placement,
    user,
    held_on: date,
    attended_by: str,
    summary: str,
    progress: dict[int, ProgressAt],
    today: date | None = None,
) -> ReviewMeeting:
    """What the review meeting found, with the progress against each target at the review; recording it
    again corrects it."""
    placement = _locked(placement)
    _check_started(placement)
    _check_past_day(held_on, placement=placement, field="held_on", today=today or timezone.localdate())
    summary = summary.strip()
    if not summary:
        raise DomainError(SUMMARY_REQUIRED, field="summary")
    before = ReviewMeeting.objects.filter(placement=placement).first()
    review, _ = ReviewMeeting.objects.update_or_create(
        placement=placement,
        defaults={
            "held_on": held_on,
            "attended_by": attended_by.strip(),
            "summary": summary,
            "recorded_by": user,
            "recorded_at": timezone.now(),
        },
    )
    record_change(
        instance=placement,
        action=REVIEW_RECORDED,
        user=user,
        about=f"held on {long_date(held_on)}" + (" (a correction)" if before else ""),
    )
    target_progress_record(placement=placement, user=user, stage=Stage.REVIEW, progress=progress)
    return review


@transaction.atomic
def wellbeing_record(
    *, placement, user, stage: str, score: int, taken_on: date, today: date | None = None
) -> WellbeingScore:
    """The wellbeing score at `stage`, on the placement terms' scale: one per stage, so entering it again
    replaces it (the score it replaced is on the history)."""
    placement = _locked(placement)
    _check_not_cancelled(placement)
    if stage not in Stage.values:
        raise DomainError(STAGE_REQUIRED, field="stage")
    terms = PlacementTerms.load()
    if not terms.wellbeing_lowest <= score <= terms.wellbeing_highest:
        raise DomainError(
            SCORE_OUT_OF_RANGE.format(
                lowest=terms.wellbeing_lowest, highest=terms.wellbeing_highest, scale=terms.wellbeing_scale
            ),
            field="score",
        )
    today = today or timezone.localdate()
    if taken_on > today:
        raise DomainError(IN_THE_FUTURE.format(day=long_date(taken_on)), field="taken_on")
    before = WellbeingScore.objects.filter(placement=placement, stage=stage).first()
    if before is not None and (before.score, before.taken_on) == (score, taken_on):
        return before
    wellbeing, _ = WellbeingScore.objects.update_or_create(
        placement=placement, stage=stage, defaults={"score": score, "taken_on": taken_on}
    )
    record_change(
        instance=placement,
        action=WELLBEING_RECORDED,
        user=user,
        about=f"{Stage(stage).label}, taken on {long_date(taken_on)}",
        from_=before.score if before else None,
        to=score,
    )
    return wellbeing
