"""The portal's addresses: the shell's own pages, then each domain's (buying is in `portal.orders`, placement
requests and placements in `portal.placements`, surgeries, the advice line and training requests in
`bookings`, a school's year with us in `figures`)."""

from django.urls import include, path

from portal import views
from portal.placements import urls as placements_urls
from portal.placements.views.requests import request_list

shell_urls = [
    path("", views.home, name="home"),
    path("school/", views.choose_school, name="choose_school"),
    path("refer/", request_list, name="refer"),
]

urlpatterns = [
    path("", include((shell_urls, "portal"))),
    path("", include("portal.schools.urls")),
    path("", include("portal.orders.urls")),
    path("", include((placements_urls.request_urlpatterns, "placement_requests"))),
    path("", include((placements_urls.placement_urlpatterns, "school_placements"))),
    path("", include("bookings.urls")),
    # "Your year with us" lives in figures, which reads every domain: included by name, never imported.
    path("", include("figures.urls")),
]
