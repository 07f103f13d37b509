"""Gapless numbers for orders, invoices and credit notes.

A number is taken by locking its sequence's row (SELECT ... FOR UPDATE) and incrementing it inside the
transaction that saves the document. Two invoices issued at once queue on the row; a transaction that
rolls back gives its number back with everything else, so the numbers run 1, 2, 3 with no gap.
"""

from django.db import transaction

from portal.orders.models import NumberSequence

ORDER = "order"
INVOICE = "invoice"
CREDIT_NOTE = "credit_note"


def next_number(name) -> int:
    """The next number of sequence `name`. Call it inside the transaction that saves the document."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Take a document number inside the transaction that saves the document.")
    # The first document of a kind creates its row; a racing first one finds it there.
    NumberSequence.objects.bulk_create([NumberSequence(name=name)], ignore_conflicts=True)
    sequence = NumberSequence.objects.select_for_update().get(name=name)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number
