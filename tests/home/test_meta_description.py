"""Every page has a meta description: the one editors write, or else the page's introduction."""

import pytest

from services.factories import OutreachOfferPageFactory

pytestmark = pytest.mark.django_db


def test_meta_description_is_the_one_editors_write(client, local_offer):
    local_offer.search_description = "How we work with parents and carers."
    local_offer.save_revision().publish()

    html = client.get("/parents/").content.decode()

    assert '<meta name="description" content="How we work with parents and carers.">' in html


def test_meta_description_falls_back_to_the_introduction(client, local_offer):
    html = client.get("/parents/").content.decode()

    assert '<meta name="description" content="What the school offers your child.">' in html


def test_sign_in_page_has_a_meta_description(client, home_page):
    html = client.get("/accounts/login/").content.decode()

    assert '<meta name="description" content="Staff of schools that work with the unit sign in here' in html


def test_home_page_cards_show_each_sections_description_or_introduction(client, home_page, local_offer):
    OutreachOfferPageFactory(
        parent=home_page, show_in_menus=True, intro="Support for schools.", search_description="Buy support."
    )

    html = client.get("/").content.decode()

    assert "<p>What the school offers your child.</p>" in html
    assert "<p>Buy support.</p>" in html
    assert "Support for schools." not in html
