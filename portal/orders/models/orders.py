"""Orders, their lines (what a school holds) and the hours delivered against a package.

An order's transitions are declared on `Order` (`common.workflows`):

    placed by invoice ........ INVOICED (usable at once) -> PAID, or CANCELLED with a credit note
    placed for card payment .. AWAITING_PAYMENT (not usable yet) -> PAID, or CANCELLED

Most orders come from a basket (`services.checkout`); agreed training comes from a training request at
the price agreed (`services.agreed_orders`) and is paid the same two ways.

Prices, hours and descriptions are copied onto the lines when the order is placed, so a later change to
the catalogue never changes an order.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from common import workflows
from common.financial_years import FinancialYear
from portal.orders.models.focus import FocusFields, ProductKind


class OrderStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", "Awaiting card payment"
    INVOICED = "invoiced", "Invoiced, awaiting payment"
    PAID = "paid", "Paid"
    CANCELLED = "cancelled", "Cancelled"


# What a school holds: an order paid, or invoiced and so usable while the invoice is paid.
HELD_STATUSES = (OrderStatus.INVOICED, OrderStatus.PAID)


class PaymentMethod(models.TextChoices):
    INVOICE = "invoice", "Invoice"
    CARD = "card", "Card"


CHANGE_ORDER = workflows.staff("orders.change_order")

REASON_FOR_CREDIT_NOTE = "Enter the reason for cancelling. It is printed on the credit note."
PAYMENT_REFERENCE_REQUIRED = "Enter the payment's reference, such as the bank transfer's reference."
CANCELLED_NOT_PAID = "Order {record.reference} is cancelled, so it cannot be paid."
ONLY_INVOICED = (
    "Only an invoice still awaiting payment can be cancelled with a credit note. "
    "Order {record.reference} is {status}."
)
ONLY_AWAITING_PAYMENT = (
    "Order {record.reference} is {status}: only an order waiting for its card payment can be cancelled "
    "this way."
)


class Order(workflows.FSMModelMixin, models.Model):
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="orders")
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    reference = models.CharField(max_length=20, unique=True, editable=False)
    financial_year_start = models.PositiveSmallIntegerField(
        "financial year", help_text="Everything in the order is for this financial year."
    )
    status = workflows.StatusField(max_length=20, choices=OrderStatus.choices)
    payment_method = models.CharField(max_length=10, choices=PaymentMethod.choices)
    includes_universal_offer = models.BooleanField(default=False, editable=False)
    subtotal_pence = models.PositiveIntegerField("subtotal (pence)")
    vat_pence = models.PositiveIntegerField("VAT (pence)")
    total_pence = models.PositiveIntegerField("total (pence)")
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_by_reference = models.CharField(
        "payment reference",
        max_length=255,
        blank=True,
        help_text="The bank transfer's reference, or the card payment's id.",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at", "-pk"]
        indexes = [models.Index(fields=["school", "financial_year_start"])]
        constraints = [
            # The Universal Offer once per school per year, whatever races: the second insert fails.
            models.UniqueConstraint(
                fields=["school", "financial_year_start"],
                condition=Q(includes_universal_offer=True) & ~Q(status=OrderStatus.CANCELLED),
                name="orders_order_one_universal_offer_per_school_and_year",
            ),
            models.CheckConstraint(
                condition=Q(total_pence=models.F("subtotal_pence") + models.F("vat_pence")),
                name="orders_order_total_is_subtotal_plus_vat",
            ),
        ]

    def __str__(self):
        return f"{self.reference or 'Order'} for {self.school.name}"

    @property
    def financial_year(self):
        return FinancialYear(self.financial_year_start)

    @property
    def is_held(self):
        """Whether what it buys is the school's to use (invoiced or paid)."""
        return self.status in HELD_STATUSES

    @property
    def is_invoice_awaiting_payment(self):
        return self.status == OrderStatus.INVOICED

    @property
    def is_awaiting_card_payment(self):
        """Whether the school can still pay it by card (its pages link to the card page)."""
        return self.status == OrderStatus.AWAITING_PAYMENT

    # --- Transitions (applied by `common.workflows.transition_apply` from `portal.orders.services`) ---

    @workflows.transition(
        source=OrderStatus.INVOICED,
        target=OrderStatus.PAID,
        label="Mark paid",
        allowed=CHANGE_ORDER,
        needs={"paid_by_reference": PAYMENT_REFERENCE_REQUIRED},
        refused=CANCELLED_NOT_PAID,
    )
    def mark_paid(self):
        """An invoice paid by bank transfer, marked by staff with the transfer's reference."""

    @workflows.transition(
        source=OrderStatus.AWAITING_PAYMENT,
        target=OrderStatus.PAID,
        label="Card payment confirmed",
        allowed=workflows.system,
        refused=CANCELLED_NOT_PAID,
    )
    def card_paid(self):
        """Stripe confirmed the card payment (to the buyer's return or by webhook)."""

    @workflows.transition(
        source=OrderStatus.INVOICED,
        target=OrderStatus.CANCELLED,
        label="Cancel with a credit note",
        allowed=CHANGE_ORDER,
        needs={"why": REASON_FOR_CREDIT_NOTE},
        danger=True,
        refused=ONLY_INVOICED,
    )
    def cancel_with_credit_note(self):
        """An invoice not yet paid is cancelled; a credit note for the whole of it is issued."""

    @workflows.transition(
        source=OrderStatus.AWAITING_PAYMENT,
        target=OrderStatus.CANCELLED,
        label="Cancel (not paid)",
        # Staff tidying up, the school that gave up, or the system once the order has expired unpaid.
        allowed=workflows.either(CHANGE_ORDER, workflows.school("can_buy"), workflows.system),
        danger=True,
        refused=ONLY_AWAITING_PAYMENT,
    )
    def cancel_unpaid(self):
        """A card order whose payment never came: it was never usable, and it frees the Universal Offer
        it took."""


