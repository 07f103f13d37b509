from django.urls import path

from portal.panel import views

urlpatterns = [
    path("panel-dates.ics", views.meetings_ics, name="panel_meetings_ics"),
]
