"""The "Surgeries and advice" admin menu: behaviour surgery sessions (create, change, cancel, the
register with attendance and notes, CSV export), the advice line's call-back queue (record the call
and close it) and training requests (agree, decline, record attendance), plus each school's use of the
offer in a financial year.

Every change goes through `bookings.services`, which checks the state, records who did it and why on the
record's History page, and emails the people concerned.
"""

import csv

from django.contrib import messages
from django.contrib.admin import display
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import CreateView, EditView

from bookings import selectors
from bookings.forms import (
    AgreeTrainingForm,
    AttendanceForm,
    CancelSessionForm,
    CloseCallbackForm,
    DeclineTrainingForm,
    TrainingAttendanceForm,
)
from bookings.models import (
    CallbackRequest,
    CallbackStatus,
    SurgeryBooking,
    SurgerySession,
    TrainingRequest,
    TrainingStatus,
)
from bookings.services import advice, surgeries, training
from common.admin import (
    FinancialYearFilter,
    HistoryWithReasonsView,
    ReadOnlyPermissionHelper,
    RecordActionsMixin,
    RecordActionView,
    ServiceSavesMixin,
    UpcomingOrPastFilter,
    action_button,
)
from common.audit import register_changes
from common.errors import DomainError
from common.financial_years import FinancialYear
from common.forms import add_domain_error
from common.money import format_pence
from portal.orders.templatetags.orders_tags import quarter_hours
from portal.schools.models import School

CHANGE_SESSION = "bookings.change_surgerysession"
CHANGE_CALLBACK = "bookings.change_callbackrequest"
CHANGE_TRAINING = "bookings.change_trainingrequest"


def person(user):
    return f"{user} <{user.email}>" if user else "(account removed)"


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


class ActionView(RecordActionView):
    """One transition of one record, allowed by a model permission (`permission` names it); each view
    says which facts it shows above the form."""

    def check_action_permitted(self, user):
        return user.has_perm(self.permission)


# --- Sessions ---------------------------------------------------------------------------------------------


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

    def user_can_cancel(self, user, obj):
        return user.has_perm(CHANGE_SESSION) and not obj.is_cancelled


class SessionButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        buttons.append(
            {
                "url": reverse("bookings_admin_register", args=[obj.pk]),
                "label": "Register",
                "classname": self.finalise_classname(["button-small", "button-secondary"]),
                "title": f"Register: {obj}",
            }
        )
        if self.permission_helper.user_can_cancel(self.request.user, obj):
            buttons.append(action_button(self, obj, "cancel", "Cancel session", danger=True))
        return buttons


class CancelSessionView(ActionView):
    form_class = CancelSessionForm
    submit_label = "Cancel the session and tell everyone booked"
    danger = True
    permission = CHANGE_SESSION

    def get_page_title(self):
        return f"Cancel {self.instance}"

    def facts(self):
        session = selectors.with_places_taken(SurgerySession.objects.filter(pk=self.instance.pk)).get()
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
        return "Cancelled" if session.is_cancelled else ("Full" if session.is_full else "Open")


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
    _require(request, CHANGE_SESSION)
    session = get_object_or_404(SurgerySession, pk=pk)
    return render(
        request,
        "bookings/admin/register.html",
        {"session": session, "bookings": selectors.register_of(session=session), "attended": ATTENDED},
    )


