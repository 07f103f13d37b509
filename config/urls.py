import posixpath

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_control
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from common import page_views
from common.page_cache import public_page
from home import views as home_views
from home.sitemap import PublicPagesSitemap

# Wagtail's own password-only sign-in and reset pages would skip two-factor: send them to allauth's.
allauth_instead_of_wagtail_login = [
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/password_reset/", RedirectView.as_view(pattern_name="account_reset_password")),
    path("_util/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
]

urlpatterns = [
    *allauth_instead_of_wagtail_login,
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("portal.users.urls")),
    path("accounts/", include("allauth.urls")),
    path("portal/", include("portal.urls")),
    path("calendars/", include("portal.placements.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", home_views.search, name="search"),
    path("sitemap.xml", public_page(sitemap), {"sitemaps": {"wagtail": PublicPagesSitemap}}, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
]


# Uploaded images are public and streamed from the media storage (the media folder or its bucket) in
# every environment; a caching proxy may keep them. Documents are never served from there: only by
# Wagtail's document view, which applies each collection's privacy settings. So a path that leaves the
# images' folders ("images/../documents/...") is refused before the storage is asked.
# Browsers may keep them for a day: the page cache marks anything it does not keep as not to be kept.
@cache_control(public=True, max_age=60 * 60 * 24)
def serve_image(request, folder, path):
    name = f"{folder}/{path}"
    if posixpath.normpath(name) != name:
        raise Http404
    try:
        return FileResponse(default_storage.open(name))
    except (FileNotFoundError, IsADirectoryError):
        raise Http404 from None


# An unreachable database is a 503 page, any other error the 500 page (operations/error_pages.py).
handler500 = "operations.error_pages.server_error"

urlpatterns += [
    re_path(r"^media/(?P<folder>images|original_images)/(?P<path>.+)$", serve_image),
    # Pages are served by Wagtail's view, routed in one query (common/page_views.py).
    re_path(wagtail_urls.serve_pattern, page_views.serve),
    path("", include(wagtail_urls)),
]
