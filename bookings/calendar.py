"""A booking as a calendar file, attached to its emails and offered on its page, so the place lands in the
attendee's calendar.

One event per booking, whose UID stays the same: a change email moves the event calendar apps already
have, and a cancellation (METHOD:CANCEL) removes it.
"""

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event
from wagtail.models import Site

from common.urls import absolute_url

PRODID = "-//Stepping Stones Short Stay School//Behaviour surgeries//EN"
FILENAME = "behaviour-surgery.ics"
MIMETYPE = "text/calendar"


def surgeries_url() -> str:
    """The portal's surgeries page, where a booking is managed, as a full address."""
    return absolute_url(reverse("bookings:surgeries"))


def _uid_domain():
    site = Site.objects.filter(is_default_site=True).first()
    return site.hostname if site is not None else "stepping-stones.test"


def booking_calendar(*, booking, cancelled: bool = False) -> str:
    """The .ics text for `booking`'s session: REQUEST to add or update it, CANCEL to remove it."""
    session = booking.session
    uid_domain, portal_url = _uid_domain(), surgeries_url()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    starts, ends = session.opening_times()
    event = Event()
    event.add("uid", f"surgery-booking-{booking.pk}@{uid_domain}")
    stamp = timezone.now()
    event.add("dtstamp", stamp)
    # Each email supersedes the one before: calendar apps keep the event with the highest sequence.
    event.add("sequence", int(stamp.timestamp()))
    event.add("dtstart", starts)
    event.add("dtend", ends)
    summary = "Behaviour surgery" + (f": {session.theme}" if session.theme else "")
    event.add("summary", summary)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # The link is only ever in the attendee's own file: they hold a booking.
    location = session.meeting_link if session.is_online else session.where
    event.add("location", location)
    description = [f"Your booking: {booking.reference}.", f"Manage it in the schools portal: {portal_url}"]
    if session.is_online:
        event.add("url", session.meeting_link)
        description.insert(1, f"Join online: {session.meeting_link}")
    event.add("description", "\n".join(description))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()
