"""Figures worked out from the records, kept in the shared cache until any record they count changes.

Every entry is stored with the records version it was worked out under, and is served only while that
version is current. Saving or deleting any record the figures read (`SOURCE_MODELS`) swaps the version at
once and again when its transaction commits, as `common.page_cache.purge` does, so figures worked out
meanwhile from the rows as they were are stored under a version nobody reads any more.

Paths that send no model signals call `records_changed()` themselves: the retention run (which anonymises
with `QuerySet.update()`); every migration (`post_migrate`, which every deploy's `migrate` sends, so a
release never serves figures an older one worked out); and a backup restored (`records_replaced`). A
checkout's `bulk_create()` of order lines is in the transaction that saves their order, which swaps the
version when it commits.

A key names the school for one school's figures, so no school is ever given another's. When the cache
cannot be reached the figures are worked out every time, and a save goes ahead without swapping the version
(the portal carries on while Redis is away): an entry is therefore kept ten minutes at most, so a change
the cache missed shows within that time once it is back.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save

from bookings.models import CallbackRequest, SurgeryBooking, SurgerySession, TrainingRequest
from common.page_cache import CACHE_UNREACHABLE
from common.signals import records_replaced
from portal.orders.models import HoursEntry, Order, OrderLine
from portal.schools.models import District, School
from services.models import SupportPackage

logger = logging.getLogger(__name__)

VERSION_KEY = "figures:records-version"
# Every record the outreach figures count or group by: their rows, and the orders, schools, districts and
# packages those rows are joined to.
SOURCE_MODELS = (
    Order,
    OrderLine,
    HoursEntry,
    SurgerySession,
    SurgeryBooking,
    CallbackRequest,
    TrainingRequest,
    School,
    District,
    SupportPackage,
)
SECONDS = 10 * 60


def records_changed():
    """Swap the records version now and again when the current transaction commits."""
    _new_version()
    transaction.on_commit(_new_version)


def _new_version():
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    except CACHE_UNREACHABLE:
        logger.error("The cache cannot be reached: the figures' records version is not swapped.")


def remembered(key, compute):
    """What `compute()` returns, kept under `key` until the records change: one round trip to the cache
    when it holds it, two when it does not."""
    try:
        found = cache.get_many([VERSION_KEY, key])
    except CACHE_UNREACHABLE:
        logger.warning("The cache cannot be reached: %s is worked out without it.", key)
        return compute()
    version = found.get(VERSION_KEY)
    entry = found.get(key)
    if version is not None and entry is not None and entry["version"] == version:
        return entry["value"]
    if version is None:
        # Set before the value is worked out, so that a change meanwhile swaps it.
        version = uuid.uuid4().hex
        if not _unreachable_is_false(cache.add, VERSION_KEY, version, None):
            version = None
    value = compute()
    if version is not None:
        _unreachable_is_false(cache.set, key, {"version": version, "value": value}, SECONDS)
    return value


def _unreachable_is_false(call, *args):
    """`call(*args)`, or False when the cache cannot be reached."""
    try:
        return call(*args)
    except CACHE_UNREACHABLE:
        logger.warning("The cache cannot be reached: figures are not stored.")
        return False


def _changed_receiver(sender, **kwargs):
    records_changed()


def connect_receivers():
    for model in SOURCE_MODELS:
        for signal in (post_save, post_delete):
            signal.connect(_changed_receiver, sender=model, dispatch_uid=f"figures-{model._meta.label}")
    post_migrate.connect(_changed_receiver, dispatch_uid="figures-migrated")
    records_replaced.connect(_changed_receiver, dispatch_uid="figures-records-replaced")
