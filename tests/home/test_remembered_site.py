"""The request's site and the unit's contact details are read once and kept between requests until the
page cache is purged: a signed-in page reads neither again, and a saved change shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import ContactSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(home_page):
    return ContactSettings.objects.create(site=home_page.get_site(), phone="01234 567890", email="o@x.test")


def site_and_settings_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    tables = ('"wagtailcore_site"', '"home_contactsettings"')
    return response, [query["sql"] for query in queries if any(table in query["sql"] for table in tables)]


def test_signed_in_pages_read_the_site_and_contact_details_once(client, contact, staff_user):
    client.force_login(staff_user)

    _, first = site_and_settings_queries(client, "/portal/")
    response, again = site_and_settings_queries(client, "/portal/")

    assert len(first) == 2
    assert again == []
    assert "01234 567890" in response.text


def test_a_change_to_the_contact_details_shows_at_once(client, contact, staff_user):
    client.force_login(staff_user)
    client.get("/portal/")

    contact.phone = "01999 000111"
    contact.save()

    assert "01999 000111" in client.get("/portal/").text
