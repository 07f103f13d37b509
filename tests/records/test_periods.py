"""The retention periods are set in one place, each with its source, for every kind of record; a rule
covers each kind the site has, and the day a record goes agrees with the records a run picks."""

import datetime

import pytest

from records.periods import PERIODS, AtTheEnd, RetentionPeriod
from records.rules import RULES

# The kinds the issue names: placement requests and their documents, placements and attendance,
# decisions, access records, orders and invoices, bookings, call-backs.
KINDS = {
    "placement_request",
    "unfinished_request",
    "placement",
    "attendance",
    "panel_decision",
    "request_access",
    "order",
    "training_request",
    "surgery_booking",
    "callback_request",
}


def test_every_kind_of_record_has_a_period_with_its_source():
    assert set(PERIODS) == KINDS
    for period in PERIODS.values():
        assert period.years > 0
        assert period.counts_from
        assert "IRMS" in period.source or "Regulations 2024" in period.source or "own choice" in period.source


def test_attendance_is_kept_the_six_years_the_2024_regulations_require():
    attendance = PERIODS["attendance"]

    assert attendance.years == 6
    assert "SI 2024/208), regulation 7" in attendance.source


def test_financial_records_follow_the_toolkit_entry_for_invoices():
    for kind in ("order", "training_request"):
        assert PERIODS[kind].from_financial_year_end
        assert PERIODS[kind].years == 6
        assert "entry 3.3.5" in PERIODS[kind].source


def test_each_kind_in_the_site_has_its_rule_and_the_rest_are_still_to_come():
    assert set(RULES) <= set(PERIODS)
    assert set(PERIODS) - set(RULES) == {"attendance"}


def test_a_financial_period_runs_to_the_end_of_the_years_after_the_records_year():
    six_years = PERIODS["order"]

    assert six_years.ends_on(datetime.date(2019, 4, 1)) == datetime.date(2026, 4, 1)
    assert six_years.ends_on(datetime.date(2020, 3, 31)) == datetime.date(2026, 4, 1)
    assert six_years.ends_on(datetime.date(2020, 4, 1)) == datetime.date(2027, 4, 1)


@pytest.mark.parametrize("from_financial_year_end", [False, True])
def test_a_record_goes_by_a_day_exactly_when_its_start_is_no_later_than_the_latest_due(
    from_financial_year_end,
):
    period = RetentionPeriod(
        name="Test",
        label="Test records",
        years=2,
        at_the_end=AtTheEnd.DELETE,
        counts_from="its date",
        source="A test",
        from_financial_year_end=from_financial_year_end,
    )
    days = [datetime.date(2023, 1, 1) + datetime.timedelta(days=n) for n in range(0, 2 * 366, 3)]
    days += [datetime.date(2024, 2, 29), datetime.date(2028, 2, 29), datetime.date(2026, 2, 28)]
    for today in [datetime.date(2026, 2, 28), datetime.date(2026, 3, 1), datetime.date(2028, 2, 29)]:
        latest = period.latest_start_due_by(today)
        assert [day for day in days if period.ends_on(day) <= today] == [day for day in days if day <= latest]
