"""The daily retention run: it deletes or anonymises exactly what has passed its period (the day the
period ends, not the day before), files and admin history included; it never touches a record under a
legal hold and says so; it records what it did without the child's details; a second run changes
nothing; one record failing loses only that record."""

import datetime

import pytest
from wagtail.models import ModelLogEntry

from bookings.factories import CallbackRequestFactory, SurgeryBookingFactory, SurgerySessionFactory
from bookings.models import CallbackRequest, SurgeryBooking
from common.audit import record_change
from portal.orders.factories import (
    CardPaymentFactory,
    InvoiceFactory,
    OrderFactory,
    OrderLineFactory,
    RefundFactory,
)
from portal.orders.models import Order
from portal.placements.factories import PlacementRequestFactory
from portal.placements.models import (
    ParentCarer,
    PlacementRequest,
    RequestAccess,
    RequestStatus,
    SupportingDocument,
)
from portal.placements.services.mapp import ACTION_DONE
from records import rules, services
from records.models import LegalHold, Outcome, RetentionAction, RetentionRun
from tests.records.conftest import CHILD_DETAILS, at, run

pytestmark = pytest.mark.django_db

PERIOD_ENDS = datetime.date(2026, 11, 22)
DAY_BEFORE = PERIOD_ENDS - datetime.timedelta(days=1)


def outcomes(retention_run):
    return [(action.kind, action.record_pk, action.outcome) for action in retention_run.actions.all()]


def test_a_closed_request_is_kept_until_the_day_its_year_ends(closed_request):
    assert outcomes(run(DAY_BEFORE)) == []
    closed_request.refresh_from_db()
    assert closed_request.legal_first_name == "Alex"

    assert outcomes(run(PERIOD_ENDS)) == [("placement_request", closed_request.pk, Outcome.ANONYMISED)]


def test_an_anonymised_request_keeps_the_figures_and_nothing_about_the_child(closed_request):
    run(PERIOD_ENDS)

    request = PlacementRequest.objects.get(pk=closed_request.pk)
    assert (request.school, request.year_group, request.category, request.need_semh) == (
        closed_request.school,
        closed_request.year_group,
        closed_request.category,
        True,
    )
    assert (request.legal_first_name, request.date_of_birth, request.upn, request.home_address) == (
        "",
        None,
        "",
        "",
    )
    assert request.key_worker_email == request.dsl_name == request.concerns == ""
    kept = {
        field.attname: getattr(request, field.attname) for field in PlacementRequest._meta.concrete_fields
    }
    assert not [detail for detail in CHILD_DETAILS if detail in str(kept)]
    assert not ParentCarer.objects.filter(request=request).exists()
    assert not request.interventions.exists()


def test_its_documents_go_with_their_files_once_committed(
    closed_request, private_media, django_capture_on_commit_callbacks
):
    [stored] = [path for path in private_media.rglob("*") if path.is_file()]

    with django_capture_on_commit_callbacks(execute=True):
        run(PERIOD_ENDS)

    assert not SupportingDocument.objects.exists()
    assert not stored.exists()


def test_its_history_keeps_the_changes_of_state_only(closed_request):
    run(PERIOD_ENDS)

    [entry] = ModelLogEntry.objects.filter(object_id=str(closed_request.pk), action__startswith="placements.")
    assert entry.label == closed_request.reference
    assert entry.data == {"from": "Draft", "to": "Withdrawn"}


def test_what_the_run_records_says_nothing_about_the_child(closed_request, decision):
    run(PERIOD_ENDS)
    run(datetime.date(2026, 12, 10))

    written = [list(model.objects.values_list()) for model in (RetentionRun, RetentionAction, LegalHold)]
    assert RetentionAction.objects.count() == 2
    assert not [detail for detail in CHILD_DETAILS if detail in str(written)]


