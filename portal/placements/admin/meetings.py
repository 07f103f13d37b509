"""Panel meetings and panel members in the admin: a meeting is saved through its service (its roles and
its last submission date are checked there), its agenda is emailed to the members invited, and its
panel pack is downloaded as one PDF."""

from django import forms
from django.contrib.admin import display
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList, TabbedInterface
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import CreateView, EditView

from common.admin import (
    DATE_HINT,
    TIME_HINT,
    HistoryWithReasonsView,
    RecordActionButtonHelper,
    RecordActionsMixin,
    RecordActionView,
    ServiceSavesMixin,
    UpcomingOrPastFilter,
    link_button,
    require_permission,
)
from common.errors import DomainError
from common.forms import add_domain_error
from portal.placements import selectors
from portal.placements.models import MappMeeting, PanelMember
from portal.placements.panel_pack import panel_pack_response
from portal.placements.services import mapp as services

VIEW_REQUEST = "placements.view_placementrequest"
DEADLINE_FIELD = MappMeeting._meta.get_field("submission_deadline")


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


class MeetingTimingFilter(UpcomingOrPastFilter):
    title = "meeting date"

    def upcoming(self, queryset, today):
        return selectors.upcoming_meetings(today=today, meetings=queryset)

    def past(self, queryset, today):
        return selectors.past_meetings(today=today, meetings=queryset)


class SendAgendaView(RecordActionView):
    """Email the agenda to every member invited (again, after a change)."""

    form_class = forms.Form
    permission = "placements.change_mappmeeting"
    page_title = "Send the agenda of the {record}"

    @classmethod
    def button_label(cls, meeting):
        return "Send the agenda again" if meeting.agenda_sent_at else "Send the agenda"

    def facts(self):
        meeting = self.instance
        return [
            ("Meeting", meeting),
            ("Members invited", meeting.invited.filter(is_active=True).count()),
            ("Requests on the agenda", selectors.agenda_of(meeting=meeting).count()),
        ]

    def act(self, data):
        sent_to = services.meeting_agenda_send(
            meeting=self.instance, user=self.request.user, today=timezone.localdate()
        )
        return f"The agenda of the {self.instance} has been emailed to {sent_to} members."


class MappMeetingButtonHelper(RecordActionButtonHelper):
    """A meeting's buttons, and its panel pack for staff who may view requests."""

    def links(self, obj):
        if not self.request.user.has_perm(VIEW_REQUEST):
            return []
        return [
            link_button(
                self,
                url=reverse("placements_admin_panel_pack", args=[obj.pk]),
                label="Panel pack (PDF)",
                title=f"Panel pack for the {obj}",
            )
        ]


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
    # What schools see on the public page, apart from the panel's own business.
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("meeting_date", help_text=DATE_HINT),
                            FieldPanel("starts_at", help_text=TIME_HINT),
                        ],
                        heading="When",
                    ),
                    FieldPanel(
                        "submission_deadline",
                        help_text=f"{DEADLINE_FIELD.help_text} {DATE_HINT}",
                    ),
                    FieldPanel("location"),
                    FieldPanel("notes"),
                ],
                heading="Dates schools see",
            ),
            ObjectList(
                [
                    FieldPanel("invited", widget=forms.CheckboxSelectMultiple),
                    FieldRowPanel([FieldPanel("chair"), FieldPanel("minute_taker")]),
                    FieldPanel("attended", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("minutes"),
                ],
                heading="The panel",
            ),
        ],
        base_form_class=MappMeetingForm,
    )

    @display(boolean=True, description="upcoming")
    def upcoming(self, meeting):
        return selectors.is_upcoming(meeting_date=meeting.meeting_date, today=timezone.localdate())


def staff_panel_pack(request, pk):
    """A meeting's panel pack for staff who may view requests (safeguarding only if they are cleared)."""
    require_permission(request, VIEW_REQUEST)
    return panel_pack_response(meeting=get_object_or_404(MappMeeting, pk=pk), user=request.user)


class PanelMemberAdmin(ModelAdmin):
    model = PanelMember
    menu_label = "Panel members"
    menu_icon = "user"
    list_display = ["name", "role", "district", "agency", "email", "is_active"]
    list_filter = ["is_active", "district"]
    search_fields = ["name", "role", "agency", "email"]
    history_view_class = HistoryWithReasonsView
