import pytest
from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from home.models import HomePage


@pytest.fixture
def home_page(db):
    """A published HomePage serving as the default site's root, as in a real install.

    Built here rather than relied on from migrations, because browser tests flush the database
    (and with it the locale and root page that Wagtail's migrations create).
    """
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    root.get_children().filter(slug="home").delete()
    home = HomePage(title="Stepping Stones Short Stay School", slug="home", intro="Welcome.")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Test")
    return home
