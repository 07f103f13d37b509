"""For each kind of record in `records.periods` that exists in the site: which records count down, from
which date, how staff know one (its reference), and how one is deleted or anonymised.

A rule's `running()` is every record whose period counts, annotated with `retention_clock`, the date or
moment it counts from; `due_by(day)` narrows it to those whose period has ended by `day`. `dispose`
deletes or anonymises one record (with what hangs off it, its stored files after the commit, and its
history in the admin: deleted with it, or kept with only its changes of state). The sweep, the holds and
the staff's list all go through `RULES`: a new kind (placements, attendance) is one more rule there.
"""

import datetime
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models import F, Max
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone
from wagtail.models import ModelLogEntry

from bookings.models import CallbackRequest, SurgeryBooking, TrainingRequest
from common.financial_years import FinancialYear
from portal.orders.models import CardPayment, CreditNote, HoursEntry, Invoice, Order, OrderLine, Refund
from portal.placements.models import (
    AgreedAction,
    PanelDecision,
    Placement,
    PlacementDate,
    PlacementReport,
    PlacementRequest,
    RequestAccess,
    SupportingDocument,
)
from portal.placements.models.placements import LIVE_STATUSES
from portal.placements.models.requests import RequestStatus
from portal.placements.services.mapp import ACTION_DONE
from records.models import Outcome, RetentionAction
from records.periods import PERIODS, AtTheEnd

# What an anonymised record's history keeps: its changes of state, never what they were about or why.
HISTORY_KEPT = ("from", "to")


def blank_value(field):
    if field.null:
        return None
    if field.has_default():
        return field.get_default()
    if isinstance(field, models.CharField | models.TextField):
        return ""
    raise ImproperlyConfigured(f"Say what {field.model.__name__}.{field.name} keeps when anonymised.")


def cleared(model, names):
    """The update that empties the fields `names` of `model`."""
    return {name: blank_value(model._meta.get_field(name)) for name in names}


def cleared_except(model, kept):
    """The update that empties every field of `model` but those `kept`: a field added later is cleared
    unless someone decides it may stay."""
    return cleared(
        model,
        [
            field.name
            for field in model._meta.concrete_fields
            if not field.primary_key and field.name not in kept
        ],
    )


def history_of(model, pks):
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        object_id__in=[str(pk) for pk in pks],
    )


def forget_history(model, pks):
    history_of(model, pks).delete()


def scrub_history(model, pk, *, label):
    """Keep the record's history as changes of state under `label`, without who or what they were about
    (a document's name, a pupil's initials) or why."""
    for entry in history_of(model, [pk]):
        entry.label = label
        entry.data = {key: value for key, value in (entry.data or {}).items() if key in HISTORY_KEPT}
        entry.save(update_fields=["label", "data"])


def delete_files_after_commit(field_files):
    """Stored files go once the deletion is committed, so a rolled-back deletion keeps its files."""
    for field_file in field_files:
        if field_file:
            transaction.on_commit(partial(field_file.storage.delete, field_file.name))


def delete_documents(placement_request):
    """A request's supporting documents, their stored files (after the commit) and their history."""
    documents = list(placement_request.documents.all())
    delete_files_after_commit(document.file for document in documents)
    forget_history(SupportingDocument, [document.pk for document in documents])
    placement_request.documents.all().delete()


class Rule:
    kind = ""
    model = None
    # The clock is a date (otherwise a moment, read as its day in the site's time zone).
    clock_is_date = False

    @property
    def period(self):
        return PERIODS[self.kind]

    @property
    def content_type(self):
        return ContentType.objects.get_for_model(self.model)

    def running(self):
        raise NotImplementedError

    def reference(self, record) -> str:
        return record.reference

    def dispose(self, record) -> None:
        raise NotImplementedError

    @property
    def outcome(self):
        return Outcome.DELETED if self.period.at_the_end == AtTheEnd.DELETE else Outcome.ANONYMISED

    def not_yet_anonymised(self, queryset):
        done = RetentionAction.objects.filter(kind=self.kind, outcome=Outcome.ANONYMISED)
        return queryset.exclude(pk__in=done.values("record_pk"))

    def due_by(self, day: datetime.date):
        """The records whose period has ended by `day` and that are still to be deleted or anonymised."""
        day_after = self.period.latest_start_due_by(day) + datetime.timedelta(days=1)
        if not self.clock_is_date:
            day_after = timezone.make_aware(datetime.datetime.combine(day_after, datetime.time()))
        return self.not_yet_anonymised(self.running().filter(retention_clock__lt=day_after))

    def clock_day(self, record) -> datetime.date:
        clock = record.retention_clock
        return clock if self.clock_is_date else timezone.localdate(clock)

    def goes_on(self, record) -> datetime.date:
        return self.period.ends_on(self.clock_day(record))


