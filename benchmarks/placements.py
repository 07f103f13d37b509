"""The placements' busiest screens at a full unit: 36 pupils, a school year of sessions, on PostgreSQL.

    .venv/bin/python benchmarks/placements.py [--seconds 5] [--clients 20]

It builds a throwaway PostgreSQL database (DATABASE_ADMIN_URL, default the machine's `postgres` on
127.0.0.1:5432) with the school year's terms and three cohorts of 36 placements, one pupil of each of
36 schools in each: two that have ended (January to April and April to July 2026) and one at the unit
now (from October 2026), started through the same services as the admin.
Their attendance is written straight into the table, morning and afternoon of every school day, with a
few absences, at first for one week only, then for the whole year: about 12,000 sessions. It then serves
the site with gunicorn (production settings, DEBUG off) and, for a referrer of the school and a member
of staff, prints requests per second, p50/p95 latency and SQL queries for the group register of the
last day with marks, and the school's placements list, a placement's page, its attendance and its
inspection summary. Query counts are taken at one week of sessions and again at a full year: they
should match.

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

DATABASE_NAME = "stepping_stones_placements_benchmark"
PUPILS = 36

FILL = """
import json, sys
from datetime import date, timedelta
from allauth.account.models import EmailAddress
from portal.placements import selectors
from portal.placements.factories import (
    PanelDecisionFactory, PlacementCapacityFactory, SchoolTermFactory, valid_upn,
)
from portal.placements.models import PlacementOutcome, PupilCategory, Weekday
from portal.placements.services import placements as services
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role
from portal.users.factories import turn_on_two_factor
from portal.users.models import User

pupils = int(sys.argv[1])
terms = [
    ("Autumn 2025", date(2025, 9, 3), date(2025, 12, 19), date(2025, 10, 27), date(2025, 10, 31)),
    ("Spring 2026", date(2026, 1, 5), date(2026, 3, 27), date(2026, 2, 16), date(2026, 2, 20)),
    ("Summer 2026", date(2026, 4, 13), date(2026, 7, 22), date(2026, 5, 25), date(2026, 5, 29)),
    ("Autumn 2026", date(2026, 9, 2), date(2026, 12, 18), date(2026, 10, 26), date(2026, 10, 30)),
    ("Spring 2027", date(2027, 1, 5), date(2027, 3, 26), date(2027, 2, 15), date(2027, 2, 19)),
    ("Summer 2027", date(2027, 4, 12), date(2027, 7, 21), date(2027, 5, 31), date(2027, 6, 4)),
]
for name, starts, ends, half_starts, half_ends in terms:
    SchoolTermFactory(
        name=name,
        starts_on=starts,
        ends_on=ends,
        half_term_starts_on=half_starts,
        half_term_ends_on=half_ends,
    )
PlacementCapacityFactory(starts_on=date(2025, 9, 1), places=pupils)
schools = [SchoolFactory(name=f"Bench school {number}") for number in range(pupils)]
staff = User.objects.create_superuser("staff@bench.test", "a-long-benchmark-password")
referrer = MembershipFactory(school=schools[0], roles=[Role.REFERRER], user__email="senco@bench.test").user
for user in (staff, referrer):
    verified = {"primary": True, "verified": True}
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults=verified)
    turn_on_two_factor(user)

cohorts = [(date(2026, 1, 5), True), (date(2026, 4, 13), True), (date(2026, 10, 5), False)]
for cohort, (starts_on, ended) in enumerate(cohorts):
    for number in range(pupils):
        # A child of their own each: the same pupil cannot be placed twice at once.
        pupil = cohort * pupils + number
        offer = PanelDecisionFactory(
            request__school=schools[number],
            request__upn=valid_upn(f"82020{pupil:07d}"),
            request__legal_last_name=f"Pupil {pupil}",
        )
        placement = services.placement_create_from_offer(
            placement_request=offer.request,
            user=staff,
            arrangements=services.Arrangements(
                starts_on=starts_on,
                home_school_weekday=number % 5,
                category=PupilCategory.ALTERNATIVE_TO_EXCLUSION,
                purpose="Settle in a small group, then return full time.",
                key_worker_name="Learning mentor",
                key_worker_email="mentor@bench.test",
                dsl_name="Deputy head",
                dsl_email="dsl@bench.test",
            ),
            over_capacity_confirmed=True,
        )
        placement = services.placement_start(placement=placement, user=staff)
        if ended:
            services.placement_end(
                placement=placement,
                user=staff,
                outcome=PlacementOutcome.REINTEGRATED,
                ended_on=placement.target_end_on,
            )
