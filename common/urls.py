"""Absolute links for emails and calendar files, which are read outside the site."""

from django.conf import settings
from wagtail.models import Site


def absolute_url(path):
    """The default site's address (or the configured admin base URL) followed by `path`."""
    site = Site.objects.filter(is_default_site=True).first()
    base = site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL
    return base.rstrip("/") + path


class RecordIdConverter:
    """A record's id in an address: digits that fit the database's 64-bit keys. A longer number is no
    record's, so the address is a 404 rather than an overflow in the database driver."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
