"""The hours schools hold in the admin: each package's hours bought, used and left, and recording work
delivered against it."""

from django.contrib.admin import display
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import InspectView

from common.admin import FinancialYearFilter, ReadOnlyPermissionHelper, RecordActionsMixin, RecordActionView
from portal.orders import selectors
from portal.orders.forms import RecordHoursForm
from portal.orders.models import OrderLine
from portal.orders.services import hours
from portal.orders.templatetags.orders_tags import quarter_hours


class LineFinancialYearFilter(FinancialYearFilter):
    field = "order__financial_year_start"


class PackageHoursInspectView(InspectView):
    def get_context_data(self, **kwargs):
        line = selectors.line_with_hours_used(pk=self.instance.pk)
        return super().get_context_data(
            line=line,
            entries=list(selectors.hours_entries_of(line=line).select_related("recorded_by")),
            **kwargs,
        )


class RecordHoursView(RecordActionView):
    label = "Record hours"
    permission = "orders.add_hoursentry"
    page_title = "Record hours"

    def facts(self):
        line = selectors.line_with_hours_used(pk=self.instance.pk)
        return [
            ("School", line.order.school.name),
            ("Package", str(line)),
            ("Order", f"{line.order.reference}, {line.order.financial_year} financial year"),
            ("Hours bought", str(line.hours_bought)),
            ("Hours left", quarter_hours(line.quarter_hours_bought - line.quarter_hours_used)),
        ]

    def get_form(self, data=None):
        user = self.request.user
        return RecordHoursForm(data, initial={"delivered_by": user.get_full_name() or user.email})

    def act(self, data):
        entry = hours.hours_record(line=self.instance, recorded_by=self.request.user, **data)
        return f"{quarter_hours(entry.quarter_hours)} hours recorded against {self.instance}."


class PackageHoursAdmin(RecordActionsMixin, ModelAdmin):
    model = OrderLine
    record_actions = {
        "record_hours": RecordHoursView,
    }
    menu_label = "Package hours"
    menu_icon = "time"
    list_display = ["school", "description", "focus_label", "year", "bought", "used", "left"]
    list_filter = [LineFinancialYearFilter, "order__school"]
    search_fields = ["order__school__name", "order__reference", "description", "pupil_initials", "class_name"]
    list_per_page = 50
    inspect_view_enabled = True
    inspect_view_class = PackageHoursInspectView
    inspect_template_name = "orders/admin/package_hours_inspect.html"
    permission_helper_class = ReadOnlyPermissionHelper

    def get_queryset(self, request):
        return selectors.lines_with_hours(super().get_queryset(request)).select_related(
            "order", "order__school"
        )

    @display(description="school", ordering="order__school__name")
    def school(self, line):
        return line.order.school.name

    @display(description="financial year", ordering="order__financial_year_start")
    def year(self, line):
        return line.order.financial_year.label

    @display(description="hours bought")
    def bought(self, line):
        return line.hours_bought

    @display(description="hours used")
    def used(self, line):
        return quarter_hours(line.quarter_hours_used)

    @display(description="hours left")
    def left(self, line):
        return quarter_hours(line.quarter_hours_bought - line.quarter_hours_used)
