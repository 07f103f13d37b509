"""Registrations only: the "Surgeries and advice" admin menu (behaviour surgeries, the advice line,
training requests), the register, attendance and school-usage pages, and the labels of the app's history.
The screens themselves are in `bookings.admin`."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from bookings.admin import sessions, usage
from bookings.admin.advice import CallbackRequestAdmin
from bookings.admin.training import TrainingRequestAdmin
from bookings.models import CallbackRequest, SurgeryBooking, SurgerySession, TrainingRequest
from bookings.services import advice, surgeries, training
from common.audit import register_changes
from common.workflows import history_labels


class BookingsGroup(ModelAdminGroup):
    menu_label = "Surgeries and advice"
    menu_icon = "group"
    items = (sessions.SurgerySessionAdmin, CallbackRequestAdmin, TrainingRequestAdmin)


modeladmin_register(BookingsGroup)


@hooks.register("register_admin_urls")
def bookings_admin_urls():
    return [
        path(
            "bookings/sessions/<id:pk>/register/", sessions.session_register, name="bookings_admin_register"
        ),
        path(
            "bookings/sessions/<id:pk>/register.csv",
            sessions.session_register_csv,
            name="bookings_admin_register_csv",
        ),
        path(
            "bookings/bookings/<id:pk>/attendance/",
            sessions.booking_attendance,
            name="bookings_admin_attendance",
        ),
        path("bookings/usage/", usage.school_usage, name="bookings_admin_usage"),
    ]


@hooks.register("register_admin_menu_item")
def usage_menu_item():
    return usage.UsageMenuItem(
        "School use of the offer", reverse("bookings_admin_usage"), icon_name="table", order=610
    )


@hooks.register("register_log_actions")
def bookings_log_actions(actions):
    register_changes(
        actions,
        {
            **history_labels(SurgerySession),
            **history_labels(SurgeryBooking),
            **history_labels(CallbackRequest),
            **history_labels(TrainingRequest),
            surgeries.BOOKED: "Place booked",
            surgeries.WAITING_LIST_JOINED: "Joined the waiting list",
            surgeries.SESSION_CHANGED: "Session changed",
            surgeries.ATTENDANCE_RECORDED: "Attendance recorded",
            advice.CALLBACK_REQUESTED: "Call back requested",
            training.TRAINING_REQUESTED: "Training requested",
            training.TRAINING_ORDERED: "Training ordered",
        },
    )
