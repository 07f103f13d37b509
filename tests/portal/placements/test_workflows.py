"""A placement request's declared transitions: each one, from each state it leaves, is applied by
`common.workflows.transition_apply` and recorded (who, from, to); staff without the permission see no
button for a transition in the admin and are refused by its URL; a school member without the referrer
role sees no control for the school's transitions and is refused when posting."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from common import workflows
from common.admin import TransitionView
from common.workflows import action_of
from portal.placements.admin.placement_requests import PlacementRequestAdmin
from portal.placements.factories import PlacementRequestFactory
from portal.placements.models import Outcome, PanelDecision, PlacementRequest, RequestStatus
from portal.schools.factories import MembershipFactory
from portal.schools.models import Role
from portal.users.factories import turn_on_two_factor
from tests.workflows import offered, refused_by_admin, staff_with

DECLARED = workflows.declared_transitions(PlacementRequest)


def each_source(where=None):
    """(transition, a state it leaves from) for every declared transition (offered `where`, if given)."""
    return [
        pytest.param(declared.name, declared.source, id=f"{declared.name} from {declared.source}")
        for declared in (DECLARED if where is None else offered(PlacementRequest, where))
    ]


# The admin's URL name of each transition staff make there (the keys of `record_actions`).
ADMIN_ACTION = {
    view.transition: action
    for action, view in PlacementRequestAdmin.record_actions.items()
    if issubclass(view, TransitionView)
}
# The portal's URL name of each transition the school makes, and the page its control is on.
PORTAL_URL = {"submit": "submit", "withdraw": "withdraw", "ask_again": "ask_again"}
PORTAL_PAGE = {"submit": "check", "withdraw": "request", "ask_again": "request"}


def test_every_transition_of_a_request_is_declared_once():
    assert {declared.name for declared in DECLARED} == {
        "submit",
        "withdraw",
        "ask_again",
        "return_for_information",
        "place_on_agenda",
        "decide",
        "defer",
    }
    assert set(ADMIN_ACTION) == {name for name, *_ in (p.values for p in each_source("admin"))}
    assert set(PORTAL_URL) == {name for name, *_ in (p.values for p in each_source("portal"))}


@pytest.fixture
def at(meetings, school):
    """`at(status)`: a complete, signed-off request of the school in `status`, for the December meeting,
    declined by the panel when it is decided."""

    def request_in(status, **fields):
        placement_request = PlacementRequestFactory(
            school=school, complete=True, status=status, meeting=meetings.december, **fields
        )
        if status == RequestStatus.DECIDED:
            PanelDecision.objects.create(
                request=placement_request,
                meeting=meetings.december,
                outcome=Outcome.DECLINE,
                reasons="Not now.",
                recommendations="A nurture group first.",
                lead_professional="SEND officer",
            )
        return placement_request

    return request_in


@pytest.mark.parametrize(("name", "source"), each_source())
def test_each_transition_from_each_state_is_applied_and_recorded(
    at, referrer, staff_user, logged_changes, name, source
):
    placement_request = at(source)
    actor = next(actor for actor in (staff_user, referrer) if workflows.may(placement_request, name, actor))
    declared = workflows.transition_named(PlacementRequest, name)

    changed = workflows.transition_apply(placement_request, name, by=actor, why="For the test.")

    assert changed.status == declared.target
    changed.refresh_from_db()
    assert changed.status == declared.target
    action, who, data = logged_changes(changed)[-1]
    assert (action, who) == (action_of(PlacementRequest, name), getattr(actor, "user", actor))
    assert (data["from"], data["to"]) == (RequestStatus(source).label, RequestStatus(declared.target).label)
    assert data["why"] == "For the test."


def test_the_history_shows_each_transition_by_its_label(staff_client, at, staff_user):
    placement_request = workflows.transition_apply(
        at(RequestStatus.SUBMITTED), "place_on_agenda", by=staff_user
    )

    history_page = staff_client.get(
        reverse("placements_placementrequest_modeladmin_history", args=[placement_request.pk])
    ).text

    assert "Place on the agenda, from Submitted to On the panel&#x27;s agenda" in history_page


# --- The admin ------------------------------------------------------------------------------------------


def panel_staff(client, *, may_change):
    """A client signed in as staff who may see requests in the admin, and change them if `may_change`."""
    permissions = ["placements.view_placementrequest"] + (
        ["placements.change_placementrequest"] if may_change else []
    )
    client.force_login(staff_with(*permissions))
    return client


def admin_url(action, pk):
    return reverse(f"placements_placementrequest_modeladmin_{action}", args=[pk])


def pages_with_buttons(client, placement_request):
    return [
        client.get(reverse("placements_placementrequest_modeladmin_index")).text,
        client.get(admin_url("inspect", placement_request.pk)).text,
    ]


@pytest.mark.parametrize(("name", "source"), each_source("admin"))
def test_staff_without_the_permission_see_no_button_and_are_refused_by_url(
    client, settings, at, name, source
):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    placement_request = at(source)
    staff = panel_staff(client, may_change=False)
    url = admin_url(ADMIN_ACTION[name], placement_request.pk)

    for page in pages_with_buttons(staff, placement_request):
        assert placement_request.reference in page
        assert url not in page
    assert refused_by_admin(staff.get(url))
    assert refused_by_admin(staff.post(url, {"what_is_needed": "More.", "reasons": "Later."}))
    placement_request.refresh_from_db()
    assert placement_request.status == source


@pytest.mark.parametrize(("name", "source"), each_source("admin"))
def test_staff_with_the_permission_see_the_button(client, settings, at, name, source):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    placement_request = at(source)
    staff = panel_staff(client, may_change=True)
    url = admin_url(ADMIN_ACTION[name], placement_request.pk)

    for page in pages_with_buttons(staff, placement_request):
        assert url in page
    assert staff.get(url).status_code == 200


def test_staff_see_no_button_for_a_transition_the_request_is_not_in_a_state_for(staff_client, at):
    placement_request = at(RequestStatus.SUBMITTED)

    page = staff_client.get(admin_url("inspect", placement_request.pk)).text

    assert admin_url("agenda", placement_request.pk) in page
    assert admin_url("decide", placement_request.pk) not in page
    assert admin_url("defer", placement_request.pk) not in page


# --- The portal -----------------------------------------------------------------------------------------


@pytest.fixture
def not_a_referrer(client, home_page, school):
    """A client signed in as a member of the school without the referrer role, with two-factor on."""
    membership = MembershipFactory(school=school, roles=[Role.ADMINISTRATOR, Role.FINANCE])
    turn_on_two_factor(membership.user)
    client.force_login(membership.user)
    return client


def portal_url(name, pk):
    return reverse(f"placement_requests:{name}", args=[pk])


@pytest.mark.parametrize(("name", "source"), each_source("portal"))
def test_a_member_without_the_referrer_role_sees_no_control_and_is_refused(
    not_a_referrer, at, head, name, source
):
    placement_request = at(source)
    url = portal_url(PORTAL_URL[name], placement_request.pk)

    page = not_a_referrer.get(portal_url(PORTAL_PAGE[name], placement_request.pk))
    posted = not_a_referrer.post(url, {"why": "Moved away."})

    assert page.status_code == 403
    assert url not in page.text
    assert posted.status_code == 403
    assert "needs the referrer role" in posted.text
    placement_request.refresh_from_db()
    assert placement_request.status == source


@pytest.mark.parametrize(("name", "source"), each_source("portal"))
def test_a_referrer_sees_the_control_and_makes_the_transition(
    referrer_client, at, head, name, source, frozen_today
):
    placement_request = at(source, approved_by=head.user, approved_at=timezone.now())
    url = portal_url(PORTAL_URL[name], placement_request.pk)

    page = referrer_client.get(portal_url(PORTAL_PAGE[name], placement_request.pk)).text
    referrer_client.post(url, {"why": "Moved away.", "meeting": placement_request.meeting_id})

    assert url in page
    placement_request.refresh_from_db()
    assert placement_request.status == workflows.transition_named(PlacementRequest, name).target


def test_a_referrer_sees_no_control_for_what_the_request_s_state_does_not_allow(referrer_client, at):
    decided = at(RequestStatus.DECIDED)
    PanelDecision.objects.filter(request=decided).update(outcome=Outcome.OFFER)
    withdrawn = at(RequestStatus.WITHDRAWN)

    for placement_request in (decided, withdrawn):
        page = referrer_client.get(portal_url("request", placement_request.pk)).text
        assert placement_request.reference in page
        assert portal_url("withdraw", placement_request.pk) not in page
        assert portal_url("ask_again", placement_request.pk) not in page


# --- History recorded before the transitions were declared ----------------------------------------------


def test_history_recorded_before_the_declaration_keeps_its_label(at, staff_user, logged_changes):
    """The data migration renames each old action to its transition's, so the entry keeps a label."""
    migration = importlib.import_module("portal.placements.migrations.0004_status_is_declared")
    placement_request = at(RequestStatus.SUBMITTED)
    workflows.transition_apply(placement_request, "return_for_information", by=staff_user, why="The figures.")
    # As it was recorded then (Wagtail's log() refuses an action no longer registered).
    ModelLogEntry.objects.for_instance(placement_request).update(action="placements.request_returned")

    migration.Migration.operations[-1].code(django_apps, None)

    assert set(migration.RENAMED.values()) <= set(workflows.history_labels(PlacementRequest))
    assert logged_changes(placement_request)[-1][0] == action_of(PlacementRequest, "return_for_information")
    entry = ModelLogEntry.objects.for_instance(placement_request).get()
    assert (entry.message, entry.comment) == (
        "Return for information, from Submitted to Returned for more information",
        "The figures.",
    )
