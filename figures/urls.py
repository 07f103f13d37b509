"""The figures the portal shows a school (the staff's reports are admin screens, in wagtail_hooks.py)."""

from django.urls import path

from figures import views

app_name = "school_figures"

urlpatterns = [
    path("year-with-us/<id:school_id>/", views.school_year, name="year_with_us"),
    path("year-with-us/<id:school_id>/<str:year>/", views.school_year, name="year_with_us_in"),
]
