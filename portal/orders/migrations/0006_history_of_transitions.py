"""The history of orders recorded before their transitions were declared keeps its labels and reasons:
each entry's action becomes the declared transition's (`common.workflows.action_of`). "Paid" was one
action for both ways of paying, and "cancelled" for both ways of cancelling: the order tells which."""

from django.db import migrations

PAID = "orders.order_paid"
CANCELLED = "orders.order_cancelled"


def forwards(apps, schema_editor):
    entries = apps.get_model("wagtailcore", "ModelLogEntry").objects
    orders = apps.get_model("orders", "Order").objects
    card_orders = {str(pk) for pk in orders.filter(payment_method="card").values_list("pk", flat=True)}
    invoiced = {str(pk) for pk in orders.filter(invoice__isnull=False).values_list("pk", flat=True)}
    for entry in entries.filter(action__in=[PAID, CANCELLED]):
        if entry.action == PAID:
            entry.action = "orders.order_card_paid" if entry.object_id in card_orders else "orders.order_mark_paid"
        else:
            entry.action = (
                "orders.order_cancel_with_credit_note"
                if entry.object_id in invoiced
                else "orders.order_cancel_unpaid"
            )
        entry.save(update_fields=["action"])


def backwards(apps, schema_editor):
    entries = apps.get_model("wagtailcore", "ModelLogEntry").objects
    entries.filter(action__in=["orders.order_card_paid", "orders.order_mark_paid"]).update(action=PAID)
    entries.filter(
        action__in=["orders.order_cancel_with_credit_note", "orders.order_cancel_unpaid"]
    ).update(action=CANCELLED)


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0005_status_is_declared"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
