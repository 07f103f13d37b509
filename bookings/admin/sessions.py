"""Behaviour surgery sessions in the admin: create and change them (through `session_save`, which tells
everyone booked), cancel one (the declared transition), the register with attendance and notes, and the
register as CSV."""

import csv

from django.contrib import messages
from django.contrib.admin import display
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import CreateView, EditView

from bookings import selectors
from bookings.forms import AttendanceForm, CancelSessionForm
from bookings.models import SurgeryBooking, SurgerySession
from bookings.services import surgeries
from common.admin import (
    HistoryWithReasonsView,
    RecordActionButtonHelper,
    RecordActionsMixin,
    ServiceSavesMixin,
    TransitionView,
    UpcomingOrPastFilter,
    link_button,
    require_permission,
)
from common.errors import DomainError
from common.forms import add_domain_error

CHANGE_SESSION = "bookings.change_surgerysession"


class SessionForm(WagtailAdminModelForm):
    def save(self, commit=True):
        return surgeries.session_save(session=self.instance, user=self.for_user)


class SessionTimingFilter(UpcomingOrPastFilter):
    def upcoming(self, queryset, today):
        return queryset.filter(date__gte=today)

    def past(self, queryset, today):
        return queryset.filter(date__lt=today)


class SessionPermissionHelper(PermissionHelper):
    def user_can_delete_obj(self, user, obj):
        # A session with bookings is cancelled (everyone is told), never deleted.
        return super().user_can_delete_obj(user, obj) and not obj.bookings.exists()


class SessionButtonHelper(RecordActionButtonHelper):
    """A session's buttons, with a link to its register."""

    def links(self, obj):
        return [
            link_button(
                self,
                url=reverse("bookings_admin_register", args=[obj.pk]),
                label="Register",
                title=f"Register: {obj}",
            )
        ]


class CancelSessionView(TransitionView):
    transition = "cancel"
    form_class = CancelSessionForm
    submit_label = "Cancel the session and tell everyone booked"
    page_title = "Cancel {record}"

    def facts(self):
        session = selectors.session_with_places_taken(session=self.instance)
        return [
            ("Session", str(session)),
            ("Booked", session.places_taken),
            ("Waiting", session.waiting_count),
        ]

    def act(self, data):
        surgeries.session_cancel(session=self.instance, user=self.request.user, reason=data["reason"])
        return f"{self.instance} is cancelled. Everyone booked or waiting has been emailed."


class SessionCreateView(ServiceSavesMixin, CreateView):
    pass


class SessionEditView(ServiceSavesMixin, EditView):
    pass


class SurgerySessionAdmin(RecordActionsMixin, ModelAdmin):
    model = SurgerySession
    record_actions = {
        "cancel": CancelSessionView,
    }
    menu_label = "Behaviour surgeries"
    menu_icon = "date"
    list_display = ["date", "starts_at", "mode", "theme", "places", "booked", "waiting", "state"]
    list_filter = [SessionTimingFilter, "mode"]
    search_fields = ["theme", "room"]
    ordering = ["-date", "-starts_at"]
    history_view_class = HistoryWithReasonsView
    create_view_class = SessionCreateView
    edit_view_class = SessionEditView
    permission_helper_class = SessionPermissionHelper
    button_helper_class = SessionButtonHelper
    edit_handler = ObjectList(
        [
            FieldRowPanel(
                [FieldPanel("date"), FieldPanel("starts_at"), FieldPanel("ends_at")], heading="When"
            ),
            MultiFieldPanel(
                [FieldPanel("mode"), FieldPanel("room"), FieldPanel("address"), FieldPanel("meeting_link")],
                heading="Where",
            ),
            FieldRowPanel([FieldPanel("places"), FieldPanel("booking_closes_on")], heading="Booking"),
            FieldPanel("theme"),
        ],
        base_form_class=SessionForm,
    )

    def get_queryset(self, request):
        return selectors.with_places_taken(super().get_queryset(request))

    @display(description="booked", ordering="places_taken")
    def booked(self, session):
        return session.places_taken

    @display(description="waiting")
    def waiting(self, session):
        return session.waiting_count

    @display(description="status")
    def state(self, session):
        if session.is_full and not session.is_cancelled:
            return "Full"
        return session.get_status_display()


# --- The register -----------------------------------------------------------------------------------------

REGISTER_COLUMNS = [
    "Name",
    "Email",
    "School",
    "Status",
    "Booked by",
    "Question",
    "Attended",
    "Notes for the school",
]
ATTENDED = {None: "", True: "Yes", False: "No"}


def register_rows(session):
    for booking in selectors.register_of(session=session):
        yield [
            str(booking.attendee),
            booking.attendee.email,
            booking.school.name,
            booking.get_status_display(),
            str(booking.booked_by or ""),
            booking.question,
            ATTENDED[booking.attended],
            booking.notes_for_school,
        ]


def session_register(request, pk):
    """Names, schools and questions of everyone booked, then the waiting list; attendance to mark."""
    require_permission(request, CHANGE_SESSION)
    session = get_object_or_404(SurgerySession, pk=pk)
    return render(
        request,
        "bookings/admin/register.html",
        {"session": session, "bookings": selectors.register_of(session=session), "attended": ATTENDED},
    )


def session_register_csv(request, pk):
    require_permission(request, CHANGE_SESSION)
    session = get_object_or_404(SurgerySession, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="surgery-register-{session.date:%Y-%m-%d}.csv"'
    writer = csv.writer(response)
    writer.writerow(REGISTER_COLUMNS)
    writer.writerows(register_rows(session))
    return response


def booking_attendance(request, pk):
    """Whether a booked person came, and the notes of the advice given (not a change of the booking's
    state: it stays booked)."""
    require_permission(request, CHANGE_SESSION)
    booking = get_object_or_404(SurgeryBooking.objects.select_related("session", "attendee", "school"), pk=pk)
    initial = {
        "attended": {True: "yes", False: "no"}.get(booking.attended),
        "notes_for_school": booking.notes_for_school,
        "staff_notes": booking.staff_notes,
    }
    form = AttendanceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            surgeries.booking_record_attendance(booking=booking, user=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Attendance recorded for {booking.attendee}.")
            return redirect("bookings_admin_register", booking.session_id)
    return render(
        request,
        "bookings/admin/attendance.html",
        {"booking": booking, "form": form},
        status=400 if form.errors else 200,
    )
