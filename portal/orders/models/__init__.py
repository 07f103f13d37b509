"""Every model of the app, so Django finds them. Each module imports only `focus` of its siblings."""

from portal.orders.models.basket import Basket, BasketLine
from portal.orders.models.focus import FocusFields, FocusKind, ProductKind, YearGroup
from portal.orders.models.invoices import CreditNote, Invoice, NumberSequence
from portal.orders.models.orders import (
    HELD_STATUSES,
    HoursEntry,
    HoursKind,
    Order,
    OrderLine,
    OrderStatus,
    PaymentMethod,
)
from portal.orders.models.payments import (
    DEMO_PAYMENT_INTENT_PREFIX,
    OPEN_CARD_PAYMENT_STATUSES,
    CardPayment,
    CardPaymentStatus,
)
from portal.orders.models.refunds import Refund, RefundOrigin, RefundStatus
from portal.orders.models.renewals import RenewalReminder
from portal.orders.models.resources import RESOURCE_COLLECTION_NAME, Resource, ResourceTopic
from portal.orders.models.settings import BuyingSettings

__all__ = [
    "DEMO_PAYMENT_INTENT_PREFIX",
    "HELD_STATUSES",
    "OPEN_CARD_PAYMENT_STATUSES",
    "RESOURCE_COLLECTION_NAME",
    "Basket",
    "BasketLine",
    "BuyingSettings",
    "CardPayment",
    "CardPaymentStatus",
    "CreditNote",
    "FocusFields",
    "FocusKind",
    "HoursEntry",
    "HoursKind",
    "Invoice",
    "NumberSequence",
    "Order",
    "OrderLine",
    "OrderStatus",
    "PaymentMethod",
    "ProductKind",
    "Refund",
    "RefundOrigin",
    "RefundStatus",
    "RenewalReminder",
    "Resource",
    "ResourceTopic",
    "YearGroup",
]
