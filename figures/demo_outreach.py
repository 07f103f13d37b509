"""Demo history for the outreach year in review: the two financial years before this one, across the three
demo districts, so its charts have something to compare.

Twelve more demo schools (no logins: a contact each, by role) join Oakfield and Riverside. In each of the
two years most of them buy the Universal Offer and some support packages and consultancy for pupils
named by initials; specialist teachers record most of the hours bought; staff attend the year's six
surgeries; the advice line calls some back; some have training.

The history is the past, which the portal's services refuse to write (they apply today's rules: what is
on sale now, surgeries still to come) and announce (emails, invoice PDFs for the task worker). So each
order is made by the function every way of buying ends in (`checkout.order_create`), priced from the
catalogue of its year (`quotes`), and paid by card with a demo payment id, as the orders demo pays
Riverside's; hours go through `hours.hours_record`; surgeries, places, calls and training are written
as their services leave them once done. The same seed gives the same history each time.

Created only with DEBUG on, and only when no order of the first of the two years exists, so running the
loader again changes nothing.
"""

import datetime
import random
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from bookings.models import (
    BookingStatus,
    CallbackRequest,
    CallbackStatus,
    SessionMode,
    SurgeryBooking,
    SurgerySession,
    TrainingMode,
    TrainingRequest,
    TrainingStatus,
)
from common.financial_years import FinancialYear
from portal.orders.models import (
    DEMO_PAYMENT_INTENT_PREFIX,
    FocusKind,
    HoursKind,
    Order,
    OrderStatus,
    PaymentMethod,
)
from portal.orders.services import checkout, hours, quotes, rules
from portal.schools.models import District, Membership, School
from portal.users.models import User
from services import demo_content as catalogue_demo
from services import pricing
from services import selectors as catalogue
from services.catalogue import TrainingFormat, TrainingTopic, UniversalOffer

STAFF_EMAIL = "admin@stepping-stones.test"
SPECIALIST = "Specialist teacher, outreach team"

# (URN, name, district code): invented schools, four a district.
HISTORY_SCHOOLS = [
    ("900111", "Ashgrove Primary School", "D1"),
    ("900112", "Beacon Hill Primary School", "D1"),
    ("900113", "Church Lane CE Primary School", "D1"),
    ("900114", "Dovecote Infant School", "D1"),
    ("900211", "Elmfield Primary School", "D2"),
    ("900212", "Fernbrook Junior School", "D2"),
    ("900213", "Greenbank Primary School", "D2"),
    ("900214", "Harbour View Primary School", "D2"),
    ("900411", "Ivy Bank Primary School", "D4"),
    ("900412", "Juniper Way Primary School", "D4"),
    ("900413", "Kingsmead Primary School", "D4"),
    ("900414", "Larkrise Primary School", "D4"),
]
# The schools demo's two, with logins, so "your year with us" has years before this one.
LOGIN_SCHOOL_URNS = ["900101", "900202"]

# Surgeries: twice a term, as (month, day) in the financial year's calendar years (April to March).
SURGERY_DAYS = [(5, 12), (6, 23), (10, 6), (11, 24), (2, 2), (3, 16)]
PACKAGE_SLUGS = ["bronze-package", "silver-package", "parent-support-package", "consultancy"]
INITIALS = ["AB", "CD", "EF", "GH", "JK", "LM", "NP", "RS", "TW", "XY"]
TOPICS = [
    "Unsettled after lunchtime",
    "Refusing to come into class",
    "Hurting other children",
    "Managing transitions",
    "A new pupil with no records",
]


def load(*, stdout):
    if not settings.DEBUG:
        stdout.write("DEBUG is off: no demo outreach history was created.")
        return
    this_year = FinancialYear.current()
    years = [FinancialYear(this_year.start_year - 2), FinancialYear(this_year.start_year - 1)]
    if Order.objects.filter(financial_year_start=years[0].start_year).exists():
        return
    districts = {district.code: district for district in District.objects.all()}
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    formats = list(TrainingFormat.objects.filter(is_active=True).order_by("sort_order"))
    topics = list(TrainingTopic.objects.filter(is_active=True).order_by("sort_order")[:3])
    if not all(code in districts for _, _, code in HISTORY_SCHOOLS) or not formats or not topics:
        stdout.write("No demo outreach history: the demo districts or the training menu are missing.")
        return
    contacts = _schools_and_contacts(districts)
    for year in years:
        _load_year(year, contacts, staff=staff, formats=formats, topics=topics)
    stdout.write(
        f"Created the outreach history of {years[0]} and {years[1]} for {len(contacts)} schools "
        "(orders, hours, surgeries, calls and training)."
    )


