"""The figures' report pages at ten years of records for 129 schools, on PostgreSQL.

    .venv/bin/python benchmarks/figures.py [--seconds 5] [--clients 10]

It builds a throwaway PostgreSQL database (DATABASE_ADMIN_URL, default the machine's `postgres` on
127.0.0.1:5432) with the catalogue and 129 schools across three districts, then fills one year of
records, then nine more years before it: each year every school's order (the Universal Offer and one or
two support packages for pupils), the hours delivered against them, surgery places, advice-line calls and
training, and for the panel 30 referral placements with their requests, meetings and decisions. The
outreach records are written straight into the tables; the placements by the placements' factories. It
then serves the site with gunicorn (production settings, DEBUG off) and, for a member of staff and a
school's administrator, prints requests per second, p50/p95 latency and SQL queries for the Figures page
(the admin's own cost, for comparison), the outreach year in review, its one-page summary and CSV, the SEN
report's figures, the panel's statistics and "your year with us". Query counts are taken at one year of
records and again at ten: they should match. The outreach figures are kept in the shared cache until a
record they count changes (figures/cache.py), so the load measures pages as people mostly get them; a last
table gives each page's queries and time right after a change, when its figures are worked out again.

A script, not a test: the figures depend on the machine, so nothing here asserts a target.
"""

import sys

from harness import (
    client_signed_in_as,
    fresh_database_environment,
    gunicorn,
    in_django,
    load_options,
    print_header,
    print_load_row,
    print_machine,
    query_counts,
    session_of,
    signed_in_headers,
)

DATABASE_NAME = "stepping_stones_figures_benchmark"
SCHOOLS = 129
YEARS = 10

SETUP = """
import io, json, sys
from allauth.account.models import EmailAddress
from portal.schools.models import District, Membership, School
from portal.users.factories import turn_on_two_factor
from portal.users.models import User
from services import demo_content

for load in (demo_content.load_universal_offers, demo_content.load_packages, demo_content.load_training):
    load(stdout=io.StringIO())
districts = [
    District.objects.create(
        name=f"District {code}", code=f"D{code}", safeguarding_lead_role="Lead",
        safeguarding_lead_email=f"lead{code}@bench.test",
    )
    for code in (1, 2, 4)
]
School.objects.bulk_create(
    School(
        name=f"Bench school {number}", urn=f"{800000 + number}", district=districts[number % 3],
        address="1 Lane", phone="0", finance_email=f"finance{number}@bench.test",
    )
    for number in range(int(sys.argv[1]))
)
# A teacher at each school, who books its surgery places.
for school in School.objects.all():
    teacher = User.objects.create_user(f"teacher{school.urn}@bench.test")
    Membership.objects.create(user=teacher, school=school, is_member=True)
staff = User.objects.create_superuser("staff@bench.test", "a-long-benchmark-password")
head = User.objects.create_user("head@bench.test", "a-long-benchmark-password")
Membership.objects.create(user=head, school=School.objects.get(urn="800000"), is_administrator=True)
for user in (staff, head):
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
turn_on_two_factor(staff)
print(json.dumps({"schools": School.objects.count()}))
"""

