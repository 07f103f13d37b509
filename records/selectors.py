"""What staff see of retention: the records the coming runs will delete or anonymise, the legal holds in
force and the past runs."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from records.models import LegalHold, Outcome, RetentionRun
from records.periods import RetentionPeriod
from records.rules import RULES, rule_for_model


@dataclass(frozen=True)
class DueRecord:
    kind: str
    period: RetentionPeriod
    pk: int
    reference: str
    goes_on: datetime.date


def due_within(*, today, days=30) -> list[DueRecord]:
    """The records a run will delete or anonymise by `days` from `today`, soonest first (one already due
    goes at the next run, today). A record under a legal hold is not among them."""
    due = []
    for kind, rule in RULES.items():
        held = LegalHold.active.filter(content_type=rule.content_type).values("object_id")
        for record in rule.due_by(today + datetime.timedelta(days=days)).exclude(pk__in=held):
            due.append(
                DueRecord(
                    kind=kind,
                    period=rule.period,
                    pk=record.pk,
                    reference=rule.reference(record),
                    goes_on=max(rule.goes_on(record), today),
                )
            )
    return sorted(due, key=lambda record: (record.goes_on, record.kind, record.pk))


@dataclass(frozen=True)
class HeldRecord:
    hold: LegalHold
    period: RetentionPeriod
    reference: str


def held_record(hold) -> HeldRecord:
    rule = rule_for_model(hold.content_type.model_class())
    record = hold.record
    reference = rule.reference(record) if record is not None else f"Record {hold.object_id}, since deleted"
    return HeldRecord(hold=hold, period=rule.period, reference=reference)


def holds_in_force() -> list[HeldRecord]:
    return [held_record(hold) for hold in LegalHold.active.select_related("content_type", "placed_by")]


def record_of(*, kind, pk):
    """The record of `kind` numbered `pk`, or None (also for a kind no rule covers)."""
    rule = RULES.get(kind)
    return rule.model.objects.filter(pk=pk).first() if rule is not None else None


def retention_runs():
    """Past runs, latest first, with how many records each deleted, anonymised and kept under a hold."""
    return RetentionRun.objects.annotate(
        **{
            outcome.value: Count("actions", filter=Q(actions__outcome=outcome))
            for outcome in (Outcome.DELETED, Outcome.ANONYMISED, Outcome.HELD)
        }
    )
