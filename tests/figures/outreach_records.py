"""A small outreach history counted by hand, shared by the year in review's tests.

Three districts: North (schools A and B), South (school C) and East (no schools). The year asked about is
2025-26 ("this year", today 1 February 2026), the year before 2024-25. Each record that must not count
says why beside it.
"""

import datetime
from types import SimpleNamespace

from bookings.factories import (
    CallbackRequestFactory,
    SurgeryBookingFactory,
    SurgerySessionFactory,
    TrainingRequestFactory,
)
from bookings.models import BookingStatus, CallbackStatus, SessionStatus, TrainingStatus
from common.financial_years import FinancialYear
from portal.orders.factories import (
    HoursEntryFactory,
    OrderFactory,
    OrderLineFactory,
    UniversalOfferLineFactory,
)
from portal.orders.models import FocusKind, OrderStatus, ProductKind
from portal.schools.factories import DistrictFactory, SchoolFactory
from services.factories import SupportPackageFactory, TrainingFormatFactory

THIS_YEAR = FinancialYear(2025)
YEAR_BEFORE = FinancialYear(2024)
TODAY = datetime.date(2026, 2, 1)
UTC = datetime.UTC


def _order(school, year, status=OrderStatus.PAID, *, universal_offer=False):
    order = OrderFactory(
        school=school, financial_year_start=year, status=status, includes_universal_offer=universal_offer
    )
    if universal_offer:
        UniversalOfferLineFactory(order=order)
    return order


def _pupil(order, package, initials, year_group):
    return OrderLineFactory(
        order=order,
        package=package,
        focus_kind=FocusKind.PUPIL,
        pupil_initials=initials,
        pupil_year_group=year_group,
        class_name="",
    )


def outreach_history():
    north = DistrictFactory(name="North", code="N")
    south = DistrictFactory(name="South", code="S")
    east = DistrictFactory(name="East", code="E")
    a = SchoolFactory(name="School A", district=north)
    b = SchoolFactory(name="School B", district=north)
    c = SchoolFactory(name="School C", district=south)
    bronze = SupportPackageFactory(name="Bronze", hours=7, sort_order=1)
    silver = SupportPackageFactory(name="Silver", hours=12, sort_order=2)
    consultancy = SupportPackageFactory(name="Consultancy", hourly=True, sort_order=3)

    # --- Orders ---
    _order(a, 2025, OrderStatus.INVOICED, universal_offer=True)  # invoiced: held
    a_paid = _order(a, 2025)
    a_bronze = _pupil(a_paid, bronze, "JS", "4")
    _pupil(a_paid, silver, "AB", "2")
    _pupil(_order(a, 2025, OrderStatus.INVOICED), bronze, "JS", "4")  # the same pupil again
    b_paid = _order(b, 2025, universal_offer=True)
    OrderLineFactory(
        order=b_paid,
        kind=ProductKind.CONSULTANCY,
        package=consultancy,
        quantity=3,
        hours_per_unit=1,
        focus_kind=FocusKind.SCHOOL,
        class_name="",
    )
    b_cancelled = _order(b, 2025, OrderStatus.CANCELLED)  # cancelled: nothing in it counts
    cancelled_silver = _pupil(b_cancelled, silver, "ZZ", "5")
    c_before = _order(c, 2024, universal_offer=True)
    c_bronze_before = _pupil(c_before, bronze, "JS", "4")
    _order(c, 2025, OrderStatus.AWAITING_PAYMENT, universal_offer=True)  # not paid yet: not held
    _pupil(_order(c, 2025), bronze, "JS", "4")  # another school's JS: another pupil

    # --- Hours delivered ---
    HoursEntryFactory(line=a_bronze, worked_on=datetime.date(2025, 5, 10), quarter_hours=6)
    HoursEntryFactory(line=a_bronze, worked_on=datetime.date(2025, 6, 1), quarter_hours=4)
    # Worked in 2025-26 against a package bought for 2024-25: it counts for 2024-25, as its balance does.
    HoursEntryFactory(line=c_bronze_before, worked_on=datetime.date(2025, 4, 20), quarter_hours=4)
    HoursEntryFactory(line=cancelled_silver, worked_on=datetime.date(2025, 7, 1), quarter_hours=8)

    # --- Surgeries ---
    june = SurgerySessionFactory(date=datetime.date(2025, 6, 10))
    november = SurgerySessionFactory(date=datetime.date(2025, 11, 4))
    cancelled = SurgerySessionFactory(date=datetime.date(2025, 9, 9), status=SessionStatus.CANCELLED)
    march = SurgerySessionFactory(date=datetime.date(2026, 3, 3))  # to come: booked, not yet held
    before = SurgerySessionFactory(date=datetime.date(2024, 10, 1))
    next_year = SurgerySessionFactory(date=datetime.date(2026, 4, 14))  # after the year asked about
    SurgeryBookingFactory(session=june, school=a, attended=True)
    SurgeryBookingFactory(session=june, school=a, attended=False)
    SurgeryBookingFactory(session=june, school=b, attended=None)
    SurgeryBookingFactory(session=june, school=b, status=BookingStatus.CANCELLED)
    SurgeryBookingFactory(session=june, school=c, status=BookingStatus.WAITING)
    SurgeryBookingFactory(session=november, school=c, attended=True)
    SurgeryBookingFactory(session=cancelled, school=a, status=BookingStatus.CANCELLED)
    SurgeryBookingFactory(session=march, school=a)
    SurgeryBookingFactory(session=before, school=c, attended=True)
    SurgeryBookingFactory(session=next_year, school=a)

    # --- The advice line ---
    def call(school, called_at):
        return CallbackRequestFactory(
            school=school,
            status=CallbackStatus.CLOSED,
            called_by="Specialist teacher",
            called_at=called_at,
            duration_minutes=20,
            advice="Advice given.",
        )

    call(a, datetime.datetime(2025, 7, 1, 10, tzinfo=UTC))
    CallbackRequestFactory(school=a)  # still waiting for its call
    call(b, datetime.datetime(2026, 1, 15, 16, tzinfo=UTC))
    # 00:30 on 1 April 2026 in London: the next financial year.
    call(c, datetime.datetime(2026, 3, 31, 23, 30, tzinfo=UTC))
    call(c, datetime.datetime(2025, 3, 31, 12, tzinfo=UTC))

    # --- Training ---
    half_day = TrainingFormatFactory()

    def training(school, status, agreed_date, attended=None):
        return TrainingRequestFactory(
            school=school,
            training_format=half_day,
            status=status,
            agreed_date=agreed_date,
            agreed_time=datetime.time(15, 30),
            trainer="Specialist teacher",
            final_staff_count=20,
            agreed_price_pence=47_000,
            attended_count=attended,
        )

    training(a, TrainingStatus.DELIVERED, datetime.date(2025, 9, 20), attended=18)
    training(b, TrainingStatus.DELIVERED, datetime.date(2026, 3, 10), attended=12)
    training(c, TrainingStatus.AGREED, datetime.date(2025, 10, 1))  # not delivered yet
    training(c, TrainingStatus.DELIVERED, datetime.date(2024, 11, 11), attended=25)
    TrainingRequestFactory(school=a, training_format=half_day, status=TrainingStatus.DECLINED)

    return SimpleNamespace(north=north, south=south, east=east, a=a, b=b, c=c)
