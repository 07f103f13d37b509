"""The resource library: listed by topic with search for schools holding the year's Universal Offer, and
each file guarded where Wagtail serves it, so its URL refuses everyone else."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from portal.orders import demo, selectors
from portal.orders.models import RESOURCE_COLLECTION_NAME, Resource, ResourceTopic
from portal.orders.models.resources import NOT_IN_LIBRARY
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role

Document = get_document_model()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def library(db):
    return Collection.get_first_root_node().add_child(name=RESOURCE_COLLECTION_NAME)


def make_document(title, collection, text="Some guidance."):
    document = Document(title=title, collection=collection)
    document.file.save(f"{title.lower().replace(' ', '-')}.txt", ContentFile(text.encode()), save=False)
    document.save()
    return document


@pytest.fixture
def resources(library):
    def add(title, topic, summary=""):
        return Resource.objects.create(document=make_document(title, library), topic=topic, summary=summary)

    return {
        "calm": add("Calm corner guide", ResourceTopic.BEHAVIOUR, "Setting up a quiet space in class."),
        "plan": add("Behaviour plan template", ResourceTopic.PLANNING, "A one-page plan."),
        "move": add("Moving up checklist", ResourceTopic.TRANSITIONS, "Visits and a named adult."),
    }


@pytest.fixture
def holder_client(buyer_client, buyer, place_order):
    """A member of a school that holds this year's Universal Offer (invoiced counts), signed in."""
    place_order(buyer)
    return buyer_client


@pytest.fixture
def other_client(client, home_page):
    """A member of a school without the offer, signed in."""
    membership = MembershipFactory(
        school=SchoolFactory(name="Oakfield Primary School"), roles=[Role.ADMINISTRATOR]
    )
    client.force_login(membership.user)
    return client


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_library_lists_resources_by_topic(holder_client, resources):
    response = holder_client.get("/portal/resources/")
    assert response.status_code == 200
    assert [topic for topic, _ in response.context["topics"]] == [
        "Behaviour and regulation",
        "Transitions and attendance",
        "Plans, reports and reviews",
    ]
    html = response.content.decode()
    assert resources["calm"].document.url in html
    assert "Setting up a quiet space in class." in html


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("calm", ["Calm corner guide"]),
        ("named adult", ["Moving up checklist"]),  # every word, in the summary
        ("BEHAVIOUR", ["Calm corner guide", "Behaviour plan template"]),  # topic or title, any case
        ("nothing like this", []),
    ],
)
def test_searching_the_library(holder_client, resources, query, titles):
    response = holder_client.get("/portal/resources/", {"q": query})
    assert response.status_code == 200
    found = [resource.document.title for _, group in response.context["topics"] for resource in group]
    assert sorted(found) == sorted(titles)
    if not titles:
        assert "No resources match" in response.content.decode()


def test_a_school_without_the_offer_is_told_how_to_get_it_not_shown_the_documents(other_client, resources):
    response = other_client.get("/portal/resources/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "does not hold this year's Universal Support Offer" in html
    assert "/portal/buy/#universal-offer" in html
    assert resources["calm"].document.url not in html
    assert "Calm corner guide" not in html


def test_the_listing_needs_sign_in(client, home_page, resources):
    response = client.get("/portal/resources/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_member_of_a_school_with_the_offer_opens_a_resource(holder_client, resources):
    response = holder_client.get(resources["calm"].document.url)
    assert response.status_code == 200
    assert body(response) == b"Some guidance."


def test_a_school_without_the_offer_is_refused_the_file(other_client, resources):
    response = other_client.get(resources["calm"].document.url)
    assert response.status_code == 403
    assert "Oakfield Primary School does not hold" in response.content.decode()


def test_nobody_signed_in_is_sent_to_sign_in(client, home_page, resources):
    url = resources["calm"].document.url
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "next=" in response["Location"]


def test_last_years_offer_does_not_open_the_library(buyer_client, buyer, place_order, resources):
    order = place_order(buyer)
    order.financial_year_start -= 1  # as if bought last year
    order.save(update_fields=["financial_year_start"])
    assert buyer_client.get(resources["calm"].document.url).status_code == 403


def test_the_units_staff_open_resources(staff_client, resources):
    response = staff_client.get(resources["plan"].document.url)
    assert response.status_code == 200
    assert body(response) == b"Some guidance."


def test_a_document_outside_the_library_is_unaffected(client, home_page, library):
    elsewhere = make_document("Term dates", Collection.get_first_root_node(), text="Public term dates.")
    response = client.get(elsewhere.url)
    assert response.status_code == 200
    assert body(response) == b"Public term dates."


def test_a_collection_inside_the_library_is_guarded_too(client, home_page, library):
    inner = library.add_child(name="Templates")
    response = client.get(make_document("Inner template", inner).url)
    assert response.status_code == 302


def test_a_resource_must_be_a_document_in_the_library(db, library):
    resource = Resource(document=make_document("Elsewhere", Collection.get_first_root_node()), topic="send")
    with pytest.raises(ValidationError) as refused:
        resource.full_clean()
    assert refused.value.message_dict["document"] == [NOT_IN_LIBRARY]


def test_staff_add_a_resource_in_the_admin(staff_client, library):
    document = make_document("Sensory checklist", library)
    assert staff_client.get("/admin/orders/resource/create/").status_code == 200
    response = staff_client.post(
        "/admin/orders/resource/create/",
        {"document": document.pk, "topic": ResourceTopic.SEND, "summary": "What to look for."},
    )
    assert response.status_code == 302
    assert Resource.objects.get().document == document
    index = staff_client.get("/admin/orders/resource/")
    assert index.status_code == 200
    assert "Sensory checklist" in index.content.decode()


def test_the_portal_home_links_to_the_library(holder_client):
    assert 'href="/portal/resources/"' in holder_client.get("/portal/").content.decode()


def test_the_demo_resources_load_once(db, settings):
    settings.DEBUG = True
    out = StringIO()
    demo.load_resources(stdout=out)
    demo.load_resources(stdout=out)
    assert Resource.objects.count() == len(demo.DEMO_RESOURCES)
    assert Collection.objects.filter(name=RESOURCE_COLLECTION_NAME).count() == 1
    assert all(selectors.is_library_document(resource.document) for resource in Resource.objects.all())
    assert out.getvalue().count("Added") == 1


def test_the_file_is_not_reachable_around_the_guard(other_client, resources):
    """Only images are served from the media folder: a document's file has no address but its own."""
    response = other_client.get(f"/media/{resources['calm'].document.file.name}")
    assert response.status_code == 404
