"""What the coming runs will delete or anonymise: each record with the day it goes, soonest first,
without the records under a legal hold or already anonymised."""

import datetime

import pytest

from bookings.factories import CallbackRequestFactory
from records import selectors, services
from tests.records.conftest import at, run

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 10, 23)  # the request's year ends 30 days on, on 22 November 2026


def listed(due):
    return [(each.kind, each.pk, each.reference, each.goes_on) for each in due]


def test_the_next_30_days_are_listed_with_the_day_each_record_goes(closed_request):
    overdue_call = CallbackRequestFactory(created_at=at(datetime.date(2023, 5, 1)))

    due = selectors.due_within(today=TODAY, days=30)

    assert listed(due) == [
        ("callback_request", overdue_call.pk, overdue_call.reference, TODAY),
        ("placement_request", closed_request.pk, closed_request.reference, datetime.date(2026, 11, 22)),
    ]


def test_a_record_due_the_day_after_is_not_listed(closed_request):
    assert listed(selectors.due_within(today=TODAY - datetime.timedelta(days=1), days=30)) == []


def test_held_and_anonymised_records_are_not_listed(closed_request, decision, staff_user):
    services.legal_hold_place(record=closed_request, reason="A claim.", placed_by=staff_user)
    run(datetime.date(2026, 12, 10))

    assert listed(selectors.due_within(today=datetime.date(2026, 12, 10))) == []
    assert [held.reference for held in selectors.holds_in_force()] == [closed_request.reference]
