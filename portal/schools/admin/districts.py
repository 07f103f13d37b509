"""Districts in the admin: each with its lead safeguarding contact, who tells schools the panel's
outcomes."""

from django.contrib.admin import display
from django.db.models import Count
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail_modeladmin.options import ModelAdmin

from common.admin import HistoryWithReasonsView
from portal.schools.models import District


class DistrictAdmin(ModelAdmin):
    model = District
    menu_label = "Districts"
    history_view_class = HistoryWithReasonsView
    menu_icon = "site"
    list_display = ["name", "code", "safeguarding_lead_role", "safeguarding_lead_email", "school_count"]
    search_fields = [
        "name",
        "code",
        "safeguarding_lead_role",
        "safeguarding_lead_name",
        "safeguarding_lead_email",
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
            MultiFieldPanel(
                [
                    FieldPanel("safeguarding_lead_role"),
                    FieldPanel("safeguarding_lead_name"),
                    FieldPanel("safeguarding_lead_email"),
                    FieldPanel("safeguarding_lead_phone"),
                ],
                heading="Lead safeguarding contact",
                help_text="Tells schools in the district the panel's outcomes.",
            ),
        ]
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(number_of_schools=Count("schools"))

    @display(description="schools", ordering="number_of_schools")
    def school_count(self, district):
        return district.number_of_schools
