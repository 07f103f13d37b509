"""The resource library in the admin: staff give each document of the "Resource library" collection a
topic and a summary; the library's files open only for those the rules allow."""

from django.contrib.admin import display
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail_modeladmin.options import ModelAdmin

from common.admin import HistoryWithReasonsView
from portal.access import acting_membership
from portal.orders import selectors
from portal.orders.models import Resource


class ResourceAdmin(ModelAdmin):
    """Staff give each document of the "Resource library" collection a topic and a summary."""

    model = Resource
    menu_label = "Resource library"
    menu_icon = "folder-open-inverse"
    menu_order = 270
    history_view_class = HistoryWithReasonsView
    list_display = ["title", "topic", "summary"]
    list_filter = ["topic"]
    search_fields = ["document__title", "summary"]
    panels = [FieldPanel("document"), FieldPanel("topic"), FieldPanel("summary")]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("document")

    @display(description="title", ordering="document__title")
    def title(self, resource):
        return resource.document.title


def guard_resource_library(document, request):
    """A file in the "Resource library" collection opens only for the unit's staff and for someone acting
    for a school that holds this year's Universal Offer: nobody signed in goes to sign in, anyone else is
    refused. Other documents are served as usual."""
    if not selectors.is_library_document(document):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    membership = acting_membership(request)
    if selectors.may_open_resources(user=request.user, membership=membership, on_date=timezone.localdate()):
        return None
    return render(request, "orders/resources/refused.html", {"membership": membership}, status=403)