class PlacementRequestRule(Rule):
    kind = "placement_request"
    model = PlacementRequest
    # The figures the SEN information report counts; every other field is emptied.
    KEPT = {
        "school",
        "status",
        "created_at",
        "updated_at",
        "meeting",
        "submitted_at",
        "year_group",
        "category",
        "need_communication",
        "need_cognition",
        "need_semh",
        "need_sensory_physical",
        "ehc_plan_status",
    }
    # A request with the panel is still live: it counts down once decided or withdrawn.
    COUNTING = (RequestStatus.WITHDRAWN, RequestStatus.DECIDED)

    def running(self):
        # A request whose placement is still to come or under way names the pupil that placement is for.
        return (
            PlacementRequest.objects.filter(status__in=self.COUNTING)
            .exclude(placement__status__in=LIVE_STATUSES)
            .annotate(retention_clock=F("updated_at"))
        )

    def dispose(self, record):
        delete_documents(record)
        for related in (record.parents, record.professionals, record.interventions, record.accesses):
            related.all().delete()
        PlacementRequest.objects.filter(pk=record.pk).update(**cleared_except(PlacementRequest, self.KEPT))
        scrub_history(PlacementRequest, record.pk, label=record.reference)


class UnfinishedRequestRule(PlacementRequestRule):
    """A draft, or a request returned for information, that nobody has touched for the period."""

    kind = "unfinished_request"
    COUNTING = (RequestStatus.DRAFT, RequestStatus.RETURNED)

    def dispose(self, record):
        delete_documents(record)
        forget_history(PlacementRequest, [record.pk])
        record.delete()


class PlacementRule(Rule):
    kind = "placement"
    model = Placement
    clock_is_date = True
    # What the yearly figures count (the school, the pupil's category, the dates, the outcome) and its
    # order (a financial record, kept by its own rule); the people named, the purpose and the notes are
    # emptied.
    KEPT = {
        "request",
        "decision",
        "school",
        "order",
        "status",
        "category",
        "starts_on",
        "home_school_weekday",
        "outcome",
        "ended_on",
        "created_at",
    }

    def running(self):
        # An ended placement counts from the day it ended; a cancelled one from its planned start.
        return Placement.objects.exclude(status__in=LIVE_STATUSES).annotate(
            retention_clock=Coalesce("ended_on", "starts_on")
        )

    def dispose(self, record):
        PlacementDate.objects.filter(placement=record).update(**cleared(PlacementDate, ["moved_because"]))
        Placement.objects.filter(pk=record.pk).update(**cleared_except(Placement, self.KEPT))
        scrub_history(Placement, record.pk, label=record.reference)
        # The end-of-placement report is all words about the pupil: nothing of it counts in the figures.
        reports = PlacementReport.objects.filter(placement=record)
        forget_history(PlacementReport, list(reports.values_list("pk", flat=True)))
        reports.delete()


class PanelDecisionRule(Rule):
    kind = "panel_decision"
    model = PanelDecision

    def running(self):
        return PanelDecision.objects.select_related("request").annotate(retention_clock=F("decided_at"))

    def reference(self, record):
        return f"{record.request.reference}, decided {timezone.localdate(record.decided_at):%-d %B %Y}"

    def dispose(self, record):
        for action in record.actions.all():
            # Marking an action done is recorded on its meeting, about the action's text.
            for entry in history_of(type(action.meeting), [action.meeting_id]).filter(
                action=ACTION_DONE, data__about=action.action
            ):
                entry.data = {key: value for key, value in entry.data.items() if key != "about"}
                entry.save(update_fields=["data"])
            scrub_history(AgreedAction, action.pk, label=f"Agreed action {action.pk}")
        record.actions.update(**cleared(AgreedAction, ["action", "owner"]))
        PanelDecision.objects.filter(pk=record.pk).update(
            **cleared(PanelDecision, ["reasons", "recommendations", "lead_professional", "recorded_by"])
        )
        scrub_history(PanelDecision, record.pk, label=self.reference(record))


