"""The outreach figures kept in the shared cache (figures/cache.py): served with no query while the records
are as they were; a change to any record they count shows at once; one school's figures are its own."""

import datetime

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from bookings.models import CallbackRequest, SurgeryBooking, SurgerySession, TrainingRequest
from common.signals import records_replaced
from figures import cache as figures_cache
from figures.outreach import year_in_review, year_with_us
from figures.selectors.outreach import (
    ADVICE_LINE_CALLS,
    COLLEAGUES_TRAINED,
    HOURS_BOUGHT,
    HOURS_DELIVERED_FIGURE,
    PACKAGES_SOLD,
    SURGERIES_HELD_FIGURE,
    SURGERY_PLACES_ATTENDED,
)
from portal.orders.models import HoursEntry, Order, OrderLine, OrderStatus
from portal.schools.models import District, School
from records.services import retention_run
from services.models import SupportPackage
from tests.figures.outreach_records import THIS_YEAR, TODAY

pytestmark = pytest.mark.django_db


def _review():
    return year_in_review(year=THIS_YEAR, today=TODAY)


def _hours_delivered():
    return _review().values.of(HOURS_DELIVERED_FIGURE, THIS_YEAR)


def test_the_figures_are_served_again_with_no_query(history, django_assert_num_queries):
    first = _review()

    with django_assert_num_queries(0):
        again = _review()

    assert again.values.values == first.values.values
    assert again.rows == first.rows


def _move_an_order_to_the_year_before():
    order = Order.objects.get(status=OrderStatus.INVOICED, lines__package__name="Bronze")
    order.financial_year_start -= 1
    order.save()


def _more_consultancy():
    line = OrderLine.objects.get(package__name="Consultancy")
    line.quantity = 5
    line.save()


def _delete_hours():
    HoursEntry.objects.filter(quarter_hours=6).get().delete()


def _put_a_surgery_off():
    session = SurgerySession.objects.get(date=datetime.date(2025, 11, 4))
    session.date = datetime.date(2026, 3, 20)  # still to come
    session.save()


def _mark_attended():
    booking = SurgeryBooking.objects.filter(attended=False).get()
    booking.attended = True
    booking.save()


def _delete_a_call(history):
    CallbackRequest.objects.get(school=history.b).delete()


def _more_trained():
    training = TrainingRequest.objects.get(attended_count=18)
    training.attended_count = 19
    training.save()


def _move_a_school(history):
    history.c.district = history.east
    history.c.save()


def _rename_a_district(history):
    history.east.name = "Far East"
    history.east.save()


def _rename_a_package():
    package = SupportPackage.objects.get(name="Silver")
    package.name = "Gold"
    package.save()


def _districts(review):
    return [place.name for place in review.districts]


def _colleagues_in_east(review, history):
    return review.values.of(COLLEAGUES_TRAINED, THIS_YEAR.previous, place=history.east.pk)


# (what changes, the model it saves or deletes, what the figures show of it)
CHANGES = [
    (
        lambda history: _move_an_order_to_the_year_before(),
        Order,
        lambda review, history: review.text(PACKAGES_SOLD, THIS_YEAR),
    ),
    (
        lambda history: _more_consultancy(),
        OrderLine,
        lambda review, history: review.text(HOURS_BOUGHT, THIS_YEAR),
    ),
    (
        lambda history: _delete_hours(),
        HoursEntry,
        lambda review, history: review.text(HOURS_DELIVERED_FIGURE, THIS_YEAR),
    ),
    (
        lambda history: _put_a_surgery_off(),
        SurgerySession,
        lambda review, history: review.text(SURGERIES_HELD_FIGURE, THIS_YEAR),
    ),
    (
        lambda history: _mark_attended(),
        SurgeryBooking,
        lambda review, history: review.text(SURGERY_PLACES_ATTENDED, THIS_YEAR),
    ),
    (
        _delete_a_call,
        CallbackRequest,
        lambda review, history: review.text(ADVICE_LINE_CALLS, THIS_YEAR),
    ),
    (
        lambda history: _more_trained(),
        TrainingRequest,
        lambda review, history: review.text(COLLEAGUES_TRAINED, THIS_YEAR),
    ),
    (_move_a_school, School, _colleagues_in_east),
    (_rename_a_district, District, lambda review, history: _districts(review)),
    (
        lambda history: _rename_a_package(),
        SupportPackage,
        lambda review, history: review.values.kinds_of(PACKAGES_SOLD),
    ),
]


def test_every_source_of_the_figures_is_covered():
    assert {model for _change, model, _shown in CHANGES} == set(figures_cache.SOURCE_MODELS)


@pytest.mark.parametrize(("change", "model", "shown"), CHANGES, ids=[c[1].__name__ for c in CHANGES])
def test_a_change_to_a_source_shows_at_once(history, change, model, shown):
    before = shown(_review(), history)

    change(history)

    assert shown(_review(), history) != before


def test_a_change_made_in_bulk_shows_once_the_records_are_said_to_have_changed(history):
    before = _hours_delivered()
    HoursEntry.objects.update(quarter_hours=1)  # sends no signal

    figures_cache.records_changed()

    assert _hours_delivered() != before


def test_the_retention_run_says_the_records_changed(history):
    _review()
    version = figures_cache.cache.get(figures_cache.VERSION_KEY)

    retention_run(today=TODAY)

    assert figures_cache.cache.get(figures_cache.VERSION_KEY) != version


def test_a_backup_restored_says_the_records_changed(history):
    _review()
    version = figures_cache.cache.get(figures_cache.VERSION_KEY)

    records_replaced.send(sender=None)  # as backups.services.restore does once the records are back

    assert figures_cache.cache.get(figures_cache.VERSION_KEY) != version


def test_one_schools_figures_are_never_given_to_another(history):
    a = year_with_us(school=history.a, year=THIS_YEAR, today=TODAY)
    c = year_with_us(school=history.c, year=THIS_YEAR, today=TODAY)

    assert a.text(COLLEAGUES_TRAINED, THIS_YEAR) == "18"
    assert c.text(COLLEAGUES_TRAINED, THIS_YEAR) == "0"
    assert year_with_us(school=history.a, year=THIS_YEAR, today=TODAY).rows == a.rows


class Unreachable:
    """A cache whose Redis is not there."""

    def __getattr__(self, name):
        def unreachable(*args, **kwargs):
            raise RedisConnectionError("gone")

        return unreachable


def test_the_figures_are_worked_out_when_the_cache_cannot_be_reached(history, monkeypatch, caplog):
    expected = _review().values.values
    monkeypatch.setattr(figures_cache, "cache", Unreachable())

    assert _review().values.values == expected
    assert "The cache cannot be reached" in caplog.text


def test_a_record_is_saved_when_the_cache_cannot_be_reached(history, monkeypatch, caplog):
    monkeypatch.setattr(figures_cache, "cache", Unreachable())

    _more_trained()

    assert TrainingRequest.objects.filter(attended_count=19).exists()
    assert "records version is not swapped" in caplog.text