@pytest.mark.parametrize("status", [RequestStatus.DRAFT, RequestStatus.RETURNED])
def test_a_request_left_unfinished_for_a_year_is_deleted_with_its_files(
    status, closed_request, private_media, django_capture_on_commit_callbacks
):
    PlacementRequest.objects.filter(pk=closed_request.pk).update(status=status)
    [stored] = [path for path in private_media.rglob("*") if path.is_file()]

    assert outcomes(run(DAY_BEFORE)) == []
    with django_capture_on_commit_callbacks(execute=True):
        assert outcomes(run(PERIOD_ENDS)) == [("unfinished_request", closed_request.pk, Outcome.DELETED)]

    assert not PlacementRequest.objects.exists()
    assert not ParentCarer.objects.exists()
    assert not stored.exists()
    assert not ModelLogEntry.objects.filter(
        object_id=str(closed_request.pk), action__startswith="placements."
    )


def test_a_request_still_with_the_panel_does_not_count_down(db):
    request = PlacementRequestFactory(complete=True, status=RequestStatus.ON_AGENDA)
    PlacementRequest.objects.filter(pk=request.pk).update(updated_at=at(datetime.date(2020, 1, 1)))

    assert outcomes(run(PERIOD_ENDS)) == []


def test_a_held_record_is_kept_and_the_run_says_so(closed_request, staff_user):
    services.legal_hold_place(record=closed_request, reason="A claim is expected.", placed_by=staff_user)

    first = run(PERIOD_ENDS)

    assert outcomes(first) == [("placement_request", closed_request.pk, Outcome.HELD)]
    closed_request.refresh_from_db()
    assert closed_request.legal_first_name == "Alex"
    assert SupportingDocument.objects.filter(request=closed_request).exists()


def test_releasing_the_hold_lets_the_next_run_act(closed_request, staff_user):
    hold = services.legal_hold_place(
        record=closed_request, reason="A claim is expected.", placed_by=staff_user
    )
    run(PERIOD_ENDS)

    services.legal_hold_release(hold=hold, reason="The claim is settled.", released_by=staff_user)

    assert outcomes(run(PERIOD_ENDS + datetime.timedelta(days=1))) == [
        ("placement_request", closed_request.pk, Outcome.ANONYMISED)
    ]


def test_a_second_run_changes_nothing(closed_request, decision):
    booking = SurgeryBookingFactory(session=SurgerySessionFactory(date=datetime.date(2024, 1, 10)))
    today = datetime.date(2027, 4, 1)
    first = run(today)
    after_first = [
        list(model.objects.order_by("pk").values_list())
        for model in (PlacementRequest, SupportingDocument, SurgeryBooking, ModelLogEntry)
    ]

    second = run(today)

    assert {outcome for _, _, outcome in outcomes(first)} == {Outcome.ANONYMISED, Outcome.DELETED}
    assert ("surgery_booking", booking.pk, Outcome.DELETED) in outcomes(first)
    assert outcomes(second) == []
    assert after_first == [
        list(model.objects.order_by("pk").values_list())
        for model in (PlacementRequest, SupportingDocument, SurgeryBooking, ModelLogEntry)
    ]


def test_a_decision_keeps_its_outcome_and_loses_its_reasons_and_actions(decision, staff_user):
    action = decision.actions.get()
    record_change(
        instance=decision.meeting, action=ACTION_DONE, user=staff_user, about=action.action, to="done"
    )

    assert outcomes(run(datetime.date(2026, 12, 9))) == []
    assert ("panel_decision", decision.pk, Outcome.ANONYMISED) in outcomes(run(datetime.date(2026, 12, 10)))

    decision.refresh_from_db()
    action.refresh_from_db()
    assert (decision.outcome, decision.reasons, decision.recommendations, decision.lead_professional) == (
        "offer",
        "",
        "",
        "",
    )
    assert (action.action, action.owner) == ("", "")
    [done] = ModelLogEntry.objects.filter(action=ACTION_DONE)
    assert done.data == {"to": "done"}


def test_a_record_of_who_viewed_a_request_goes_after_a_year(db):
    request = PlacementRequestFactory(status=RequestStatus.SUBMITTED)
    access = RequestAccess.objects.create(
        request=request, kind="viewed", what="The request", at=at(datetime.date(2025, 11, 22))
    )

    assert outcomes(run(DAY_BEFORE)) == []
    assert outcomes(run(PERIOD_ENDS)) == [("request_access", access.pk, Outcome.DELETED)]
    assert not RequestAccess.objects.exists()


