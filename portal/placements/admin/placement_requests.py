"""Placement requests in the admin: the requests schools have sent (never their drafts), each one's
answers (the safeguarding section only for staff cleared for it) with what it lacks and its history,
each declared transition staff make (return for information, place on the agenda, record the
decision, defer), each through its service, and the export of everything held about the child for a
subject access request. Every inspection, download and export is recorded."""

from django import forms
from django.contrib import messages
from django.contrib.admin import SimpleListFilter, display
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import InspectView

from common.admin import (
    HistoryWithReasonsView,
    ReadOnlyPermissionHelper,
    RecordActionsMixin,
    RecordActionView,
    ReferenceSearchMixin,
    TransitionView,
    require_permission,
)
from common.errors import DomainError
from common.forms import add_domain_error
from portal.placements import selectors
from portal.placements.admin.placements import StartPlacementView
from portal.placements.answers import answers_of, decision_summary
from portal.placements.forms import DecisionForm, DeferForm, ReturnForInformationForm
from portal.placements.models import AccessKind, PlacementRequest, RequestStatus, SupportingDocument
from portal.placements.services import decisions as decision_services
from portal.placements.services import requests as request_services
from portal.placements.services import subject_access
from portal.placements.views.documents import file_response

VIEW_REQUEST = "placements.view_placementrequest"
EXPORT_REQUEST = "placements.export_placementrequest"
DOCUMENTS_MISSING = (
    "{count} document(s) could not be found in storage, so they are not in the export: record.pdf lists "
    "them as missing."
)


class SentRequestOnlyMixin:
    """A draft is the school's own until it is sent: not found here, whatever the id."""

    def dispatch(self, request, *args, **kwargs):
        if self.instance.status == RequestStatus.DRAFT:
            raise Http404("No such request.")
        return super().dispatch(request, *args, **kwargs)


class PlacementRequestInspectView(SentRequestOnlyMixin, InspectView):
    """Every answer the school sent (the safeguarding section only for those cleared), the documents,
    what is missing, and the status history; opening it is recorded."""

    def get_context_data(self, **kwargs):
        placement_request = self.instance
        request_services.request_access_record(
            placement_request=placement_request, user=self.request.user, what="admin: inspect"
        )
        return super().get_context_data(
            decision=selectors.decision_of(placement_request=placement_request),
            answers=answers_of(placement_request, user=self.request.user),
            missing=selectors.missing_answers(placement_request=placement_request),
            history=selectors.status_history_of(placement_request=placement_request),
            **kwargs,
        )


class PlacementRequestTransitionView(SentRequestOnlyMixin, TransitionView):
    """One transition of one sent request, with the request's facts above the form."""

    def facts(self):
        placement_request = self.instance
        return [
            ("Request", f"{placement_request.reference} from {placement_request.school.name}"),
            ("Status", placement_request.get_status_display()),
            ("Panel meeting", placement_request.meeting or "None yet"),
        ]


class ReturnForInformationView(PlacementRequestTransitionView):
    transition = "return_for_information"
    form_class = ReturnForInformationForm
    submit_label = "Return to the school"
    page_title = "Return {record.reference} for more information"

    def act(self, data):
        placement_request = request_services.placement_request_return_for_information(
            placement_request=self.instance, user=self.request.user, what_is_needed=data["what_is_needed"]
        )
        return f"{placement_request.reference} is returned. The school's referrers have been emailed."


class PlaceOnAgendaView(PlacementRequestTransitionView):
    transition = "place_on_agenda"
    form_class = forms.Form
    page_title = "Place {record.reference} on the agenda of its meeting"

    def act(self, data):
        placement_request = request_services.placement_request_place_on_agenda(
            placement_request=self.instance, user=self.request.user
        )
        return f"{placement_request.reference} is on the agenda of {placement_request.meeting}."


class DecideView(PlacementRequestTransitionView):
    transition = "decide"
    form_class = DecisionForm
    submit_label = "Record the decision and tell the school"
    # The reference is the header's subtitle: not said twice.
    page_title = "Record the panel's decision"

    def facts(self):
        return [*super().facts()[1:], *decision_summary(self.instance)]

    def act(self, data):
        decision = decision_services.placement_request_decide(
            placement_request=self.instance,
            user=self.request.user,
            outcome=data["outcome"],
            reasons=data["reasons"],
            recommendations=data["recommendations"],
            recommended_package=data["recommended_package"],
            lead_professional=data["lead_professional"],
            actions=data["actions"],
            over_capacity_confirmed=data["over_capacity_confirmed"],
        )
        return (
            f"{self.instance.reference}: {decision.get_outcome_display().lower()}. The school's referrers "
            "and the district's lead for safeguarding have been emailed."
        )


