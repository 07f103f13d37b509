"""The "Schools" admin menu: schools, their members, districts and join requests; and the rules the
admin's Users screens must keep for schools.

Staff edit schools and districts here. Memberships change only through the rules in
`portal.schools.services` (approving a request here, or a school administrator in the portal), so
members are a read-only list; join requests are approved (with the roles staff choose) or declined
with the buttons on each pending row. Who changed a school's people, and how, is on the school's
History page (see `common.audit`). A school that anyone belongs to, was invited to or asked to join
is not deleted (schools close, they are not deleted).

The Users screens (Wagtail's, in `wagtail.users`) know nothing of schools, and `portal.users` must not
import this app, so the hooks at the end keep a school's last administrator from being deleted or
deactivated there, and end everyone else's memberships, with a record on the school, before they go.
"""

from django.contrib import messages
from django.contrib.admin import display
from django.contrib.auth import get_user_model
from django.db.models import Case, Count, IntegerField, Value, When
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail_modeladmin.helpers import ButtonHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import DeleteView, InstanceSpecificView

from common.admin import HistoryWithReasonsView, ReadOnlyPermissionHelper, RecordActionsMixin
from common.audit import register_changes
from common.errors import DomainError
from common.forms import add_domain_error
from portal.schools import selectors
from portal.schools.forms import ApproveJoinRequestForm, DeclineJoinRequestForm
from portal.schools.models import District, JoinRequest, JoinRequestStatus, Membership, School
from portal.schools.services import invitations, joining, people
from portal.schools.services import schools as school_services


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


class SchoolDeleteView(DeleteView):
    """Delete a school only while nobody belongs to it, was invited to it or asked to join it."""

    def get(self, request, *args, **kwargs):
        refusal = school_services.school_delete_refusal(self.instance)
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
        if obj.is_pending and self.permission_helper.user_can_decide(self.request.user, obj):
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
    def user_can_decide(self, user, join_request):
        return selectors.may_decide_join_request(user=user, join_request=join_request)


class JoinRequestDecisionView(InstanceSpecificView):
    """Approve (with the roles staff choose) or decline one request; the person who asked is emailed."""

    action = None  # "approve" or "decline": see the two subclasses below

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_decide(user, self.instance)

    def get_page_title(self):
        return f"{self.action.capitalize()} request {self.instance.reference}"

    def get_template_names(self):
        return ["schools/admin/join_request_decision.html"]

    def get_form(self, data=None):
        if self.action != "approve":
            return DeclineJoinRequestForm(data)
        form = ApproveJoinRequestForm(data, join_request=self.instance)
        form.fields["roles"].widget.descriptions = {}  # the admin's field template shows no per-role hints
        return form

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            webmail_warning=selectors.free_webmail_warning(join_request=self.instance),
            goes_to_school=selectors.join_request_goes_to_school(school=self.instance.school),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        if not self.instance.is_pending:
            status = self.instance.get_status_display().lower()
            messages.error(request, f"Request {self.instance.reference} has already been {status}.")
            return redirect(self.index_url)
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            if self.action == "approve":
                joining.join_request_approve(
                    join_request=self.instance, decided_by=request.user, roles=form.cleaned_data["roles"]
                )
            else:
                joining.join_request_decline(
                    join_request=self.instance, decided_by=request.user, reason=form.cleaned_data["reason"]
                )
        except DomainError as error:
            add_domain_error(form, error)
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


