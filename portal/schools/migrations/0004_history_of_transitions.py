"""The history of join requests recorded before their transitions were declared keeps its labels and
reasons: each entry's action becomes the declared transition's (`common.workflows.action_of`)."""

from django.db import migrations

from common.audit import renamed_actions

RENAMED = {
    "schools.join_request_approved": "schools.joinrequest_approve",
    "schools.join_request_declined": "schools.joinrequest_decline",
}


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0003_status_is_declared"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [renamed_actions(RENAMED)]
