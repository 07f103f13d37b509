"""The unit's places in the admin: dated capacity, the permanently excluded pupils sharing it each week,
and capacity by week for the coming two terms."""

from django.contrib.admin import display
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail_modeladmin.options import ModelAdmin

from common.admin import HistoryWithReasonsView, require_permission
from portal.placements import selectors
from portal.placements.models import ExcludedPupilsWeek, PlacementCapacity

VIEW_CAPACITY = "placements.view_placementcapacity"


class PlacementCapacityForm(WagtailAdminModelForm):
    class Meta:
        error_messages = {
            "starts_on": {"unique": "A capacity already starts on this date. Edit that one instead."}
        }


class PlacementCapacityAdmin(ModelAdmin):
    model = PlacementCapacity
    menu_label = "Placement capacity"
    menu_icon = "group"
    list_display = ["starts_on", "places", "in_force"]
    history_view_class = HistoryWithReasonsView
    ordering = ["-starts_on"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("starts_on"), FieldPanel("places")],
                heading="Places",
                help_text=(
                    "How many pupils the unit can hold at once from this date on, until a later "
                    "capacity starts. Permanently excluded pupils count towards it."
                ),
            )
        ],
        base_form_class=PlacementCapacityForm,
    )

    @display(boolean=True, description="in force today")
    def in_force(self, capacity):
        current = selectors.capacity_on(day=timezone.localdate())
        return current is not None and current.pk == capacity.pk


class ExcludedPupilsWeekAdmin(ModelAdmin):
    model = ExcludedPupilsWeek
    menu_label = "Excluded pupils by week"
    menu_icon = "group"
    list_display = ["week_starting", "pupils"]
    ordering = ["-week_starting"]
    history_view_class = HistoryWithReasonsView
    index_template_name = "placements/admin/excluded_pupils_index.html"


def capacity_by_week_view(request):
    """Capacity for the coming two terms against the pupils sharing it, as a table and a chart."""
    require_permission(request, VIEW_CAPACITY)
    return TemplateResponse(
        request,
        "placements/admin/capacity_by_week.html",
        {"weeks": selectors.capacity_by_week(today=timezone.localdate())},
    )


class CapacityMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_CAPACITY)
