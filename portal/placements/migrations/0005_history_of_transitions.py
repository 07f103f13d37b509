"""The history of placement requests recorded before their transitions were declared keeps its labels and
reasons: each entry's action is renamed to the declared transition's (`common.workflows.action_of`)."""

from django.db import migrations

from common.audit import renamed_actions

RENAMED = {
    "placements.request_submitted": "placements.placementrequest_submit",
    "placements.request_returned": "placements.placementrequest_return_for_information",
    "placements.request_placed_on_agenda": "placements.placementrequest_place_on_agenda",
    "placements.request_withdrawn": "placements.placementrequest_withdraw",
    "placements.request_decided": "placements.placementrequest_decide",
    "placements.request_deferred": "placements.placementrequest_defer",
    "placements.request_asked_again": "placements.placementrequest_ask_again",
}


class Migration(migrations.Migration):
    dependencies = [
        ("placements", "0004_status_is_declared"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [renamed_actions(RENAMED)]
