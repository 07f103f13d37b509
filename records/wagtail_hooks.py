"""Registrations only: the retention screens (records due for deletion with the legal holds, and the past
retention runs) under Reports, and the labels of the holds in a record's history. The screens themselves
are in `records.admin`."""

from django.urls import path, reverse
from wagtail import hooks

from common.audit import register_changes
from records.admin import retention
from records.services import CHANGE_LABELS


@hooks.register("register_admin_urls")
def records_admin_urls():
    return [
        path("records/due/", retention.due_for_deletion, name="records_admin_due"),
        path("records/hold/<slug:kind>/<id:pk>/", retention.place_hold, name="records_admin_hold"),
        path("records/holds/<id:pk>/release/", retention.release_hold, name="records_admin_release"),
        path("records/runs/", retention.retention_runs, name="records_admin_runs"),
        path("records/runs/<id:pk>/", retention.retention_run, name="records_admin_run"),
    ]


@hooks.register("register_reports_menu_item")
def due_for_deletion_menu_item():
    return retention.RetentionMenuItem(
        "Records due for deletion", reverse("records_admin_due"), icon_name="bin", order=900
    )


@hooks.register("register_reports_menu_item")
def retention_runs_menu_item():
    return retention.RetentionMenuItem(
        "Retention runs", reverse("records_admin_runs"), icon_name="history", order=910
    )


@hooks.register("register_log_actions")
def records_log_actions(actions):
    register_changes(actions, CHANGE_LABELS)
