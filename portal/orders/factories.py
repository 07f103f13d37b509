"""Orders as they would be after checkout, for tests that need many or need one in a given state.

Tests of the rules go through `portal.orders.services` instead; these build the records directly.
"""

import factory
from django.utils import timezone

from common.financial_years import FinancialYear
from portal.orders.models import (
    CardPayment,
    CardPaymentStatus,
    HoursEntry,
    HoursKind,
    Invoice,
    Order,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    ProductKind,
    Refund,
    RefundStatus,
)
from portal.schools.factories import SchoolFactory
from services.catalogue import UniversalOffer
from services.factories import SupportPackageFactory


def universal_offer_of(year_start, price_pence=55_000):
    """The year's Universal Offer, priced when missing (it is unique per year)."""
    offer, _ = UniversalOffer.objects.get_or_create(
        financial_year_start=year_start,
        defaults={"price_pence": price_pence, "what_it_gives": "<ul><li>The advice line</li></ul>"},
    )
    return offer


class OrderFactory(factory.django.DjangoModelFactory):
    """An order with no lines; its totals are whatever you pass (the lines' factories do not add up)."""

    class Meta:
        model = Order

    school = factory.SubFactory(SchoolFactory)
    placed_by = None
    financial_year_start = factory.LazyFunction(lambda: FinancialYear.current().start_year)
    reference = factory.Sequence(lambda n: f"ORD-T{n:05d}")
    status = OrderStatus.INVOICED
    payment_method = PaymentMethod.INVOICE
    subtotal_pence = 0
    vat_pence = 0
    total_pence = factory.LazyAttribute(lambda order: order.subtotal_pence + order.vat_pence)

    class Params:
        paid = factory.Trait(
            status=OrderStatus.PAID, paid_at=factory.LazyFunction(timezone.now), paid_by_reference="BACS 1"
        )


class OrderLineFactory(factory.django.DjangoModelFactory):
    """A package line: pass `package=` (a Bronze-like package by default) and a focus."""

    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory)
    kind = ProductKind.PACKAGE
    package = factory.SubFactory(SupportPackageFactory)
    description = factory.LazyAttribute(lambda line: line.package.name)
    unit_price_pence = factory.LazyAttribute(lambda line: line.package.price_pence)
    quantity = 1
    hours_per_unit = factory.LazyAttribute(lambda line: line.package.hours or 1)
    net_pence = factory.LazyAttribute(lambda line: line.unit_price_pence * line.quantity)
    vat_pence = 0
    focus_kind = "class"
    class_name = "Oak class"


class UniversalOfferLineFactory(OrderLineFactory):
    """The Universal Offer line of an order (mark the order `includes_universal_offer=True` too)."""

    kind = ProductKind.UNIVERSAL_OFFER
    package = None
    universal_offer = factory.LazyAttribute(lambda line: universal_offer_of(line.order.financial_year_start))
    description = factory.LazyAttribute(lambda line: str(line.universal_offer))
    unit_price_pence = factory.LazyAttribute(lambda line: line.universal_offer.price_pence)
    hours_per_unit = 0
    focus_kind = ""
    class_name = ""


class InvoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invoice

    order = factory.SubFactory(OrderFactory)
    number = factory.Sequence(lambda n: 90_000 + n)
    issued_on = factory.LazyFunction(timezone.localdate)
    due_on = factory.LazyAttribute(lambda invoice: invoice.issued_on + timezone.timedelta(days=30))
    purchase_order_number = "PO-1"
    finance_contact_name = "Pat Finance"
    finance_contact_email = "finance@school.test"
    school_name = factory.LazyAttribute(lambda invoice: invoice.order.school.name)
    school_address = factory.LazyAttribute(lambda invoice: invoice.order.school.address)
    seller_name = "Stepping Stones Short Stay School"
    payment_terms_days = 30


class HoursEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HoursEntry

    line = factory.SubFactory(OrderLineFactory)
    worked_on = factory.LazyFunction(timezone.localdate)
    quarter_hours = 4
    kind = HoursKind.OBSERVATION
    delivered_by = "Sam Rivers"


class CardPaymentFactory(factory.django.DjangoModelFactory):
    """A card payment that succeeded (ids Stripe would not know: for tests that never ask it)."""

    class Meta:
        model = CardPayment

    order = factory.SubFactory(OrderFactory, payment_method=PaymentMethod.CARD)
    stripe_customer_id = "cus_test"
    setup_intent_id = factory.Sequence(lambda n: f"seti_test_{n}")
    payment_intent_id = factory.Sequence(lambda n: f"pi_test_{n}")
    amount_pence = factory.LazyAttribute(lambda payment: payment.order.total_pence)
    status = CardPaymentStatus.SUCCEEDED


class RefundFactory(factory.django.DjangoModelFactory):
    """A refund Stripe has made, of its payment's order."""

    class Meta:
        model = Refund

    card_payment = factory.SubFactory(CardPaymentFactory)
    order = factory.LazyAttribute(lambda refund: refund.card_payment.order)
    amount_pence = 100
    status = RefundStatus.REFUNDED
    stripe_refund_id = factory.Sequence(lambda n: f"re_test_{n}")
    reason = "Part refund"