def _schools_and_contacts(districts) -> dict:
    """{school: the person who books and calls for it}: the history's schools, made when missing, and the
    demo schools with logins."""
    contacts = {}
    for urn, name, code in HISTORY_SCHOOLS:
        domain = name.lower().replace(" ce ", " ").replace(" ", "-").removesuffix("-school")
        school, _ = School.objects.get_or_create(
            urn=urn,
            defaults={
                "name": name,
                "district": districts[code],
                "address": f"{name}\nSchool Road\nDemotown\nDT{urn[-1]} 1AA",
                "phone": f"01000 {urn}",
                "finance_email": f"finance@{domain}.test",
            },
        )
        user, _ = User.objects.get_or_create(
            email=f"senco@{domain}.test", defaults={"first_name": name.split()[0], "last_name": "SENCo"}
        )
        Membership.objects.get_or_create(user=user, school=school, defaults={"is_member": True})
        contacts[school] = user
    for membership in Membership.objects.filter(school__urn__in=LOGIN_SCHOOL_URNS, is_administrator=True):
        contacts.setdefault(membership.school, membership.user)
    return contacts


def _at(day: datetime.date, hour=10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def _load_year(year, contacts, *, staff, formats, topics):
    offer, _ = UniversalOffer.objects.get_or_create(
        financial_year_start=year.start_year, defaults=catalogue_demo.UNIVERSAL_OFFER
    )
    packages = {package.slug: package for package in catalogue.packages_priced(year=year)}
    sessions = _sessions(year)
    bookings, calls, training = [], [], []
    for school, contact in contacts.items():
        chance = random.Random(f"{school.urn}-{year.start_year}")
        if chance.random() < 0.15:
            continue  # did not buy the Universal Offer this year
        lines = _order(school, contact, year, offer, packages, chance)
        _record_hours(lines, year, staff, chance)
        bookings += _places(school, contact, sessions, chance)
        calls += _calls(school, contact, year, staff, chance)
        training += _training(school, contact, year, formats, chance)
    SurgeryBooking.objects.bulk_create(bookings)
    CallbackRequest.objects.bulk_create(calls)
    for request in TrainingRequest.objects.bulk_create(training):
        request.topics.set(topics[: 1 + request.pk % len(topics)])


def _order(school, contact, year, offer, packages, chance):
    """The school's order of the year, paid: the Universal Offer, and packages for up to three pupils."""
    quoted = [(quotes.universal_offer_line(offer=offer), rules.Focus())]
    for _ in range(chance.choice([0, 1, 1, 2, 3])):
        package = packages[chance.choice(PACKAGE_SLUGS)]
        if package.sold_by_the_hour:
            line = quotes.package_line(package=package, price_pence=package.year_price_pence, quantity=3)
            quoted.append((line, rules.Focus(FocusKind.SCHOOL)))
            continue
        focus = rules.Focus(
            FocusKind.PUPIL,
            pupil_initials=chance.choice(INITIALS),
            pupil_year_group=str(chance.randint(1, 6)),
        )
        quoted.append(
            (quotes.package_line(package=package, price_pence=package.year_price_pence, quantity=1), focus)
        )
    order = checkout.order_create(
        school=school,
        placed_by=contact,
        year=year,
        quoted=quoted,
        status=OrderStatus.PAID,
        payment_method=PaymentMethod.CARD,
        includes_universal_offer=True,
    )
    placed_at = _at(year.first_day + datetime.timedelta(days=chance.randint(5, 60)))
    Order.objects.filter(pk=order.pk).update(
        placed_at=placed_at,
        paid_at=placed_at,
        paid_by_reference=f"{DEMO_PAYMENT_INTENT_PREFIX}history_{order.pk}",
    )
    return [line for line in order.lines.all() if line.has_hours]


def _record_hours(lines, year, staff, chance):
    """Most of each package's hours, in visits and reports through the year (none after today)."""
    today = timezone.localdate()
    kinds = [HoursKind.OBSERVATION, HoursKind.REPORT, HoursKind.REVIEW_MEETING, HoursKind.DIRECT_SUPPORT]
    for line in lines:
        left = line.hours_bought * chance.choice([Decimal("0.5"), Decimal("0.75"), Decimal(1)])
        worked_on = year.first_day + datetime.timedelta(days=chance.randint(70, 120))
        while left > 0 and worked_on <= min(today, year.last_day):
            visit = min(left, Decimal(chance.choice([2, 3, 4])))
            hours.hours_record(
                line=line,
                worked_on=worked_on,
                hours=visit,
                kind=chance.choice(kinds),
                delivered_by=SPECIALIST,
                recorded_by=staff,
            )
            left -= visit
            worked_on += datetime.timedelta(days=chance.randint(14, 35))


def _sessions(year) -> list[SurgerySession]:
    """The year's six surgeries, held (past surgeries are written as their service leaves them)."""
    sessions = []
    for index, (month, day) in enumerate(SURGERY_DAYS):
        on = datetime.date(year.start_year + (month < year.first_day.month), month, day)
        online = index % 2 == 1
        sessions.append(
            SurgerySession(
                date=on,
                starts_at=datetime.time(15, 45),
                ends_at=datetime.time(17, 0),
                mode=SessionMode.ONLINE if online else SessionMode.IN_PERSON,
                room="" if online else "Training room",
                address="" if online else "Stepping Stones Short Stay School\nUnit Road\nMidtown\nMT1 1SS",
                meeting_link="https://zoom.example.test/j/5550100" if online else "",
                places=12,
                booking_closes_on=on - datetime.timedelta(days=1),
            )
        )
    return SurgerySession.objects.bulk_create(sessions)


def _places(school, contact, sessions, chance) -> list[SurgeryBooking]:
    booked = chance.sample(sessions, chance.choice([0, 1, 2, 3]))
    return [
        SurgeryBooking(
            session=session,
            school=school,
            attendee=contact,
            booked_by=contact,
            status=BookingStatus.CONFIRMED,
            created_at=_at(session.date - datetime.timedelta(days=14)),
            confirmed_at=_at(session.date - datetime.timedelta(days=14)),
            attended=chance.random() < 0.85,
        )
        for session in booked
    ]


def _calls(school, contact, year, staff, chance) -> list[CallbackRequest]:
    calls = []
    for _ in range(chance.choice([0, 1, 2, 4])):
        asked = year.first_day + datetime.timedelta(days=chance.randint(10, 350))
        calls.append(
            CallbackRequest(
                school=school,
                requested_by=contact,
                created_at=_at(asked, 9),
                topic=chance.choice(TOPICS),
                phone=school.phone,
                times_that_suit="Weekdays after 3:30pm",
                status=CallbackStatus.CLOSED,
                called_by=SPECIALIST,
                called_at=_at(asked, 16),
                duration_minutes=chance.choice([15, 20, 30, 45]),
                advice="Talked through a plan for the next fortnight and agreed to speak again if needed.",
                closed_by=staff,
            )
        )
    return calls


def _training(school, contact, year, formats, chance) -> list[TrainingRequest]:
    if chance.random() < 0.6:
        return []
    training_format = chance.choice(formats)
    on = year.first_day + datetime.timedelta(days=chance.randint(20, 330))
    staff_count = chance.randint(8, 30)
    price = pricing.training_price(training_format=training_format, staff_count=staff_count)
    return [
        TrainingRequest(
            school=school,
            requested_by=contact,
            created_at=_at(on - datetime.timedelta(days=42)),
            training_format=training_format,
            staff_count=staff_count,
            mode=TrainingMode.IN_PERSON,
            preferred_date_1=on,
            preferred_date_2=on + datetime.timedelta(days=7),
            quoted_pence=price,
            status=TrainingStatus.DELIVERED,
            agreed_date=on,
            agreed_time=datetime.time(15, 30),
            trainer=SPECIALIST,
            final_staff_count=staff_count,
            agreed_price_pence=price,
            decided_at=_at(on - datetime.timedelta(days=35)),
            attended_count=staff_count - chance.randint(0, 3),
            attendance_note="Teachers and teaching assistants.",
        )
    ]
