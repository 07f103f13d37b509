"""What can happen to a record is said once, in its model's declaration (`common.workflows`): templates
never compare a state to a string, each app's staff screens live in its `admin/` package with
`wagtail_hooks.py` keeping the registrations, and every transition offered in the admin has its screen."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from wagtail import hooks
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup

from common import workflows
from common.admin import TransitionView

ROOT = Path(__file__).resolve().parents[2]
PROJECT_FOLDERS = ["bookings", "common", "config", "home", "portal", "services", "templates"]
# `status == "…"`, `status != '…'`, `status in "…"` or a string compared to a status, in a template.
STATUS_COMPARED = re.compile(r"""status\s*(==|!=|\bin\b)\s*["']|["']\s*(==|!=)\s*[\w.]*status\b""")
HOOKS_AT_MOST = 150


def project_files(pattern):
    return sorted(path for folder in PROJECT_FOLDERS for path in (ROOT / folder).rglob(pattern))


def test_the_status_pattern_finds_a_comparison():
    assert STATUS_COMPARED.search('{% if booking.status != "cancelled" %}')
    assert STATUS_COMPARED.search("{% if 'paid' == order.status %}")
    assert not STATUS_COMPARED.search("{% if order.is_held %}{{ order.get_status_display }}")


def test_no_template_compares_a_status_to_a_string():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in project_files("*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if STATUS_COMPARED.search(line)
    ]
    assert found == []


def test_wagtail_hooks_keep_registrations_only():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in project_files("wagtail_hooks.py")
        if (lines := len(path.read_text().splitlines())) > HOOKS_AT_MOST
    }
    assert too_long == {}


def stateful_models():
    return [
        model
        for model in apps.get_models()
        if any(isinstance(field, workflows.StatusField) for field in model._meta.get_fields())
    ]


def registered_model_admins():
    """Every ModelAdmin registered with Wagtail, those inside menu groups included (modeladmin keeps each
    in the closure of the hook that registers its URLs)."""
    found = []
    for register in hooks.get_hooks("register_admin_urls"):
        for cell in register.__closure__ or ():
            owner = cell.cell_contents
            if isinstance(owner, ModelAdmin):
                found.append(owner)
            if isinstance(owner, ModelAdminGroup):
                found.extend(owner.modeladmin_instances)
    return found


def test_each_stateful_record_declares_its_transitions():
    labels = {model._meta.label for model in stateful_models()}
    assert labels >= {"orders.Order", "placements.PlacementRequest", "bookings.SurgeryBooking"}
    for model in stateful_models():
        declared = workflows.declared_transitions(model)
        assert declared, model
        for transition in declared:
            assert transition.custom["label"], (model, transition.name)
            assert callable(transition.permission), (model, transition.name)


@pytest.mark.parametrize("model", stateful_models(), ids=lambda model: model._meta.label)
def test_every_transition_offered_in_the_admin_has_its_screen(model):
    offered = {
        transition.name
        for transition in workflows.declared_transitions(model)
        if transition.custom["offered"].admin
    }
    screens = {
        view_class.transition
        for model_admin in registered_model_admins()
        if model_admin.model is model
        for view_class in getattr(model_admin, "record_actions", {}).values()
        if issubclass(view_class, TransitionView)
    }
    assert offered <= screens