class JoinRequestAdmin(RecordActionsMixin, ModelAdmin):
    model = JoinRequest
    record_actions = {
        "approve": ApproveJoinRequestView,
        "decline": DeclineJoinRequestView,
    }
    menu_label = "Join requests"
    menu_icon = "mail"
    list_display = [
        "reference",
        "user_email",
        "school_name",
        "registers_new_school",
        "job_title",
        "role_labels",
        "address_warning",
        "decided_by",
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

    @display(description="check the address")
    def address_warning(self, join_request):
        domain = selectors.free_webmail_domain(join_request.user.email)
        return f"Personal address ({domain})" if domain else ""

    def get_queryset(self, request):
        return selectors.with_goes_to_school(super().get_queryset(request))

    @display(description="decided by")
    def decided_by(self, join_request):
        if not join_request.is_pending:
            return ""
        return "The school's administrators (or staff)" if join_request.goes_to_school else "The unit's staff"


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
            people.MEMBER_SENIOR_LEADER_CHANGED: "Senior leader (signs off placement requests) changed",
            people.MEMBER_REMOVED: "Removed",
            invitations.INVITATION_SENT: "Invited",
            invitations.INVITATION_RESENT: "Invitation sent again",
            invitations.INVITATION_WITHDRAWN: "Invitation withdrawn",
        },
    )


# The admin's Users screens: no back door around "a school always has an administrator" ----------------

ACCOUNT_DELETED = "Account deleted in the admin"
ACCOUNT_DEACTIVATED = "Account deactivated in the admin"
_DEACTIVATING = "_schools_deactivating"  # set on the request between the edit view's two hooks


def _refused(request, error, user):
    messages.error(request, error.message)
    return redirect("wagtailusers_users:edit", user.pk)


@hooks.register("before_delete_user")
def end_memberships_before_deleting_a_user(request, user):
    """Refuse to delete a school's last administrator (the confirmation page says why); otherwise end
    the person's memberships, recorded on each school, just before Wagtail deletes the account."""
    try:
        if request.method == "POST":
            people.memberships_end(users=[user], ended_by=request.user, why=ACCOUNT_DELETED)
        else:
            people.check_accounts_can_go(users=[user])
    except DomainError as error:
        return _refused(request, error, user)
    return None


def _deactivating(request, user):
    # Wagtail leaves the "active" box out of the form when staff edit their own account.
    return (
        request.method == "POST"
        and user.pk != request.user.pk
        and user.is_active
        and not request.POST.get("is_active")
    )


@hooks.register("before_edit_user")
def refuse_deactivating_a_last_administrator(request, user):
    """Unticking "active" on a school's last administrator is refused, and nothing is saved."""
    if not _deactivating(request, user):
        return None
    try:
        people.check_accounts_can_go(users=[user])
    except DomainError as error:
        return _refused(request, error, user)
    setattr(request, _DEACTIVATING, True)
    return None


@hooks.register("after_edit_user")
def end_memberships_of_a_deactivated_user(request, user):
    """Once the account is saved inactive, its memberships end, each recorded on its school.

    Should a school's other administrators have gone in the moment between the check and the save,
    the rule refuses here instead: the account is made active again and the reason shown.
    """
    if not getattr(request, _DEACTIVATING, False):
        return None
    try:
        people.memberships_end(users=[user], ended_by=request.user, why=ACCOUNT_DEACTIVATED)
    except DomainError as error:
        get_user_model().objects.filter(pk=user.pk).update(is_active=True)
        return _refused(request, error, user)
    return None


@hooks.register("before_bulk_action")
def end_memberships_before_bulk_removal_of_users(request, action_type, objects, action_class_instance):
    """The Users list's bulk "Delete" and "Set active state: inactive" keep the same rule, all or nothing
    (they run inside one transaction with this hook)."""
    if action_class_instance.model is not get_user_model():
        return None
    if action_type == "delete":
        users, why = list(objects), ACCOUNT_DELETED
    elif action_type == "set_active_state" and not action_class_instance.cleaned_form.cleaned_data.get(
        "mark_as_active"
    ):
        users, why = [user for user in objects if user.is_active], ACCOUNT_DEACTIVATED
    else:
        return None
    try:
        people.memberships_end(users=users, ended_by=request.user, why=why)
    except DomainError as error:
        messages.error(request, error.message)
        next_url = action_class_instance.next_url
        return redirect("wagtailusers_users:index" if next_url == request.path else next_url)
    return None
