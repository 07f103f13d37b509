"""A model that migrations render has a state field without django-fsm's transitions: each rendered field
used to leave a listener behind that ran for every model class made after it."""

from django.apps import apps
from django.db.migrations.state import ProjectState
from django.db.models.signals import class_prepared

from common.workflows import StatusField


def state_fields(registry):
    return [
        field
        for model in registry.get_models()
        for field in model._meta.local_fields
        if isinstance(field, StatusField)
    ]


def test_rendering_the_models_for_a_migration_adds_no_listener():
    listeners = len(class_prepared.receivers)

    rendered = ProjectState.from_apps(apps).apps

    assert state_fields(rendered)
    assert len(class_prepared.receivers) == listeners


def test_the_site_s_own_models_keep_their_transitions():
    assert all(field.transitions for field in state_fields(apps))
