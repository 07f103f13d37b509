"""The portal's addresses: the shell's own pages, then each domain's (buying is in `portal.orders`)."""

from django.urls import include, path

from portal import views

shell_urls = [
    path("", views.home, name="home"),
    path("school/", views.choose_school, name="choose_school"),
    path("refer/", views.refer, name="refer"),
]

urlpatterns = [
    path("", include((shell_urls, "portal"))),
    path("", include("portal.schools.urls")),
    path("", include("portal.orders.urls")),
    path("", include("bookings.urls")),
]
