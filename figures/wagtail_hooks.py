"""Registrations only: the "Figures" admin menu item and page, the reports' screens, and the "Can view
figures" permission in the group editor (Settings > Groups). The screens themselves are in
`figures.admin`."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks

from figures.admin import index, outreach


@hooks.register("register_admin_urls")
def figures_admin_urls():
    return [
        path("figures/", index.figures_index, name="figures_admin_index"),
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
