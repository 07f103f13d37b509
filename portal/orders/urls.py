from django.urls import path

from portal.orders.views import basket, card, checkout, orders, resources

app_name = "orders"

urlpatterns = [
    path("buy/", basket.basket, name="basket"),
    path("buy/year/", basket.choose_year, name="choose_year"),
    path("buy/universal-offer/", basket.add_universal_offer, name="add_universal_offer"),
    path("buy/packages/<slug:slug>/", basket.add_package, name="add_package"),
    path("buy/lines/<int:pk>/remove/", basket.remove_line, name="remove_line"),
    path("buy/checkout/", checkout.checkout, name="checkout"),
    path("buy/checkout/invoice/", checkout.checkout_invoice, name="checkout_invoice"),
    path("buy/checkout/card/", checkout.checkout_card, name="checkout_card"),
    path("orders/<int:pk>/pay/", card.pay_by_card, name="pay_by_card"),
    path("orders/<int:pk>/pay/charge/", card.charge_card, name="charge_card"),
    path("orders/<int:pk>/pay/done/", card.card_return, name="card_return"),
    path("payments/stripe-webhook/", card.stripe_webhook, name="stripe_webhook"),
    path("orders/", orders.order_list, name="orders"),
    path("orders/<int:pk>/", orders.order_detail, name="order"),
    path("orders/<int:pk>/cancel/", orders.cancel_unpaid, name="cancel_unpaid"),
    path("orders/<int:pk>/confirmation/", checkout.confirmation, name="confirmation"),
    path("packages/<int:pk>/hours/", orders.package_hours, name="package_hours"),
    path("invoices/<int:pk>/", orders.invoice, name="invoice"),
    path("invoices/<int:pk>/pdf/", orders.invoice_pdf, name="invoice_pdf"),
    path("credit-notes/<int:pk>/", orders.credit_note, name="credit_note"),
    path("credit-notes/<int:pk>/pdf/", orders.credit_note_pdf, name="credit_note_pdf"),
    path("resources/", resources.library, name="resources"),
]
