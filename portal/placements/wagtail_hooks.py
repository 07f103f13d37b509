"""The "MAPP panel" admin menu: panel meetings, dated placement capacity, the placement requests schools
have sent, and who viewed or downloaded them (wagtail-modeladmin).

Saving goes through `portal.placements.services`, so the admin applies the same rules as any other
caller; each record's History page shows who created and changed it. Staff see a request once its
school has sent it (drafts are the school's own), its safeguarding section only with the
`placements.view_safeguarding` permission, and every inspection and download is recorded.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin import SimpleListFilter, display
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import CreateView, EditView, InspectView, InstanceSpecificView

from common.admin import (
    HistoryWithReasonsView,
    ReadOnlyPermissionHelper,
    RecordActionsMixin,
    RecordActionView,
    ServiceSavesMixin,
    UpcomingOrPastFilter,
)
from common.audit import register_changes
from common.errors import DomainError
from common.forms import add_domain_error
from portal.placements import selectors
from portal.placements.answers import answers_of
from portal.placements.forms import DecisionForm, DeferForm, ReturnForInformationForm
from portal.placements.models import (
    AccessKind,
    AgreedAction,
    ExcludedPupilsWeek,
    MappMeeting,
    PanelMember,
    PlacementCapacity,
    PlacementRequest,
    RequestAccess,
    RequestStatus,
    SupportingDocument,
)
from portal.placements.panel_pack import panel_pack_response
from portal.placements.services import decisions as decision_services
from portal.placements.services import mapp as services
from portal.placements.services import requests as request_services
from portal.placements.views.documents import file_response


class MappMeetingForm(WagtailAdminModelForm):
    class Meta:
        error_messages = {
            "meeting_date": {
                "unique": "There is already a panel meeting on this date. Edit that one instead."
            }
        }

    def clean(self):
        cleaned_data = super().clean()
        try:
            services.check_meeting_roles(
                invited=cleaned_data.get("invited") or [],
                chair=cleaned_data.get("chair"),
                minute_taker=cleaned_data.get("minute_taker"),
            )
        except DomainError as error:
            add_domain_error(self, error)
        if cleaned_data.get("meeting_date") is not None and "submission_deadline" not in self.errors:
            try:
                services.submission_deadline_for(
                    meeting_date=cleaned_data["meeting_date"],
                    submission_deadline=cleaned_data.get("submission_deadline"),
                )
            except DomainError as error:
                add_domain_error(self, error)
        return cleaned_data

    def save(self, commit=True):
        meeting = services.mapp_meeting_save(meeting=self.instance)
        self._save_m2m()
        return meeting


class MappMeetingCreateView(ServiceSavesMixin, CreateView):
    pass


class MappMeetingEditView(ServiceSavesMixin, EditView):
    pass


class PlacementCapacityForm(WagtailAdminModelForm):
    class Meta:
        error_messages = {
            "starts_on": {"unique": "A capacity already starts on this date. Edit that one instead."}
        }


class MeetingTimingFilter(UpcomingOrPastFilter):
    title = "meeting date"

    def upcoming(self, queryset, today):
        return selectors.upcoming_meetings(today=today, meetings=queryset)

    def past(self, queryset, today):
        return selectors.past_meetings(today=today, meetings=queryset)


class MappMeetingButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if self.permission_helper.user_can_edit_obj(self.request.user, obj):
            label = "Send the agenda again" if obj.agenda_sent_at else "Send the agenda"
            buttons.append(action_button(self, obj, "send_agenda", label))
        if self.request.user.has_perm(VIEW_REQUEST):
            buttons.append(
                {
                    "url": reverse("placements_admin_panel_pack", args=[obj.pk]),
                    "label": "Panel pack (PDF)",
                    "classname": self.finalise_classname(["button-small", "button-secondary"]),
                    "title": f"Panel pack for the {obj}",
                }
            )
        return buttons


class SendAgendaView(InstanceSpecificView):
    def check_action_permitted(self, user):
        return self.permission_helper.user_can_edit_obj(user, self.instance)

    def get(self, request, *args, **kwargs):
        return redirect(self.index_url)

    def post(self, request, *args, **kwargs):
        try:
            sent_to = services.meeting_agenda_send(
                meeting=self.instance, user=request.user, today=timezone.localdate()
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, f"The agenda of the {self.instance} has been emailed to {sent_to} members."
            )
        return redirect(self.index_url)


class MappMeetingAdmin(RecordActionsMixin, ModelAdmin):
    model = MappMeeting
    record_actions = {
        "send_agenda": SendAgendaView,
    }
    menu_label = "Panel meetings"
    menu_icon = "date"
    list_display = [
        "meeting_date",
        "submission_deadline",
        "starts_at",
        "location",
        "upcoming",
        "agenda_sent_at",
    ]
    list_filter = [MeetingTimingFilter]
    search_fields = ["location", "notes"]
    # Newest first: the dates being planned are at the top, last year's are further down.
    ordering = ["-meeting_date"]
    list_per_page = 25
    history_view_class = HistoryWithReasonsView
    button_helper_class = MappMeetingButtonHelper
    create_view_class = MappMeetingCreateView
    edit_view_class = MappMeetingEditView
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("meeting_date"), FieldPanel("starts_at")], heading="When"),
            FieldPanel("submission_deadline"),
            FieldPanel("location"),
            FieldPanel("notes"),
            MultiFieldPanel(
                [
                    FieldPanel("invited", widget=forms.CheckboxSelectMultiple),
                    FieldRowPanel([FieldPanel("chair"), FieldPanel("minute_taker")]),
                    FieldPanel("attended", widget=forms.CheckboxSelectMultiple),
                ],
                heading="Panel members",
            ),
            FieldPanel("minutes"),
        ],
        base_form_class=MappMeetingForm,
    )

    @display(boolean=True, description="upcoming")
    def upcoming(self, meeting):
        return selectors.is_upcoming(meeting_date=meeting.meeting_date, today=timezone.localdate())


class PlacementCapacityAdmin(ModelAdmin):
    model = PlacementCapacity
    menu_label = "Placement capacity"
    menu_icon = "group"
    list_display = ["starts_on", "places", "in_force"]
    history_view_class = HistoryWithReasonsView
    ordering = ["-starts_on"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("starts_on"), FieldPanel("places")],
                heading="Places",
                help_text=(
                    "How many pupils the unit can hold at once from this date on, until a later "
                    "capacity starts. Permanently excluded pupils count towards it."
                ),
            )
        ],
        base_form_class=PlacementCapacityForm,
    )

    @display(boolean=True, description="in force today")
    def in_force(self, capacity):
        current = selectors.capacity_on(day=timezone.localdate())
        return current is not None and current.pk == capacity.pk


# --- Placement requests ---------------------------------------------------------------------------------

CHANGE_REQUEST = "placements.change_placementrequest"
VIEW_REQUEST = "placements.view_placementrequest"
VIEW_AUDIT = "placements.view_placement_audit"


def action_button(helper, obj, action, label):
    return {
        "url": helper.url_helper.get_action_url(action, obj.pk),
        "label": label,
        "classname": helper.finalise_classname(["button-small", "button-secondary"]),
        "title": f"{label}: {obj}",
    }


class PlacementRequestPermissionHelper(ReadOnlyPermissionHelper):
    def user_can_return(self, user, placement_request):
        return (
            user.has_perm(CHANGE_REQUEST)
            and RequestStatus.RETURNED in request_services.ALLOWED_TRANSITIONS[placement_request.status]
        )

    def user_can_decide(self, user, placement_request):
        return user.has_perm(CHANGE_REQUEST) and placement_request.status == RequestStatus.ON_AGENDA

    def user_can_place_on_agenda(self, user, placement_request):
        return user.has_perm(CHANGE_REQUEST) and request_services.may_move(
            placement_request, to=RequestStatus.ON_AGENDA
        )


class PlacementRequestButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if self.permission_helper.user_can_place_on_agenda(self.request.user, obj):
            buttons.append(action_button(self, obj, "agenda", "Place on the agenda"))
        if self.permission_helper.user_can_decide(self.request.user, obj):
            buttons.append(action_button(self, obj, "decide", "Record the decision"))
            buttons.append(action_button(self, obj, "defer", "Defer"))
        if self.permission_helper.user_can_return(self.request.user, obj):
            buttons.append(action_button(self, obj, "return", "Return for information"))
        return buttons


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
            missing=request_services.missing_answers(placement_request),
            history=selectors.status_history_of(placement_request),
            **kwargs,
        )


class PlacementRequestActionView(SentRequestOnlyMixin, RecordActionView):
    """One transition of one sent request, with the request's facts above the form."""

    def facts(self):
        placement_request = self.instance
        return [
            ("Request", f"{placement_request.reference} from {placement_request.school.name}"),
            ("Status", placement_request.get_status_display()),
            ("Panel meeting", placement_request.meeting or "None yet"),
        ]


