"""Test helpers for declared workflows: staff with just the permissions given, the transitions offered in
the admin or the portal, the audit history a record keeps, and the check that every transition a record
offers in the admin is guarded by its declaration."""

from django.contrib.auth.models import Permission
from django.test import override_settings
from django.urls import reverse
from wagtail.models import ModelLogEntry

from common import workflows
from common.admin import TransitionView
from portal.users.factories import VerifiedUserFactory
from tests.config.test_declared_workflows import registered_model_admins


def staff_with(*permissions):
    """A member of staff who may use the admin and holds `permissions` ("app_label.codename") only."""
    user = VerifiedUserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def offered(model, where):
    """The declared transitions of `model` offered `where` ("admin" or "portal"), one per source state."""
    return [
        declared
        for declared in workflows.declared_transitions(model)
        if getattr(declared.custom["offered"], where)
    ]


def logged_changes(record):
    """(action, who, data) of each change logged on `record`, oldest first."""
    return [
        (entry.action, entry.user, entry.data)
        for entry in ModelLogEntry.objects.for_instance(record).order_by("timestamp", "pk")
    ]


def refused_by_admin(response):
    """Whether the admin turned the person away: wagtail-modeladmin raises PermissionDenied for an action
    they may not take, and Wagtail's admin answers it by sending them to the dashboard with a message."""
    return (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))


def admin_transition_screens(model):
    """(ModelAdmin, action, view class) of each admin screen that makes a declared transition of `model`."""
    return [
        (model_admin, action, view_class)
        for model_admin in registered_model_admins()
        if model_admin.model is model
        for action, view_class in model_admin.record_actions.items()
        if issubclass(view_class, TransitionView)
    ]


@override_settings(PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA=False)
def check_admin_transitions_are_guarded(client, *, model, make_record):
    """For every transition of `model` offered in the admin, from each state it leaves: staff holding the
    permission its declaration names see its button on the record's page and may open its screen; staff
    without it see no button and are refused its screen by URL. `make_record(status)` builds a record in
    that state. Returns how many (transition, state) pairs were checked. (Two-factor sign-in has tests of
    its own, so the rule is off here.)"""
    checked = 0
    for model_admin, action, view_class in admin_transition_screens(model):
        for declared in workflows.declared_transitions(model):
            if declared.name != view_class.transition:
                continue
            permissions = getattr(declared.permission, "permissions", ())
            assert permissions, (
                f"{model.__name__}.{declared.name} is offered in the admin to no staff permission"
            )
            record = make_record(declared.source)
            action_url = model_admin.url_helper.get_action_url(action, record.pk)
            record_page = model_admin.url_helper.get_action_url(
                "inspect" if model_admin.inspect_view_enabled else "index",
                *([record.pk] if model_admin.inspect_view_enabled else []),
            )

            client.force_login(staff_with(*permissions))
            assert action_url in client.get(record_page).text, (declared.name, declared.source)
            assert client.get(action_url).status_code == 200, (declared.name, declared.source)

            client.force_login(staff_with())
            assert action_url not in client.get(record_page).text, (declared.name, declared.source)
            assert refused_by_admin(client.get(action_url)), (declared.name, declared.source)
            checked += 1
    return checked