class RequestAccessRule(Rule):
    kind = "request_access"
    model = RequestAccess

    def running(self):
        return RequestAccess.objects.select_related("request").annotate(retention_clock=F("at"))

    def reference(self, record):
        return (
            f"{record.request.reference}: {record.get_kind_display().lower()} "
            f"{timezone.localdate(record.at):%-d %B %Y}"
        )

    def dispose(self, record):
        forget_history(RequestAccess, [record.pk])
        record.delete()


class OrderRule(Rule):
    kind = "order"
    model = Order

    def running(self):
        placed = F("placed_at")
        return Order.objects.annotate(
            retention_clock=Greatest(
                placed,
                Coalesce("paid_at", placed),
                Coalesce("cancelled_at", placed),
                Coalesce(Max("refunds__refunded_at"), placed),
            )
        )

    def due_by(self, day):
        # An order bought ahead counts from the end of the year it is for, when that is later.
        latest_year = FinancialYear.containing(self.period.latest_start_due_by(day)).start_year
        return super().due_by(day).filter(financial_year_start__lte=latest_year)

    def clock_day(self, record):
        return max(super().clock_day(record), record.financial_year.first_day)

    def dispose(self, record):
        Order.objects.filter(pk=record.pk).update(**cleared(Order, ["placed_by"]))
        OrderLine.objects.filter(order=record).update(**cleared(OrderLine, ["pupil_initials"]))
        Invoice.objects.filter(order=record).update(
            **cleared(Invoice, ["finance_contact_name", "finance_contact_email"])
        )
        CreditNote.objects.filter(invoice__order=record).update(**cleared(CreditNote, ["issued_by"]))
        payments = CardPayment.objects.filter(order=record)
        for payment_pk in payments.values_list("pk", flat=True):
            scrub_history(CardPayment, payment_pk, label=f"Card payment for {record.reference}")
        payments.update(**cleared(CardPayment, ["started_by"]))
        Refund.objects.filter(order=record).update(**cleared(Refund, ["refunded_by"]))
        HoursEntry.objects.filter(line__order=record).update(
            **cleared(HoursEntry, ["delivered_by", "note", "recorded_by"])
        )
        scrub_history(Order, record.pk, label=record.reference)


class TrainingRequestRule(Rule):
    kind = "training_request"
    model = TrainingRequest
    clock_is_date = True

    def running(self):
        return TrainingRequest.objects.annotate(
            retention_clock=Coalesce("agreed_date", TruncDate("created_at"))
        )

    def dispose(self, record):
        TrainingRequest.objects.filter(pk=record.pk).update(
            **cleared(
                TrainingRequest,
                ["requested_by", "notes", "trainer", "decline_reason", "cancel_reason", "attendance_note"],
            )
        )
        scrub_history(TrainingRequest, record.pk, label=record.reference)


class SurgeryBookingRule(Rule):
    kind = "surgery_booking"
    model = SurgeryBooking
    clock_is_date = True

    def running(self):
        return SurgeryBooking.objects.annotate(retention_clock=F("session__date"))

    def dispose(self, record):
        forget_history(SurgeryBooking, [record.pk])
        record.delete()


class CallbackRequestRule(Rule):
    kind = "callback_request"
    model = CallbackRequest

    def running(self):
        return CallbackRequest.objects.annotate(retention_clock=F("created_at"))

    def dispose(self, record):
        forget_history(CallbackRequest, [record.pk])
        record.delete()


RULES = {
    rule.kind: rule
    for rule in (
        PlacementRequestRule(),
        UnfinishedRequestRule(),
        PlacementRule(),
        PanelDecisionRule(),
        RequestAccessRule(),
        OrderRule(),
        TrainingRequestRule(),
        SurgeryBookingRule(),
        CallbackRequestRule(),
    )
}


def rule_for_model(model):
    """A rule that covers records of `model` (rules sharing a model, such as decided and unfinished
    requests, know a record by the same reference), or None."""
    return next((rule for rule in RULES.values() if rule.model is model), None)
