"""The page tree every page test starts from: Wagtail's roots and a published home page serving the site."""

from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from home.models import HomePage


def make_wagtail_roots():
    """The locale, the root page and the root collection that Wagtail's migrations create, made again if
    a transactional test before this one flushed the database (and them with it); returns the root page."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))


def baseline_home_page():
    """The home page every worker's database starts with (`make_home_page`, made once), if it is still
    there: a transactional test empties the database when it ends."""
    site = Site.objects.filter(is_default_site=True, root_page__slug="home").first()
    return site.root_page.specific if site else None


def make_home_page(root):
    """A published HomePage under `root` serving as the default site's root, as in a real install.

    Built here rather than relied on from migrations, because browser tests flush the database
    (and with it the locale and root page that Wagtail's migrations create).
    """
    root.get_children().filter(slug="home").delete()
    home = HomePage(title="Stepping Stones Short Stay School", slug="home", intro="Welcome.")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Test")
    return home
