"""A page's short menu label names it in the header; its title stays everywhere else."""

import re

import pytest
from django.urls import reverse

from home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def training(home_page):
    return StandardPageFactory(
        parent=home_page, title="Training for school staff", menu_label="Training", show_in_menus=True
    )


def header_and_footer(client, path):
    html = client.get(path).content.decode()
    header = re.search(r'<header class="site-header">.*?</header>', html, re.S).group()
    footer = re.search(r"<footer.*?</footer>", html, re.S).group()
    return header, footer


def test_the_header_names_a_page_by_its_menu_label(client, home_page, training):
    header, footer = header_and_footer(client, "/")

    assert ">Training</a>" in header
    assert "Training for school staff" not in header
    assert ">Training for school staff</a>" in footer


def test_a_page_without_a_menu_label_is_named_by_its_title(client, home_page, local_offer):
    header, _footer = header_and_footer(client, "/")

    assert ">Parents and carers</a>" in header


def test_editors_set_the_label_on_the_promote_tab(staff_client, training):
    html = staff_client.get(reverse("wagtailadmin_pages:edit", args=[training.pk])).content.decode()

    assert 'name="menu_label"' in html
    assert 'value="Training"' in html
