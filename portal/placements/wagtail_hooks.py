"""The "MAPP panel" admin menu: panel meetings and dated placement capacity (wagtail-modeladmin).

Saving goes through `portal.placements.services.mapp`, so the admin applies the same rules as any other
caller; each record's History page shows who created and changed it.
"""

from django.contrib.admin import SimpleListFilter, display
from django.db import transaction
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import CreateView, EditView

from common.audit import HistoryWithReasonsView, register_changes
from common.errors import DomainError
from common.forms import add_domain_error
from portal.placements import selectors
from portal.placements.models import MappMeeting, PlacementCapacity
from portal.placements.services import mapp as services
from portal.placements.services.requests import CHANGE_LABELS


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


class MappMeetingCreateView(ServiceSavesMixin, CreateView):
    pass


class MappMeetingEditView(ServiceSavesMixin, EditView):
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
    create_view_class = MappMeetingCreateView
    edit_view_class = MappMeetingEditView
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


class MappPanelGroup(ModelAdminGroup):
    menu_label = "MAPP panel"
    menu_icon = "group"
    menu_order = 300
    items = [MappMeetingAdmin, PlacementCapacityAdmin]


modeladmin_register(MappPanelGroup)


@hooks.register("register_log_actions")
def placements_log_actions(actions):
    register_changes(actions, CHANGE_LABELS)
