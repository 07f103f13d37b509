"""Schools in the admin: staff edit a school's details; its History page says who joined it, who changed
whose roles and what became of its invitations. A school that anyone belongs to, was invited to or asked
to join is not deleted (schools close, they are not deleted)."""

from django.contrib.admin import display
from django.db.models import Count
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import DeleteView

from common.admin import HistoryWithReasonsView
from common.errors import DomainError
from portal.schools import selectors
from portal.schools.models import School
from portal.schools.services import schools as school_services


class SchoolDeleteView(DeleteView):
    """Delete a school only while nobody belongs to it, was invited to it or asked to join it."""

    def get(self, request, *args, **kwargs):
        refusal = selectors.school_delete_refusal(school=self.instance)
        if refusal:
            return self.render_to_response(self.get_context_data(refusal=refusal))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except DomainError as error:
            response = self.render_to_response(self.get_context_data(refusal=error.message))
            response.status_code = 400
            return response

    def delete_instance(self):
        school_services.school_delete(school=self.instance)


class SchoolHistoryView(HistoryWithReasonsView):
    """The school's own entries and its invitations' (each accepted or withdrawn is recorded on the
    invitation), together."""

    def get_queryset(self):
        return selectors.history_of_school(school=self.instance).prefetch_related("user__wagtail_userprofile")


class SchoolAdmin(ModelAdmin):
    model = School
    menu_label = "Schools"
    menu_icon = "home"
    delete_view_class = SchoolDeleteView
    delete_template_name = "schools/admin/school_delete.html"
    list_display = ["name", "urn", "district", "finance_email", "member_count"]
    list_filter = ["district"]
    search_fields = ["name", "urn", "address", "finance_email"]
    inspect_view_enabled = True
    history_view_class = SchoolHistoryView
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("urn")]),
            FieldPanel("district"),
            FieldPanel("address"),
            FieldRowPanel([FieldPanel("phone"), FieldPanel("finance_email")]),
        ]
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("district")
            .annotate(number_of_members=Count("memberships"))
        )

    @display(description="members", ordering="number_of_members")
    def member_count(self, school):
        return school.number_of_members
