"""The school year in the admin: its terms (each with its half term) and closure days, which staff enter
once a year and which move placements' dates on."""

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail_modeladmin.options import ModelAdmin

from common.admin import HistoryWithReasonsView
from portal.placements.models import ClosureDay, SchoolTerm


class ClosureDayForm(WagtailAdminModelForm):
    class Meta:
        error_messages = {"date": {"unique": "This day is already a closure day. Edit that one instead."}}


class SchoolTermAdmin(ModelAdmin):
    model = SchoolTerm
    menu_label = "School terms"
    menu_icon = "date"
    list_display = ["name", "starts_on", "half_term_starts_on", "half_term_ends_on", "ends_on"]
    ordering = ["-starts_on"]
    history_view_class = HistoryWithReasonsView
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")], heading="The term"),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("half_term_starts_on"), FieldPanel("half_term_ends_on")])],
                heading="Half term",
                help_text="The week or weeks of the half-term break, inside the term.",
            ),
        ]
    )


class ClosureDayAdmin(ModelAdmin):
    model = ClosureDay
    menu_label = "Closure days"
    menu_icon = "date"
    list_display = ["date", "reason"]
    ordering = ["-date"]
    history_view_class = HistoryWithReasonsView
    edit_handler = ObjectList(
        [FieldPanel("date"), FieldPanel("reason")],
        base_form_class=ClosureDayForm,
    )
