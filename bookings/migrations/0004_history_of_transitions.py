"""The history of bookings, sessions, training requests and call-backs recorded before their transitions
were declared keeps its labels and reasons: each entry's action becomes the declared transition's
(`common.workflows.action_of`)."""

from django.db import migrations

from common.audit import renamed_actions

RENAMED = {
    "bookings.promoted": "bookings.surgerybooking_promote",
    "bookings.booking_cancelled": "bookings.surgerybooking_cancel",
    "bookings.session_cancelled": "bookings.surgerysession_cancel",
    "bookings.training_agreed": "bookings.trainingrequest_agree",
    "bookings.training_declined": "bookings.trainingrequest_decline",
    "bookings.training_delivered": "bookings.trainingrequest_deliver",
    "bookings.callback_closed": "bookings.callbackrequest_close",
}


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0003_status_is_declared"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [renamed_actions(RENAMED)]