class ReturnForInformationView(PlacementRequestActionView):
    form_class = ReturnForInformationForm
    submit_label = "Return to the school"
    permission = "user_can_return"

    def get_page_title(self):
        return f"Return {self.instance.reference} for more information"

    def act(self, data):
        placement_request = request_services.placement_request_return_for_information(
            placement_request=self.instance, user=self.request.user, what_is_needed=data["what_is_needed"]
        )
        return f"{placement_request.reference} is returned. The school's referrers have been emailed."


class PlaceOnAgendaView(PlacementRequestActionView):
    form_class = forms.Form
    submit_label = "Place on the agenda"
    permission = "user_can_place_on_agenda"

    def get_page_title(self):
        return f"Place {self.instance.reference} on the agenda of its meeting"

    def act(self, data):
        placement_request = request_services.placement_request_place_on_agenda(
            placement_request=self.instance, user=self.request.user
        )
        return f"{placement_request.reference} is on the agenda of {placement_request.meeting}."


class DecideView(PlacementRequestActionView):
    form_class = DecisionForm
    submit_label = "Record the decision and tell the school"
    permission = "user_can_decide"

    def get_page_title(self):
        return f"Record the panel's decision on {self.instance.reference}"

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
        )
        return (
            f"{self.instance.reference}: {decision.get_outcome_display().lower()}. The school's referrers "
            "and the district's lead for safeguarding have been emailed."
        )


