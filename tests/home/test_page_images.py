"""An editor adds an image to a page a visitor lands on; it must say what it shows or be marked decorative,
and it is drawn responsively without shifting the page."""

import re

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from common.pages import IMAGE_ALT_MISSING, IMAGE_ALT_ON_DECORATIVE
from home.factories import ImageFactory, StandardPageFactory
from home.models import StandardPage
from portal.placements.factories import PlacementsPageFactory
from services.factories import OutreachOfferPageFactory, TrainingMenuPageFactory

pytestmark = pytest.mark.django_db

ALT = "A path of stepping stones across a teal river"


@pytest.fixture
def image(db):
    return ImageFactory()


def add_page_form(image=None, **fields):
    return nested_form_data(
        {
            "title": "Visiting us",
            "slug": "visiting",
            "intro": "",
            "body": streamfield([]),
            "image": image.pk if image else "",
            "image_alt": "",
            "menu_label": "",
            "action-publish": "publish",
            **fields,
        }
    )


def add_url(home_page):
    return reverse("wagtailadmin_pages:add", args=["home", "standardpage", home_page.pk])


# The rule: alt text, or decorative, never neither nor both


def test_an_image_with_no_alt_text_is_refused_next_to_the_field(staff_client, home_page, image):
    response = staff_client.post(add_url(home_page), add_page_form(image))

    assert response.status_code == 200
    assert response.context["form"].errors["image_alt"] == [IMAGE_ALT_MISSING]
    assert not StandardPage.objects.filter(slug="visiting").exists()


def test_alt_text_on_a_decorative_image_is_refused(staff_client, home_page, image):
    form = add_page_form(image, image_alt=ALT, image_decorative="on")

    response = staff_client.post(add_url(home_page), form)

    assert response.context["form"].errors["image_alt"] == [IMAGE_ALT_ON_DECORATIVE]
    assert not StandardPage.objects.filter(slug="visiting").exists()


@pytest.mark.parametrize(
    "fields", [{"image_alt": ALT}, {"image_decorative": "on"}], ids=["described", "decorative"]
)
def test_an_image_described_or_decorative_is_published(staff_client, home_page, image, fields):
    response = staff_client.post(add_url(home_page), add_page_form(image, **fields))

    assert response.status_code == 302
    page = StandardPage.objects.get(slug="visiting")
    assert page.live
    assert page.image == image


def test_a_page_without_an_image_needs_no_alt_text(staff_client, home_page):
    response = staff_client.post(add_url(home_page), add_page_form())

    assert response.status_code == 302


# Rendering


def picture_of(html):
    found = re.search(r"<picture>.*?</picture>", html, re.S)
    assert found, "no <picture> on the page"
    return found.group()


def img_of(picture):
    return re.search(r"<img[^>]*>", picture).group()


LANDING_PAGES = {
    "standard": lambda home, image: StandardPageFactory(
        parent=home, slug="visiting", image=image, image_alt=ALT
    ),
    "outreach": lambda home, image: OutreachOfferPageFactory(parent=home, image=image, image_alt=ALT),
    "training": lambda home, image: TrainingMenuPageFactory(parent=home, image=image, image_alt=ALT),
    "placements": lambda home, image: PlacementsPageFactory(parent=home, image=image, image_alt=ALT),
}


@pytest.mark.parametrize("page_type", LANDING_PAGES)
def test_a_landing_page_draws_its_image_first_in_modern_formats(client, home_page, image, page_type):
    page = LANDING_PAGES[page_type](home_page, image)

    picture = picture_of(client.get(page.url).content.decode())

    assert '<source sizes="' in picture
    assert 'type="image/avif"' in picture
    assert 'type="image/webp"' in picture
    img = img_of(picture)
    # JPEG for browsers without either, at three widths; its size keeps the space before it loads.
    assert re.search(r'srcset="[^"]+\.jpg 480w, [^"]+\.jpg 800w, [^"]+\.jpg 1200w"', img)
    assert 'width="480"' in img
    assert 'height="270"' in img
    assert f'alt="{ALT}"' in img
    # At the top of the page, so in view at once: fetched first, never lazily.
    assert 'fetchpriority="high"' in img
    assert 'loading="eager"' in img


def test_the_home_page_image_is_its_hero(client, home_page, image):
    home_page.image, home_page.image_alt = image, ALT
    home_page.save_revision().publish()

    html = client.get("/").content.decode()

    hero = re.search(r'<section class="hero">.*?</section>', html, re.S).group()
    assert 'fetchpriority="high"' in img_of(picture_of(hero))


def test_a_decorative_image_has_empty_alt_text(client, home_page, image):
    page = StandardPageFactory(parent=home_page, image=image, image_decorative=True)

    img = img_of(picture_of(client.get(page.url).content.decode()))

    assert 'alt=""' in img


def test_section_cards_on_the_home_page_load_their_images_lazily(client, home_page, image):
    StandardPageFactory(parent=home_page, show_in_menus=True, image=image, image_alt=ALT)
    StandardPageFactory(parent=home_page, show_in_menus=True)  # a section without an image

    html = client.get("/").content.decode()

    cards = re.search(r'<ul class="card-grid">.*?</ul>', html, re.S).group()
    assert cards.count("<picture>") == 1
    img = img_of(picture_of(cards))
    assert 'loading="lazy"' in img
    assert "fetchpriority" not in img
    assert f'alt="{ALT}"' in img
    assert re.search(r'srcset="[^"]+\.jpg 320w, [^"]+\.jpg 640w"', img)
    assert 'width="320"' in img
    assert 'height="180"' in img


def test_a_page_without_an_image_draws_no_picture(client, home_page):
    page = StandardPageFactory(parent=home_page)

    assert "<picture>" not in client.get(page.url).content.decode()


# Renditions are made when a page is published, not while a visitor waits


def test_publishing_a_page_with_an_image_makes_its_renditions_before_anyone_visits(
    client, home_page, image, django_capture_on_commit_callbacks
):
    page = StandardPage(title="Visiting us", slug="visiting", image=image, image_alt=ALT, show_in_menus=True)
    home_page.add_child(instance=page)

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    made = set(image.renditions.values_list("pk", flat=True))
    client.get(page.url)
    client.get("/")

    # Three formats at the page's three widths and the card's two.
    assert len(made) == 3 * 3 + 3 * 2
    assert set(image.renditions.values_list("pk", flat=True)) == made


def test_an_image_deleted_since_publishing_is_skipped(image):
    from common.images import prepare_renditions

    kept = ImageFactory()
    image_id = image.pk
    image.delete()

    prepare_renditions.call(image_id)

    assert not kept.renditions.exists()
    assert not type(kept).get_rendition_model().objects.exists()


def test_a_new_file_for_an_image_a_page_shows_has_its_renditions_made_again(
    staff_client, home_page, image, django_capture_on_commit_callbacks
):
    StandardPageFactory(parent=home_page, slug="visiting", image=image, image_alt=ALT)  # live
    new_file = ImageFactory.build().file

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("wagtailimages:edit", args=[image.pk]),
            {"title": image.title, "file": new_file, "collection": image.collection_id, "tags": ""},
        )

    assert response.status_code == 302
    # Wagtail dropped the old file's renditions; the worker made the new file's.
    assert image.renditions.count() == 3 * 3 + 3 * 2


def test_an_image_only_in_the_library_has_no_renditions_made(image, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image.title = "A new title"
        image.save()

    assert not image.renditions.exists()
