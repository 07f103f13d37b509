"""Every page reads the request's Wagtail site, every site's root path (for page URLs) and the unit's
contact details (header and footer): kept between requests until the page cache is next purged, which
saving a site, a page or the settings does."""

import contextlib
from functools import partial

from django.http.request import split_domain_port
from wagtail.models import Site

from common import page_cache
from home.models import ContactSettings


class RememberedSiteMiddleware:
    """Give the request its site and contact settings the way Wagtail caches them on a request, from the
    shared cache when they are there. Place it after the page cache, before anything that reads them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # What Wagtail finds the site by: the host's name (a port typed into Host is the visitor's
        # choice, and each would be a new entry) and the port the server was reached on.
        host = f"{split_domain_port(request.get_host())[0]}:{request.get_port()}"
        site = page_cache.remember(f"site:{host}", partial(Site.find_for_request, request))
        request._wagtail_site = site  # where Site.find_for_request keeps the request's site
        # Where a page's URL finds every site's root path (Page._get_site_root_paths); else read from the
        # cache on every request. Wagtail works them out through the cache alone, so while Redis is away
        # they are left for the pages that need them (those fail as unavailable; the portal carries on).
        with contextlib.suppress(*page_cache.CACHE_UNREACHABLE):
            request._wagtail_cached_site_root_paths = page_cache.remember(
                "site-root-paths", Site.get_site_root_paths
            )
        if site is not None:
            contact = page_cache.remember(
                f"contact-settings:{site.pk}", partial(ContactSettings.for_site, site)
            )
            contact._request = request  # as BaseSiteSetting.for_request sets it, for page URLs
            setattr(request, ContactSettings.get_cache_attr_name(), contact)
        return self.get_response(request)
