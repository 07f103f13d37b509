"""The admin's sidebar menu, drawn once per person and kept a short while by each process
(common/admin_sidebar.py): the same person's next page reuses it, but never another person, and a change to
the person's name or permissions shows on their next page."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from common import admin_sidebar
from tests.workflows import staff_with

pytestmark = pytest.mark.django_db

HOME = reverse("wagtailadmin_home")
FIGURES = reverse("figures_admin_index")


@pytest.fixture
def draws(monkeypatch):
    """How many times Wagtail's own sidebar was drawn."""
    drawn = []
    draw = admin_sidebar._draw_sidebar

    def counted(context):
        drawn.append(context["request"].user.pk)
        return draw(context)

    monkeypatch.setattr(admin_sidebar, "_draw_sidebar", counted)
    return drawn


@pytest.fixture
def signed_in_as(client, settings):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def menu_of(response) -> str:
    return re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', response.text, re.S).group(1)


def test_the_same_person_gets_the_menu_drawn_for_their_last_page(signed_in_as, draws):
    client = signed_in_as(staff_with("figures.view_figures"))

    first = menu_of(client.get(HOME))
    second = menu_of(client.get(FIGURES))

    assert first == second
    assert FIGURES in first
    assert len(draws) == 1


def test_another_person_never_gets_someone_elses_menu(signed_in_as, draws):
    reader = staff_with("figures.view_figures")
    reader.first_name = "Reader"
    reader.save()
    other = staff_with()
    other.first_name = "Other"
    other.save()

    readers_menu = menu_of(signed_in_as(reader).get(HOME))
    others_menu = menu_of(signed_in_as(other).get(HOME))

    assert '"Reader"' in readers_menu
    assert '"Reader"' not in others_menu
    assert FIGURES in readers_menu
    assert FIGURES not in others_menu
    assert len(draws) == 2


def test_a_permission_given_shows_in_the_menu_on_the_next_page(signed_in_as, draws):
    user = staff_with()
    client = signed_in_as(user)
    assert FIGURES not in menu_of(client.get(HOME))

    user.user_permissions.add(Permission.objects.get(codename="view_figures"))

    assert FIGURES in menu_of(client.get(HOME))
    assert len(draws) == 2


def test_a_changed_name_shows_on_the_next_page(signed_in_as, draws):
    user = staff_with()
    client = signed_in_as(user)
    client.get(HOME)

    user.first_name = "Renamed"
    user.save()

    assert '"Renamed"' in menu_of(client.get(HOME))


def test_a_kept_menu_is_drawn_again_once_its_time_is_up(signed_in_as, draws, monkeypatch):
    client = signed_in_as(staff_with())
    clock = [1000.0]
    monkeypatch.setattr(admin_sidebar.time, "monotonic", lambda: clock[0])
    client.get(HOME)

    clock[0] += admin_sidebar.SIDEBAR_KEPT_SECONDS - 1
    client.get(HOME)
    assert len(draws) == 1

    clock[0] += 2
    client.get(HOME)
    assert len(draws) == 2


def test_a_process_keeps_a_bounded_number_of_menus(signed_in_as, draws, monkeypatch):
    monkeypatch.setattr(admin_sidebar, "MOST_KEPT", 2)
    first, second, third = staff_with(), staff_with(), staff_with()
    for user in (first, second, third):
        signed_in_as(user).get(HOME)

    assert len(admin_sidebar._kept) == 2
    signed_in_as(first).get(HOME)  # the oldest was let go, so it is drawn again
    assert draws == [first.pk, second.pk, third.pk, first.pk]
