"""Reads with rules for buying: what is on sale when, what a school holds, and each school's own records.

Every query a school-facing view makes for an order, invoice, credit note or package line goes through
one of the `..._for(school=...)` functions here, so a school only ever reaches its own records; a view
looks an id up inside what they return, never by bare id.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from common.compiled_reads import CompiledRead
from common.financial_years import FinancialYear
from common.urls import absolute_url
from portal.orders.models import (
    HELD_STATUSES,
    OPEN_CARD_PAYMENT_STATUSES,
    Basket,
    BasketLine,
    BuyingSettings,
    CardPayment,
    CardPaymentStatus,
    CreditNote,
    HoursEntry,
    Invoice,
    Order,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    ProductKind,
    Refund,
    RefundOrigin,
    RefundStatus,
    RenewalReminder,
    Resource,
    ResourceTopic,
)
from portal.orders.models.resources import in_resource_library
from portal.schools.models import School
from services import selectors as catalogue
from services.catalogue import SupportPackage, UniversalOffer

# A refund Stripe has not answered for this long is shown to staff as waiting.
REFUND_WAIT_BEFORE_SHOWN = datetime.timedelta(minutes=10)

# --- Settings ---------------------------------------------------------------------------------------------


def buying_settings() -> BuyingSettings:
    """The default site's buying settings (created with their defaults the first time)."""
    site = Site.objects.filter(is_default_site=True).first()
    return BuyingSettings.for_site(site) if site is not None else BuyingSettings()


# --- What is on sale when ---------------------------------------------------------------------------------


def advance_purchase_opens_on(
    *, year: FinancialYear, settings: BuyingSettings | None = None
) -> datetime.date:
    """The day within `year` from which the next financial year's support can be bought (1 March unless
    staff set another day)."""
    settings = settings or buying_settings()
    month, day = settings.advance_purchase_opens_month, settings.advance_purchase_opens_day
    calendar_year = year.start_year if month >= year.first_day.month else year.start_year + 1
    return datetime.date(calendar_year, month, day)


def renewal_is_open(*, today: datetime.date) -> bool:
    """Whether next year's support can be bought on `today`: from the advance purchase date to the end
    of the financial year, when schools are reminded to renew the Universal Offer."""
    return today >= advance_purchase_opens_on(year=FinancialYear.containing(today))


def years_on_sale(*, today: datetime.date) -> list[FinancialYear]:
    """The financial years a school can buy for on `today`: this one, and from the advance purchase
    date, the next one too (at its prices)."""
    this_year = FinancialYear.containing(today)
    return [this_year, this_year.next] if renewal_is_open(today=today) else [this_year]


def universal_offer_priced(*, year: FinancialYear) -> UniversalOffer | None:
    """The Universal Offer of `year` with the price staff set for it, if they have."""
    return catalogue.universal_offer_for(on_date=year.first_day)


def packages_on_sale(*, year: FinancialYear) -> QuerySet[SupportPackage]:
    """What a school can put in its basket for `year`, each at that year's price (`year_price_pence`)."""
    return catalogue.packages_priced(year=year)


def package_on_sale(*, slug, year: FinancialYear) -> SupportPackage | None:
    return packages_on_sale(year=year).filter(slug=slug).first()


# --- What a school holds ----------------------------------------------------------------------------------


def _held_orders(*, school, year: FinancialYear) -> QuerySet[Order]:
    return Order.objects.filter(school=school, financial_year_start=year.start_year, status__in=HELD_STATUSES)


def holds_universal_offer(*, school, on_date: datetime.date) -> bool:
    """Whether `school` holds the Universal Support Offer for the financial year `on_date` is in: bought
    and paid, or invoiced (usable while the invoice is paid). Surgeries and the resource library ask this."""
    year = FinancialYear.containing(on_date)
    return _held_orders(school=school, year=year).filter(includes_universal_offer=True).exists()


def universal_offer_order(*, school, year: FinancialYear) -> Order | None:
    """The order that has taken `school`'s one Universal Offer for `year`, if any: held, or still waiting
    for its card payment."""
    return (
        Order.objects.filter(
            school=school, financial_year_start=year.start_year, includes_universal_offer=True
        )
        .exclude(status=OrderStatus.CANCELLED)
        .first()
    )


def has_bought_package(*, school, year: FinancialYear, package_id) -> bool:
    return OrderLine.objects.filter(
        order__in=_held_orders(school=school, year=year), package_id=package_id
    ).exists()


# --- The basket -------------------------------------------------------------------------------------------


def basket_of(*, school, user) -> Basket | None:
    return Basket.objects.filter(school=school, user=user).first()


