"""Registrations only: the "MAPP panel" admin menu (placement requests, placements, their end-of-placement
reports, the group register, panel meetings, agreed actions, panel members, dated capacity, excluded
pupils by week, the school year's terms and closure days, who viewed, listed, downloaded or exported
requests and placements, the attendance import), the document, panel pack, group register,
capacity-by-week and attendance import pages, and the labels of the history of requests, placements,
reports and meetings. The screens themselves are in `portal.placements.admin`."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from common.audit import register_changes
from common.workflows import history_labels
from portal.placements.admin import attendance, attendance_import, capacity, meetings, school_year
from portal.placements.admin.agreed_actions import AgreedActionAdmin
from portal.placements.admin.placement_requests import PlacementRequestAdmin, staff_document_download
from portal.placements.admin.placements import PlacementAdmin
from portal.placements.admin.reports import PlacementReportAdmin
from portal.placements.admin.request_access import RequestAccessAdmin
from portal.placements.models import Placement, PlacementReport, PlacementRequest
from portal.placements.services import attendance as attendance_services
from portal.placements.services import decisions as decision_services
from portal.placements.services import mapp, subject_access
from portal.placements.services import placements as placement_services
from portal.placements.services import progress as progress_services
from portal.placements.services import reports as report_services
from portal.placements.services import requests as request_services


class MappPanelGroup(ModelAdminGroup):
    menu_label = "MAPP panel"
    menu_icon = "group"
    menu_order = 300
    items = [
        PlacementRequestAdmin,
        PlacementAdmin,
        PlacementReportAdmin,
        meetings.MappMeetingAdmin,
        AgreedActionAdmin,
        meetings.PanelMemberAdmin,
        capacity.PlacementCapacityAdmin,
        capacity.ExcludedPupilsWeekAdmin,
        school_year.SchoolTermAdmin,
        school_year.ClosureDayAdmin,
        RequestAccessAdmin,
    ]

    def get_submenu_items(self):
        """The modeladmins' items, with the group register straight after "Placements" and the attendance
        import after them all (the screens that are not a ModelAdmin)."""
        items = super().get_submenu_items()
        placements = next(item for item in items if item.label == PlacementAdmin.menu_label)
        register = attendance.GroupRegisterMenuItem(
            "Group register",
            reverse("placements_admin_group_register"),
            icon_name="tasks",
            order=placements.order,
        )
        items.insert(items.index(placements) + 1, register)
        return [
            *items,
            attendance_import.AttendanceImportMenuItem(
                "Import attendance",
                reverse("placements_admin_attendance_import"),
                icon_name="upload",
                order=len(items) + 1,
            ),
        ]


modeladmin_register(MappPanelGroup)


@hooks.register("register_admin_urls")
def placements_admin_urls():
    return [
        path("placements/documents/<id:pk>/", staff_document_download, name="placements_admin_document"),
        path(
            "placements/meetings/<id:pk>/panel-pack/",
            meetings.staff_panel_pack,
            name="placements_admin_panel_pack",
        ),
        path("placements/register/", attendance.group_register_view, name="placements_admin_group_register"),
        path(
            "placements/capacity-by-week/",
            capacity.capacity_by_week_view,
            name="placements_admin_capacity_by_week",
        ),
        path(
            "placements/attendance-import/",
            attendance_import.attendance_import_upload,
            name="placements_admin_attendance_import",
        ),
        path(
            "placements/attendance-import/confirm/",
            attendance_import.attendance_import_confirm,
            name="placements_admin_attendance_import_confirm",
        ),
        path(
            "placements/attendance-import/done/",
            attendance_import.attendance_import_done,
            name="placements_admin_attendance_import_done",
        ),
        path(
            f"placements/attendance-import/{attendance_import.EXAMPLE_NAME}",
            attendance_import.attendance_import_example,
            name="placements_admin_attendance_import_example",
        ),
    ]


@hooks.register("register_admin_menu_item")
def capacity_by_week_menu_item():
    return capacity.CapacityMenuItem(
        "Capacity by week",
        reverse("placements_admin_capacity_by_week"),
        icon_name="table",
        order=310,
    )


@hooks.register("register_log_actions")
def placements_log_actions(actions):
    register_changes(
        actions,
        {
            **history_labels(PlacementRequest),
            **history_labels(Placement),
            **history_labels(PlacementReport),
            **placement_services.CHANGE_LABELS,
            **decision_services.CHANGE_LABELS,
            **report_services.CHANGE_LABELS,
            **attendance_services.CHANGE_LABELS,
            **progress_services.CHANGE_LABELS,
            **request_services.CHANGE_LABELS,
            **subject_access.CHANGE_LABELS,
            mapp.ACTION_DONE: "Agreed action done",
            mapp.AGENDA_SENT: "Agenda sent",
        },
    )