def session_register_csv(request, pk):
    _require(request, CHANGE_SESSION)
    session = get_object_or_404(SurgerySession, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="surgery-register-{session.date:%Y-%m-%d}.csv"'
    writer = csv.writer(response)
    writer.writerow(REGISTER_COLUMNS)
    writer.writerows(register_rows(session))
    return response


def booking_attendance(request, pk):
    _require(request, CHANGE_SESSION)
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


# --- The advice line --------------------------------------------------------------------------------------


class CallbackPermissionHelper(ReadOnlyPermissionHelper):
    def user_can_close(self, user, obj):
        return user.has_perm(CHANGE_CALLBACK) and obj.status == CallbackStatus.WAITING


class CallbackButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if self.permission_helper.user_can_close(self.request.user, obj):
            buttons.append(action_button(self, obj, "close", "Record the call and close"))
        return buttons


class CloseCallbackView(ActionView):
    form_class = CloseCallbackForm
    submit_label = "Record the call and close the request"
    permission = CHANGE_CALLBACK

    def get_page_title(self):
        return f"Call back {self.instance.reference}"

    def facts(self):
        callback = self.instance
        return [
            ("School", callback.school.name),
            ("Asked by", person(callback.requested_by)),
            ("Topic", callback.topic),
            ("Pupil", callback.pupil_label or "Not about one pupil"),
            ("Phone", callback.phone),
            ("Times that suit", callback.times_that_suit),
        ]

    def act(self, data):
        advice.callback_close(callback=self.instance, user=self.request.user, **data)
        return (
            f"{self.instance.reference} is closed. {self.instance.school.name} sees the advice in the portal."
        )


class CallbackYearFilter(FinancialYearFilter):
    def lookups(self, request, model_admin):
        this_year = FinancialYear.current()
        return [
            (year.start_year, year.label) for year in (this_year, FinancialYear(this_year.start_year - 1))
        ]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            year = FinancialYear(int(self.value()))
            return queryset.filter(created_at__date__gte=year.first_day, created_at__date__lte=year.last_day)
        return queryset


class CallbackRequestAdmin(RecordActionsMixin, ModelAdmin):
    model = CallbackRequest
    record_actions = {
        "close": CloseCallbackView,
    }
    menu_label = "Advice line"
    menu_icon = "mail"
    list_display = ["reference", "school", "topic", "created_at", "times_that_suit", "status"]
    list_filter = ["status", CallbackYearFilter, "school"]
    search_fields = ["topic", "school__name"]
    ordering = ["status", "created_at"]  # the waiting queue first, oldest first
    inspect_view_enabled = True
    history_view_class = HistoryWithReasonsView
    permission_helper_class = CallbackPermissionHelper
    button_helper_class = CallbackButtonHelper


# --- Training requests ------------------------------------------------------------------------------------


class TrainingPermissionHelper(ReadOnlyPermissionHelper):
    def user_can_decide(self, user, obj):
        return user.has_perm(CHANGE_TRAINING) and obj.status == TrainingStatus.REQUESTED

    def user_can_record_attendance(self, user, obj):
        return (
            user.has_perm(CHANGE_TRAINING)
            and obj.status == TrainingStatus.AGREED
            and obj.agreed_date <= timezone.localdate()
        )


class TrainingButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        user = self.request.user
        if self.permission_helper.user_can_decide(user, obj):
            buttons.append(action_button(self, obj, "agree", "Agree"))
            buttons.append(action_button(self, obj, "decline", "Decline", danger=True))
        if self.permission_helper.user_can_record_attendance(user, obj):
            buttons.append(action_button(self, obj, "attendance", "Record attendance"))
        return buttons


class TrainingActionView(ActionView):
    permission = CHANGE_TRAINING

    def get_page_title(self):
        return f"{self.submit_label}: {self.instance.reference}"

    def facts(self):
        request = self.instance
        return [
            ("School", request.school.name),
            ("Asked by", person(request.requested_by)),
            ("Format", str(request.training_format)),
            ("Topics", ", ".join(str(topic) for topic in request.topics.all())),
            ("Mode", request.get_mode_display()),
            ("Expected staff", request.staff_count),
            ("Preferred dates", ", ".join(f"{day:%-d %B %Y}" for day in request.preferred_dates)),
            ("Price when requested", format_pence(request.quoted_pence)),
            ("Notes", request.notes or "None"),
        ]


class AgreeTrainingView(TrainingActionView):
    form_class = AgreeTrainingForm
    submit_label = "Agree the training"

    def act(self, data):
        agreed = training.training_agree(request=self.instance, user=self.request.user, **data)
        price = format_pence(agreed.agreed_price_pence)
        return f"{agreed.reference} is agreed at {price}. The school has been emailed."


class DeclineTrainingView(TrainingActionView):
    form_class = DeclineTrainingForm
    submit_label = "Decline the request"
    danger = True

    def act(self, data):
        request = training.training_decline(
            request=self.instance, user=self.request.user, reason=data["reason"]
        )
        return f"{request.reference} is declined. The school has been emailed."


class TrainingAttendanceView(TrainingActionView):
    form_class = TrainingAttendanceForm
    submit_label = "Record attendance"

    def act(self, data):
        request = training.training_record_attendance(request=self.instance, user=self.request.user, **data)
        return f"{request.reference} is delivered: {request.attended_count} attended."


class TrainingRequestAdmin(RecordActionsMixin, ModelAdmin):
    model = TrainingRequest
    record_actions = {
        "agree": AgreeTrainingView,
        "decline": DeclineTrainingView,
        "attendance": TrainingAttendanceView,
    }
    menu_label = "Training requests"
    menu_icon = "doc-full"
    list_display = ["reference", "school", "training_format", "staff_count", "status", "agreed_date", "price"]
    list_filter = ["status", "mode", "school"]
    search_fields = ["school__name", "trainer"]
    ordering = ["status", "-created_at"]
    inspect_view_enabled = True
    history_view_class = HistoryWithReasonsView
    permission_helper_class = TrainingPermissionHelper
    button_helper_class = TrainingButtonHelper
    list_select_related = ["school", "training_format"]

    @display(description="price")
    def price(self, request):
        if request.agreed_price_pence is not None:
            return format_pence(request.agreed_price_pence)
        return f"{format_pence(request.quoted_pence)} (estimate)"


class BookingsGroup(ModelAdminGroup):
    menu_label = "Surgeries and advice"
    menu_icon = "group"
    items = (SurgerySessionAdmin, CallbackRequestAdmin, TrainingRequestAdmin)


modeladmin_register(BookingsGroup)


# --- What each school used --------------------------------------------------------------------------------


def school_usage(request):
    """Per school and financial year: surgeries attended, calls, hours drawn down (for renewals)."""
    _require(request, CHANGE_SESSION)
    this_year = FinancialYear.current()
    years = [FinancialYear(this_year.start_year - back) for back in range(3)]
    year = next((each for each in years if str(each.start_year) == request.GET.get("year")), this_year)
    school_id = request.GET.get("school", "")
    school = School.objects.filter(pk=school_id).first() if school_id.isdigit() else None
    usage = selectors.usage_of(school=school, year=year) if school else None
    return render(
        request,
        "bookings/admin/usage.html",
        {
            "schools": School.objects.order_by("name"),
            "school": school,
            "years": years,
            "year": year,
            "usage": usage,
            "hours_used": quarter_hours(usage["quarter_hours_used"]) if usage else "",
            "hours_bought": quarter_hours(usage["quarter_hours_bought"]) if usage else "",
        },
    )


@hooks.register("register_admin_urls")
def bookings_admin_urls():
    return [
        path("bookings/sessions/<int:pk>/register/", session_register, name="bookings_admin_register"),
        path(
            "bookings/sessions/<int:pk>/register.csv",
            session_register_csv,
            name="bookings_admin_register_csv",
        ),
        path("bookings/bookings/<int:pk>/attendance/", booking_attendance, name="bookings_admin_attendance"),
        path("bookings/usage/", school_usage, name="bookings_admin_usage"),
    ]


class UsageMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(CHANGE_SESSION)


@hooks.register("register_admin_menu_item")
def usage_menu_item():
    return UsageMenuItem(
        "School use of the offer", reverse("bookings_admin_usage"), icon_name="table", order=610
    )


@hooks.register("register_log_actions")
def bookings_log_actions(actions):
    register_changes(
        actions,
        {
            surgeries.BOOKED: "Place booked",
            surgeries.WAITING_LIST_JOINED: "Joined the waiting list",
            surgeries.PROMOTED: "Given a freed place",
            surgeries.BOOKING_CANCELLED: "Booking cancelled",
            surgeries.SESSION_CANCELLED: "Session cancelled",
            surgeries.SESSION_CHANGED: "Session changed",
            surgeries.ATTENDANCE_RECORDED: "Attendance recorded",
            advice.CALLBACK_REQUESTED: "Call back requested",
            advice.CALLBACK_CLOSED: "Call recorded and closed",
            training.TRAINING_REQUESTED: "Training requested",
            training.TRAINING_AGREED: "Training agreed",
            training.TRAINING_DECLINED: "Training declined",
            training.TRAINING_DELIVERED: "Training delivered",
            training.TRAINING_ORDERED: "Training ordered",
        },
    )
