"""The "Placement panel" admin menu: panel meetings and dated placement capacity (wagtail-modeladmin)."""

from django.contrib.admin import SimpleListFilter, display
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from portal.models import PanelMeeting, PlacementCapacity
from portal.panel import rules, selectors


class PanelMeetingForm(WagtailAdminModelForm):
    class Meta:
        error_messages = {
            "meeting_date": {
                "unique": "There is already a panel meeting on this date. Edit that one instead."
            }
        }


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


class PanelMeetingAdmin(ModelAdmin):
    model = PanelMeeting
    menu_label = "Panel meetings"
    menu_icon = "date"
    list_display = ["meeting_date", "submission_deadline", "starts_at", "location", "upcoming"]
    list_filter = [MeetingTimingFilter]
    search_fields = ["location", "notes"]
    # Newest first: the dates being planned are at the top, last year's are further down.
    ordering = ["-meeting_date"]
    list_per_page = 25
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("meeting_date"), FieldPanel("starts_at")], heading="When"),
            FieldPanel("submission_deadline"),
            FieldPanel("location"),
            FieldPanel("notes"),
        ],
        base_form_class=PanelMeetingForm,
    )

    @display(boolean=True, description="upcoming")
    def upcoming(self, meeting):
        return rules.is_upcoming(meeting_date=meeting.meeting_date, today=timezone.localdate())


class PlacementCapacityAdmin(ModelAdmin):
    model = PlacementCapacity
    menu_label = "Placement capacity"
    menu_icon = "group"
    list_display = ["starts_on", "places", "in_force"]
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


class PlacementPanelGroup(ModelAdminGroup):
    menu_label = "Placement panel"
    menu_icon = "group"
    menu_order = 300
    items = [PanelMeetingAdmin, PlacementCapacityAdmin]


modeladmin_register(PlacementPanelGroup)
