"""The "MAPP panel" admin menu (wagtail-modeladmin): panel meetings, their records (who was invited and
came, chair, minute-taker, minutes, actions), the panel's members and open actions, dated placement
capacity, the weekly count of permanently excluded pupils, and places week by week.

Saving goes through `portal.placements.services`, so the admin applies the same rules as any other
caller; each record's History page shows who created and changed it.
"""

from django.contrib.admin import SimpleListFilter, display
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import CreateView, EditView

from common.admin import NoCreatePermissionHelper
from common.audit import HistoryWithReasonsView
from common.errors import DomainError
from common.forms import add_domain_error
from portal.placements import selectors, services
from portal.placements.models import (
    ExcludedPupilsCount,
    MappMeeting,
    MeetingAction,
    MeetingRecord,
    PanelMember,
    PlacementCapacity,
    SeatStatus,
)


class MappMeetingForm(WagtailAdminModelForm):
    class Meta:
        error_messages = {
            "meeting_date": {
                "unique": "There is already a panel meeting on this date. Edit that one instead."
            }
        }

    def clean(self):
        cleaned_data = super().clean()
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
        return services.mapp_meeting_save(meeting=self.instance)


class ServiceSavesMixin:
    """The form's save() calls a service: a rule it refuses shows on the form instead of a 500."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except DomainError as error:
            add_domain_error(form, error)
            return self.form_invalid(form)


class ServiceSavesCreateView(ServiceSavesMixin, CreateView):
    pass


class ServiceSavesEditView(ServiceSavesMixin, EditView):
    pass


class PlacementCapacityForm(WagtailAdminModelForm):
    class Meta:
        error_messages = {
            "starts_on": {"unique": "A capacity already starts on this date. Edit that one instead."}
        }


class MeetingTimingFilter(SimpleListFilter):
    title = "meeting date"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", "Upcoming"), ("past", "Past")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "upcoming":
            return selectors.upcoming_meetings(today=today, meetings=queryset)
        if self.value() == "past":
            return selectors.past_meetings(today=today, meetings=queryset)
        return queryset


class MappMeetingAdmin(ModelAdmin):
    model = MappMeeting
    menu_label = "Panel meetings"
    menu_icon = "date"
    list_display = ["meeting_date", "submission_deadline", "starts_at", "location", "upcoming"]
    list_filter = [MeetingTimingFilter]
    search_fields = ["location", "notes"]
    # Newest first: the dates being planned are at the top, last year's are further down.
    ordering = ["-meeting_date"]
    list_per_page = 25
    history_view_class = HistoryWithReasonsView
    create_view_class = ServiceSavesCreateView
    edit_view_class = ServiceSavesEditView
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("meeting_date"), FieldPanel("starts_at")], heading="When"),
            FieldPanel("submission_deadline"),
            FieldPanel("location"),
            FieldPanel("notes"),
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


class PanelMemberForm(WagtailAdminModelForm):
    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("role"):
            try:
                services.panel_member_check(role=cleaned_data["role"], district=cleaned_data.get("district"))
            except DomainError as error:
                add_domain_error(self, error)
        return cleaned_data


class PanelMemberAdmin(ModelAdmin):
    model = PanelMember
    menu_label = "Panel members"
    menu_icon = "user"
    list_display = ["name", "role", "speaks_for", "email", "cleared_for_safeguarding", "is_active"]
    list_filter = ["role", "is_active", "cleared_for_safeguarding"]
    search_fields = ["name", "agency", "email"]
    history_view_class = HistoryWithReasonsView
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
            FieldRowPanel([FieldPanel("district"), FieldPanel("agency")]),
            FieldPanel("email"),
            FieldPanel("cleared_for_safeguarding"),
            FieldPanel("is_active"),
        ],
        base_form_class=PanelMemberForm,
    )

    @display(description="district or agency")
    def speaks_for(self, member):
        return member.district or member.agency

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("district")


class MeetingRecordForm(WagtailAdminModelForm):
    """The chair and minute-taker come from those invited; an action is not done before its meeting."""

    def clean(self):
        cleaned_data = super().clean()
        seats = [form.cleaned_data for form in self.formsets["seats"].forms if self._kept(form)]
        try:
            services.meeting_roles_check(
                chair=cleaned_data.get("chair"),
                minute_taker=cleaned_data.get("minute_taker"),
                invited=[seat["member"] for seat in seats if seat.get("member")],
            )
        except DomainError as error:
            add_domain_error(self, error)
        meeting = cleaned_data.get("meeting")
        for form in self.formsets["actions"].forms:
            if meeting is None or not self._kept(form):
                continue
            try:
                services.meeting_action_check(
                    meeting_date=meeting.meeting_date, done_on=form.cleaned_data.get("done_on")
                )
            except DomainError as error:
                add_domain_error(form, error)
        return cleaned_data

    @staticmethod
    def _kept(form):
        return form.is_valid() and form.has_changed() and not form.cleaned_data.get("DELETE")


class MeetingRecordAdmin(ModelAdmin):
    model = MeetingRecord
    menu_label = "Meeting records"
    menu_icon = "doc-full"
    list_display = ["meeting", "chair", "minute_taker", "attended", "actions_open"]
    search_fields = ["minutes"]
    history_view_class = HistoryWithReasonsView
    edit_handler = ObjectList(
        [
            FieldPanel("meeting"),
            InlinePanel("seats", heading="Who is invited, and who came", label="Member"),
            FieldRowPanel([FieldPanel("chair"), FieldPanel("minute_taker")]),
            FieldPanel("minutes"),
            InlinePanel(
                "actions",
                heading="Actions agreed",
                label="Action",
                help_text="Each action stays open, on the list of open actions, until its done date is set.",
            ),
        ],
        base_form_class=MeetingRecordForm,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting", "chair", "minute_taker")

    @display(description="attended")
    def attended(self, record):
        return sum(seat.status == SeatStatus.ATTENDED for seat in record.seats.all())

    @display(description="open actions")
    def actions_open(self, record):
        return selectors.open_actions(actions=record.actions.all()).count()


class ActionStateFilter(SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", "Open"), ("overdue", "Open and overdue"), ("done", "Done")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return selectors.open_actions(actions=queryset)
        if self.value() == "overdue":
            return selectors.overdue_actions(today=timezone.localdate(), actions=queryset)
        if self.value() == "done":
            return queryset.filter(done_on__isnull=False)
        return queryset


class MeetingActionForm(WagtailAdminModelForm):
    def clean(self):
        cleaned_data = super().clean()
        try:
            services.meeting_action_check(
                meeting_date=self.instance.record.meeting.meeting_date, done_on=cleaned_data.get("done_on")
            )
        except DomainError as error:
            add_domain_error(self, error)
        return cleaned_data


class MeetingActionAdmin(ModelAdmin):
    """Every action the panel agreed, open ones first; staff mark one done here or on its meeting's
    record. Actions are added on the meeting's record."""

    model = MeetingAction
    menu_label = "Panel actions"
    menu_icon = "tasks"
    list_display = ["action", "owner", "due_on", "done_on", "meeting"]
    list_filter = [ActionStateFilter, "owner"]
    search_fields = ["action"]
    ordering = ["done_on", "due_on"]
    history_view_class = HistoryWithReasonsView
    edit_handler = ObjectList(
        [
            FieldPanel("action"),
            FieldRowPanel([FieldPanel("owner"), FieldPanel("due_on")]),
            FieldPanel("done_on"),
        ],
        base_form_class=MeetingActionForm,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner", "record__meeting")

    def get_permission_helper_class(self):
        return NoCreatePermissionHelper

    @display(description="meeting", ordering="record__meeting__meeting_date")
    def meeting(self, action):
        return action.record.meeting


class ExcludedPupilsCountForm(WagtailAdminModelForm):
    def save(self, commit=True):
        return services.excluded_pupils_count_save(count=self.instance)


class ExcludedPupilsCountAdmin(ModelAdmin):
    model = ExcludedPupilsCount
    menu_label = "Excluded pupils by week"
    menu_icon = "group"
    list_display = ["week_starting", "pupils", "note"]
    history_view_class = HistoryWithReasonsView
    create_view_class = ServiceSavesCreateView
    edit_view_class = ServiceSavesEditView
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("week_starting"), FieldPanel("pupils"), FieldPanel("note")],
                heading="Permanently excluded pupils in a week",
                help_text=(
                    "Any day of the week will do: the count is kept against its Monday, and holds for the "
                    "weeks after it until a later count is recorded. They share the unit's capacity."
                ),
            )
        ],
        base_form_class=ExcludedPupilsCountForm,
    )


