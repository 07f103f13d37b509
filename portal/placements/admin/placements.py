"""Placements in the admin: starting one from an offered request (its plan laid out from the terms and
the school year, a week without a place warned about and confirmed), the list of placements, each one's
page with its timeline and target end date, moving a date with its reason, and each declared transition
(start, begin the reintegration, end with an outcome, cancel) through its service. Every inspection is
recorded on the placement's request, as the request's own are."""

from django import forms
from django.contrib.admin import SimpleListFilter, display
from django.urls import reverse
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import InspectView

from common.admin import (
    HistoryWithReasonsView,
    ReadOnlyPermissionHelper,
    RecordActionsMixin,
    RecordActionView,
    ReferenceSearchMixin,
    TransitionView,
)
from common.money import format_pence
from portal.placements import selectors
from portal.placements.admin import progress
from portal.placements.admin.reports import WRITE_REPORT, WriteReportView, report_panel
from portal.placements.forms import (
    CancelPlacementForm,
    EndPlacementForm,
    MovePlacementDateForm,
    StartPlacementForm,
)
from portal.placements.models import Outcome, Placement, PlacementStatus, PlacementTerms, RequestStatus
from portal.placements.services import placements as services

ADD_PLACEMENT = "placements.add_placement"
CHANGE_PLACEMENT = "placements.change_placement"


def long_date(day):
    return services.long_date(day) if day else "Not set"


class StartPlacementView(RecordActionView):
    """On an offered request: the placement's arrangements, then the placement and its plan."""

    label = "Start a placement"
    submit_label = "Plan the placement"
    permission = ADD_PLACEMENT
    page_title = "Start a placement from {record.reference}"

    @classmethod
    def applies(cls, record):
        if record.status != RequestStatus.DECIDED:
            return False
        decision = selectors.decision_of(placement_request=record)
        return (
            decision is not None
            and decision.outcome == Outcome.OFFER
            and selectors.placement_of(placement_request=record) is None
        )

    def facts(self):
        placement_request = self.instance
        terms = PlacementTerms.load()
        return [
            ("Request", f"{placement_request.reference} from {placement_request.school.name}"),
            ("Pupil", placement_request.pupil_name or "Not named"),
            (
                "Price",
                f"{format_pence(terms.price_pence)}, {terms.funding_note}; the school is invoiced when the "
                "placement is planned",
            ),
            (
                "The placement",
                f"{terms.weeks} school weeks ({terms.days_at_unit_per_week} days at the unit, "
                f"{terms.days_at_home_school_per_week} at the home school), then {terms.reintegration_weeks} "
                f"weeks' reintegration with {terms.reintegration_supported_visits} supported visits. "
                "Holidays and closure days move the dates on.",
            ),
        ]

    def get_form(self, data=None):
        return StartPlacementForm(data, initial=StartPlacementForm.initial_from(self.instance))

    def act(self, data):
        not_arrangements = ("over_capacity_confirmed", "purchase_order_number")
        arrangements = services.Arrangements(
            **{name: value for name, value in data.items() if name not in not_arrangements}
        )
        self.placement = services.placement_create_from_offer(
            placement_request=self.instance,
            user=self.request.user,
            arrangements=arrangements,
            over_capacity_confirmed=data["over_capacity_confirmed"],
            purchase_order_number=data["purchase_order_number"],
        )
        placement = self.placement
        return (
            f"Placement {placement} is planned: first day at the unit {long_date(placement.starts_on)}, "
            f"target end date {long_date(placement.target_end_on)}. The school is invoiced for it "
            f"(order {placement.order.reference})."
        )

    def success_url(self):
        return reverse("placements_placement_modeladmin_inspect", args=[self.placement.pk])


class PlacementInspectView(InspectView):
    """The placement's facts, its timeline with the target end date first, its weeks at the unit and its
    history; opening it is recorded."""

    def get_context_data(self, **kwargs):
        placement = self.instance
        services.placement_seen(placement=placement, user=self.request.user, what="admin: placement")
        return super().get_context_data(
            dates=placement.dates.order_by("on", "pk"),
            weeks=selectors.placement_weeks(placement=placement),
            history=selectors.placement_history_of(placement=placement),
            may_see_safeguarding=selectors.may_see_safeguarding(user=self.request.user),
            may_move=MovePlacementDateView.permitted(self.request.user, placement),
            **progress.inspect_context(placement=placement, user=self.request.user),
            report_panel=report_panel(placement, self.request.user),
            **kwargs,
        )