class DeferView(PlacementRequestActionView):
    form_class = DeferForm
    submit_label = "Defer the decision"
    permission = "user_can_decide"

    def get_page_title(self):
        return f"Defer the decision on {self.instance.reference}"

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


class SentRequestStatusFilter(SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(status.value, status.label) for status in RequestStatus if status != RequestStatus.DRAFT]

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


class PlacementRequestAdmin(RecordActionsMixin, ModelAdmin):
    model = PlacementRequest
    record_actions = {
        "return": ReturnForInformationView,
        "agenda": PlaceOnAgendaView,
        "decide": DecideView,
        "defer": DeferView,
    }
    menu_label = "Placement requests"
    menu_icon = "form"
    list_display = ["reference", "school", "status", "meeting", "submitted_at", "completeness"]
    list_filter = [SentRequestStatusFilter, "meeting", "school__district"]
    list_select_related = ["school", "meeting"]
    search_fields = ["school__name", "school__urn"]
    ordering = ["meeting__meeting_date", "submitted_at"]
    inspect_view_enabled = True
    inspect_view_class = PlacementRequestInspectView
    inspect_template_name = "placements/admin/request_inspect.html"
    history_view_class = HistoryWithReasonsView
    permission_helper_class = PlacementRequestPermissionHelper
    button_helper_class = PlacementRequestButtonHelper

    @display(description="complete?")
    def completeness(self, placement_request):
        """The completeness check: what a request still lacks shows on its own page."""
        missing = len(request_services.missing_answers(placement_request))
        return "Complete" if not missing else f"{missing} answer{'s' if missing > 1 else ''} missing"

    def get_queryset(self, request):
        # A draft is the school's own until it is sent.
        return super().get_queryset(request).exclude(status=RequestStatus.DRAFT)


def staff_document_download(request, pk):
    """A sent request's document for staff who may view requests; recorded like any download."""
    if not request.user.has_perm(VIEW_REQUEST):
        raise PermissionDenied
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


def staff_panel_pack(request, pk):
    """A meeting's panel pack for staff who may view requests (safeguarding only if they are cleared)."""
    if not request.user.has_perm(VIEW_REQUEST):
        raise PermissionDenied
    return panel_pack_response(meeting=get_object_or_404(MappMeeting, pk=pk), user=request.user)


@hooks.register("register_admin_urls")
def placements_admin_urls():
    return [
        path("placements/documents/<int:pk>/", staff_document_download, name="placements_admin_document"),
        path(
            "placements/meetings/<int:pk>/panel-pack/", staff_panel_pack, name="placements_admin_panel_pack"
        ),
        path("placements/capacity-by-week/", capacity_by_week_view, name="placements_admin_capacity_by_week"),
    ]


class AuditPermissionHelper(PermissionHelper):
    """Who viewed or downloaded requests: for staff with the audit permission; nobody changes it."""

    def user_can_list(self, user):
        return user.has_perm(VIEW_AUDIT)

    def user_can_inspect_obj(self, user, obj):
        return False

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class AccessedRequestFilter(SimpleListFilter):
    title = "request"
    parameter_name = "request"

    def lookups(self, request, model_admin):
        accessed = PlacementRequest.objects.filter(accesses__isnull=False).distinct().select_related("school")
        return [(each.pk, f"{each.reference}, {each.school.name}") for each in accessed.order_by("-pk")]

    def queryset(self, request, queryset):
        return queryset.filter(request_id=self.value()) if self.value() else queryset


class AccessMonthFilter(SimpleListFilter):
    """Each month that has views or downloads, newest first (the date filter's presets cover the last
    days; this reaches back as far as the record goes)."""

    title = "month"
    parameter_name = "month"

    def lookups(self, request, model_admin):
        months = RequestAccess.objects.dates("at", "month", order="DESC")
        return [(f"{month:%Y-%m}", f"{month:%B %Y}") for month in months]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            year, month = (int(part) for part in self.value().split("-"))
        except ValueError:
            return queryset.none()
        return queryset.filter(at__year=year, at__month=month)


