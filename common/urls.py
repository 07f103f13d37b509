"""Absolute links for emails and calendar files, which are read outside the site."""

from django.conf import settings
from wagtail.models import Site


def absolute_url(path):
    """The default site's address (or the configured admin base URL) followed by `path`."""
    site = Site.objects.filter(is_default_site=True).first()
    base = site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL
    return base.rstrip("/") + path
