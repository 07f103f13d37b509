"""Join requests in the admin: pending ones first, each approved (with the roles staff choose) or declined
(with the reason) through the declared transitions of `JoinRequest`; who decides is the declaration's
rule (`models.may_decide`). The person who asked is emailed either way."""

from django.contrib.admin import display
from django.db.models import Case, IntegerField, Value, When
from wagtail_modeladmin.options import ModelAdmin

from common.admin import HistoryWithReasonsView, ReadOnlyPermissionHelper, RecordActionsMixin, TransitionView
from portal.schools import selectors
from portal.schools.forms import ApproveJoinRequestForm, DeclineJoinRequestForm
from portal.schools.models import JoinRequest, JoinRequestStatus
from portal.schools.services import joining


class JoinRequestDecisionView(TransitionView):
    """Approve or decline one request, on a page that shows what was asked."""

    approving = False

    def get_page_title(self):
        return f"{self.button_label(self.instance)} request {self.instance.reference}"

    def get_template_names(self):
        return ["schools/admin/join_request_decision.html"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            approving=self.approving,
            webmail_warning=selectors.free_webmail_warning(join_request=self.instance),
            goes_to_school=selectors.join_request_goes_to_school(school=self.instance.school),
            **kwargs,
        )

    def decided(self, outcome):
        return f"Request {self.instance.reference} {outcome}. {self.instance.user.email} has been emailed."


class ApproveJoinRequestView(JoinRequestDecisionView):
    transition = "approve"
    approving = True

    def get_form(self, data=None):
        form = ApproveJoinRequestForm(data, join_request=self.instance)
        form.fields["roles"].widget.descriptions = {}  # the admin's field template shows no per-role hints
        return form

    def act(self, data):
        joining.join_request_approve(
            join_request=self.instance, decided_by=self.request.user, roles=data["roles"]
        )
        return self.decided("approved")


class DeclineJoinRequestView(JoinRequestDecisionView):
    transition = "decline"
    form_class = DeclineJoinRequestForm

    def act(self, data):
        joining.join_request_decline(
            join_request=self.instance, decided_by=self.request.user, reason=data["reason"]
        )
        return self.decided("declined")


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
    permission_helper_class = ReadOnlyPermissionHelper

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
        domain = selectors.free_webmail_domain(email=join_request.user.email)
        return f"Personal address ({domain})" if domain else ""

    def get_queryset(self, request):
        return selectors.with_goes_to_school(join_requests=super().get_queryset(request))

    @display(description="decided by")
    def decided_by(self, join_request):
        if not join_request.is_pending:
            return ""
        return "The school's administrators (or staff)" if join_request.goes_to_school else "The unit's staff"
