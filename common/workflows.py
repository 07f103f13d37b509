"""What can happen to a record, said once: declared workflows, and the one function that applies them.

A record with states keeps its state in a `StatusField` and declares each transition on its model with
`@workflows.transition(...)`: the states it leaves from, the state it reaches, who may make it, its
label, and what it needs (a reason, a payment reference...). The declaration is django-fsm-2's: the
field is protected, so assigning a state by hand raises; only a declared transition moves it.

Who may is a predicate of the record and the actor. The actor is a staff user (in the admin), a
school membership (in the portal: the person acting for that school), or None (the system: a webhook,
a scheduled task). `staff`, `school` and `system` build the common predicates; `either` joins them.

`transition_apply` is the one way a state changes: it locks the row, checks the transition is allowed
from the current state and for this actor, sets the state and any other fields the change brings, records
who, when, from, to and why with `common.audit`, and queues the notifications for after the commit.
Each domain keeps one service function per transition (named for what happens) that calls it.

The admin's buttons (`common.admin`) and the portal's templates (`allowed_transitions`) ask the
declaration what the person may do now; they never compare a state to a string.
"""

from dataclasses import dataclass
from functools import partial

import django_fsm
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.signals import class_prepared
from django_fsm import FSMField, can_proceed, has_transition_perm
from django_fsm import transition as fsm_transition

from common.audit import record_change
from common.errors import DomainError

__all__ = ["FSMModelMixin", "StatusField", "transition", "transition_apply"]

NOT_NOW = "{record} is {status}, so “{label}” cannot be done now."
NOT_A_TRANSITION = "{model} has no transition named {name}."


class StatusField(FSMField):
    """A record's state: changed only by a declared transition (assigning it by hand raises)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("protected", True)
        super().__init__(*args, **kwargs)

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        if cls._meta.apps is not django_apps:
            # A model rendered by migrations has no transitions to collect. django-fsm listens for every
            # class made after each such field, and migrations render thousands: a fifth of a migrate's time.
            class_prepared.disconnect(self._collect_transitions)


class FSMModelMixin(django_fsm.FSMModelMixin):
    """For a model with a `StatusField`: it can be read again from the database (`refresh_from_db`) and
    validated (`full_clean`) although its state cannot be assigned."""

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ())
        # Django's cleaning assigns each field its cleaned value, which a protected state refuses: the
        # state is checked against its choices without being assigned.
        super().clean_fields(exclude=exclude | {"status"})
        if "status" not in exclude:
            try:
                self._meta.get_field("status").clean(self.status, self)
            except ValidationError as error:
                raise ValidationError({"status": error.error_list}) from error


@dataclass(frozen=True)
class Offered:
    """Where a transition is offered to people: the staff admin, the school portal, or neither (only the
    system makes it)."""

    admin: bool = False
    portal: bool = False

    def __or__(self, other):
        return Offered(admin=self.admin or other.admin, portal=self.portal or other.portal)


ADMIN = Offered(admin=True)
PORTAL = Offered(portal=True)
NOWHERE = Offered()

OFFERED_UNSAID = "Say where {name} is offered (offered=...): its `allowed` does not tell."


def transition(*, source, target, label, allowed, needs=None, offered=None, danger=False, refused=NOT_NOW):
    """Declare a model method as a transition of its `status`.

    `allowed` says who may make it (see "Who may" below); where it is `offered` follows from that (staff
    in the admin, a school in the portal, the system nowhere) unless said. `needs` maps what the change
    needs to the message shown when it is missing: "why" (the reason, recorded on the history) or the
    name of a field the change sets. `refused` is the message when the record is not in a state it
    leaves from (with `{record}`, `{status}` and `{label}`). `danger` draws its button as a destructive
    one.
    """
    offered = offered or getattr(allowed, "offered", None)

    def declare(method):
        if offered is None:
            raise TypeError(OFFERED_UNSAID.format(name=method.__qualname__))
        return fsm_transition(
            field="status",
            source=source,
            target=target,
            permission=allowed,
            custom={
                "label": label,
                "needs": dict(needs or {}),
                "offered": offered,
                "danger": danger,
                "refused": refused,
            },
        )(method)

    return declare


# --- Who may --------------------------------------------------------------------------------------------


def staff(permission):
    """A member of the unit's staff holding the Django `permission` (such as "orders.change_order")."""

    def allowed(record, actor):
        return actor is not None and hasattr(actor, "has_perm") and actor.has_perm(permission)

    allowed.__doc__ = f"staff with {permission}"
    allowed.permissions = (permission,)
    allowed.offered = ADMIN
    return allowed


def school(role):
    """A person acting for the record's school whose membership has `role` (a flag or property of
    `portal.schools.models.Membership`, such as "can_buy")."""

    def allowed(record, actor):
        return (
            actor is not None
            and getattr(actor, "school_id", None) == record.school_id
            and bool(getattr(actor, role, False))
        )

    allowed.__doc__ = f"the school's {role}"
    allowed.offered = PORTAL
    return allowed


