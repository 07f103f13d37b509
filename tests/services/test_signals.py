"""The site search finds the catalogue pages by the packages and topics they show."""

import pytest

from services.factories import SupportPackageFactory, TrainingTopicFactory

pytestmark = pytest.mark.django_db


def result_titles(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [page.title for page in response.context["search_results"]]


def test_search_finds_the_outreach_page_by_a_package_name(client, outreach_page):
    SupportPackageFactory(name="Parent Support Package", summary="Help for families.")
    assert outreach_page.title in result_titles(client, "Parent Support")


def test_renaming_a_package_updates_the_search(client, outreach_page):
    package = SupportPackageFactory(name="Silver Top-Up", summary="A second cycle.")
    assert outreach_page.title in result_titles(client, "Top-Up")

    package.name = "Silver Extension"
    package.save()
    assert outreach_page.title not in result_titles(client, "Top-Up")
    assert outreach_page.title in result_titles(client, "Extension")


def test_withdrawn_and_deleted_packages_are_no_longer_found(client, outreach_page):
    withdrawn = SupportPackageFactory(name="Gold Package", summary="Long support.")
    deleted = SupportPackageFactory(name="Platinum Package", summary="Longer support.")
    assert outreach_page.title in result_titles(client, "Gold")
    assert outreach_page.title in result_titles(client, "Platinum")

    withdrawn.is_active = False
    withdrawn.save()
    deleted.delete()

    assert outreach_page.title not in result_titles(client, "Gold")
    assert outreach_page.title not in result_titles(client, "Platinum")


def test_search_finds_the_training_page_by_a_topic(client, training_page):
    TrainingTopicFactory(title="Positive Lunchtimes", summary="Ideas for lunchtime supervisors.")
    assert training_page.title in result_titles(client, "lunchtimes")
