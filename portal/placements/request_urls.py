"""The portal's addresses for placement requests (under /portal/refer/, for a school's referrers)."""

from django.urls import path

from portal.placements.views import documents, requests

app_name = "placement_requests"

urlpatterns = [
    path("refer/new/", requests.request_start, name="start"),
    path("refer/<int:pk>/", requests.request_detail, name="request"),
    path("refer/<int:pk>/sections/<slug:slug>/", requests.section_edit, name="section"),
    path("refer/<int:pk>/lists/<slug:slug>/", requests.list_section, name="list_section"),
    path(
        "refer/<int:pk>/lists/<slug:slug>/<int:item_pk>/remove/",
        requests.list_item_remove,
        name="list_item_remove",
    ),
    path("refer/<int:pk>/documents/", documents.documents, name="documents"),
    path("refer/<int:pk>/documents/<int:document_pk>/", documents.document_download, name="document"),
    path(
        "refer/<int:pk>/documents/<int:document_pk>/remove/",
        documents.document_remove,
        name="document_remove",
    ),
    path("refer/<int:pk>/check/", requests.check_answers, name="check"),
    path("refer/<int:pk>/sign-off/", requests.sign_off, name="sign_off"),
    path("refer/<int:pk>/send/", requests.submit, name="submit"),
    path("refer/<int:pk>/sent/", requests.confirmation, name="confirmation"),
    path("refer/<int:pk>/withdraw/", requests.withdraw, name="withdraw"),
    path("refer/<int:pk>/ask-again/", requests.ask_again, name="ask_again"),
]
