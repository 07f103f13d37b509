"""Who viewed, listed, downloaded or exported placement requests, searched by request, person and date,
for staff with the audit permission; nobody changes it. Each person is shown by the name and email they
had at the time, which outlive their account."""

from django.contrib.admin import SimpleListFilter, display
from wagtail_modeladmin.options import ModelAdmin

from common.admin import ReadOnlyPermissionHelper
from portal.placements.models import PlacementRequest, RequestAccess

VIEW_AUDIT = "placements.view_placement_audit"


class AuditPermissionHelper(ReadOnlyPermissionHelper):
    """Listed only for staff with the audit permission; each entry is all there is to see."""

    def user_can_list(self, user):
        return user.has_perm(VIEW_AUDIT)

    def user_can_inspect_obj(self, user, obj):
        return False


class AccessedRequestFilter(SimpleListFilter):
    title = "request"
    parameter_name = "request"

    def lookups(self, request, model_admin):
        accessed = PlacementRequest.objects.filter(accesses__isnull=False).distinct().select_related("school")
        return [(each.pk, f"{each.reference}, {each.school.name}") for each in accessed.order_by("-pk")]

    def queryset(self, request, queryset):
        return queryset.filter(request_id=self.value()) if self.value() else queryset


class AccessMonthFilter(SimpleListFilter):
    """Each month that has views or downloads, newest first (the date filter's presets cover the last
    days; this reaches back as far as the record goes)."""

    title = "month"
    parameter_name = "month"

    def lookups(self, request, model_admin):
        months = RequestAccess.objects.dates("at", "month", order="DESC")
        return [(f"{month:%Y-%m}", f"{month:%B %Y}") for month in months]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            year, month = (int(part) for part in self.value().split("-"))
        except ValueError:
            return queryset.none()
        return queryset.filter(at__year=year, at__month=month)


class RequestAccessAdmin(ModelAdmin):
    """Search the views and downloads of requests by request, person and date."""

    model = RequestAccess
    menu_label = "Request views and downloads"
    menu_icon = "view"
    list_display = ["at", "request_reference", "school", "person", "kind", "what"]
    list_filter = [AccessedRequestFilter, "kind", "at", AccessMonthFilter, "request__school"]
    list_select_related = ["request__school"]
    search_fields = ["viewer_email", "viewer_name", "what"]
    ordering = ["-at"]
    permission_helper_class = AuditPermissionHelper

    @display(description="request", ordering="request_id")
    def request_reference(self, access):
        return access.request.reference

    @display(description="school", ordering="request__school__name")
    def school(self, access):
        return access.request.school.name

    @display(description="who", ordering="viewer_email")
    def person(self, access):
        return access.viewer
