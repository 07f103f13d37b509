"""A teacher at a school holding the Universal Offer opens the resource library, searches it and opens a
resource; a school without the offer is told how to get it. Axe on every page."""

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect
from wagtail.documents import get_document_model
from wagtail.models import Collection

from portal.orders.factories import OrderFactory, UniversalOfferLineFactory
from portal.orders.models import RESOURCE_COLLECTION_NAME, Resource, ResourceTopic
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role
from portal.users.factories import PASSWORD, VerifiedUserFactory
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def library_root():
    """Wagtail's root collection: browser tests flush the database, and with it what migrations made."""
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def add_resource(collection, title, topic, summary):
    document = get_document_model()(title=title, collection=collection)
    document.file.save(f"{title.lower().replace(' ', '-')}.txt", ContentFile(f"{title}: {summary}".encode()))
    return Resource.objects.create(document=document, topic=topic, summary=summary)


def test_opening_the_resource_library_and_a_resource(page, live_site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    library = library_root().add_child(name=RESOURCE_COLLECTION_NAME)
    add_resource(library, "Calm corner guide", ResourceTopic.BEHAVIOUR, "Setting up a quiet space in class.")
    add_resource(library, "Moving up checklist", ResourceTopic.TRANSITIONS, "Visits and a named adult.")
    school = SchoolFactory(name="Riverside Primary School")
    order = OrderFactory(school=school, paid=True, includes_universal_offer=True)
    UniversalOfferLineFactory(order=order)
    teacher = VerifiedUserFactory(email="teacher@riverside-primary.test", first_name="Alex")
    MembershipFactory(user=teacher, school=school, roles=[Role.REFERRER])

    page.goto(live_site.url + "/portal/")
    sign_in(page, "teacher@riverside-primary.test", PASSWORD)
    page.get_by_role("link", name="Resource library").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Resource library")
    expect(page.get_by_role("heading", level=2, name="Behaviour and regulation")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Transitions and attendance")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Search the library").fill("calm")
    page.get_by_role("button", name="Search resources").click()
    expect(page.get_by_role("link", name="Calm corner guide")).to_be_visible()
    expect(page.get_by_role("link", name="Moving up checklist")).to_have_count(0)
    expect(page.get_by_label("Search the library")).to_have_value("calm")
    assert_accessible(page)

    href = page.get_by_role("link", name="Calm corner guide").get_attribute("href")
    response = page.request.get(live_site.url + href)
    assert response.status == 200
    assert response.text() == "Calm corner guide: Setting up a quiet space in class."


def test_a_school_without_the_offer_sees_how_to_get_it(page, live_site):
    school = SchoolFactory(name="Oakfield Primary School")
    bursar = VerifiedUserFactory(email="bursar@oakfield-primary.test", first_name="Sam")
    MembershipFactory(user=bursar, school=school, roles=[Role.FINANCE])

    page.goto(live_site.url + "/portal/resources/")
    sign_in(page, "bursar@oakfield-primary.test", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Resource library")
    expect(
        page.get_by_text("Oakfield Primary School does not hold this year's Universal Support Offer")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Buy the Universal Support Offer")).to_be_visible()
    assert_accessible(page)
