"""Members in the admin: a read-only list. Memberships change only through the rules in
`portal.schools.services` (a request approved, an invitation accepted, or a school administrator's
changes in the portal)."""

from django.contrib.admin import display
from wagtail_modeladmin.options import ModelAdmin

from common.admin import ReadOnlyPermissionHelper
from portal.schools.models import Membership


class MembershipAdmin(ModelAdmin):
    model = Membership
    menu_label = "Members"
    menu_icon = "user"
    list_display = ["user_email", "school", "role_labels", "joined_at"]
    list_filter = ["is_administrator", "is_finance", "is_referrer", "is_member", "school__district"]
    list_select_related = ["user", "school"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "school__name", "school__urn"]
    ordering = ["school__name", "user__email"]
    inspect_view_enabled = True
    permission_helper_class = ReadOnlyPermissionHelper

    @display(description="email", ordering="user__email")
    def user_email(self, membership):
        return membership.user.email