class DeferView(PlacementRequestTransitionView):
    transition = "defer"
    submit_label = "Defer the decision"
    page_title = "Defer the decision on {record.reference}"

    def get_form(self, data=None):
        return DeferForm(data, placement_request=self.instance)

    def act(self, data):
        placement_request = decision_services.placement_request_defer(
            placement_request=self.instance,
            user=self.request.user,
            to_meeting=data["to_meeting"],
            reasons=data["reasons"],
        )
        return f"{placement_request.reference} is deferred to {placement_request.meeting}."


class SubjectAccessExportView(SentRequestOnlyMixin, RecordActionView):
    """Everything held about the request's child in one zip file, for a subject access request: what it
    will hold, then a POST answered with the download (the export is recorded on each request in it)."""

    form_class = forms.Form
    label = "Export everything held (subject access)"
    submit_label = "Export and download the zip file"
    permission = EXPORT_REQUEST
    page_title = "Export everything held about the child of {record.reference}"

    def facts(self):
        records = selectors.requests_about_child_of(placement_request=self.instance)
        cleared = selectors.may_see_safeguarding(user=self.request.user)
        return [
            (
                "Requests about this child",
                ", ".join(f"{record.reference} ({record.school.name})" for record in records),
            ),
            (
                "Safeguarding sections",
                "Included" if cleared else "Left out: you are not cleared for safeguarding information",
            ),
            ("Recorded", "The export is recorded on each of these requests: in its history and who saw it."),
        ]

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        form.is_valid()  # an empty form, cleaned so that a refusal can be added to it
        try:
            export = subject_access.subject_access_export(placement_request=self.instance, user=request.user)
        except DomainError as error:
            add_domain_error(form, error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if export.missing_documents:
            messages.warning(request, DOCUMENTS_MISSING.format(count=len(export.missing_documents)))
        return FileResponse(
            export.file, as_attachment=True, filename=export.filename, content_type="application/zip"
        )


class SentRequestStatusFilter(SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(status.value, status.label) for status in RequestStatus if status != RequestStatus.DRAFT]

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


class PlacementRequestAdmin(ReferenceSearchMixin, RecordActionsMixin, ModelAdmin):
    model = PlacementRequest
    record_actions = {
        "agenda": PlaceOnAgendaView,
        "decide": DecideView,
        "defer": DeferView,
        "return": ReturnForInformationView,
        "export": SubjectAccessExportView,
        "start_placement": StartPlacementView,
    }
    menu_label = "Placement requests"
    menu_icon = "form"
    list_display = ["reference", "school", "status", "meeting", "submitted_at", "completeness"]
    list_filter = [SentRequestStatusFilter, "meeting", "school__district"]
    list_select_related = ["school", "meeting"]
    # Staff are asked about a request by its reference or the pupil's name.
    reference_prefix = "PR"
    search_fields = ["legal_first_name", "legal_last_name", "upn", "school__name", "school__urn"]
    ordering = ["meeting__meeting_date", "submitted_at"]
    inspect_view_enabled = True
    inspect_view_class = PlacementRequestInspectView
    inspect_template_name = "placements/admin/request_inspect.html"
    history_view_class = HistoryWithReasonsView
    permission_helper_class = ReadOnlyPermissionHelper

    @display(description="complete?")
    def completeness(self, placement_request):
        """The completeness check: what a request still lacks shows on its own page."""
        missing = len(selectors.missing_answers(placement_request=placement_request))
        return "Complete" if not missing else f"{missing} answer{'s' if missing > 1 else ''} missing"

    def get_queryset(self, request):
        # A draft is the school's own until it is sent.
        return super().get_queryset(request).exclude(status=RequestStatus.DRAFT)


def staff_document_download(request, pk):
    """A sent request's document for staff who may view requests; recorded like any download."""
    require_permission(request, VIEW_REQUEST)
    document = get_object_or_404(
        SupportingDocument.objects.exclude(request__status=RequestStatus.DRAFT).select_related("request"),
        pk=pk,
    )
    request_services.request_access_record(
        placement_request=document.request,
        user=request.user,
        kind=AccessKind.DOWNLOADED,
        what=f"admin: document {document.original_name}",
    )
    return file_response(document)
