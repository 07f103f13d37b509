"""The end-of-placement report in the admin: staff write the draft (and edit it while it is a draft) from
the placement's page, then publish it to the home school or withdraw it with a reason, by the report's
declared transitions; the list of reports and each report's page, whose opening is recorded on the
placement's request. A report is part of its placement's record, so the staff who may see placements
may see it."""

from django import forms
from django.contrib.admin import display
from django.urls import reverse
from django.utils import timezone
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import InspectView

from common import workflows
from common.admin import (
    HistoryWithReasonsView,
    ReadOnlyPermissionHelper,
    RecordActionButtonHelper,
    RecordActionsMixin,
    RecordActionView,
    TransitionView,
    link_button,
)
from portal.placements.forms import ReportForm, WithdrawReportForm
from portal.placements.models import Placement, PlacementReport
from portal.placements.services import reports as services
from portal.placements.services.placements import long_date, placement_seen

CHANGE_PLACEMENT = "placements.change_placement"
WRITE_REPORT = "report"  # the placement's record action that writes or edits its report


def report_on(placement):
    """The placement's report, or None (Django remembers either on the placement: one query at most)."""
    return getattr(placement, "report", None)


def placement_page(placement_id):
    return reverse("placements_placement_modeladmin_inspect", args=[placement_id])


def write_report_url(placement_id):
    return reverse(f"placements_placement_modeladmin_{WRITE_REPORT}", args=[placement_id])


def report_facts(placement, report):
    return [
        ("Placement", f"{placement.reference} at {placement.school.name}"),
        ("Placement status", placement.get_status_display()),
        ("Report", report.get_status_display() if report else "Not written yet"),
    ]


class WriteReportView(RecordActionView):
    """On a placement that has started: its end-of-placement report, written or edited as a draft."""

    permission = CHANGE_PLACEMENT
    page_title = "End-of-placement report on {record.reference}"
    submit_label = "Save the draft"

    @classmethod
    def applies(cls, record):
        return services.report_refusal(placement=record, report=report_on(record)) is None

    @classmethod
    def button_label(cls, record):
        return "Edit the report draft" if report_on(record) else "Write the report"

    def facts(self):
        return report_facts(self.instance, report_on(self.instance))

    def get_form(self, data=None):
        report = report_on(self.instance)
        initial = {field: getattr(report, field) for field in ReportForm.base_fields} if report else None
        return ReportForm(data, initial=initial)

    def act(self, data):
        services.report_write(placement=self.instance, user=self.request.user, **data)
        return f"The report on {self.instance} is saved as a draft: the school sees it once it is published."

    def success_url(self):
        return placement_page(self.instance.pk)


class ReportTransitionView(TransitionView):
    def facts(self):
        return report_facts(self.instance.placement, self.instance)

    def success_url(self):
        return placement_page(self.instance.placement_id)


class PublishReportView(ReportTransitionView):
    transition = "publish"
    page_title = "Publish the report on {record.placement.reference}"
    form_class = forms.Form

    def facts(self):
        return [
            *super().facts(),
            ("Who is told", "The school's referrers are emailed that it is ready, without the pupil's name."),
        ]

    def act(self, data):
        report = services.report_publish(report=self.instance, user=self.request.user)
        return f"The report on {report.placement} is published to the school."


class WithdrawReportView(ReportTransitionView):
    transition = "withdraw"
    page_title = "Withdraw the report on {record.placement.reference}"
    form_class = WithdrawReportForm

    def act(self, data):
        report = services.report_withdraw(report=self.instance, user=self.request.user, why=data["why"])
        return (
            f"The report on {report.placement} is withdrawn: it is a draft again, out of the school's sight."
        )


def report_transitions(report, user):
    """(label, address, danger) of each transition of `report` that `user` may make now, from its
    declaration: the buttons on the placement's page."""
    actions = {view.transition: action for action, view in PlacementReportAdmin.record_actions.items()}
    return [
        (
            declared.custom["label"],
            reverse(f"placements_placementreport_modeladmin_{actions[declared.name]}", args=[report.pk]),
            declared.custom["danger"],
        )
        for declared in workflows.allowed_transitions(report, user, where="admin")
    ]


def report_panel(placement, user):
    """What the placement's page shows of its report: the report, and what `user` may do with it now."""
    report = report_on(placement)
    return {
        "report": report,
        "may_write": WriteReportView.permitted(user, placement),
        "write_url": write_report_url(placement.pk),
        "write_label": WriteReportView.button_label(placement),
        "transitions": report_transitions(report, user) if report else [],
        "refusal": services.report_refusal(placement=placement, report=report),
    }


class FollowsPlacementPermissionHelper(ReadOnlyPermissionHelper):
    """Who may list and open reports: the staff who hold a permission on placements (a report is part of
    its placement's record); nobody edits one here but through its own screens."""

    def __init__(self, model, inspect_view_enabled=False):
        super().__init__(model, inspect_view_enabled)
        self.opts = Placement._meta


class ReportButtonHelper(RecordActionButtonHelper):
    def links(self, obj):
        if not WriteReportView.permitted(self.request.user, obj.placement):
            return []
        label = WriteReportView.button_label(obj.placement)
        return [
            link_button(self, url=write_report_url(obj.placement_id), label=label, title=f"{label}: {obj}")
        ]


class ReportInspectView(InspectView):
    """The report as the school reads it once published, with its placement; opening it is recorded."""

    def get_context_data(self, **kwargs):
        placement_seen(
            placement=self.instance.placement, user=self.request.user, what="admin: end-of-placement report"
        )
        return super().get_context_data(placement_url=placement_page(self.instance.placement_id), **kwargs)


class PlacementReportAdmin(RecordActionsMixin, ModelAdmin):
    model = PlacementReport
    record_actions = {"publish": PublishReportView, "withdraw": WithdrawReportView}
    menu_label = "End-of-placement reports"
    menu_icon = "doc-full"
    list_display = ["placement", "school", "status", "updated", "published"]
    search_fields = ["placement__school__name", "placement__school__urn"]
    ordering = ["-updated_at"]
    inspect_view_enabled = True
    inspect_view_class = ReportInspectView
    inspect_template_name = "placements/admin/report_inspect.html"
    history_view_class = HistoryWithReasonsView
    permission_helper_class = FollowsPlacementPermissionHelper
    button_helper_class = ReportButtonHelper

    @display(description="home school")
    def school(self, report):
        return report.placement.school.name

    @display(description="last saved")
    def updated(self, report):
        return long_date(timezone.localdate(report.updated_at))

    @display(description="published")
    def published(self, report):
        return long_date(timezone.localdate(report.published_at)) if report.published_at else "Not published"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("placement", "placement__school")