def system(record, actor):
    """Only the system (a webhook, a scheduled task), never a person."""
    return actor is None


system.offered = NOWHERE


def either(*predicates):
    """Whoever any of `predicates` allows; offered wherever any of them is."""

    def allowed(record, actor):
        return any(predicate(record, actor) for predicate in predicates)

    allowed.__doc__ = " or ".join(predicate.__doc__ or predicate.__name__ for predicate in predicates)
    allowed.permissions = tuple(
        permission for predicate in predicates for permission in getattr(predicate, "permissions", ())
    )
    allowed.offered = NOWHERE
    for predicate in predicates:
        allowed.offered |= getattr(predicate, "offered", NOWHERE)
    return allowed


# --- Reading the declaration ----------------------------------------------------------------------------


def _in_declared_order(transitions):
    # django-fsm-2 lists them by name; people read them in the order the model declares them.
    return sorted(transitions, key=lambda declared: declared.method.__code__.co_firstlineno)


def declared_transitions(model):
    """Every declared transition of `model`: one entry per source state (django-fsm-2's `Transition`,
    with `name`, `source`, `target`, `permission` and our `custom`)."""
    return _in_declared_order(model._meta.get_field("status").get_all_transitions(model))


def transition_named(model, name):
    for declared in declared_transitions(model):
        if declared.name == name:
            return declared
    raise ValueError(NOT_A_TRANSITION.format(model=model.__name__, name=name))


def action_of(model, name):
    """The audit action a transition is recorded under, such as "orders.order_mark_paid"."""
    return f"{model._meta.app_label}.{model._meta.model_name}_{name}"


def history_labels(model):
    """`action: label` of each transition of `model`, for `common.audit.register_changes`."""
    return {
        action_of(model, declared.name): declared.custom["label"] for declared in declared_transitions(model)
    }


def permitted(record, name, actor) -> bool:
    """Whether the declaration lets `actor` make the transition `name` of `record`, whatever its state
    now: the guard of the transition's screen, so that someone whose page went stale is told on the form
    why the change cannot be made, rather than turned away as if they had no right to."""
    return transition_named(type(record), name).permission(record, actor)


def refusal(record, name) -> str:
    """Why the transition `name` cannot be made of `record` in its state now: its declared message."""
    declared = transition_named(type(record), name)
    return declared.custom["refused"].format(
        record=record, status=record.get_status_display().lower(), label=declared.custom["label"]
    )


def may_leave(record, name) -> bool:
    """Whether `record`'s state now is one the transition `name` leaves from."""
    return can_proceed(getattr(record, name), check_conditions=False)


def may(record, name, actor) -> bool:
    """Whether `actor` may make the transition `name` of `record` now (its state and their rights)."""
    method = getattr(record, name)
    return can_proceed(method) and has_transition_perm(method, actor)


def allowed_transitions(record, actor, *, where):
    """The transitions `actor` may make of `record` now, offered `where` ("admin" or "portal"): what the
    buttons are drawn from."""
    return _in_declared_order(
        declared
        for declared in record.get_available_user_status_transitions(actor)
        if getattr(declared.custom["offered"], where)
    )


# --- Applying one -----------------------------------------------------------------------------------------


def user_of(actor):
    """The person behind an actor: a membership's person, a staff user, or None for the system."""
    return getattr(actor, "user", actor)


def _check_needs(declared, *, why, changes):
    for need, message in declared.custom["needs"].items():
        value = why if need == "why" else changes.get(need)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise DomainError(message, field=need)


@transaction.atomic
def transition_apply(record, name, *, by, why="", about="", changes=None, check=None, notify=None):
    """Make the transition `name` of `record`, by `by` (a staff user, a school membership, or None for
    the system), and return the record as it now is.

    The row is locked and read again, so two people acting at once cannot both make a change from one
    state. Refused with a `DomainError` when the record is not in a state the transition leaves from
    or lacks what it needs, with `PermissionDenied` when `by` may not make it. `check(record)` runs on
    the locked row for the domain's own rules (raising a `DomainError`); `changes` are the other fields
    the transition sets; `notify(record)` runs once the change is committed.
    """
    changes = dict(changes or {})
    model = type(record)
    record = model._default_manager.select_for_update().get(pk=record.pk)
    method = getattr(record, name, None)
    if not hasattr(method, "_django_fsm"):
        raise ValueError(NOT_A_TRANSITION.format(model=model.__name__, name=name))
    declared = transition_named(model, name)
    if not can_proceed(method):
        raise DomainError(refusal(record, name))
    if not has_transition_perm(method, by):
        raise PermissionDenied
    _check_needs(declared, why=why, changes=changes)
    if check is not None:
        check(record)
    before = record.get_status_display()
    method()
    for field, value in changes.items():
        setattr(record, field, value)
    record.save(update_fields=["status", *changes])
    record_change(
        instance=record,
        action=action_of(model, name),
        user=user_of(by),
        from_=before,
        to=record.get_status_display(),
        about=about,
        why=(why or "").strip(),
    )
    if notify is not None:
        transaction.on_commit(partial(notify, record))
    return record
