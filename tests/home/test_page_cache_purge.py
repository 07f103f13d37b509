"""Saving what a public page shows purges the stored copies at once: pages, settings, images."""

import pytest
from django.test import Client
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction, Site

from common.page_cache import STATUS_HEADER
from home.factories import StandardPageFactory
from home.models import ContactSettings
from tests.page_cache import fresh, stored

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def contact_settings(home_page):
    return ContactSettings.objects.create(
        site=home_page.get_site(), phone="01234 567890", email="office@stepping-stones.test"
    )


def test_publishing_a_page_purges_it(client, local_offer):
    stored(client, "/parents/")
    local_offer.title = "Families"
    local_offer.save_revision().publish()

    assert "Families" in fresh(client, "/parents/")


def test_publishing_a_new_menu_page_purges_every_page_that_shows_the_menu(client, home_page, local_offer):
    stored(client, "/parents/")
    new_page = StandardPageFactory(parent=home_page, title="Admissions", slug="admissions", live=False)
    new_page.show_in_menus = True
    new_page.save_revision().publish()

    assert ">Admissions</a>" in fresh(client, "/parents/")


def test_saving_a_draft_leaves_the_stored_page_alone(client, local_offer):
    stored(client, "/parents/")
    local_offer.title = "Not yet"
    local_offer.save_revision()

    assert client.get("/parents/")[STATUS_HEADER] == "hit"


def test_unpublishing_a_page_purges_it(client, local_offer):
    stored(client, "/parents/")
    local_offer.unpublish()

    assert client.get("/parents/").status_code == 404
    assert ">Parents and carers</a>" not in fresh(client, "/")


def test_moving_a_page_purges_its_old_address(client, home_page, local_offer):
    parent = StandardPageFactory(parent=home_page, title="About us", slug="about")
    stored(client, "/parents/")
    local_offer.move(parent, pos="last-child")

    # Wagtail redirects the old address to the new one.
    assert client.get("/parents/")["Location"] == "/about/parents/"
    assert "Parents and carers" in fresh(client, "/about/parents/")


def test_deleting_a_page_purges_it(client, local_offer):
    stored(client, "/parents/")
    local_offer.delete()

    assert client.get("/parents/").status_code == 404


def test_saving_the_contact_details_purges_every_page(client, local_offer, contact_settings):
    stored(client, "/parents/")
    stored(client, "/")
    contact_settings.phone = "09876 543210"
    contact_settings.save()

    assert "09876 543210" in fresh(client, "/parents/")
    assert "09876 543210" in fresh(client, "/")


def test_saving_an_image_purges_the_pages(client, local_offer):
    stored(client, "/parents/")
    get_image_model().objects.create(title="A drawing", file=get_test_image_file())

    assert client.get("/parents/")[STATUS_HEADER] == "miss"


def test_changing_the_site_purges_the_pages(client, local_offer):
    stored(client, "/parents/")
    Site.objects.update_or_create(pk=local_offer.get_site().pk, defaults={"site_name": "Renamed"})

    assert client.get("/parents/")[STATUS_HEADER] == "miss"


def test_an_editor_publishing_in_the_admin_never_leaves_a_stale_public_page(staff_client, local_offer):
    visitor = Client()
    stored(visitor, "/parents/")
    edit_url = f"/admin/pages/{local_offer.pk}/edit/"
    form = staff_client.get(edit_url).context["form"]
    data = {
        **{name: value for name, value in form.initial.items() if isinstance(value, str | int)},
        "title": "Parents, carers and families",
        "slug": "parents",
        "intro": local_offer.intro,
        "body-count": "0",
        "action-publish": "publish",
    }

    response = staff_client.post(edit_url, data)

    assert response.status_code == 302
    assert "Parents, carers and families" in fresh(visitor, "/parents/")


def test_making_a_page_private_purges_it(client, local_offer):
    stored(client, "/parents/")

    PageViewRestriction.objects.create(page=local_offer, restriction_type=PageViewRestriction.LOGIN)

    response = client.get("/parents/")
    assert response.status_code == 302  # to sign in: the stored copy is gone
    assert response[STATUS_HEADER] == "pass"
