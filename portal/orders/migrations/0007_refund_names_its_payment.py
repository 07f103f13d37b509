# A separate migration from the one that fills the column: PostgreSQL will not alter a table with
# deferred foreign-key checks still pending from the same transaction.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0006_refunds_ledger"),
    ]

    operations = [
        migrations.AlterField(
            model_name="refund",
            name="card_payment",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="refunds", to="orders.cardpayment"
            ),
        ),
    ]
