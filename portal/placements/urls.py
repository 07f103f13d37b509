"""The placements app's addresses: the panel dates' calendar feed (`urlpatterns`, namespace "placements",
under /calendars/ in config/urls.py), the portal's pages of placement requests for a school's referrers
(`request_urlpatterns`, namespace "placement_requests", under /portal/refer/ in portal/urls.py) and of
the school's placements (`placement_urlpatterns`, namespace "school_placements", under
/portal/placements/)."""

from django.urls import path

from portal.placements.views import attendance, calendar, documents, placements, progress, reports, requests

app_name = "placements"

urlpatterns = [
    path("panel-dates.ics", calendar.mapp_dates_ics, name="mapp_dates_ics"),
]

request_urlpatterns = [
    path("refer/new/", requests.request_start, name="start"),
    path("refer/<id:pk>/", requests.request_detail, name="request"),
    path("refer/<id:pk>/sections/<slug:slug>/", requests.section_edit, name="section"),
    path("refer/<id:pk>/lists/<slug:slug>/", requests.list_section, name="list_section"),
    path(
        "refer/<id:pk>/lists/<slug:slug>/<id:item_pk>/remove/",
        requests.list_item_remove,
        name="list_item_remove",
    ),
    path("refer/<id:pk>/ask-for-safeguarding/", requests.safeguarding_help, name="safeguarding_help"),
    path("refer/<id:pk>/documents/", documents.documents, name="documents"),
    path("refer/<id:pk>/documents/<id:document_pk>/", documents.document_download, name="document"),
    path(
        "refer/<id:pk>/documents/<id:document_pk>/remove/",
        documents.document_remove,
        name="document_remove",
    ),
    path("refer/<id:pk>/check/", requests.check_answers, name="check"),
    path("refer/<id:pk>/sign-off/", requests.sign_off, name="sign_off"),
    path("refer/<id:pk>/send/", requests.submit, name="submit"),
    path("refer/<id:pk>/sent/", requests.confirmation, name="confirmation"),
    path("refer/<id:pk>/withdraw/", requests.withdraw, name="withdraw"),
    path("refer/<id:pk>/ask-again/", requests.ask_again, name="ask_again"),
]

placement_urlpatterns = [
    path("placements/", placements.placement_list, name="list"),
    path("placements/<id:pk>/", placements.placement_detail, name="placement"),
    path("placements/<id:pk>/attendance/", attendance.placement_attendance, name="attendance"),
    path("placements/<id:pk>/visits/", progress.visits, name="visits"),
    path("placements/<id:pk>/report/", reports.report_page, name="report"),
    path("placements/<id:pk>/report.pdf", reports.report_pdf, name="report_pdf"),
    path("placements/<id:pk>/summary/", reports.inspection_summary, name="summary"),
]