def basket_lines(*, basket) -> QuerySet[BasketLine]:
    """The basket's lines, a package's with its price in the basket's year (`package_price_pence`)."""
    price = catalogue.package_price_in(
        basket.financial_year, package_id="package_id", package_price="package__price_pence"
    )
    return (
        BasketLine.objects.filter(basket=basket)
        .select_related("package", "package__must_follow")
        .annotate(package_price_pence=price)
    )


# --- A school's own records -------------------------------------------------------------------------------


def finance_contact_initial(*, membership) -> dict[str, str]:
    """What the invoice form starts with: the school's finance address, and the name of the person there.
    That is the buyer when they are the school's finance person (they have the finance role, or the address
    is theirs) and the site knows their name; otherwise the name on the school's latest invoice to the
    address."""
    school, user = membership.school, membership.user
    email = school.finance_email
    is_finance_person = membership.is_finance or user.email.lower() == email.lower()
    name = user.get_full_name() if is_finance_person else ""
    if not name:
        name = (
            Invoice.objects.filter(order__school=school, finance_contact_email__iexact=email)
            .exclude(finance_contact_name="")
            .order_by("-issued_on", "-pk")
            .values_list("finance_contact_name", flat=True)
            .first()
        ) or ""
    return {"finance_contact_name": name, "finance_contact_email": email}


def orders_for(*, school) -> QuerySet[Order]:
    return Order.objects.filter(school=school).select_related(
        "school", "placed_by", "invoice", "invoice__credit_note"
    )


def invoices_for(*, school) -> QuerySet[Invoice]:
    return Invoice.objects.filter(order__school=school).select_related("order", "order__school")


def credit_notes_for(*, school) -> QuerySet[CreditNote]:
    return CreditNote.objects.filter(invoice__order__school=school).select_related(
        "invoice", "invoice__order", "invoice__order__school"
    )


def order_lines_of(*, order) -> QuerySet[OrderLine]:
    return with_hours_used(OrderLine.objects.filter(order=order))


def with_hours_used(lines: QuerySet[OrderLine]) -> QuerySet[OrderLine]:
    """Annotate each line's `quarter_hours_used` (what staff have recorded against it) in the same query."""
    return lines.annotate(quarter_hours_used=Coalesce(Sum("hours_entries__quarter_hours"), Value(0)))


def package_lines_for(*, school) -> QuerySet[OrderLine]:
    """The package and consultancy lines `school` holds, with the hours used on each."""
    return with_hours_used(
        OrderLine.objects.filter(order__school=school, order__status__in=HELD_STATUSES)
        .exclude(kind__in=[ProductKind.UNIVERSAL_OFFER, ProductKind.TRAINING])
        .select_related("order")
    )


def line_with_hours_used(*, pk) -> OrderLine:
    """One line, with its `quarter_hours_used`, whatever its order's state (for the staff's screens)."""
    return with_hours_used(OrderLine.objects.filter(pk=pk)).select_related("order", "order__school").get()


def hours_entries_of(*, line) -> QuerySet[HoursEntry]:
    return HoursEntry.objects.filter(line=line)


@dataclass
class Holdings:
    """What a school holds in one financial year, and its orders of that year, for the portal home."""

    year: FinancialYear
    universal_offer: OrderLine | None = None
    packages: list[OrderLine] = field(default_factory=list)
    orders: list[Order] = field(default_factory=list)

    @property
    def is_empty(self):
        return not self.orders


def holdings_for(*, school, year: FinancialYear) -> Holdings:
    """Two queries, however much the school has bought. The orders come with their invoices, not their
    school (`school` itself) or their buyer, which the portal home does not show; each line is given its
    order from them rather than reading it again with the line."""
    orders = _orders_in_year(school=school, year=year.start_year)
    for order in orders:
        order.school = school
    orders_by_id = {order.pk: order for order in orders}
    lines = _held_lines_in_year(school=school, year=year.start_year)
    holdings = Holdings(year=year, orders=orders)
    for line in lines:
        line.order = orders_by_id[line.order_id]
        if line.kind == ProductKind.UNIVERSAL_OFFER:
            holdings.universal_offer = line
        elif line.kind != ProductKind.TRAINING:
            holdings.packages.append(line)
    return holdings


