"""The demo's pictures: drawn for the project when the demo loads, described or marked decorative, once."""

import io

import pytest
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from common.demo import ILLUSTRATIONS_COLLECTION
from home import demo_content
from home.models import HomePage, StandardPage
from portal.placements import demo as placements_demo
from portal.placements.models import PlacementsPage
from services import demo_content as services_demo
from services.models import OutreachOfferPage, TrainingMenuPage

pytestmark = pytest.mark.django_db

ILLUSTRATED_PAGES = [HomePage, StandardPage, OutreachOfferPage, TrainingMenuPage, PlacementsPage]


@pytest.fixture
def empty_site():
    """A database as Wagtail's migrations leave it: a placeholder home page and a localhost site."""
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    Site.objects.all().delete()
    root.get_children().delete()
    placeholder = root.add_child(instance=Page(title="Welcome to your new Wagtail site!", slug="home"))
    Site.objects.create(hostname="localhost", port=80, root_page=placeholder, is_default_site=True)


def load_demo_pages():
    for loader in (
        demo_content.load_site,
        services_demo.load_pages,
        placements_demo.load,
        demo_content.load_pages,
    ):
        loader(stdout=io.StringIO())


def test_each_landing_page_gets_a_picture_from_the_demo_collection(empty_site):
    load_demo_pages()

    collection = Collection.objects.get(name=ILLUSTRATIONS_COLLECTION)
    for page_type in ILLUSTRATED_PAGES:
        page = page_type.objects.filter(image__isnull=False).get()
        assert page.image.collection == collection
        assert (page.image.width, page.image.height) == (1600, 900)
        # Described, or decorative with no alt text: the rule an editor's page must pass.
        assert bool(page.image_alt) != page.image_decorative
        page.full_clean()
    assert StandardPage.objects.get(slug="parents").image_decorative


def test_loading_again_adds_no_picture(empty_site):
    load_demo_pages()
    images = set(get_image_model().objects.values_list("pk", "file"))

    load_demo_pages()

    assert set(get_image_model().objects.values_list("pk", "file")) == images
    assert len(images) == len(ILLUSTRATED_PAGES)
    assert Collection.objects.filter(name=ILLUSTRATIONS_COLLECTION).count() == 1


def test_demo_menu_labels_are_short(empty_site):
    load_demo_pages()

    menu = Site.objects.get(is_default_site=True).root_page.get_children().in_menu().specific()
    assert {page.menu_label or page.title for page in menu} == {
        "Parents",
        "Contact",
        "Outreach",
        "Training",
        "Placements",
    }
