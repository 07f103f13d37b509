"""Pages are found with their ancestors in one query; what Wagtail's routing did still holds."""

import sys

import pytest
from wagtail.models import PageViewRestriction, Site

from home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nested(local_offer):
    return StandardPageFactory(parent=local_offer, title="Reviews", slug="reviews")


def test_deep_page_is_served_with_its_breadcrumbs(client, nested):
    html = client.get("/parents/reviews/").content.decode()

    assert '<li><a href="/">Home</a></li>' in html
    assert '<li><a href="/parents/">Parents and carers</a></li>' in html
    assert '<li aria-current="page">Reviews</li>' in html


def test_a_page_is_routed_with_the_site_root_paths_the_request_was_given(client, nested, monkeypatch):
    """home.middleware gives every request the root paths from its process's copy; routing reads those
    rather than asking the shared cache again."""
    asked_by = []
    read = Site.get_site_root_paths
    monkeypatch.setattr(
        Site, "get_site_root_paths", lambda: asked_by.append(sys._getframe(1).f_globals["__name__"]) or read()
    )

    assert client.get("/parents/reviews/").status_code == 200
    assert "common.page_views" not in asked_by


def test_page_that_is_not_live_is_not_found(client, nested):
    nested.unpublish()

    assert client.get("/parents/reviews/").status_code == 404


def test_page_under_a_draft_parent_is_still_served_as_wagtail_does(client, local_offer, nested):
    local_offer.unpublish()

    assert client.get("/parents/reviews/").status_code == 200


def test_missing_page_is_not_found(client, local_offer):
    assert client.get("/parents/nothing-here/").status_code == 404


def test_routable_page_sub_route_still_answers(client, home_page):
    from services.factories import TrainingMenuPageFactory

    TrainingMenuPageFactory(parent=home_page)

    response = client.get("/training/price/")

    assert response.status_code == 200
    assert response.json()["valid"] is False


def test_restriction_on_an_ancestor_applies(client, local_offer, nested):
    PageViewRestriction.objects.create(page=local_offer, restriction_type="login")

    response = client.get("/parents/reviews/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_restriction_on_the_page_an_ancestor_is_an_alias_of_applies(client, home_page, local_offer, nested):
    original = StandardPageFactory(parent=home_page, title="Private area", slug="private")
    PageViewRestriction.objects.create(page=original, restriction_type="login")
    alias = original.create_alias(parent=home_page, update_slug="private-alias")
    StandardPageFactory(parent=alias, title="Inside", slug="inside")

    response = client.get("/private-alias/inside/")

    assert response.status_code == 302
