"""Signals a lower layer sends for the layers above it to act on."""

from django.dispatch import Signal

# Sent once every record has been replaced at once (a backup restored): whatever was worked out from the
# records before (figures kept in the cache) no longer holds.
records_replaced = Signal()
