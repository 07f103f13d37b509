"""Registrations only: the "Figures" admin menu item and page, the reports' screens, the "Can view
figures" permission in the group editor (Settings > Groups) and the label of the copy into the SEN report
in a page's history. The screens themselves are in
`figures.admin`."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks

from common.audit import register_changes
from figures import services
from figures.admin import index, outreach, panel, sen_report


@hooks.register("register_admin_urls")
def figures_admin_urls():
    return [
        path("figures/", index.figures_index, name="figures_admin_index"),
        path("figures/panel/", panel.panel_figures, name="figures_admin_panel"),
        path("figures/panel/<slug:slug>.csv", panel.panel_figure_csv, name="figures_admin_panel_csv"),
        path("figures/sen-report/", sen_report.sen_report_figures, name="figures_admin_sen_report"),
        path(
            "figures/sen-report/<str:year>/copy/",
            sen_report.sen_report_copy,
            name="figures_admin_sen_report_copy",
        ),
        path("figures/outreach/", outreach.outreach_review, name="figures_admin_outreach"),
        path("figures/outreach/<str:year>/", outreach.outreach_review, name="figures_admin_outreach_year"),
        path(
            "figures/outreach/<str:year>/summary/",
            outreach.outreach_summary,
            name="figures_admin_outreach_summary",
        ),
        path("figures/outreach/<str:year>/csv/", outreach.outreach_csv, name="figures_admin_outreach_csv"),
    ]


@hooks.register("register_admin_menu_item")
def figures_menu_item():
    return index.FiguresMenuItem("Figures", reverse("figures_admin_index"), icon_name="table", order=320)


@hooks.register("register_permissions")
def figures_permissions():
    return Permission.objects.filter(content_type__app_label="figures", codename="view_figures")


@hooks.register("register_log_actions")
def figures_log_actions(actions):
    register_changes(actions, services.CHANGE_LABELS)
