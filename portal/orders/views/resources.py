"""The resource library in the portal: the documents listed by topic with a search box, for members of
schools that hold the year's Universal Offer; everyone else sees how to get it. The files themselves are
guarded where Wagtail serves them (`before_serve_document` in wagtail_hooks), not here."""

from django.shortcuts import render
from django.utils import timezone

from portal.access import school_view
from portal.orders import selectors

SEARCH_MAX_LENGTH = 100


@school_view(needs="can_book")
def library(request):
    membership = request.membership
    has_access = selectors.may_open_resources(
        user=request.user, membership=membership, on_date=timezone.localdate()
    )
    query = request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    return render(
        request,
        "orders/resources/library.html",
        {
            "membership": membership,
            "school": membership.school,
            "has_access": has_access,
            "query": query,
            "topics": selectors.resources_by_topic(query=query) if has_access else [],
        },
    )
