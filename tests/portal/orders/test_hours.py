"""Hours delivered against a package: quarter hours, a kind, who and a note; the balance never goes below
zero, refused with a message, also when two members of staff save at once."""

import datetime
import threading
from decimal import Decimal

import pytest

from common.errors import DomainError
from portal.orders.factories import OrderFactory, OrderLineFactory
from portal.orders.models import HoursEntry, HoursKind, OrderStatus, ProductKind
from portal.orders.services import hours
from tests.portal.orders.conftest import A_PUPIL, at_once, kinds, postgresql_only

TODAY = datetime.date.today()


@pytest.fixture
def silver_line(catalogue, buyer, place_order):
    """A Silver Package (12 hours) the school holds."""
    order = place_order(buyer, packages=[(catalogue.silver, A_PUPIL)])
    return order.lines.get(package=catalogue.silver)


def record(line, staff_user, amount, **changes):
    fields = {
        "line": line,
        "worked_on": TODAY,
        "hours": Decimal(amount),
        "kind": HoursKind.OBSERVATION,
        "delivered_by": "Sam Rivers",
        "note": "Morning in class.",
        "recorded_by": staff_user,
    }
    return hours.hours_record(**{**fields, **changes})


@pytest.mark.django_db
def test_work_is_recorded_in_quarter_hours_with_who_and_what(silver_line, staff_user, logged_changes):
    entry = record(silver_line, staff_user, "2.75", kind=HoursKind.REPORT)

    assert (entry.quarter_hours, entry.hours, entry.kind, entry.delivered_by) == (
        11,
        Decimal("2.75"),
        "report",
        "Sam Rivers",
    )
    action, who, data = logged_changes(silver_line.order)[-1]
    assert (action, who) == (hours.HOURS_RECORDED, staff_user)
    assert data["to"] == "2.75 of 12 hours used"
    assert data["why"] == "Morning in class."


@pytest.mark.django_db
def test_the_hours_can_be_used_up_exactly(silver_line, staff_user):
    record(silver_line, staff_user, "11.75")

    record(silver_line, staff_user, "0.25")

    assert sum(HoursEntry.objects.values_list("quarter_hours", flat=True)) == 48


@pytest.mark.django_db
def test_more_than_is_left_is_refused_with_a_message_and_nothing_saved(silver_line, staff_user):
    record(silver_line, staff_user, "10.5")

    with pytest.raises(DomainError) as error:
        record(silver_line, staff_user, "2")

    assert error.value.message == (
        "Only 1.5 of the 12 hours of Silver Package (Pupil JS, Year 4) are left, "
        "so 2 hours cannot be recorded. "
        "The school can buy more hours."
    )
    assert error.value.field == "hours"
    assert HoursEntry.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("amount", ["0", "-1", "0.2", "1.1", "12.25", "100"])
def test_hours_must_be_quarter_hours_within_a_day(silver_line, staff_user, amount):
    with pytest.raises(DomainError) as error:
        record(silver_line, staff_user, amount)

    assert error.value.field == "hours"
    assert not HoursEntry.objects.exists()


@pytest.mark.django_db
def test_work_is_recorded_once_done_not_in_the_future(silver_line, staff_user):
    with pytest.raises(DomainError, match=hours.DATE_IN_FUTURE):
        record(silver_line, staff_user, "1", worked_on=TODAY + datetime.timedelta(days=1))


@pytest.mark.django_db
def test_the_kind_and_who_are_needed(silver_line, staff_user):
    with pytest.raises(DomainError, match=hours.KIND_REQUIRED):
        record(silver_line, staff_user, "1", kind="gossip")
    with pytest.raises(DomainError, match=hours.WHO_REQUIRED):
        record(silver_line, staff_user, "1", delivered_by="  ")


@pytest.mark.django_db
@pytest.mark.parametrize("status", [OrderStatus.AWAITING_PAYMENT, OrderStatus.CANCELLED])
def test_hours_are_recorded_only_against_what_a_school_holds(staff_user, status):
    line = OrderLineFactory(order=OrderFactory(status=status))

    with pytest.raises(DomainError, match="hours can be recorded only against what a school holds"):
        record(line, staff_user, "1")


@pytest.mark.django_db
def test_the_universal_offer_has_no_hours_to_draw_on(catalogue, buyer, place_order, staff_user):
    offer_line = place_order(buyer).lines.get(kind=ProductKind.UNIVERSAL_OFFER)

    with pytest.raises(DomainError, match="buys no specialist-teacher hours"):
        record(offer_line, staff_user, "1")


@pytest.mark.django_db
def test_consultancy_hours_are_drawn_down_the_same_way(catalogue, buyer, place_order, staff_user):
    line = place_order(buyer, consultancy_hours=3).lines.get(kind=ProductKind.CONSULTANCY)
    record(line, staff_user, "3", kind=HoursKind.CONSULTATION)

    with pytest.raises(DomainError, match="Only 0 of the 3 hours"):
        record(line, staff_user, "0.25")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_members_of_staff_saving_at_once_cannot_overdraw(monkeypatch, silver_line, staff_user):
    record(silver_line, staff_user, "9")  # 3 hours left; each of the two records 2
    ready = threading.Barrier(2, timeout=10)
    quarter_hours_of = hours.quarter_hours_of

    def checked_then_wait(amount):
        quarters = quarter_hours_of(amount)
        ready.wait()  # both have passed their own checks, neither has locked the line yet
        return quarters

    monkeypatch.setattr(hours, "quarter_hours_of", checked_then_wait)

    outcomes = at_once(
        lambda: record(silver_line, staff_user, "2"), lambda: record(silver_line, staff_user, "2")
    )

    assert kinds(outcomes) == ["done", "refused"], outcomes
    assert "Only 1 of the 12 hours" in next(message for kind, message in outcomes if kind == "refused")
    assert sum(HoursEntry.objects.values_list("quarter_hours", flat=True)) == 44
