"""Serving the site's pages in a fixed, small number of queries, however deep or numerous they are.

Wagtail finds a page by walking the tree from the site's root, two queries per level (the child by
slug, then its specific row), then reads the ancestors again for the privacy check and once more for
the breadcrumbs. Here the page and all its ancestors come back in one query (their url_paths are
known from the address); `common.pages.SitePageMixin` reads the restrictions in one more and keeps the
ancestors for the breadcrumbs.
"""

from django.http import Http404
from wagtail import views as wagtail_views
from wagtail.models import Page, Site


def serve(request, path):
    """Wagtail's page view, with the route found in one query when the address names a page."""
    site = Site.find_for_request(request)
    if site is not None:
        try:
            route = _route_in_one_query(request, site, path)
        except Http404:  # the page exists but is not live: Wagtail's serve view answers 404 for None
            request._wagtail_route_for_request = None
        else:
            if route is not None:
                # Wagtail's serve view reads the route from here instead of walking the tree again.
                request._wagtail_route_for_request = route
    return wagtail_views.serve(request, path)


def _route_in_one_query(request, site, path):
    """The route to the page at `path` under the site's root, or None to leave it to Wagtail.

    Addresses that go past a page (a routable page's sub-route, a page that does not exist) are
    left to Wagtail, which routes them the usual way.
    """
    root_url_path = next(
        (root.root_path for root in _site_root_paths(request) if root.site_id == site.pk), None
    )
    if root_url_path is None:
        return None
    components = [component for component in path.split("/") if component]
    url_paths = [root_url_path] + [
        root_url_path + "/".join(components[: count + 1]) + "/" for count in range(len(components))
    ]
    pages = list(Page.objects.filter(url_path__in=url_paths).order_by("depth"))
    if len(pages) != len(url_paths) or any(
        page.depth != pages[0].depth + number for number, page in enumerate(pages)
    ):
        return None
    page = _specific(pages[-1])
    page.routed_ancestors = pages[:-1]
    return page.route(request, [])


def _site_root_paths(request):
    """Each site's root url_path, as a page's URL reads them: the request's copy, which
    home.middleware.RememberedSiteMiddleware gives it from the process's own, else Wagtail's cache."""
    try:
        return request._wagtail_cached_site_root_paths
    except AttributeError:
        return Site.get_site_root_paths()


def _specific(page):
    """`page` as its own type, with the rows its template always shows (its image) in the same query."""
    model = page.specific_class
    related = getattr(model, "route_select_related", ())
    if model is None or not related:
        return page.specific
    return model._default_manager.select_related(*related).get(pk=page.pk)
