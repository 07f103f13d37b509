import io

import pytest
from wagtail.models import Page, Site

from home import demo_content
from home.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def wagtail_placeholder_site():
    """A database as Wagtail's migrations leave it: a placeholder home page and a localhost site."""
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    Site.objects.all().delete()
    root.get_children().delete()
    placeholder = root.add_child(instance=Page(title="Welcome to your new Wagtail site!", slug="home"))
    return Site.objects.create(hostname="localhost", port=80, root_page=placeholder, is_default_site=True)


def test_first_load_makes_the_home_page_the_root_of_a_local_site(wagtail_placeholder_site):
    demo_content.load_site(stdout=io.StringIO())

    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is HomePage
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)


def test_loading_again_keeps_the_address_someone_gave_the_site(wagtail_placeholder_site):
    demo_content.load_site(stdout=io.StringIO())
    Site.objects.filter(is_default_site=True).update(hostname="www.stepping-stones.test", port=443)

    demo_content.load_site(stdout=io.StringIO())

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("www.stepping-stones.test", 443)
    assert site.root_page.specific_class is HomePage