# The portal home's reads (`holdings_for`, `years_with_orders`), compiled once: schools open it most.
_orders_in_year = CompiledRead(
    lambda *, school, year: (
        orders_for(school=school)
        .filter(financial_year_start=year)
        .select_related(None)
        .select_related("invoice", "invoice__credit_note")
    ),
    model=Order,
    school=School,
    year=int,
)
_held_lines_in_year = CompiledRead(
    lambda *, school, year: with_hours_used(
        OrderLine.objects.filter(
            order__school=school, order__financial_year_start=year, order__status__in=HELD_STATUSES
        )
    ).order_by("order__placed_at", "position", "pk"),
    model=OrderLine,
    school=School,
    year=int,
)
_years_with_orders = CompiledRead(
    lambda *, school: (
        Order.objects.filter(school=school)
        .order_by("-financial_year_start")
        .values_list("financial_year_start", flat=True)
        .distinct()
    ),
    model=Order,
    school=School,
)


def years_with_orders(*, school) -> list[FinancialYear]:
    return [FinancialYear(year) for year in _years_with_orders(school=school)]


# --- For the unit's staff ---------------------------------------------------------------------------------


def overdue_invoices(*, today: datetime.date) -> QuerySet[Invoice]:
    """Invoices past their due date whose order is neither paid nor cancelled, oldest due first."""
    return (
        Invoice.objects.filter(due_on__lt=today, order__status=OrderStatus.INVOICED)
        .select_related("order", "order__school")
        .order_by("due_on", "number")
    )


def with_is_overdue(invoices: QuerySet[Invoice], *, today: datetime.date) -> QuerySet[Invoice]:
    """Annotate each invoice's `is_overdue`: `overdue_invoices`' rule, for a whole list at once."""
    overdue = overdue_invoices(today=today).filter(pk=OuterRef("pk"))
    return invoices.annotate(is_overdue=Exists(overdue))


def lines_with_hours(lines: QuerySet[OrderLine]) -> QuerySet[OrderLine]:
    """Of these lines, those that buy specialist-teacher hours, in orders the school holds."""
    return with_hours_used(
        lines.filter(order__status__in=HELD_STATUSES)
        .exclude(kind=ProductKind.UNIVERSAL_OFFER)
        .filter(hours_per_unit__gt=0)
    )


# --- Card payments ----------------------------------------------------------------------------------------


def stripe_customer_of(*, school) -> str | None:
    """The Stripe customer the school's earlier card payments used, so each school is one customer."""
    return (
        CardPayment.objects.filter(order__school=school)
        .order_by("-started_at", "-pk")
        .values_list("stripe_customer_id", flat=True)
        .first()
    )


def latest_card_payment_of(*, order) -> CardPayment | None:
    return order.card_payments.order_by("-started_at", "-pk").first()


def card_payment_of(*, order, attempt: str) -> CardPayment | None:
    """The order's attempt numbered `attempt` (as the return address gives it), else its latest."""
    named = order.card_payments.filter(pk=attempt).first() if attempt.isdigit() else None
    return named or latest_card_payment_of(order=order)


def latest_decline_of(*, order) -> CardPayment | None:
    """The last attempt, if it was declined: the pay page says why before the buyer tries again."""
    latest = latest_card_payment_of(order=order)
    return latest if latest is not None and latest.status == CardPaymentStatus.DECLINED else None


# --- The resource library ---------------------------------------------------------------------------------


def is_library_document(document) -> bool:
    """Whether `document` is in the "Resource library" collection, whose files only schools holding the
    year's Universal Offer, and the unit's staff, may open."""
    return in_resource_library(document)