# Years `first` to `last` (financial for the outreach, academic for the placements) of every school.
FILL = """
import datetime, json, random, sys
from bookings.models import (
    BookingStatus, CallbackRequest, CallbackStatus, SurgeryBooking, SurgerySession, TrainingRequest,
    TrainingStatus,
)
from common.financial_years import FinancialYear
from figures.cache import records_changed
from portal.orders.models import (
    FocusKind, HoursEntry, HoursKind, Order, OrderLine, OrderStatus, PaymentMethod, ProductKind,
)
from portal.placements.factories import MappMeetingFactory, PlacementFactory
from portal.placements.models import PlacementOutcome, PlacementStatus
from portal.schools.models import Membership, School
from services.catalogue import SupportPackage, TrainingFormat, UniversalOffer
from services.demo_content import UNIVERSAL_OFFER

first, last = int(sys.argv[1]), int(sys.argv[2])
chance = random.Random(first)
schools = list(School.objects.order_by("pk"))
teachers = {m.school_id: m.user for m in Membership.objects.filter(is_member=True).select_related("user")}
packages = list(SupportPackage.objects.filter(sold_by_the_hour=False, hours__isnull=False))
training_format = TrainingFormat.objects.order_by("pk").first()
now = datetime.datetime.now(datetime.UTC)
for start in range(first, last + 1):
    year = FinancialYear(start)
    offer, _ = UniversalOffer.objects.get_or_create(financial_year_start=start, defaults=UNIVERSAL_OFFER)
    orders = Order.objects.bulk_create(
        Order(
            school=school, reference=f"ORD-B{start}-{school.pk}", financial_year_start=start,
            status=OrderStatus.PAID, payment_method=PaymentMethod.CARD, includes_universal_offer=True,
            subtotal_pence=0, vat_pence=0, total_pence=0, paid_at=now,
        )
        for school in schools
    )
    lines = []
    for order in orders:
        lines.append(OrderLine(
            order=order, kind=ProductKind.UNIVERSAL_OFFER, universal_offer=offer, description=str(offer),
            unit_price_pence=55_000, quantity=1, net_pence=55_000, vat_pence=0,
        ))
        for number in range(chance.randint(1, 2)):
            package = chance.choice(packages)
            lines.append(OrderLine(
                order=order, position=number + 1, kind=ProductKind.PACKAGE, package=package,
                description=package.name, unit_price_pence=package.price_pence, quantity=1,
                hours_per_unit=package.hours, net_pence=package.price_pence, vat_pence=0,
                focus_kind=FocusKind.PUPIL, pupil_initials=chance.choice(["AB", "CD", "EF"]),
                pupil_year_group=str(chance.randint(1, 6)),
            ))
    lines = OrderLine.objects.bulk_create(lines)
    HoursEntry.objects.bulk_create(
        HoursEntry(
            line=line, worked_on=year.first_day + datetime.timedelta(days=60 + 30 * visit),
            quarter_hours=8, kind=HoursKind.OBSERVATION, delivered_by="Specialist teacher",
        )
        for line in lines if line.hours_per_unit
        for visit in range(2)
    )
    sessions = SurgerySession.objects.bulk_create(
        SurgerySession(
            date=year.first_day + datetime.timedelta(days=30 + 55 * number), starts_at=datetime.time(15, 45),
            ends_at=datetime.time(17), places=200,
            booking_closes_on=year.first_day + datetime.timedelta(days=29 + 55 * number),
        )
        for number in range(6)
    )
    SurgeryBooking.objects.bulk_create(
        SurgeryBooking(
            session=session, school=school, attendee=teachers[school.pk], booked_by=teachers[school.pk],
            status=BookingStatus.CONFIRMED, created_at=now, attended=chance.random() < 0.8,
        )
        for school in schools for session in chance.sample(sessions, 2)
    )
    CallbackRequest.objects.bulk_create(
        CallbackRequest(
            school=school, created_at=now, topic="A pupil", phone="0", times_that_suit="After school",
            status=CallbackStatus.CLOSED, called_by="Specialist teacher", duration_minutes=20,
            called_at=datetime.datetime.combine(
                year.first_day + datetime.timedelta(days=chance.randint(0, 360)), datetime.time(12),
                tzinfo=datetime.UTC,
            ),
            advice="Advice.",
        )
        for school in schools for _ in range(2)
    )
    TrainingRequest.objects.bulk_create(
        TrainingRequest(
            school=school, created_at=now, training_format=training_format, staff_count=20, mode="in_person",
            preferred_date_1=year.first_day, preferred_date_2=year.first_day, quoted_pence=47_000,
            status=TrainingStatus.DELIVERED, agreed_date=year.first_day + datetime.timedelta(days=100),
            agreed_price_pence=47_000, attended_count=chance.randint(10, 25),
        )
        for school in schools[::3]
    )
    # The panel's academic year starts in September of the same calendar year.
    for number in range(30):
        starts_on = datetime.date(start, 9, 1) + datetime.timedelta(days=7 * number)
        meeting = MappMeetingFactory(meeting_date=starts_on - datetime.timedelta(days=14))
        PlacementFactory(
            decision__meeting=meeting, decision__request__school=schools[number % len(schools)],
            decision__request__year_group=str(1 + number % 6),
            decision__request__sex="male" if number % 3 else "female",
            decision__request__upn="", starts_on=starts_on, status=PlacementStatus.ENDED,
            ended_on=starts_on + datetime.timedelta(weeks=14), outcome=PlacementOutcome.REINTEGRATED,
        )
placements = PlacementFactory._meta.model.objects.count()
# Written straight into the tables, with no save signals: say so, as every bulk path of the site does, so
# that no figure worked out before is served.
records_changed()
print(json.dumps({"orders": Order.objects.count(), "placements": placements}))
"""

