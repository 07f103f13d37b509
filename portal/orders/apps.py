from django.apps import AppConfig


class OrdersConfig(AppConfig):
    """Buying outreach support: the basket, orders, invoices and credit notes, and the hours schools hold."""

    name = "portal.orders"
    label = "orders"
    verbose_name = "Orders and invoices"
