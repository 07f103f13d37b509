from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from wagtail.models import Site

from common.page_cache import public_page
from portal.placements import selectors
from portal.placements.calendar import mapp_calendar
from portal.placements.models import PlacementsPage

CALENDAR_FILENAME = "mapp-panel-dates.ics"


@require_GET
@public_page
def mapp_dates_ics(request):
    """The panel's meetings and deadlines as a calendar file schools can download or subscribe to."""
    site = Site.find_for_request(request)
    page = PlacementsPage.objects.live().first()
    site_name = (site.site_name if site else "") or "Stepping Stones"
    ics = mapp_calendar(
        meetings=selectors.calendar_meetings(today=timezone.localdate()),
        # The site's configured hostname, not the request's, keeps event UIDs the same however the
        # feed is reached.
        uid_domain=site.hostname if site else request.get_host(),
        calendar_name=f"{site_name} panel (MAPP) dates",
        page_url=page.get_full_url(request) if page else None,
    )
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{CALENDAR_FILENAME}"'
    return response
