from django.urls import path

from bookings import views

app_name = "bookings"

urlpatterns = [
    path("surgeries/", views.surgery_list, name="surgeries"),
    path("surgeries/<id:pk>/book/", views.surgery_book, name="book"),
    path("surgeries/bookings/<id:pk>/", views.booking_detail, name="booking"),
    path("surgeries/bookings/<id:pk>/calendar/", views.booking_calendar, name="booking_calendar"),
    path("surgeries/bookings/<id:pk>/cancel/", views.booking_cancel, name="cancel"),
    path("advice-line/", views.callback_list, name="callbacks"),
    path("advice-line/new/", views.callback_new, name="callback_new"),
    path("advice-line/<id:pk>/", views.callback_detail, name="callback"),
    path("training/", views.training_list, name="training"),
    path("training/new/", views.training_new, name="training_new"),
    path("training/<id:pk>/", views.training_detail, name="training_request"),
    path("training/<id:pk>/withdraw/", views.training_withdraw, name="training_withdraw"),
    path("training/<id:pk>/pay/", views.training_pay, name="training_pay"),
    path("training/<id:pk>/pay/invoice/", views.training_pay_invoice, name="training_pay_invoice"),
]
