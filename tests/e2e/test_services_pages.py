import re

import pytest
from playwright.sync_api import expect

from common.demo import rich_text, stream
from services.factories import (
    OutreachOfferPageFactory,
    SupportPackageFactory,
    TrainingFormatFactory,
    TrainingMenuPageFactory,
    TrainingTopicFactory,
    UniversalOfferFactory,
)
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def catalogue(home_page):
    UniversalOfferFactory(
        what_it_gives="<ul><li>A telephone advice line</li><li>Behaviour surgeries</li></ul>"
    )
    silver = SupportPackageFactory(name="Silver Package", price_pence=100_000, hours=12)
    SupportPackageFactory(name="Silver Package Top-Up", price_pence=50_000, hours=6, must_follow=silver)
    SupportPackageFactory(name="EHC Package", price_pence=60_000, hours=6, requires_ehc_plan=True)
    SupportPackageFactory(name="Consultancy", hourly=True)
    TrainingFormatFactory(name="Twilight", slug="twilight", duration_minutes=120, price_pence=35_000)
    half_day = TrainingFormatFactory(
        name="Half day", slug="half-day", duration_minutes=180, price_pence=47_000
    )
    TrainingTopicFactory(title="Supporting Neurodiversity", slug="neurodiversity", allowed_formats=[half_day])
    TrainingTopicFactory(title="Positive Lunchtimes", slug="positive-lunchtimes")
    body = stream(
        ("heading", {"text": "How it works", "level": "h2"}),
        ("paragraph", rich_text("We agree the focus with you first.")),
    )
    OutreachOfferPageFactory(parent=home_page, show_in_menus=True, body=body)
    TrainingMenuPageFactory(parent=home_page, show_in_menus=True, body=body)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", ["/outreach/", "/training/"])
def test_catalogue_pages_are_accessible(page, live_site, catalogue, path, viewport):
    page.set_viewport_size(viewport)
    page.goto(live_site.url + path)

    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)
    # Nothing is wider than a phone's screen, so no one has to scroll sideways to read a price.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_outreach_page_shows_prices_from_the_catalogue(page, live_site, catalogue):
    page.goto(live_site.url + "/outreach/")
    top_up = page.locator(".package-card", has_text="Silver Package Top-Up")
    expect(top_up).to_contain_text("£500")
    expect(top_up).to_contain_text("Only after the Silver Package in the same financial year.")
    expect(page.get_by_role("link", name="Buy through the schools portal")).to_have_attribute(
        "href", "/portal/"
    )


def fill_calculator(page, *, training_format, staff, topic=""):
    page.get_by_label("Training format", exact=True).select_option(training_format)
    page.get_by_label("Number of staff", exact=True).fill(staff)
    page.get_by_label("Topic (optional)", exact=True).select_option(topic)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_calculator_error_after_submitting(page, live_site, catalogue, viewport):
    page.set_viewport_size(viewport)
    page.goto(live_site.url + "/training/")
    fill_calculator(page, training_format="twilight", staff="20", topic="neurodiversity")
    page.get_by_role("button", name="Show the price").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Supporting Neurodiversity is offered only as Half day (3 hours).")
    expect(page).to_have_title(re.compile(r"^Error: Training for school staff"))
    # What the user chose is still there to correct.
    expect(page.get_by_label("Number of staff", exact=True)).to_have_value("20")
    expect(page.get_by_label("Topic (optional)", exact=True)).to_have_value("neurodiversity")
    summary.get_by_role("link").click()
    expect(page.get_by_label("Training format", exact=True)).to_be_focused()
    assert_accessible(page)


def test_calculator_works_with_javascript_switched_off(browser, live_site, catalogue):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_site.url + "/training/")
        fill_calculator(page, training_format="half-day", staff="20")
        page.get_by_role("button", name="Show the price").click()

        result = page.locator("[data-calculator-result]")
        expect(result).to_contain_text("£570")
        expect(result).to_contain_text("£470 covers the first 15, plus 5 more at £20 each (£100).")
        assert "staff=20" in page.url
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_calculator_updates_the_price_as_the_user_types(page, live_site, catalogue, viewport):
    page.set_viewport_size(viewport)
    page.goto(live_site.url + "/training/")
    result = page.locator("[data-calculator-result]")
    expect(result).to_have_attribute("aria-live", "polite")
    expect(result).to_contain_text("Choose a format and enter the number of staff")

    fill_calculator(page, training_format="half-day", staff="16")
    expect(result).to_contain_text("£490")
    expect(result).to_contain_text("plus 1 more at £20 each")

    page.get_by_label("Number of staff", exact=True).fill("abc")
    expect(result).to_contain_text("Enter the number of staff as a whole number, like 20.")

    page.get_by_label("Number of staff", exact=True).fill("40")
    page.get_by_label("Topic (optional)", exact=True).select_option("neurodiversity")
    expect(result).to_contain_text("£970")
    expect(result).to_contain_text("Supporting Neurodiversity, Half day (3 hours), for 40 staff")
    assert "staff=" not in page.url  # worked out without leaving the page
    assert_accessible(page)