print(json.dumps({"placements": pupils * len(cohorts)}))
"""

# Morning and afternoon of each school day of each placement's time at the unit, up to the last day
# given, in whichever register keeps it; one pupil in seven is absent on one day in nine.
MARKS = """
import json, sys
from datetime import date, timedelta
from portal.placements import selectors
from portal.placements.models import AttendanceMark, MarkSource, Placement, RegisterSession

first, last = (date.fromisoformat(value) for value in sys.argv[1:3])
calendar = selectors.school_calendar()
marks = []
for placement in Placement.objects.prefetch_related("dates"):
    starts, ends = selectors.unit_period(placement=placement)
    for index, day in enumerate(calendar.school_days_between(max(starts, first), min(ends, last))):
        absent = placement.pk % 7 == 0 and index % 9 == 4
        for session, present in ((RegisterSession.MORNING, "/"), (RegisterSession.AFTERNOON, "\\\\")):
            marks.append(
                AttendanceMark(
                    placement=placement, date=day, session=session,
                    kept_by=selectors.kept_by_on(placement=placement, day=day),
                    code="I" if absent else present, source=MarkSource.REGISTER,
                )
            )
AttendanceMark.objects.bulk_create(marks, batch_size=2000, ignore_conflicts=True)
print(json.dumps({"sessions": AttendanceMark.objects.count()}))
"""

PATHS = """
import json
from django.urls import reverse
from portal.placements.models import Placement, PlacementStatus

placement = Placement.objects.filter(status=PlacementStatus.ACTIVE).order_by("pk").first()
print(json.dumps({
    "staff": [f"{reverse('placements_admin_group_register')}?date=2026-12-04"],
    "school": [
        reverse("school_placements:list"),
        reverse("school_placements:placement", args=[placement.pk]),
        reverse("school_placements:attendance", args=[placement.pk]),
        reverse("school_placements:summary", args=[placement.pk]),
    ],
}))
"""


PEOPLE = {"staff": "staff@bench.test", "school": "senco@bench.test"}
# What each person's pages show when they are signed in.
SHOWS = {"staff": b"Group register", "school": b"Bench school"}


def counts(env, paths):
    return {
        path: count
        for who, email in PEOPLE.items()
        for path, count in query_counts(env, paths[who], client=client_signed_in_as(email)).items()
    }


def main():
    options = load_options(__doc__, clients=20)
    env = fresh_database_environment(DATABASE_NAME)
    print(f"Starting {PUPILS * 3} placements in three cohorts of {PUPILS}...", flush=True)
    in_django(env, FILL, str(PUPILS))
    week = in_django(env, MARKS, "2026-11-30", "2026-12-04")
    paths = in_django(env, PATHS)
    at_a_week = counts(env, paths)
    year = in_django(env, MARKS, "2026-01-05", "2026-12-04")
    at_a_year = counts(env, paths)
    print(f"Sessions recorded: {week['sessions']:,} (one week), then {year['sessions']:,} (the year)")

    with gunicorn(env) as base_url:
        print(
            f"\n{options.clients} signed-in clients (wrk), {options.seconds:g} s per page, gunicorn as "
            f"config/gunicorn.py sets it, PostgreSQL, {PUPILS} pupils at the unit\n"
        )
        counted = {"queries at a week": at_a_week, "a year": at_a_year}
        print_machine("as the load began")
        print_header(counted)
        for who, email in PEOPLE.items():
            session = session_of(env, email)
            for path in paths[who]:
                print_load_row(
                    base_url,
                    path,
                    headers=signed_in_headers(session),
                    shows=SHOWS[who],
                    seconds=options.seconds,
                    clients=options.clients,
                    counted=counted,
                )
        print_machine("at the end")


if __name__ == "__main__":
    sys.exit(main())
