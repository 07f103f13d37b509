from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views

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
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
