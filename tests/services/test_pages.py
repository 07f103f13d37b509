import datetime
import itertools
import re

import pytest
import time_machine

from common.financial_years import FinancialYear
from home.models import HomePage, StandardPage
from services.factories import (
    SupportPackageFactory,
    TrainingFormatFactory,
    TrainingTopicFactory,
    UniversalOfferFactory,
)
from services.models import OutreachOfferPage, SupportPackagePriceChange, TrainingMenuPage

pytestmark = pytest.mark.django_db


def test_catalogue_pages_live_directly_under_the_home_page():
    for page_class in (OutreachOfferPage, TrainingMenuPage):
        assert page_class.allowed_parent_page_models() == [HomePage]
        assert page_class.allowed_subpage_models() == []
        assert page_class not in StandardPage.allowed_subpage_models()


@pytest.mark.parametrize("page_class", [OutreachOfferPage, TrainingMenuPage])
def test_only_one_of_each_page(home_page, page_class):
    assert page_class.can_create_at(home_page)
    home_page.add_child(instance=page_class(title="The page", slug="the-page"))
    assert not page_class.can_create_at(home_page)


def text_of(response):
    """The page's visible words with the markup removed and spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


# --- The outreach offer page ------------------------------------------------------------------


def test_outreach_page_shows_the_offer_for_this_financial_year(client, outreach_page):
    year = FinancialYear.current()
    UniversalOfferFactory(financial_year_start=year.start_year - 1, price_pence=50_000)
    offer = UniversalOfferFactory(
        financial_year_start=year.start_year,
        price_pence=55_000,
        what_it_gives="<ul><li>A telephone advice line</li></ul>",
    )

    response = client.get(outreach_page.url)

    assert response.status_code == 200
    text = text_of(response)
    assert f"£550 for the financial year {year.label}" in text
    assert f"It covers 1 April {year.start_year} to 31 March {year.start_year + 1}." in text
    assert "A telephone advice line" in text
    assert "£500" not in text

    offer.price_pence = 57_500
    offer.save()
    assert f"£575 for the financial year {year.label}" in text_of(client.get(outreach_page.url))


def test_outreach_page_shows_next_years_price_once_it_is_set(client, outreach_page):
    with time_machine.travel(datetime.date(2027, 2, 10), tick=False):
        UniversalOfferFactory(financial_year_start=2026, price_pence=55_000)
        UniversalOfferFactory(financial_year_start=2027, price_pence=60_000)
        text = text_of(client.get(outreach_page.url))
    assert "£550 for the financial year 2026-27" in text
    assert "From 1 April 2027, the offer for 2027-28 costs £600 (no VAT is charged)." in text


def test_outreach_page_without_a_price_for_this_year_says_so(client, outreach_page):
    UniversalOfferFactory(financial_year_start=FinancialYear.current().start_year - 1)
    text = text_of(client.get(outreach_page.url))
    assert "has not been published yet" in text


def test_outreach_page_shows_each_package_with_its_price_hours_and_rule(client, outreach_page, silver):
    SupportPackageFactory(
        name="Silver Package Top-Up",
        price_pence=50_000,
        hours=6,
        must_follow=silver,
        what_is_included="<ul><li>Five weekly sessions</li></ul>",
        who_it_is_for="Schools carrying on after the Silver review.",
    )
    SupportPackageFactory(name="Consultancy", hourly=True, price_pence=10_000)
    SupportPackageFactory(name="Retired Package", is_active=False)

    response = client.get(outreach_page.url)

    text = text_of(response)
    assert "Silver Package £1,000 No VAT is charged 12 hours of specialist-teacher time" in text
    assert (
        "Silver Package Top-Up £500 No VAT is charged 6 hours of specialist-teacher time "
        "Only after the Silver Package in the same financial year."
    ) in text
    assert "Five weekly sessions" in text
    assert "Schools carrying on after the Silver review." in text
    assert "Consultancy £100 an hour No VAT is charged Bought by the hour" in text
    assert "Retired Package" not in text
    assert 'href="/portal/"' in response.content.decode()


def test_outreach_page_price_follows_the_package(client, outreach_page, silver):
    assert "£1,000" in text_of(client.get(outreach_page.url))
    silver.price_pence = 110_000
    silver.hours = 13
    silver.save()
    text = text_of(client.get(outreach_page.url))
    assert "Silver Package £1,100 No VAT is charged 13 hours" in text
    assert "£1,000" not in text


def test_outreach_page_shows_a_package_s_price_change_from_next_april(client, outreach_page, silver):
    this_year = FinancialYear.current()
    SupportPackagePriceChange.objects.create(
        package=silver, from_year=this_year.next.start_year, price_pence=105_000
    )

    text = text_of(client.get(outreach_page.url))

    assert "Silver Package £1,000 No VAT is charged 12 hours" in text
    assert f"From 1 April {this_year.next.start_year}: £1,050." in text


def test_outreach_page_shows_this_year_s_price_once_a_change_has_begun(client, outreach_page, silver):
    SupportPackagePriceChange.objects.create(
        package=silver, from_year=FinancialYear.current().start_year, price_pence=105_000
    )

    text = text_of(client.get(outreach_page.url))

    assert "Silver Package £1,050 No VAT is charged 12 hours" in text
    assert "From 1 April" not in text


def test_outreach_page_says_the_vat_of_every_price(client, outreach_page, silver):
    """In words: never a bare 0%."""
    assert "Silver Package £1,000 No VAT is charged" in text_of(client.get(outreach_page.url))
    silver.vat_rate = 20
    silver.save()

    assert "Silver Package £1,000 Plus VAT at 20%" in text_of(client.get(outreach_page.url))


def test_outreach_page_headings_are_in_order(client, outreach_page, silver):
    UniversalOfferFactory()
    html = client.get(outreach_page.url).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    levels = [int(level) for level in re.findall(r"<h([1-6])", main)]
    assert levels.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels))


# --- The training menu page -------------------------------------------------------------------


def test_training_page_lists_formats_terms_and_topics(client, training_page, neurodiversity, twilight):
    TrainingTopicFactory(title="Positive Lunchtimes")
    TrainingFormatFactory(name="Withdrawn format", is_active=False)

    text = text_of(client.get(training_page.url))

    assert "Each price covers up to 15 staff. Every extra person costs £20." in text
    assert "Half day 3 hours £470" in text
    assert "Twilight 2 hours £350" in text
    assert "Withdrawn format" not in text
    assert "Supporting Neurodiversity" in text
    assert "Only as Half day (3 hours)" in text
    assert "Positive Lunchtimes" in text
    assert "Any format" in text


def test_training_page_shows_terms_per_format_when_they_differ(client, training_page, half_day):
    TrainingFormatFactory(
        name="Conference", duration_minutes=360, staff_included=30, extra_person_price_pence=1_500
    )
    response = client.get(training_page.url)
    text = text_of(response)
    assert "Each price covers up to" not in text
    assert "Staff included" in text
    assert "Conference 6 hours £470 No VAT is charged 30 £15" in text


def test_training_page_prices_follow_the_formats(client, training_page, half_day):
    half_day.price_pence = 49_500
    half_day.save()
    text = text_of(client.get(training_page.url))
    assert "Half day 3 hours £495" in text
    assert "£470" not in text


def test_calculator_is_empty_on_first_visit(client, training_page, half_day):
    response = client.get(training_page.url)
    text = text_of(response)
    assert "Choose a format and enter the number of staff to see the price." in text
    assert "There is a problem" not in text


@pytest.mark.parametrize(("staff", "price"), [("15", "£470"), ("16", "£490"), ("40", "£970")])
def test_calculator_works_without_javascript(client, training_page, half_day, staff, price):
    response = client.get(training_page.url, {"format": "half-day", "staff": staff, "topic": ""})
    assert response.status_code == 200
    assert response.context["quote"].total_pence == int(price.strip("£")) * 100
    text = text_of(response)
    assert f"Show the price {price} Half day (3 hours), for {staff} staff:" in text
    assert "There is a problem" not in text


@pytest.mark.parametrize(
    ("staff", "message"),
    [
        ("0", "The number of staff must be 1 or more."),
        ("-1", "The number of staff must be 1 or more."),
        ("abc", "Enter the number of staff as a whole number, like 20."),
        ("2.5", "Enter the number of staff as a whole number, like 20."),
        ("99999999999999999999999", "The number of staff must be 300 or fewer."),
        ("", "Enter the number of staff."),
    ],
)
def test_calculator_explains_a_bad_staff_count(client, training_page, half_day, staff, message):
    response = client.get(training_page.url, {"format": "half-day", "staff": staff})

    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response)
    assert text.startswith("Error: ")  # the page title tells screen reader users first
    assert "There is a problem" in text
    assert f'<a href="#id_staff">{message}' in html
    assert (
        f'<p class="form-error" id="id_staff_error"><span class="visually-hidden">Error:</span> {message}'
        in html
    )
    assert f'value="{staff}"' in html or staff == ""  # what the user typed is kept
    assert 'aria-describedby="id_staff_helptext id_staff_error"' in html
    assert response.context["quote"] is None


def test_calculator_explains_a_format_the_topic_does_not_allow(
    client, training_page, neurodiversity, twilight
):
    response = client.get(training_page.url, {"format": "twilight", "staff": "20", "topic": "neurodiversity"})

    assert response.status_code == 200
    html = response.content.decode()
    message = "Supporting Neurodiversity is offered only as Half day (3 hours). Choose one of those formats"
    assert f'<a href="#id_format">{message}' in html
    assert 'id="id_format_error"' in html
    assert '<option value="neurodiversity" selected>' in html
    assert '<option value="twilight" selected>' in html


def test_calculator_refuses_unknown_choices(client, training_page, half_day):
    response = client.get(training_page.url, {"format": "no-such-format", "staff": "5", "topic": "nope"})
    assert response.status_code == 200
    text = text_of(response)
    assert "Choose a training format from the list." in text
    assert "Choose a topic from the list." in text


def test_calculator_carries_the_price_url_for_its_script(client, training_page, half_day):
    html = client.get(training_page.url).content.decode()
    assert f'data-price-url="{training_page.url}price/"' in html
    assert 'src="/static/js/training-calculator.js"' in html


def test_price_route_answers_with_the_servers_calculation(client, training_page, half_day, neurodiversity):
    response = client.get(
        f"{training_page.url}price/", {"format": "half-day", "staff": "16", "topic": "neurodiversity"}
    )
    assert response.status_code == 200
    assert response.json() == {
        "valid": True,
        "total": "£490",
        "total_pence": 49_000,
        "summary": (
            "Supporting Neurodiversity, Half day (3 hours), for 16 staff: £470 covers the first 15, "
            "plus 1 more at £20 each (£20). No VAT is charged."
        ),
    }


def test_price_route_answers_with_the_errors(client, training_page, half_day):
    response = client.get(f"{training_page.url}price/", {"format": "half-day", "staff": "abc"})
    assert response.status_code == 200
    assert response.json() == {
        "valid": False,
        "errors": {"staff": ["Enter the number of staff as a whole number, like 20."]},
    }


# --- Editing in the admin ---------------------------------------------------------------------


@pytest.mark.parametrize("model_name", ["outreachofferpage", "trainingmenupage"])
def test_editors_can_add_each_page_under_the_home_page(staff_client, home_page, model_name):
    response = staff_client.get(f"/admin/pages/add/services/{model_name}/{home_page.pk}/")
    assert response.status_code == 200


def test_a_draft_training_page_can_be_previewed(staff_client, home_page, half_day):
    draft = TrainingMenuPage(title="Training", slug="training", live=False)
    home_page.add_child(instance=draft)
    response = draft.make_preview_request()
    assert response.status_code == 200
    html = response.content.decode()
    assert "Work out the price" in html
    assert "data-price-url" not in html  # nothing to ask until the page is published