PLACES_BY_WEEK_PERMISSION = "placements.view_placementcapacity"


def places_by_week_view(request):
    """Places week by week for the coming two terms: the panel sees whether, and when, an offer can start."""
    if not request.user.has_perm(PLACES_BY_WEEK_PERMISSION):
        raise PermissionDenied
    first_week = services.week_starting(timezone.localdate())
    weeks = selectors.places_by_week(first_week=first_week)
    most = max([week.places or 0 for week in weeks] + [week.pupils for week in weeks] + [1])
    return render(
        request,
        "placements/admin/places_by_week.html",
        {
            "weeks": weeks,
            "scale": most,
            "counts_url": reverse("placements_excludedpupilscount_modeladmin_index"),
        },
    )


@hooks.register("register_admin_urls")
def places_by_week_urls():
    return [path("placements/places-by-week/", places_by_week_view, name="placements_places_by_week")]


class PlacesByWeekMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PLACES_BY_WEEK_PERMISSION)


class MappPanelGroup(ModelAdminGroup):
    menu_label = "MAPP panel"
    menu_icon = "group"
    menu_order = 300
    items = [
        MappMeetingAdmin,
        MeetingRecordAdmin,
        MeetingActionAdmin,
        PanelMemberAdmin,
        PlacementCapacityAdmin,
        ExcludedPupilsCountAdmin,
    ]

    def get_submenu_items(self):
        places = PlacesByWeekMenuItem(
            "Places by week", reverse("placements_places_by_week"), icon_name="table", order=9999
        )
        return [*super().get_submenu_items(), places]


modeladmin_register(MappPanelGroup)
