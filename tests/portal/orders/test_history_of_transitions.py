"""Order history recorded before the transitions were declared ("paid", "cancelled") is given the declared
transition's action by its migration, told apart by the order: paid by card or marked paid, cancelled
with a credit note or cancelled unpaid."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from wagtail.models import ModelLogEntry

from common.workflows import action_of
from portal.orders.factories import InvoiceFactory, OrderFactory
from portal.orders.models import Order, OrderStatus, PaymentMethod

pytestmark = pytest.mark.django_db

migration = importlib.import_module("portal.orders.migrations.0005_status_is_declared")


def recorded_as(order, old_action):
    # As it was recorded then (saving through Wagtail refuses an action no longer registered).
    [entry] = ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=ContentType.objects.get_for_model(Order),
                object_id=str(order.pk),
                label=str(order),
                action=old_action,
                timestamp=order.placed_at,
                data={"from": "Invoiced, awaiting payment", "to": "Paid"},
            )
        ]
    )
    return entry


def test_old_paid_and_cancelled_entries_take_their_transition_s_action():
    card = OrderFactory(status=OrderStatus.PAID, payment_method=PaymentMethod.CARD)
    invoice = OrderFactory(status=OrderStatus.PAID)
    credit_noted = OrderFactory(status=OrderStatus.CANCELLED)
    InvoiceFactory(order=credit_noted)
    unpaid = OrderFactory(status=OrderStatus.CANCELLED, payment_method=PaymentMethod.CARD)
    entries = {
        "card": recorded_as(card, migration.PAID),
        "invoice": recorded_as(invoice, migration.PAID),
        "credit noted": recorded_as(credit_noted, migration.CANCELLED),
        "unpaid": recorded_as(unpaid, migration.CANCELLED),
    }

    migration.Migration.operations[-1].code(django_apps, None)

    assert {name: ModelLogEntry.objects.get(pk=entry.pk).action for name, entry in entries.items()} == {
        "card": action_of(Order, "card_paid"),
        "invoice": action_of(Order, "mark_paid"),
        "credit noted": action_of(Order, "cancel_with_credit_note"),
        "unpaid": action_of(Order, "cancel_unpaid"),
    }
    migration.Migration.operations[-1].reverse_code(django_apps, None)
    assert set(ModelLogEntry.objects.values_list("action", flat=True)) == {
        migration.PAID,
        migration.CANCELLED,
    }
