"""The declared transitions of surgery sessions and bookings, call-backs and training requests: each, from
each state it leaves, applied by `transition_apply` records who, from and to; each one the admin offers
is neither drawn nor opened for staff without its permission; those the portal offers (cancelling a
place, withdrawing training) are neither shown nor taken by a member who may not."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.admin.advice import CallbackRequestAdmin
from bookings.admin.sessions import SurgerySessionAdmin
from bookings.admin.training import TrainingRequestAdmin
from bookings.factories import (
    CallbackRequestFactory,
    SurgeryBookingFactory,
    SurgerySessionFactory,
    TrainingRequestFactory,
)
from bookings.models import CallbackRequest, SurgeryBooking, SurgerySession, TrainingRequest
from bookings.services import surgeries
from common import workflows
from portal.schools.factories import MembershipFactory
from portal.schools.models import Role
from tests.bookings.conftest import days_from_today
from tests.workflows import offered, refused_by_admin, staff_with

pytestmark = pytest.mark.django_db

MODELS = [SurgerySession, SurgeryBooking, CallbackRequest, TrainingRequest]
ADMINS = {
    SurgerySession: SurgerySessionAdmin,
    CallbackRequest: CallbackRequestAdmin,
    TrainingRequest: TrainingRequestAdmin,
}


def record_in(model, status):
    """A record of `model` in `status`, ready for any transition that leaves it."""
    if model is SurgerySession:
        return SurgerySessionFactory(status=status, theme="Workflows")
    if model is SurgeryBooking:
        confirmed_at = None if status == "waiting" else timezone.now()
        return SurgeryBookingFactory(status=status, confirmed_at=confirmed_at)
    if model is CallbackRequest:
        return CallbackRequestFactory(status=status)
    if status == "requested":
        return TrainingRequestFactory()
    return TrainingRequestFactory(agreed=True, status=status)


def allowed_actor(record, name, staff_user):
    """Someone the declaration lets make transition `name` of `record`: the system for a promotion, an
    administrator at the school for a school's cancellation, otherwise a member of staff."""
    if name == "promote":
        return None
    if (isinstance(record, SurgeryBooking) and name == "cancel") or name == "withdraw":
        return MembershipFactory(school=record.school, roles=[Role.ADMINISTRATOR])
    return staff_user


# What each transition needs, as its service passes it.
NEEDS = {
    (SurgerySession, "cancel"): {"why": "Snow."},
    (SurgeryBooking, "cancel_with_session"): {"why": "The surgery was cancelled: Snow."},
    (CallbackRequest, "close"): {
        "changes": {
            "called_by": "Specialist teacher",
            "called_at": timezone.now(),
            "duration_minutes": 20,
            "advice": "A safe space and a signal.",
        }
    },
    (TrainingRequest, "agree"): {
        "changes": {
            "trainer": "Specialist teacher",
            "agreed_date": days_from_today(30),
            "agreed_price_pence": 1,
        }
    },
    (TrainingRequest, "decline"): {"why": "No trainer is free."},
    (TrainingRequest, "cancel"): {"why": "The trainer is ill."},
}


def every_transition():
    return [
        pytest.param(
            model, declared.name, declared.source, id=f"{model.__name__}.{declared.name}<-{declared.source}"
        )
        for model in MODELS
        for declared in workflows.declared_transitions(model)
    ]


@pytest.mark.parametrize(("model", "name", "source"), every_transition())
def test_every_transition_from_every_state_is_recorded_with_who_from_and_to(
    model, name, source, staff_user, logged_changes
):
    record = record_in(model, source)
    actor = allowed_actor(record, name, staff_user)
    before = record.get_status_display()

    changed = workflows.transition_apply(record, name, by=actor, **NEEDS.get((model, name), {}))

    assert model.objects.get(pk=record.pk).status == workflows.transition_named(model, name).target
    action, who, data = logged_changes(changed)[-1]
    assert (action, who) == (workflows.action_of(model, name), workflows.user_of(actor))
    assert (data["from"], data["to"]) == (before, changed.get_status_display())


def test_every_transition_has_a_history_label():
    for model in MODELS:
        labels = workflows.history_labels(model)
        assert set(labels) == {
            workflows.action_of(model, declared.name) for declared in workflows.declared_transitions(model)
        }


# --- The admin --------------------------------------------------------------------------------------------


def admin_transitions():
    """(model, transition, its record action's URL name) for each transition the admin offers."""
    found = []
    for model, model_admin in ADMINS.items():
        actions = {view.transition: action for action, view in model_admin.record_actions.items()}
        for declared in offered(model, "admin"):
            found.append(
                pytest.param(
                    model, declared.name, actions[declared.name], id=f"{model.__name__}.{declared.name}"
                )
            )
    return found


def test_every_transition_the_admin_offers_has_a_screen():
    in_the_admin = {(model, declared.name) for model in MODELS for declared in offered(model, "admin")}
    assert in_the_admin == {param.values[:2] for param in admin_transitions()}


