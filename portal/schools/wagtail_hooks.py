"""The "Schools" admin menu: schools, their members, districts and join requests.

Staff edit schools and districts here. Memberships change only through the rules in
`portal.schools.services` (approving a request here, or a school administrator in the portal), so
members are a read-only list; join requests are approved or declined with the buttons on each pending
row. Who changed a school's people, and how, is on the school's History page (see `common.audit`).
"""

from django.contrib import messages
from django.contrib.admin import display
from django.db.models import Case, Count, IntegerField, Value, When
from django.shortcuts import redirect
from django.urls import re_path
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import InstanceSpecificView

from common.audit import HistoryWithReasonsView, register_changes
from common.errors import DomainError
from common.forms import add_domain_error
from portal.schools.forms import DeclineJoinRequestForm
from portal.schools.models import District, JoinRequest, JoinRequestStatus, Membership, School
from portal.schools.services import invitations, joining, people


class ReadOnlyPermissionHelper(PermissionHelper):
    """List and inspect only: these records change through the portal's rules, not a raw form."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


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


class SchoolAdmin(ModelAdmin):
    model = School
    menu_label = "Schools"
    menu_icon = "home"
    list_display = ["name", "urn", "district", "finance_email", "member_count"]
    list_filter = ["district"]
    search_fields = ["name", "urn", "address", "finance_email"]
    inspect_view_enabled = True
    history_view_class = HistoryWithReasonsView
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


class JoinRequestButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if obj.is_pending and self.permission_helper.user_can_decide(self.request.user):
            for action, label in [("approve", "Approve"), ("decline", "Decline")]:
                buttons.append(
                    {
                        "url": self.url_helper.get_action_url(action, obj.pk),
                        "label": label,
                        "classname": self.finalise_classname(
                            ["button-small"] + (["no"] if action == "decline" else [])
                        ),
                        "title": f"{label} request {obj.reference}",
                    }
                )
        return buttons


class JoinRequestPermissionHelper(ReadOnlyPermissionHelper):
    def user_can_decide(self, user):
        return user.has_perm("schools.change_joinrequest")


class JoinRequestDecisionView(InstanceSpecificView):
    """Approve or decline one request; the person who asked is emailed either way."""

    action = None  # "approve" or "decline": see the two subclasses below

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_decide(user)

    def get_page_title(self):
        return f"{self.action.capitalize()} request {self.instance.reference}"

    def get_template_names(self):
        return ["schools/admin/join_request_decision.html"]

    def get(self, request, *args, **kwargs):
        if not self.instance.is_pending:
            status = self.instance.get_status_display().lower()
            messages.error(request, f"Request {self.instance.reference} has already been {status}.")
            return redirect(self.index_url)
        form = DeclineJoinRequestForm() if self.action == "decline" else None
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = DeclineJoinRequestForm(request.POST) if self.action == "decline" else None
        if form is not None and not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            if self.action == "approve":
                joining.join_request_approve(join_request=self.instance, decided_by=request.user)
            else:
                joining.join_request_decline(
                    join_request=self.instance, decided_by=request.user, reason=form.cleaned_data["reason"]
                )
        except DomainError as error:
            if form is not None:
                add_domain_error(form, error)
            else:
                messages.error(request, error.message)
            return self.render_to_response(self.get_context_data(form=form, error=error), status=400)
        outcome = "approved" if self.action == "approve" else "declined"
        messages.success(
            request,
            f"Request {self.instance.reference} {outcome}. {self.instance.user.email} has been emailed.",
        )
        return redirect(self.index_url)


class ApproveJoinRequestView(JoinRequestDecisionView):
    action = "approve"


class DeclineJoinRequestView(JoinRequestDecisionView):
    action = "decline"


class JoinRequestAdmin(ModelAdmin):
    model = JoinRequest
    menu_label = "Join requests"
    menu_icon = "mail"
    list_display = [
        "reference",
        "user_email",
        "school_name",
        "registers_new_school",
        "job_title",
        "role_labels",
        "status",
        "created_at",
    ]
    list_filter = ["status", "school__district", "new_school_district"]
    list_select_related = ["user", "school"]
    search_fields = [
        "user__email",
        "job_title",
        "school__name",
        "school__urn",
        "new_school_name",
        "new_school_urn",
    ]
    inspect_view_enabled = True
    history_view_class = HistoryWithReasonsView
    permission_helper_class = JoinRequestPermissionHelper
    button_helper_class = JoinRequestButtonHelper

    def get_ordering(self, request):
        # Pending requests first, oldest first so none waits forever; then the decided ones.
        pending = When(status=JoinRequestStatus.PENDING, then=Value(0))
        pending_first = Case(pending, default=Value(1), output_field=IntegerField())
        return [pending_first.asc(), "created_at"]

    @display(description="email", ordering="user__email")
    def user_email(self, join_request):
        return join_request.user.email

    @display(description="new school", boolean=True)
    def registers_new_school(self, join_request):
        return join_request.is_new_school

    def approve_view(self, request, instance_pk):
        return ApproveJoinRequestView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def decline_view(self, request, instance_pk):
        return DeclineJoinRequestView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            re_path(
                self.url_helper.get_action_url_pattern("approve"),
                self.approve_view,
                name=self.url_helper.get_action_url_name("approve"),
            ),
            re_path(
                self.url_helper.get_action_url_pattern("decline"),
                self.decline_view,
                name=self.url_helper.get_action_url_name("decline"),
            ),
        )


class SchoolsGroup(ModelAdminGroup):
    menu_label = "Schools"
    menu_icon = "home"
    menu_order = 250
    items = [JoinRequestAdmin, SchoolAdmin, MembershipAdmin, DistrictAdmin]


modeladmin_register(SchoolsGroup)


@hooks.register("register_log_actions")
def schools_log_actions(actions):
    register_changes(
        actions,
        {
            joining.SCHOOL_REGISTERED: "School registered",
            joining.JOIN_REQUEST_APPROVED: "Request to join approved",
            joining.JOIN_REQUEST_DECLINED: "Request to join declined",
            people.MEMBER_JOINED: "Joined",
            people.MEMBER_ROLES_CHANGED: "Roles changed",
            people.MEMBER_REMOVED: "Removed",
            invitations.INVITATION_SENT: "Invited",
            invitations.INVITATION_RESENT: "Invitation sent again",
            invitations.INVITATION_WITHDRAWN: "Invitation withdrawn",
        },
    )
