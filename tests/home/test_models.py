import pytest
from wagtail.models import Page

from home.models import ContactPage, ContactSettings, HomePage, StandardPage


def test_home_page_sits_only_at_the_root():
    assert set(HomePage.allowed_parent_page_models()) == {Page}


def test_standard_pages_live_under_home_or_other_standard_pages():
    assert set(StandardPage.allowed_parent_page_models()) == {HomePage, StandardPage}


def test_contact_page_lives_under_home_and_has_no_children():
    assert ContactPage.allowed_parent_page_models() == [HomePage]
    assert ContactPage.allowed_subpage_models() == []


@pytest.mark.django_db
def test_only_one_home_page_and_one_contact_page_can_exist(home_page):
    assert not HomePage.can_create_at(Page.get_first_root_node())
    assert ContactPage.can_create_at(home_page)
    home_page.add_child(instance=ContactPage(title="Contact us", slug="contact"))
    assert not ContactPage.can_create_at(home_page)


@pytest.mark.django_db
def test_contact_settings_split_the_address_and_make_a_dialable_phone_link(home_page):
    contact = ContactSettings(
        site=home_page.get_site(), address="Example Road\n\n Lancaster \nLA1 0ZZ", phone="01632 960 000"
    )
    assert contact.address_lines == ["Example Road", "Lancaster", "LA1 0ZZ"]
    assert contact.phone_href == "tel:01632960000"