PATHS = """
import json
from django.urls import reverse
from common.academic_years import AcademicYear
from common.financial_years import FinancialYear
from portal.schools.models import School

financial = FinancialYear.current().label
academic = AcademicYear.current().label
school = School.objects.get(urn="800000")
# Each page, and what it shows when the session is what it should be. The Figures page first: the admin's
# own cost (session, permissions, menus), which every report page pays too.
print(json.dumps({
    "staff": [
        [reverse("figures_admin_index"), "Outreach year in review"],
        [reverse("figures_admin_outreach_year", args=[financial]), "Outreach year in review"],
        [reverse("figures_admin_outreach_summary", args=[financial]), "Outreach year in review"],
        [reverse("figures_admin_outreach_csv", args=[financial]), "Specialist-teacher hours bought"],
        [f"{reverse('figures_admin_sen_report')}?year={academic}", "SEN information report"],
        [f"{reverse('figures_admin_panel')}?year={academic}", "panel"],
    ],
    "school": [[reverse("school_figures:year_with_us", args=[school.pk]), "Bench school 0"]],
}))
"""

# Each page right after a change to the records, when its figures are worked out again rather than served
# from the cache: queries and the median time in-process of ten such requests.
AFTER_A_CHANGE = """
import json, statistics, sys, time
from django.db import connection
from django.test.utils import CaptureQueriesContext
from figures.cache import records_changed
figures = {}
for path in sys.argv[1:]:
    client.get(path)
    times = []
    for _ in range(10):
        records_changed()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    figures[path] = [len(queries), statistics.median(times)]
print(json.dumps(figures))
"""

ANALYZE = """
import json
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
print(json.dumps({}))
"""


PEOPLE = {"staff": "staff@bench.test", "school": "head@bench.test"}


def counts(env, paths):
    return {
        path: count
        for who, email in PEOPLE.items()
        for path, count in query_counts(
            env, [path for path, _shows in paths[who]], client=client_signed_in_as(email)
        ).items()
    }


def main():
    options = load_options(__doc__, clients=10)
    env = fresh_database_environment(DATABASE_NAME)
    in_django(env, SETUP, str(SCHOOLS))
    this_year = in_django(
        env,
        "from common.financial_years import FinancialYear\nimport json\n"
        "print(json.dumps(FinancialYear.current().start_year))",
    )
    print(f"Filling one year of records for {SCHOOLS} schools...", flush=True)
    in_django(env, FILL, str(this_year), str(this_year))
    paths = in_django(env, PATHS)
    at_one_year = counts(env, paths)
    print(f"Filling {YEARS - 1} years before it...", flush=True)
    filled = in_django(env, FILL, str(this_year - YEARS + 1), str(this_year - 1))
    # As autovacuum would after so many rows: the planner's statistics of the filled tables.
    in_django(env, ANALYZE)
    at_ten_years = counts(env, paths)
    print(f"Orders: {filled['orders']:,}; referral placements: {filled['placements']:,}")

    after_a_change = {
        path: figures
        for who, email in PEOPLE.items()
        for path, figures in in_django(
            env, client_signed_in_as(email) + AFTER_A_CHANGE, *[path for path, _shows in paths[who]]
        ).items()
    }

    with gunicorn(env) as base_url:
        print(
            f"\n{options.clients} signed-in clients (wrk), {options.seconds:g} s per page, gunicorn as "
            f"config/gunicorn.py sets it, PostgreSQL, {SCHOOLS} schools, {YEARS} years\n"
        )
        counted = {"queries at 1 year": at_one_year, f"at {YEARS}": at_ten_years}
        print_machine("as the load began")
        print_header(counted)
        for who, email in PEOPLE.items():
            session = session_of(env, email)
            for path, shows in paths[who]:
                print_load_row(
                    base_url,
                    path,
                    headers=signed_in_headers(session),
                    shows=shows.encode(),
                    seconds=options.seconds,
                    clients=options.clients,
                    counted=counted,
                )
        print_machine("at the end")
        print(
            f"\nRight after a change to the records (the year in review's figures worked out again, not "
            f"served from the cache), in-process, median of 10:\n\n{'page':<50} {'queries':>8} {'ms':>8}"
        )
        for path, (queries, milliseconds) in after_a_change.items():
            print(f"{path:<50} {queries:>8} {milliseconds:>8.1f}")


if __name__ == "__main__":
    sys.exit(main())