def is_unit_staff(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm("wagtailadmin.access_admin")


def may_open_resources(*, user, membership, on_date: datetime.date) -> bool:
    """The unit's staff, or someone acting for a school that holds the Universal Offer on `on_date`."""
    if is_unit_staff(user):
        return True
    return membership is not None and holds_universal_offer(school=membership.school, on_date=on_date)


def resources_by_topic(*, query: str = "") -> list[tuple[str, list[Resource]]]:
    """The library's resources grouped by topic (in the topics' order), each group by title; `query`
    keeps those whose title, summary or topic contains every word of it."""
    resources = Resource.objects.select_related("document").order_by("document__title", "pk")
    for word in query.split():
        matching_topics = [value for value, label in ResourceTopic.choices if word.lower() in label.lower()]
        resources = resources.filter(
            Q(document__title__icontains=word) | Q(summary__icontains=word) | Q(topic__in=matching_topics)
        )
    grouped: dict[str, list[Resource]] = {}
    for resource in resources:
        grouped.setdefault(resource.topic, []).append(resource)
    return [(label, grouped[value]) for value, label in ResourceTopic.choices if value in grouped]


# --- Refunds, emails and reminders --------------------------------------------------------------------------


def refunded_pence(*, payment) -> int:
    """What has been refunded of a card payment, counting refunds still waiting for Stripe and any that
    failed there (staff settle those another way), so nothing is refunded twice."""
    return payment.refunds.aggregate(total=Sum("amount_pence"))["total"] or 0


def refundable_pence(*, payment) -> int:
    """What is left of a card payment that can still be refunded."""
    return (payment.amount_pence or 0) - refunded_pence(payment=payment)


def paying_card_payment_of(*, order) -> CardPayment | None:
    """The card payment that paid the order (others that succeeded were refunded as not needed)."""
    if not order.paid_by_reference:
        return None
    return order.card_payments.filter(payment_intent_id=order.paid_by_reference).first()


def payments_and_refunds_of(*, order) -> tuple[list[CardPayment], list[Refund]]:
    """The card payments that took money for an order, and its refunds, oldest first: what the school and
    staff see of the money."""
    payments = list(
        order.card_payments.filter(status=CardPaymentStatus.SUCCEEDED).order_by("started_at", "pk")
    )
    refunds = list(order.refunds.select_related("card_payment").order_by("refunded_at", "pk"))
    return payments, refunds


def automatic_refund_of(*, payment) -> Refund | None:
    """The refund made of a payment its order did not need, if it was one."""
    return payment.refunds.filter(origin=RefundOrigin.AUTOMATIC).first()


def refunds_needing_staff() -> QuerySet[Refund]:
    """Refunds staff must look at: still waiting for Stripe after a few minutes (Stripe could not be
    reached; they are sent again), or failed at Stripe and not yet settled another way."""
    waiting_since = timezone.now() - REFUND_WAIT_BEFORE_SHOWN
    return (
        Refund.objects.filter(
            Q(status=RefundStatus.FAILED) | Q(status=RefundStatus.REQUESTED, refunded_at__lte=waiting_since)
        )
        .select_related("order__school", "card_payment")
        .order_by("refunded_at", "pk")
    )


def refunds_to_send_again() -> QuerySet[Refund]:
    """Refunds recorded but not yet taken by Stripe (it could not be reached when they were sent)."""
    waiting_since = timezone.now() - REFUND_WAIT_BEFORE_SHOWN
    return Refund.objects.filter(status=RefundStatus.REQUESTED, refunded_at__lte=waiting_since).order_by("pk")


def card_orders_unpaid_since(*, placed_before: datetime.datetime) -> QuerySet[Order]:
    return Order.objects.filter(
        status=OrderStatus.AWAITING_PAYMENT, payment_method=PaymentMethod.CARD, placed_at__lt=placed_before
    ).order_by("pk")


def orders_with_open_card_payments_not_needed() -> QuerySet[Order]:
    """Orders paid or cancelled whose attempts could still take money (their cancellation at Stripe has
    not happened yet)."""
    return (
        Order.objects.exclude(status=OrderStatus.AWAITING_PAYMENT)
        .filter(
            Exists(CardPayment.objects.filter(order=OuterRef("pk"), status__in=OPEN_CARD_PAYMENT_STATUSES))
        )
        .order_by("pk")
    )


def order_admin_url(*, order):
    return absolute_url(reverse("orders_order_modeladmin_inspect", args=[order.pk]))


def order_url(*, order):
    return absolute_url(reverse("orders:order", args=[order.pk]))


def invoice_url(*, invoice):
    return absolute_url(reverse("orders:invoice", args=[invoice.pk]))


def credit_note_url(*, credit_note):
    return absolute_url(reverse("orders:credit_note", args=[credit_note.pk]))


def payment_contact(*, order):
    """Who hears about the money: the finance contact named on the invoice, or whoever paid by card."""
    invoice = getattr(order, "invoice", None)
    if invoice is not None:
        return invoice.finance_contact_email
    return order.placed_by.email if order.placed_by is not None else ""


def schools_to_remind(*, today: datetime.date):
    """Schools holding this year's Universal Offer, not yet holding (or paying for) next year's and not
    yet told; none before the advance-purchase date."""
    if not renewal_is_open(today=today):
        return School.objects.none()
    this_year = FinancialYear.containing(today)
    next_year = this_year.next
    universal_offers = Order.objects.filter(school=OuterRef("pk"), includes_universal_offer=True)
    return (
        School.objects.filter(
            Exists(
                universal_offers.filter(financial_year_start=this_year.start_year, status__in=HELD_STATUSES)
            )
        )
        .exclude(
            Exists(
                universal_offers.filter(financial_year_start=next_year.start_year).exclude(
                    status=OrderStatus.CANCELLED
                )
            )
        )
        .exclude(
            Exists(
                RenewalReminder.objects.filter(
                    school=OuterRef("pk"), financial_year_start=next_year.start_year
                )
            )
        )
        .order_by("pk")
    )
