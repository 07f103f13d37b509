"""Load the signed-in portal's busiest pages through a production-like server on PostgreSQL.

    .venv/bin/python benchmarks/portal.py [--schools 100] [--orders 10] [--requests 5] [--seconds 5]
                                          [--clients 20]

It builds a throwaway PostgreSQL database (DATABASE_ADMIN_URL, default the machine's `postgres` on
127.0.0.1:5432), fills it with the catalogue and `--schools` schools of `--orders` orders each (one
Universal Offer, the rest packages, all placed through the same services as the portal), serves the
site with gunicorn (production settings, DEBUG off), and for a member of one school (finance and
referrer, signed in with two-factor) prints requests per second, p50/p95 latency and SQL queries for the
portal home, the order list, an invoice, the placement requests list, a request's section, the surgeries
list and a training request. Each school also has `--requests` placement requests, bookings at the
surgeries every school shares, and three training requests. Query counts are taken with one school
first and again at full size: they should match.

A script, not a test: the figures depend on the machine, so nothing here asserts a target.
"""

import sys

from harness import (
    fresh_database_environment,
    gunicorn,
    in_django,
    load_options,
    print_header,
    print_load_row,
    print_machine,
    query_counts,
    signed_in_headers,
)

DATABASE_NAME = "stepping_stones_portal_benchmark"

FILL = """
import io, json, sys
from datetime import date, timedelta
from allauth.account.models import EmailAddress
from bookings.factories import SurgeryBookingFactory, SurgerySessionFactory, TrainingRequestFactory
from bookings.models import SurgerySession
from portal.placements.factories import PlacementRequestFactory
from portal.orders.models import FocusKind, YearGroup
from portal.orders.services import basket as basket_services, checkout
from portal.orders.services.invoices import InvoiceDetails
from portal.orders.services.rules import Focus
from portal.schools.models import District, Membership, School
from portal.users.models import User
from services import demo_content
from portal.users.factories import turn_on_two_factor
from services.catalogue import SupportPackage, TrainingFormat
from services.factories import TrainingFormatFactory

first, last, orders, requests = (int(value) for value in sys.argv[1:5])
if first == 1:
    demo_content.load_universal_offers(stdout=io.StringIO())
    demo_content.load_packages(stdout=io.StringIO())
    # The surgeries every school sees: twice a term, a year ahead.
    for week in range(12):
        SurgerySessionFactory(date=date.today() + timedelta(days=7 + 21 * week), places=200)
    TrainingFormatFactory()
sessions = list(SurgerySession.objects.order_by("date"))
training_format = TrainingFormat.objects.first()
lead = {"name": "Bench district", "safeguarding_lead_role": "Lead", "safeguarding_lead_email": "lead@b.test"}
district, _ = District.objects.get_or_create(code="B1", defaults=lead)
plain = {"sold_by_the_hour": False, "requires_ehc_plan": False, "must_follow": None}
packages = list(SupportPackage.objects.filter(**plain))
details = InvoiceDetails("PO-1", False, "Finance", "finance@bench.test")
for number in range(first, last + 1):
    school = School.objects.create(
        name=f"Bench school {number}", urn=f"{800000 + number}", district=district,
        address="1 Lane", phone="0", finance_email=f"finance{number}@bench.test",
    )
    user = User.objects.create_user(f"bursar{number}@bench.test", "a-long-benchmark-password")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    Membership.objects.create(user=user, school=school, is_finance=True, is_referrer=True)
    turn_on_two_factor(user)  # placement requests are shown only to people signed in with it
    for index in range(requests):
        PlacementRequestFactory(school=school, created_by=user, complete=index % 2 == 0)
    for session in sessions[::3]:
        SurgeryBookingFactory(session=session, school=school, attendee=user)
    for index in range(3):
        TrainingRequestFactory(school=school, requested_by=user, training_format=training_format)
    for index in range(orders):
        basket = basket_services.basket_open(school=school, user=user)
        if index == 0:
            basket_services.basket_add_universal_offer(basket=basket)
        else:
            focus = Focus(FocusKind.PUPIL, pupil_initials="AB", pupil_year_group=YearGroup.YEAR_4)
            package = packages[index % len(packages)]
            basket_services.basket_add_package(basket=basket, package=package, focus=focus)
        checkout.order_place_by_invoice(basket=basket, placed_by=user, invoice_details=details)
print(json.dumps({"schools": School.objects.count()}))
"""

SIGN_IN = """
import json
from django.test import Client
from django.urls import reverse
from bookings.models import TrainingRequest
from portal.orders.models import Invoice
from portal.placements.models import PlacementRequest
from portal.users.models import User

user = User.objects.get(email="bursar1@bench.test")
client = Client(HTTP_HOST="127.0.0.1", secure=True)
client.force_login(user)
invoice = Invoice.objects.filter(order__school__memberships__user=user).order_by("pk").first()
placement_request = PlacementRequest.objects.filter(school__memberships__user=user).order_by("pk").first()
training_request = TrainingRequest.objects.filter(school__memberships__user=user).order_by("pk").first()
paths = [
    reverse("portal:home"),
    reverse("orders:orders"),
    reverse("orders:invoice", args=[invoice.pk]),
    reverse("portal:refer"),
    reverse("placement_requests:section", args=[placement_request.pk, "pupil"]),
    reverse("bookings:surgeries"),
    reverse("bookings:training_request", args=[training_request.pk]),
]
print(json.dumps({"session": client.cookies["sessionid"].value, "paths": paths}))
"""

BURSAR_CLIENT = """
from django.test import Client
from portal.users.models import User
client = Client(HTTP_HOST="127.0.0.1", secure=True)
client.force_login(User.objects.get(email="bursar1@bench.test"))
"""


def main():
    options = load_options(
        __doc__,
        clients=20,
        extra=[
            ("--schools", 100, "schools"),
            ("--orders", 10, "orders per school"),
            ("--requests", 5, "placement requests per school"),
        ],
    )
    env = fresh_database_environment(DATABASE_NAME)
    print("Filling one school...", flush=True)
    in_django(env, FILL, "1", "1", str(options.orders), str(options.requests))
    signed_in = in_django(env, SIGN_IN)
    paths = signed_in["paths"]
    counts_at_one = query_counts(env, paths, client=BURSAR_CLIENT)
    print(f"Filling {options.schools} schools of {options.orders} orders each...", flush=True)
    in_django(env, FILL, "2", str(options.schools), str(options.orders), str(options.requests))
    counts_at_full = query_counts(env, paths, client=BURSAR_CLIENT)

    headers = signed_in_headers(signed_in["session"])
    with gunicorn(env) as base_url:
        print(
            f"\n{options.clients} signed-in clients (wrk), {options.seconds:g} s per page, gunicorn as "
            f"config/gunicorn.py sets it, PostgreSQL, {options.schools} schools x {options.orders} orders\n"
        )
        counted = {"queries at 1 school": counts_at_one, "at full": counts_at_full}
        print_machine("as the load began")
        print_header(counted)
        for path in paths:
            print_load_row(
                base_url,
                path,
                headers=headers,
                shows=b"Bench school 1",
                seconds=options.seconds,
                clients=options.clients,
                counted=counted,
            )
        print_machine("at the end")


if __name__ == "__main__":
    sys.exit(main())