class RequestAccessAdmin(ModelAdmin):
    """Search the views and downloads of requests by request, person and date."""

    model = RequestAccess
    menu_label = "Request views and downloads"
    menu_icon = "view"
    list_display = ["at", "request_reference", "school", "person", "kind", "what"]
    list_filter = [AccessedRequestFilter, "kind", "at", AccessMonthFilter, "request__school"]
    list_select_related = ["request__school", "user"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "what"]
    ordering = ["-at"]
    permission_helper_class = AuditPermissionHelper

    @display(description="request", ordering="request_id")
    def request_reference(self, access):
        return access.request.reference

    @display(description="school", ordering="request__school__name")
    def school(self, access):
        return access.request.school.name

    @display(description="who", ordering="user__email")
    def person(self, access):
        return access.user.email if access.user else "A deleted account"


class PanelMemberAdmin(ModelAdmin):
    model = PanelMember
    menu_label = "Panel members"
    menu_icon = "user"
    list_display = ["name", "role", "district", "agency", "email", "is_active"]
    list_filter = ["is_active", "district"]
    search_fields = ["name", "role", "agency", "email"]
    history_view_class = HistoryWithReasonsView


class AgreedActionPermissionHelper(ReadOnlyPermissionHelper):
    def user_can_mark_done(self, user, action):
        return user.has_perm("placements.change_agreedaction") and action.done_at is None


class AgreedActionButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if self.permission_helper.user_can_mark_done(self.request.user, obj):
            buttons.append(action_button(self, obj, "done", "Mark done"))
        return buttons


class OpenActionFilter(SimpleListFilter):
    title = "done"
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("open", "Open"), ("done", "Done")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(done_at__isnull=True)
        if self.value() == "done":
            return queryset.filter(done_at__isnull=False)
        return queryset


class MarkActionDoneView(InstanceSpecificView):
    def check_action_permitted(self, user):
        return self.permission_helper.user_can_mark_done(user, self.instance)

    def get(self, request, *args, **kwargs):
        return redirect(self.index_url)

    def post(self, request, *args, **kwargs):
        try:
            services.agreed_action_mark_done(action=self.instance, user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Marked done: {self.instance.action}.")
        return redirect(self.index_url)


class AgreedActionAdmin(RecordActionsMixin, ModelAdmin):
    """The panel's agreed actions, with their owners: open until marked done."""

    model = AgreedAction
    record_actions = {
        "done": MarkActionDoneView,
    }
    menu_label = "Agreed actions"
    menu_icon = "tasks"
    list_display = ["action", "owner", "due_on", "meeting", "request_reference", "done_at"]
    list_filter = [OpenActionFilter, "meeting"]
    list_select_related = ["meeting", "decision__request"]
    search_fields = ["action", "owner"]
    ordering = ["done_at", "due_on"]
    permission_helper_class = AgreedActionPermissionHelper
    button_helper_class = AgreedActionButtonHelper

    @display(description="request")
    def request_reference(self, action):
        return action.decision.request.reference if action.decision_id else ""


class ExcludedPupilsWeekAdmin(ModelAdmin):
    model = ExcludedPupilsWeek
    menu_label = "Excluded pupils by week"
    menu_icon = "group"
    list_display = ["week_starting", "pupils"]
    ordering = ["-week_starting"]
    history_view_class = HistoryWithReasonsView
    index_template_name = "placements/admin/excluded_pupils_index.html"


VIEW_CAPACITY = "placements.view_placementcapacity"


def capacity_by_week_view(request):
    """Capacity for the coming two terms against the pupils sharing it, as a table and a chart."""
    if not request.user.has_perm(VIEW_CAPACITY):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "placements/admin/capacity_by_week.html",
        {"weeks": selectors.capacity_by_week(today=timezone.localdate())},
    )


class CapacityMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_CAPACITY)


@hooks.register("register_admin_menu_item")
def capacity_by_week_menu_item():
    return CapacityMenuItem(
        "Capacity by week",
        reverse("placements_admin_capacity_by_week"),
        icon_name="table",
        order=310,
    )


class MappPanelGroup(ModelAdminGroup):
    menu_label = "MAPP panel"
    menu_icon = "group"
    menu_order = 300
    items = [
        PlacementRequestAdmin,
        MappMeetingAdmin,
        AgreedActionAdmin,
        PanelMemberAdmin,
        PlacementCapacityAdmin,
        ExcludedPupilsWeekAdmin,
        RequestAccessAdmin,
    ]


modeladmin_register(MappPanelGroup)


@hooks.register("register_log_actions")
def placements_log_actions(actions):
    register_changes(
        actions,
        {
            **request_services.CHANGE_LABELS,
            services.ACTION_DONE: "Agreed action done",
            services.AGENDA_SENT: "Agenda sent",
        },
    )
