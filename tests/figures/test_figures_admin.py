"""The admin's Figures page and menu item, shown only to staff with "Can view figures"; the permission is
offered in the group editor."""

import pytest
from django.urls import reverse

from tests.figures.conftest import VIEW_FIGURES, turned_away

pytestmark = pytest.mark.django_db

INDEX = reverse("figures_admin_index")


def test_staff_without_the_permission_are_refused_and_see_no_menu_item(signed_in):
    client = signed_in()

    assert turned_away(client.get(INDEX))
    assert INDEX not in client.get(reverse("wagtailadmin_home")).text


def test_staff_with_the_permission_find_the_figures_in_the_menu(signed_in):
    client = signed_in(VIEW_FIGURES)

    assert INDEX in client.get(reverse("wagtailadmin_home")).text
    page = client.get(INDEX)
    assert page.status_code == 200
    assert "<title>Figures" in page.text


def test_the_permission_is_offered_to_groups(staff_client):
    page = staff_client.get(reverse("wagtailusers_groups:add")).text

    assert "Can view figures" in page