@pytest.fixture
def old_order(db, staff_user):
    """Invoiced and paid in the 2019-20 financial year: kept until 31 March 2026 (that year + 6)."""
    order = OrderFactory(
        financial_year_start=2019,
        placed_at=at(datetime.date(2019, 6, 3)),
        placed_by=staff_user,
        paid=True,
        paid_at=at(datetime.date(2019, 7, 1)),
        total_pence=65_000,
        subtotal_pence=65_000,
    )
    OrderLineFactory(
        order=order, focus_kind="pupil", pupil_initials="AE", pupil_year_group="4", class_name=""
    )
    InvoiceFactory(
        order=order, finance_contact_name="Finance Officer", finance_contact_email="finance@school.test"
    )
    return order


def test_an_order_is_kept_to_the_end_of_its_financial_year_and_six_more(old_order):
    assert outcomes(run(datetime.date(2026, 3, 31))) == []
    assert outcomes(run(datetime.date(2026, 4, 1))) == [("order", old_order.pk, Outcome.ANONYMISED)]


def test_an_anonymised_order_keeps_its_money_and_loses_its_people(old_order):
    run(datetime.date(2026, 4, 1))

    order = Order.objects.get(pk=old_order.pk)
    line = order.lines.get()
    assert (order.reference, order.total_pence, order.invoice.number) == (
        old_order.reference,
        65_000,
        old_order.invoice.number,
    )
    assert (order.placed_by, line.pupil_initials) == (None, "")
    assert order.invoice.finance_contact_name == order.invoice.finance_contact_email == ""


def test_a_later_refund_keeps_an_order_another_year(old_order):
    RefundFactory(card_payment=CardPaymentFactory(order=old_order), refunded_at=at(datetime.date(2020, 5, 1)))

    assert outcomes(run(datetime.date(2027, 3, 31))) == []
    assert outcomes(run(datetime.date(2027, 4, 1))) == [("order", old_order.pk, Outcome.ANONYMISED)]


def test_an_order_bought_ahead_counts_from_the_year_it_is_for(old_order):
    Order.objects.filter(pk=old_order.pk).update(financial_year_start=2020)

    assert outcomes(run(datetime.date(2027, 3, 31))) == []
    assert outcomes(run(datetime.date(2027, 4, 1))) == [("order", old_order.pk, Outcome.ANONYMISED)]


def test_outreach_bookings_and_calls_go_two_financial_years_after_theirs(db):
    # The first day of the 2024-25 financial year, and its first half hour (still 2023-24 in UTC).
    booking = SurgeryBookingFactory(session=SurgerySessionFactory(date=datetime.date(2024, 4, 1)))
    call = CallbackRequestFactory(
        created_at=at(datetime.date(2024, 4, 1), hour=0) + datetime.timedelta(minutes=30)
    )
    record_change(instance=booking, action="bookings.booked", user=None, to="Booked")

    assert outcomes(run(datetime.date(2027, 3, 31))) == []
    assert sorted(outcomes(run(datetime.date(2027, 4, 1)))) == [
        ("callback_request", call.pk, Outcome.DELETED),
        ("surgery_booking", booking.pk, Outcome.DELETED),
    ]
    assert not SurgeryBooking.objects.exists()
    assert not CallbackRequest.objects.exists()
    assert not ModelLogEntry.objects.filter(object_id=str(booking.pk), action="bookings.booked").exists()


def test_one_record_failing_loses_only_that_record(
    closed_request, monkeypatch, django_capture_on_commit_callbacks
):
    call = CallbackRequestFactory(created_at=at(datetime.date(2020, 4, 1)))

    def fails(record):
        raise ValueError(f"cannot anonymise {record.legal_first_name}")

    monkeypatch.setattr(rules.RULES["placement_request"], "dispose", fails)

    with django_capture_on_commit_callbacks(execute=True):
        result = run(PERIOD_ENDS)

    assert result.failures == [
        {"kind": "placement_request", "record_pk": closed_request.pk, "error": "ValueError"}
    ]
    assert outcomes(result) == [("callback_request", call.pk, Outcome.DELETED)]
    assert result.finished_at is not None
    closed_request.refresh_from_db()
    assert closed_request.legal_first_name == "Alex"
    assert SupportingDocument.objects.filter(request=closed_request).exists()