def admin_record(model, name):
    """A record the transition can be made of now (attendance: agreed for today, so already taken place)."""
    source = workflows.transition_named(model, name).source
    return record_in(model, source)


@pytest.fixture
def office_client(client, settings):
    """`office_client(model)`: a member of staff who may open the admin and see `model`'s records, but
    may change none of them."""
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False

    def sign_in(model):
        client.force_login(staff_with(f"bookings.view_{model._meta.model_name}"))
        return client

    return sign_in


def index_url(model):
    return reverse(f"bookings_{model._meta.model_name}_modeladmin_index")


def action_url(model, action, record):
    return reverse(f"bookings_{model._meta.model_name}_modeladmin_{action}", args=[record.pk])


@pytest.mark.parametrize(("model", "name", "action"), admin_transitions())
def test_staff_without_the_permission_see_no_button_and_are_refused_by_url(
    office_client, model, name, action
):
    record = admin_record(model, name)
    client = office_client(model)

    index = client.get(index_url(model))
    opened = client.get(action_url(model, action, record))
    posted = client.post(action_url(model, action, record), {})

    assert index.status_code == 200
    assert getattr(record, "reference", "Workflows") in index.text  # listed, without the button
    assert action_url(model, action, record) not in index.text
    assert refused_by_admin(opened)
    assert refused_by_admin(posted)
    record.refresh_from_db()
    assert record.status == workflows.transition_named(model, name).source


@pytest.mark.parametrize(("model", "name", "action"), admin_transitions())
def test_staff_with_the_permission_see_the_button(staff_client, model, name, action):
    record = admin_record(model, name)

    index = staff_client.get(index_url(model))
    opened = staff_client.get(action_url(model, action, record))

    assert action_url(model, action, record) in index.text
    assert opened.status_code == 200
    assert workflows.transition_named(model, name).custom["label"] in index.text


def test_attendance_at_training_is_offered_only_once_it_has_taken_place(staff_client):
    later = TrainingRequestFactory(agreed=True, agreed_date=days_from_today(3))

    index = staff_client.get(index_url(TrainingRequest)).text

    assert action_url(TrainingRequest, "attendance", later) not in index
    # Staff who may record attendance are sent back to the list, told it cannot be done yet.
    response = staff_client.get(action_url(TrainingRequest, "attendance", later))
    assert (response.status_code, response.url) == (302, index_url(TrainingRequest))


def test_a_cancelled_session_offers_no_cancelling(staff_client, staff_user, session):
    surgeries.session_cancel(session=session, user=staff_user, reason="Snow.")

    index = staff_client.get(index_url(SurgerySession)).text

    assert action_url(SurgerySession, "cancel", session) not in index
    response = staff_client.get(action_url(SurgerySession, "cancel", session), follow=True)
    assert response.redirect_chain == [(index_url(SurgerySession), 302)]
    assert "already cancelled" in response.text


# --- The portal -------------------------------------------------------------------------------------------

PORTAL_URLS = {
    (SurgeryBooking, "cancel"): "bookings:cancel",
    (TrainingRequest, "withdraw"): "bookings:training_withdraw",
}


def test_every_transition_the_portal_offers_has_a_page():
    in_the_portal = {(model, declared.name) for model in MODELS for declared in offered(model, "portal")}
    assert in_the_portal == set(PORTAL_URLS)


@pytest.mark.parametrize("who", ["teacher", "colleague", "admin"])
def test_cancelling_a_place_is_offered_to_the_booker_the_attendee_and_an_administrator(
    riverside, session, signed_in, who
):
    booking = surgeries.booking_create(
        membership=riverside.teacher, session=session, attendee=riverside.colleague.user
    )

    page = signed_in(getattr(riverside, who)).get(reverse("bookings:booking", args=[booking.pk])).text

    assert reverse(PORTAL_URLS[(SurgeryBooking, "cancel")], args=[booking.pk]) in page


def test_a_member_who_may_not_cancel_sees_no_control_and_is_refused(riverside, session, signed_in):
    booking = surgeries.booking_create(
        membership=riverside.teacher, session=session, attendee=riverside.teacher.user
    )
    client = signed_in(riverside.colleague)
    cancel_url = reverse(PORTAL_URLS[(SurgeryBooking, "cancel")], args=[booking.pk])

    page = client.get(reverse("bookings:booking", args=[booking.pk])).text
    refused = client.post(cancel_url)

    assert cancel_url not in page
    assert refused.status_code == 400
    assert surgeries.CANCEL_NOT_ALLOWED in refused.text
    booking.refresh_from_db()
    assert booking.is_confirmed


def test_a_cancelled_place_offers_no_cancelling(riverside, session, signed_in):
    booking = surgeries.booking_create(
        membership=riverside.teacher, session=session, attendee=riverside.teacher.user
    )
    surgeries.booking_cancel(booking=booking, membership=riverside.teacher)

    page = signed_in(riverside.teacher).get(reverse("bookings:booking", args=[booking.pk])).text

    assert reverse("bookings:cancel", args=[booking.pk]) not in page
