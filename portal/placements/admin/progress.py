"""How a placement is going, in the admin: the sections of the placement's page (its targets with the
progress at the review and the end, the review meeting, the wellbeing measure and the home school's
visits) and the small screens that record them, each a record action of `PlacementAdmin` reached from its
section, through `services.progress`."""

from django.urls import reverse
from django.utils import timezone

from common.admin import RecordActionView
from portal.placements import selectors
from portal.placements.forms import ReviewForm, TargetProgressForm, TargetsForm, WellbeingForm
from portal.placements.models import Milestone, PlacementStatus, PlacementTerms, ReviewMeeting, Stage
from portal.placements.services import progress as services
from portal.placements.services.placements import long_date

CHANGE_PLACEMENT = "placements.change_placement"


class PlacementProgressView(RecordActionView):
    """A record of how the placement is going; staff go back to the placement's page once it is saved."""

    permission = CHANGE_PLACEMENT
    in_buttons = False

    @property
    def placement(self):
        return self.instance

    def facts(self):
        placement = self.placement
        return [
            ("Placement", f"{placement.reference} at {placement.school.name}"),
            ("Status", placement.get_status_display()),
        ]

    def success_url(self):
        return reverse("placements_placement_modeladmin_inspect", args=[self.placement.pk])


class TargetsView(PlacementProgressView):
    label = "Set the targets"
    submit_label = "Save the targets"
    page_title = "The targets of {record.reference}"

    @classmethod
    def applies(cls, record):
        return record.status in services.TARGETS_OPEN

    def get_form(self, data=None):
        return TargetsForm(data, placement=self.placement)

    def act(self, data):
        targets = services.placement_targets_save(
            placement=self.placement, user=self.request.user, targets=data["targets"]
        )
        return f"{self.placement} has {len(targets)} target{'s' if len(targets) != 1 else ''}."


class ReviewView(PlacementProgressView):
    label = "Record the review meeting"
    submit_label = "Save the review"
    page_title = "The review meeting of {record.reference}"

    @classmethod
    def applies(cls, record):
        return record.status in services.STARTED

    def facts(self):
        return [
            *super().facts(),
            ("Review meeting planned for", long_date(self.placement.date_of(Milestone.REVIEW_MEETING))),
        ]

    def get_form(self, data=None):
        review, today = ReviewMeeting.objects.filter(placement=self.placement).first(), timezone.localdate()
        initial = (
            {"held_on": review.held_on, "attended_by": review.attended_by, "summary": review.summary}
            if review
            else {"held_on": min(self.placement.date_of(Milestone.REVIEW_MEETING) or today, today)}
        )
        return ReviewForm(data, placement=self.placement, initial=initial)

    def act(self, data):
        review = services.review_record(
            placement=self.placement,
            user=self.request.user,
            held_on=data["held_on"],
            attended_by=data["attended_by"],
            summary=data["summary"],
            progress=data["progress"],
        )
        return f"The review meeting of {self.placement} on {long_date(review.held_on)} is recorded."


class EndProgressView(PlacementProgressView):
    label = "Record the progress at the end"
    submit_label = "Save the progress"
    page_title = "The progress at the end of {record.reference}"

    @classmethod
    def applies(cls, record):
        return record.status in services.STARTED

    def get_form(self, data=None):
        return TargetProgressForm(data, placement=self.placement, stage=Stage.END)

    def act(self, data):
        services.target_progress_record(
            placement=self.placement, user=self.request.user, stage=Stage.END, progress=data["progress"]
        )
        return f"The progress of {self.placement} at the end is recorded."


class WellbeingView(PlacementProgressView):
    label = "Record a wellbeing score"
    submit_label = "Save the score"
    page_title = "Wellbeing of {record.reference}"

    @classmethod
    def applies(cls, record):
        return record.status != PlacementStatus.CANCELLED

    def get_form(self, data=None):
        stage = self.request.GET.get("stage")
        taken = next(
            (
                score
                for each, score in selectors.wellbeing_of(placement=self.placement).by_stage
                if each == stage
            ),
            None,
        )
        initial = (
            {"stage": stage, "score": taken.score, "taken_on": taken.taken_on} if taken else {"stage": stage}
        )
        return WellbeingForm(
            data, terms=PlacementTerms.load(), initial={"taken_on": timezone.localdate(), **initial}
        )

    def act(self, data):
        score = services.wellbeing_record(
            placement=self.placement,
            user=self.request.user,
            stage=data["stage"],
            score=data["score"],
            taken_on=data["taken_on"],
        )
        return f"Wellbeing of {self.placement} {score.get_stage_display().lower()}: {score.score}."


RECORD_ACTIONS = {
    "targets": TargetsView,
    "review": ReviewView,
    "end_progress": EndProgressView,
    "wellbeing": WellbeingView,
}


def inspect_context(*, placement, user) -> dict:
    """What the sections of the placement's page show, and which of their screens the person may open."""
    return {
        "targets": selectors.targets_of(placement=placement),
        "review": ReviewMeeting.objects.filter(placement=placement).first(),
        "review_planned_on": placement.date_of(Milestone.REVIEW_MEETING),
        "wellbeing": selectors.wellbeing_of(placement=placement),
        "visits": placement.visits.all(),
        "visits_due": selectors.visits_due(placement=placement, today=timezone.localdate()),
        "may_record": {action: view.permitted(user, placement) for action, view in RECORD_ACTIONS.items()},
    }
