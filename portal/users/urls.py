from django.urls import path

from portal.users import views

app_name = "users"

urlpatterns = [
    path("", views.account_overview, name="account_overview"),
    path("two-factor-required/", views.two_factor_required, name="two_factor_required"),
    path("two-factor-required/continue/", views.two_factor_continue, name="two_factor_continue"),
]
