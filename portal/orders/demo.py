"""Demo buying: the unit's invoice details; Riverside holds this year's Universal Offer (paid by card)
and a Silver package (paid by invoice) with some hours used, and has a consultancy order invoiced and
awaiting payment; Oakfield holds nothing.

The card payment is recorded as the card-payment code records one, without asking Stripe: the demo loads
before localstripe starts (which starts empty each time), and its ids (`..._demo_riverside`) are ones
Stripe would refuse to refund. The reconciliation report leaves it out for that reason
(`DEMO_PAYMENT_INTENT_PREFIX`), and says so.

Created only with DEBUG on, through the same services the portal and the admin use, and only when
Riverside has no orders yet, so running the loader again changes nothing.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.models import Collection

from common.financial_years import FinancialYear
from portal.orders import selectors
from portal.orders.models import (
    DEMO_PAYMENT_INTENT_PREFIX,
    RESOURCE_COLLECTION_NAME,
    CardPayment,
    CardPaymentStatus,
    FocusKind,
    HoursKind,
    Order,
    Resource,
    ResourceTopic,
    YearGroup,
)
from portal.orders.services import basket, checkout, hours, payments, rules
from portal.orders.services.invoices import InvoiceDetails
from portal.schools.models import School
from portal.users.models import User
from services.catalogue import SupportPackage

RIVERSIDE_URN = "900202"
RIVERSIDE_BUYER = "head@riverside-primary.test"
STAFF_EMAIL = "admin@stepping-stones.test"

UNIT_DETAILS = {
    "address": "Stepping Stones Short Stay School\nUnit Road\nMidtown\nMT1 1SS",
    "email": "finance@stepping-stones.test",
    "phone": "01000 000111",
    "bank_details": (
        "Account name: Stepping Stones Short Stay School\nSort code: 00-00-00\nAccount number: 00000000"
    ),
}


def load(*, stdout):
    if not settings.DEBUG:
        stdout.write("DEBUG is off: no demo orders were created.")
        return
    _load_unit_details(stdout)
    _load_riverside_orders(stdout)


def _load_unit_details(stdout):
    buying = selectors.buying_settings()
    if buying.pk is None or buying.address:
        return
    for field, value in UNIT_DETAILS.items():
        setattr(buying, field, value)
    buying.save()
    stdout.write("Filled in the unit's details for invoices.")


def _load_riverside_orders(stdout):
    school = School.objects.filter(urn=RIVERSIDE_URN).first()
    buyer = User.objects.filter(email=RIVERSIDE_BUYER).first()
    if school is None or buyer is None or Order.objects.filter(school=school).exists():
        return
    today = timezone.localdate()
    year = FinancialYear.containing(today)
    packages = {package.slug: package for package in SupportPackage.objects.filter(is_active=True)}
    silver, consultancy = packages.get("silver-package"), packages.get("consultancy")
    if selectors.universal_offer_priced(year=year) is None or silver is None or consultancy is None:
        stdout.write(
            f"No demo orders: the demo catalogue has no Universal Offer for {year}, or no Silver package."
        )
        return
    staff = User.objects.filter(email=STAFF_EMAIL).first()

    riverside_basket = basket.basket_open(school=school, user=buyer)
    basket.basket_add_universal_offer(basket=riverside_basket)
    by_card = checkout.order_place_for_card_payment(basket=riverside_basket, placed_by=buyer)
    demo_payment_intent_id = f"{DEMO_PAYMENT_INTENT_PREFIX}riverside"
    CardPayment.objects.create(
        order=by_card,
        started_by=buyer,
        stripe_customer_id="cus_demo_riverside",
        setup_intent_id="seti_demo_riverside",
        payment_intent_id=demo_payment_intent_id,
        amount_pence=by_card.total_pence,
        status=CardPaymentStatus.SUCCEEDED,
    )
    payments.order_mark_paid(order=by_card, paid_by_reference=demo_payment_intent_id)

    basket.basket_add_package(
        basket=riverside_basket,
        package=silver,
        focus=rules.Focus(FocusKind.PUPIL, pupil_initials="TM", pupil_year_group=YearGroup.YEAR_4),
    )
    paid = checkout.order_place_by_invoice(
        basket=riverside_basket,
        placed_by=buyer,
        invoice_details=InvoiceDetails("RPS-0412", False, "Pat Okafor", school.finance_email),
    )
    payments.order_mark_paid(order=paid, paid_by_reference="BACS RPS-0412", marked_by=staff)
    silver_line = paid.lines.get(package=silver)
    for days_ago, quarter_hours, kind, note in [
        (21, 12, HoursKind.OBSERVATION, "Morning in class and at lunchtime."),
        (14, 8, HoursKind.REPORT, "Report with strategies sent to the SENCo."),
    ]:
        hours.hours_record(
            line=silver_line,
            worked_on=max(year.first_day, today - datetime.timedelta(days=days_ago)),
            hours=Decimal(quarter_hours) / 4,
            kind=kind,
            delivered_by="Sam Rivers, specialist teacher",
            note=note,
            recorded_by=staff,
        )

    basket.basket_add_package(
        basket=riverside_basket, package=consultancy, focus=rules.Focus(FocusKind.SCHOOL), hours=4
    )
    invoiced = checkout.order_place_by_invoice(
        basket=riverside_basket,
        placed_by=buyer,
        invoice_details=InvoiceDetails("", True, "Pat Okafor", school.finance_email),
    )
    stdout.write(
        f"Created Riverside's orders {by_card.reference} (paid by card), {paid.reference} (paid by invoice) "
        f"and {invoiced.reference} (invoiced, awaiting payment)."
    )


# --- The resource library ---------------------------------------------------------------------------------

DEMO_RESOURCES = [
    (
        "Calm corner: setting one up in a classroom",
        ResourceTopic.BEHAVIOUR,
        "What to put in a calm corner, how to introduce it and how pupils ask to use it.",
    ),
    (
        "Behaviour plan template",
        ResourceTopic.PLANNING,
        "A one-page plan: triggers, early signs, what helps and who to call.",
    ),
    (
        "Moving up to secondary: a transition checklist",
        ResourceTopic.TRANSITIONS,
        "Visits, a named adult and a pupil passport, term by term.",
    ),
    (
        "Talking with parents and carers after an incident",
        ResourceTopic.PARENTS,
        "A structure for the conversation and phrases that keep it calm.",
    ),
]


def load_resources(*, stdout):
    """The "Resource library" collection and a few small text resources in it (once)."""
    if not settings.DEBUG:
        stdout.write("DEBUG is off: no demo resources were created.")
        return
    collection = Collection.objects.filter(name=RESOURCE_COLLECTION_NAME).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=RESOURCE_COLLECTION_NAME)
    created = 0
    for title, topic, summary in DEMO_RESOURCES:
        if Resource.objects.filter(document__title=title).exists():
            continue
        text = f"{title}\n\n{summary}\n\nA demo resource from the Stepping Stones outreach team.\n"
        document = get_document_model()(title=title, collection=collection)
        document.file.save(f"{slugify(title)}.txt", ContentFile(text.encode()), save=False)
        document.save()
        Resource.objects.create(document=document, topic=topic, summary=summary)
        created += 1
    if created:
        stdout.write(f"Added {created} resources to the resource library.")
