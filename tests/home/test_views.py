import re

import pytest
from django.db import connection
from django.template import engines
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import RichText
from wagtail.templatetags.wagtailcore_tags import richtext

from home.models import ContactPage, ContactSettings, HomePage, StandardPage
from home.templatetags import site_tags

pytestmark = pytest.mark.django_db


def test_home_page_links_to_each_menu_section_with_its_intro(client, home_page, local_offer):
    hidden = StandardPage(title="Hidden policy", slug="policy", show_in_menus=False, intro="Not in menu.")
    home_page.add_child(instance=hidden)

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/parents/"' in html
    assert "What the school offers your child." in html
    assert "Hidden policy" not in html


def test_standard_page_renders_its_body_and_heading_anchor(client, local_offer):
    response = client.get("/parents/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Parents and carers</h1>" in html
    assert '<h2 id="working-with-you">Working with you</h2>' in html
    assert "invited to every review" in html
    assert 'aria-current="page"' in html


def test_a_paragraph_is_the_html_wagtails_richtext_filter_gives(local_offer):
    paragraph = RichText(
        f'<p>See <a linktype="page" id="{local_offer.pk}">our page</a> &amp; <b>the &lt;list&gt;</b>.</p>'
        "<ul><li>One</li></ul>"
    )

    html = site_tags.rich_text_html(paragraph)

    assert html == str(richtext(paragraph))
    assert '<a href="/parents/">our page</a>' in html


def test_a_body_is_each_block_as_wagtail_draws_it_in_the_prose_wrapper(local_offer, rf):
    request = rf.get("/parents/")
    context = {"page": local_offer, "request": request}
    wagtails = engines["django"].from_string(
        "{% load wagtailcore_tags %}{% if block.block_type == 'paragraph' %}{{ block.value|richtext }}"
        "{% else %}{% include_block block %}{% endif %}"
    )
    blocks = "\n".join(wagtails.render({**context, "block": block}) for block in local_offer.body)

    html = engines["django"].from_string("{% streamfield page.body %}").render(context)

    assert html == f'<div class="prose">\n{blocks}\n</div>'
    assert [block.block_type for block in local_offer.body] == ["heading", "paragraph", "question"]
    assert '<h2 id="working-with-you">Working with you</h2>' in html


def test_contact_page_and_footer_show_the_site_contact_settings(client, home_page):
    ContactSettings.objects.create(
        site=home_page.get_site(),
        address="Example Road\nLancaster\nLA1 0ZZ",
        phone="01632 960 000",
        email="office@stepping-stones.test",
    )
    home_page.add_child(instance=ContactPage(title="Contact us", slug="contact"))

    response = client.get("/contact/")

    html = response.content.decode()
    assert html.count('href="tel:01632960000"') == 2  # the contact card and the footer
    assert "mailto:office@stepping-stones.test" in html


def test_search_finds_a_page_by_its_words(client, local_offer):
    response = client.get("/search/", {"q": "review"})

    assert response.status_code == 200
    assert list(response.context["search_results"]) == [local_offer.page_ptr.specific]
    assert "1 result for" in response.content.decode()


def test_search_with_no_query_and_an_out_of_range_page_does_not_fail(client, local_offer):
    assert client.get("/search/").status_code == 200
    response = client.get("/search/", {"q": "review", "page": "999"})
    assert response.status_code == 200
    assert response.context["search_results"].number == 1
    assert client.get("/search/", {"q": "review", "page": "x"}).status_code == 200


def test_robots_txt_keeps_crawlers_out_of_private_areas_and_points_to_the_sitemap(client, home_page):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain"
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Disallow: /portal/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_live_pages_only(client, home_page, local_offer):
    draft = StandardPage(title="Draft", slug="draft", live=False)
    home_page.add_child(instance=draft)

    response = client.get("/sitemap.xml")

    body = response.content.decode()
    assert response.status_code == 200
    assert "/parents/</loc>" in body
    assert "/draft/" not in body


def test_unknown_page_gets_the_friendly_404(client, home_page):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@override_settings(DEBUG=False)
def test_server_error_page_stands_alone(client, home_page, monkeypatch):
    def broken_serve(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(HomePage, "serve", broken_serve)
    client.raise_request_exception = False

    response = client.get("/")

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_header_and_footer_share_one_menu_query(client, local_offer, django_assert_max_num_queries):
    client.get("/parents/")  # warm Wagtail's site cache

    with django_assert_max_num_queries(9):
        response = client.get("/parents/")

    assert response.content.decode().count('href="/parents/"') == 2  # header menu and footer links


def test_searching_writes_nothing_to_the_database(client, local_offer):
    client.get("/search/")  # the first visit creates the site's settings record, once

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/search/", {"q": "review"}).status_code == 200

    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_the_footer_is_drawn_once_for_every_page_of_the_site(client, local_offer, monkeypatch):
    drawn = []
    draw = site_tags.render_to_string
    monkeypatch.setattr(
        site_tags,
        "render_to_string",
        lambda name, *args, **kwargs: drawn.append(name) or draw(name, *args, **kwargs),
    )

    home, parents = client.get("/").text, client.get("/parents/").text

    assert drawn == [site_tags.FOOTER_TEMPLATE]
    assert footer_of(home) == footer_of(parents)
    assert 'href="/parents/"' in footer_of(parents)


def test_a_saved_phone_number_shows_in_the_footer_at_once(client, home_page):
    contact = ContactSettings.objects.create(site=home_page.get_site(), phone="01632 960000")
    client.get("/")

    contact.phone = "01632 960999"
    contact.save()

    assert "01632 960999" in footer_of(client.get("/").text)


def footer_of(html):
    return re.search(r"<footer.*?</footer>", html, re.S).group()
