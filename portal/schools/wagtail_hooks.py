"""Registrations only: the "Schools" admin menu (join requests, schools, members, districts), the labels
of the schools' history, and the hooks that keep the admin's Users screens to "a school always has an
administrator". The screens themselves are in `portal.schools.admin`."""

from wagtail import hooks
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from common.audit import register_changes
from common.workflows import history_labels
from portal.schools.admin import accounts
from portal.schools.admin.districts import DistrictAdmin
from portal.schools.admin.join_requests import JoinRequestAdmin
from portal.schools.admin.members import MembershipAdmin
from portal.schools.admin.schools import SchoolAdmin
from portal.schools.models import Invitation, JoinRequest
from portal.schools.services import invitations, joining, people


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
            **history_labels(JoinRequest),
            **history_labels(Invitation),
            **invitations.EARLIER_WITHDRAWAL_LABELS,
            joining.SCHOOL_REGISTERED: "School registered",
            people.MEMBER_JOINED: "Joined",
            people.MEMBER_ROLES_CHANGED: "Roles changed",
            people.MEMBER_SENIOR_LEADER_CHANGED: "Senior leader (signs off placement requests) changed",
            people.MEMBER_REMOVED: "Removed",
            invitations.INVITATION_SENT: "Invited",
            invitations.INVITATION_RESENT: "Invitation sent again",
        },
    )


hooks.register("before_delete_user", accounts.end_memberships_before_deleting_a_user)
hooks.register("before_edit_user", accounts.refuse_deactivating_a_last_administrator)
hooks.register("after_edit_user", accounts.end_memberships_of_a_deactivated_user)
hooks.register("before_bulk_action", accounts.end_memberships_before_bulk_removal_of_users)
