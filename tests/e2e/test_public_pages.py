import pytest
from playwright.sync_api import expect

from home.factories import ImageFactory
from home.models import ContactPage
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def public_pages(home_page, local_offer):
    """The home page with a described image, the local offer with a decorative one, contact with none."""
    home_page.image, home_page.image_alt = ImageFactory(), "A drawing of stepping stones across a river"
    home_page.save_revision().publish()
    local_offer.image, local_offer.image_decorative = ImageFactory(), True
    local_offer.save_revision().publish()
    contact = ContactPage(title="Contact us", slug="contact", show_in_menus=True, intro="Call us.")
    home_page.add_child(instance=contact)
    return {"local_offer": local_offer, "contact": contact}


@pytest.mark.parametrize("path", ["/", "/parents/", "/contact/", "/search/?q=review", "/no-such-page/"])
def test_public_page_passes_axe(page, live_site, public_pages, path):
    page.goto(live_site.url + path)
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)


def test_page_images_load_in_a_modern_format_at_their_final_size(page, live_site, public_pages):
    page.goto(live_site.url + "/")
    page.wait_for_load_state("load")

    hero = page.locator(".hero img")
    expect(hero).to_have_attribute("alt", "A drawing of stepping stones across a river")
    assert hero.evaluate("img => img.complete && img.naturalWidth > 0")
    # The browser picked the AVIF source over the JPEG fallback.
    assert hero.evaluate("img => img.currentSrc").endswith(".avif")
    # The section card for the local offer shows its image lazily, with no alt text (decorative).
    card_image = page.locator(".card__image")
    expect(card_image).to_have_attribute("loading", "lazy")
    expect(card_image).to_have_attribute("alt", "")


def test_skip_link_moves_focus_to_main_content(page, live_site, public_pages):
    page.goto(live_site.url + "/parents/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()


def test_menu_toggle_on_a_phone(page, live_site, public_pages):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_site.url + "/")
    menu = page.get_by_role("button", name="Menu")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    menu.click()
    expect(page.get_by_role("link", name="Parents and carers").first).to_be_visible()
    assert_accessible(page)
