from django.urls import path

from portal.orders.views import basket, card, checkout, orders, resources

app_name = "orders"

urlpatterns = [
    path("buy/", basket.basket, name="basket"),
    path("buy/year/", basket.choose_year, name="choose_year"),
    path("buy/universal-offer/", basket.add_universal_offer, name="add_universal_offer"),
    path("buy/packages/<slug:slug>/", basket.add_package, name="add_package"),
    path("buy/lines/<id:pk>/remove/", basket.remove_line, name="remove_line"),
    path("buy/checkout/", checkout.checkout, name="checkout"),
    path("buy/checkout/invoice/", checkout.checkout_invoice, name="checkout_invoice"),
    path("buy/checkout/card/", checkout.checkout_card, name="checkout_card"),
    path("orders/<id:pk>/pay/", card.pay_by_card, name="pay_by_card"),
    path("orders/<id:pk>/pay/charge/", card.charge_card, name="charge_card"),
    path("orders/<id:pk>/pay/done/", card.card_return, name="card_return"),
    path("payments/stripe-webhook/", card.stripe_webhook, name="stripe_webhook"),
    path("orders/", orders.order_list, name="orders"),
    path("orders/<id:pk>/", orders.order_detail, name="order"),
    path("orders/<id:pk>/cancel/", orders.cancel_unpaid, name="cancel_unpaid"),
    path("orders/<id:pk>/confirmation/", checkout.confirmation, name="confirmation"),
    path("packages/<id:pk>/hours/", orders.package_hours, name="package_hours"),
    path("invoices/<id:pk>/", orders.invoice, name="invoice"),
    path("invoices/<id:pk>/pdf/", orders.invoice_pdf, name="invoice_pdf"),
    path("credit-notes/<id:pk>/", orders.credit_note, name="credit_note"),
    path("credit-notes/<id:pk>/pdf/", orders.credit_note_pdf, name="credit_note_pdf"),
    path("resources/", resources.library, name="resources"),
]
