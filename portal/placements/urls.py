from django.urls import path

from portal.placements.views import calendar as views

app_name = "placements"

urlpatterns = [
    path("panel-dates.ics", views.mapp_dates_ics, name="mapp_dates_ics"),
]
