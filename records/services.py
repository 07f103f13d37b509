"""The retention run, and placing and releasing legal holds.

`retention_run` applies `records.periods` through `records.rules`: each kind in its own transaction and
each record in its own savepoint, locked and read again before it is touched, so a failure loses only
that record (the run notes the kind, the record's number and the error's class) and a run that meets a
record already dealt with (anonymised, or gone) leaves it alone. A record under a legal hold is never
touched: the run says it kept it. What a run records names the kind and the record's number, never the
child.
"""

import logging

from django.db import transaction
from django.utils import timezone

from common.audit import record_change
from common.errors import DomainError
from figures import cache as figures_cache
from records.models import LegalHold, Outcome, RetentionAction, RetentionRun
from records.rules import RULES, rule_for_model

logger = logging.getLogger(__name__)

HOLD_PLACED = "records.legal_hold_placed"
HOLD_RELEASED = "records.legal_hold_released"
CHANGE_LABELS = {HOLD_PLACED: "Legal hold placed", HOLD_RELEASED: "Legal hold released"}

HOLD_REASON_REQUIRED = "Enter why the record must be kept."
RELEASE_REASON_REQUIRED = "Enter why the record no longer needs to be kept."
ALREADY_HELD = "{reference} is already under a legal hold."
ALREADY_RELEASED = "This legal hold has already been released."
NOT_A_KEPT_KIND = "Records of this kind are not deleted or anonymised, so they need no legal hold."


def retention_run(*, today) -> RetentionRun:
    run = RetentionRun.objects.create(today=today)
    for rule in RULES.values():
        try:
            with transaction.atomic():
                # Anonymising updates rows in bulk, which tells the cached figures nothing.
                figures_cache.records_changed()
                _sweep(rule, run=run, today=today)
        except Exception as error:
            _note_failure(run, rule.kind, None, error)
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at", "failures"])
    return run


def _is_held(rule, pk) -> bool:
    return LegalHold.active.filter(content_type=rule.content_type, object_id=pk).exists()


def _sweep(rule, *, run, today):
    for pk in list(rule.due_by(today).values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                # Locked, then read again: another run, or a change since, may have dealt with it.
                rule.model.objects.select_for_update().filter(pk=pk).first()
                record = rule.due_by(today).filter(pk=pk).first()
                if record is None:
                    continue
                if _is_held(rule, pk):
                    outcome = Outcome.HELD
                else:
                    rule.dispose(record)
                    outcome = rule.outcome
                RetentionAction.objects.create(
                    run=run,
                    kind=rule.kind,
                    record_pk=pk,
                    outcome=outcome,
                    period=rule.period.description,
                    due_on=rule.goes_on(record),
                )
        except Exception as error:
            _note_failure(run, rule.kind, pk, error)


def _note_failure(run, kind, pk, error):
    # The error's class only: its message may quote the record's values.
    logger.error(
        "Retention of %s %s failed: %s", kind, pk if pk is not None else "(all)", type(error).__name__
    )
    run.failures.append({"kind": kind, "record_pk": pk, "error": type(error).__name__})


def _reason(reason, message):
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(message, field="reason")
    return reason


@transaction.atomic
def legal_hold_place(*, record, reason, placed_by) -> LegalHold:
    """Keep `record` out of every retention run until the hold is released."""
    rule = rule_for_model(type(record))
    if rule is None:
        raise DomainError(NOT_A_KEPT_KIND)
    reason = _reason(reason, HOLD_REASON_REQUIRED)
    # The record's row is locked as a run locks it, so a run and a hold never cross.
    type(record).objects.select_for_update().filter(pk=record.pk).first()
    if _is_held(rule, record.pk):
        raise DomainError(ALREADY_HELD.format(reference=rule.reference(record)))
    hold = LegalHold.objects.create(
        content_type=rule.content_type, object_id=record.pk, reason=reason, placed_by=placed_by
    )
    record_change(instance=record, action=HOLD_PLACED, user=placed_by, why=reason)
    return hold


@transaction.atomic
def legal_hold_release(*, hold, reason, released_by) -> LegalHold:
    """The record goes back to its retention period: the next run deletes or anonymises it if it is due."""
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if not hold.is_active:
        raise DomainError(ALREADY_RELEASED)
    hold.release_reason = _reason(reason, RELEASE_REASON_REQUIRED)
    hold.released_at = timezone.now()
    hold.released_by = released_by
    hold.save(update_fields=["release_reason", "released_at", "released_by"])
    if hold.record is not None:
        record_change(instance=hold.record, action=HOLD_RELEASED, user=released_by, why=hold.release_reason)
    return hold