class PlacementFacts:
    def facts(self):
        placement = self.instance
        return [
            ("Placement", f"{placement.reference} at {placement.school.name}"),
            ("Status", placement.get_status_display()),
            ("First day at the unit", long_date(placement.starts_on)),
            ("Target end date", long_date(placement.target_end_on)),
        ]


class MovePlacementDateView(PlacementFacts, RecordActionView):
    label = "Move a date"
    submit_label = "Move the date"
    permission = CHANGE_PLACEMENT
    page_title = "Move a date of {record.reference}"

    @classmethod
    def applies(cls, record):
        return record.status not in (PlacementStatus.ENDED, PlacementStatus.CANCELLED)

    def get_form(self, data=None):
        return MovePlacementDateForm(
            data, placement=self.instance, initial={"placement_date": self.request.GET.get("date")}
        )

    def act(self, data):
        moved = services.placement_date_move(
            placement_date=data["placement_date"], user=self.request.user, on=data["on"], why=data["why"]
        )
        return f"{moved.label} of {self.instance} is now {long_date(moved.on)}."


class PlacementTransitionView(PlacementFacts, TransitionView):
    pass


class StartView(PlacementTransitionView):
    transition = "start"
    page_title = "Record that the pupil of {record.reference} has started"
    form_class = forms.Form

    def act(self, data):
        placement = services.placement_start(placement=self.instance, user=self.request.user)
        return f"{placement} is under way."


class BeginReintegrationView(PlacementTransitionView):
    transition = "begin_reintegration"
    page_title = "Begin the reintegration of {record.reference}"
    form_class = forms.Form

    def act(self, data):
        placement = services.placement_begin_reintegration(placement=self.instance, user=self.request.user)
        return f"{placement}: the reintegration has begun."


class EndView(PlacementTransitionView):
    transition = "end"
    page_title = "End {record.reference}"
    form_class = EndPlacementForm

    def act(self, data):
        placement = services.placement_end(
            placement=self.instance,
            user=self.request.user,
            outcome=data["outcome"],
            ended_on=data["ended_on"],
            note=data["outcome_note"],
        )
        return f"{placement} has ended: {placement.get_outcome_display().lower()}."


class CancelView(PlacementTransitionView):
    transition = "cancel"
    page_title = "Cancel {record.reference}"
    form_class = CancelPlacementForm

    def act(self, data):
        placement = services.placement_cancel(
            placement=self.instance, user=self.request.user, why=data["why"]
        )
        return f"{placement} is cancelled."


class PlacementStatusFilter(SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return PlacementStatus.choices

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


class PlacementAdmin(ReferenceSearchMixin, RecordActionsMixin, ModelAdmin):
    model = Placement
    record_actions = {
        "move_date": MovePlacementDateView,
        "start": StartView,
        "begin_reintegration": BeginReintegrationView,
        "end": EndView,
        "cancel": CancelView,
        **progress.RECORD_ACTIONS,
        WRITE_REPORT: WriteReportView,
    }
    menu_label = "Placements"
    menu_icon = "user"
    list_display = ["reference", "school", "status", "starts_on", "target_end_date", "category"]
    list_filter = [PlacementStatusFilter, "category", "school__district", "school"]
    # Staff are asked about a request by its reference or the pupil's name.
    reference_prefix = "PL"
    search_fields = [
        "request__legal_first_name",
        "request__legal_last_name",
        "request__upn",
        "school__name",
        "school__urn",
    ]
    ordering = ["-starts_on"]
    inspect_view_enabled = True
    inspect_view_class = PlacementInspectView
    inspect_template_name = "placements/admin/placement_inspect.html"
    history_view_class = HistoryWithReasonsView
    permission_helper_class = ReadOnlyPermissionHelper

    @display(description="target end date")
    def target_end_date(self, placement):
        return long_date(placement.target_end_on)

    def get_queryset(self, request):
        return selectors.with_their_dates(super().get_queryset(request))