class OrderLine(FocusFields):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=ProductKind.choices)
    # What was bought, by id: the rules ask "has the school bought Silver this year?" by these.
    universal_offer = models.ForeignKey(
        "services.UniversalOffer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    package = models.ForeignKey(
        "services.SupportPackage", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    training_format = models.ForeignKey(
        "services.TrainingFormat", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Copied from the catalogue when the order is placed.
    description = models.CharField(max_length=200)
    unit_price_pence = models.PositiveIntegerField("unit price (pence)")
    quantity = models.PositiveSmallIntegerField(help_text="Hours, for consultancy; otherwise 1.")
    hours_per_unit = models.PositiveSmallIntegerField(
        default=0, help_text="Specialist-teacher hours each unit buys (0 for the Universal Offer)."
    )
    vat_rate = models.DecimalField("VAT rate (%)", max_digits=5, decimal_places=2, default=Decimal(0))
    net_pence = models.PositiveIntegerField("price before VAT (pence)")
    vat_pence = models.PositiveIntegerField("VAT (pence)")
    ehc_plan_confirmed = models.BooleanField("buyer confirmed an EHC plan", default=False)

    class Meta:
        ordering = ["order", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=ProductKind.UNIVERSAL_OFFER, universal_offer__isnull=False)
                | Q(kind=ProductKind.TRAINING, training_format__isnull=False)
                # A placement is described by its line: it has no record in the catalogue.
                | Q(kind=ProductKind.PLACEMENT, package__isnull=True)
                | (
                    ~Q(kind__in=[ProductKind.UNIVERSAL_OFFER, ProductKind.TRAINING, ProductKind.PLACEMENT])
                    & Q(package__isnull=False)
                ),
                name="orders_orderline_names_what_was_bought",
            )
        ]

    def __str__(self):
        focus = f" ({self.focus_label})" if self.focus_label else ""
        return f"{self.description}{focus}"

    @property
    def total_pence(self):
        return self.net_pence + self.vat_pence

    @property
    def hours_bought(self):
        return self.hours_per_unit * self.quantity

    @property
    def quarter_hours_bought(self):
        return self.hours_bought * 4

    @property
    def has_hours(self):
        return self.hours_bought > 0


class HoursKind(models.TextChoices):
    OBSERVATION = "observation", "Observation"
    REPORT = "report", "Report"
    REVIEW_MEETING = "review_meeting", "Review meeting"
    DIRECT_SUPPORT = "direct_support", "Direct support"
    TRAINING = "training", "Training"
    PARENT_MEETING = "parent_meeting", "Parent meeting"
    CONSULTATION = "consultation", "Consultation"


class HoursEntry(models.Model):
    """Work delivered against a package line, in quarter hours. The balance rule is
    `portal.orders.services.hours.hours_record`: a line's entries never add up to more than it bought."""

    line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="hours_entries")
    worked_on = models.DateField("date")
    quarter_hours = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=HoursKind.choices)
    delivered_by = models.CharField("who", max_length=150, help_text="Who delivered the work.")
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-worked_on", "-pk"]
        verbose_name = "hours entry"
        verbose_name_plural = "hours delivered"
        constraints = [
            models.CheckConstraint(condition=Q(quarter_hours__gt=0), name="orders_hoursentry_positive")
        ]

    def __str__(self):
        return f"{self.hours} h {self.get_kind_display().lower()} on {self.worked_on:%d %B %Y}"

    @property
    def hours(self):
        return Decimal(self.quarter_hours) / 4
