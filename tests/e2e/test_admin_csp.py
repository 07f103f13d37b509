"""The admin works under its Content Security Policy, which refuses inline scripts (config/csp.py), in a
real browser: every widget Wagtail used to start with an inline script still starts, and the browser
reports no violation."""

import re

import pytest
from playwright.sync_api import expect
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from home.factories import ImageFactory, SenReportIndexPageFactory, SenReportPageFactory
from services.factories import SupportPackageFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def admin(signed_in_staff):
    """The signed-in admin page, and the CSP violations and script errors the browser reports on it."""
    page = signed_in_staff
    page.problems = []
    page.on(
        "console",
        lambda message: (
            page.problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: page.problems.append(f"Script error: {error}"))
    yield page
    assert page.problems == []


def pick_a_day(page, field):
    """Open the date picker of `field` and click the 15th of the month it shows."""
    field.click()
    picker = page.locator(".xdsoft_datetimepicker:visible")
    picker.locator("td.xdsoft_date:not(.xdsoft_other_month)[data-date='15']").click()
    expect(field).to_have_value(re.compile(r"-15"))


def test_staff_add_an_inline_item_and_pick_a_date_on_the_sen_report(admin, live_site, home_page):
    report = SenReportPageFactory(parent=SenReportIndexPageFactory(parent=home_page), academic_year="2024-25")

    admin.goto(f"{live_site.url}/admin/pages/{report.pk}/edit/")
    pick_a_day(admin, admin.get_by_label("Last reviewed"))
    admin.get_by_role("button", name="Add key figure").click()
    new_figure = admin.locator("#inline_child_key_figures-0")
    new_figure.get_by_label("Value").fill("12")
    new_figure.get_by_label("Label").fill("pupils who returned to their mainstream school")
    admin.get_by_role("button", name="Save draft").click()

    expect(admin.get_by_text("has been updated")).to_be_visible()
    report.refresh_from_db()
    draft = report.get_latest_revision_as_object()
    assert [(figure.value, figure.label) for figure in draft.key_figures.all()] == [
        (12, "pupils who returned to their mainstream school")
    ]
    assert draft.last_reviewed.day == 15


def test_staff_pick_a_go_live_date_in_the_scheduling_dialog(admin, live_site, home_page):
    admin.goto(f"{live_site.url}/admin/pages/{home_page.pk}/edit/")
    admin.locator("[data-side-panel-toggle='status']").click()
    admin.get_by_role("button", name="Set schedule").click()

    dialog = admin.get_by_role("dialog", name="Set publishing schedule")
    expect(dialog).to_be_visible()
    pick_a_day(admin, dialog.get_by_label("Go live date/time"))


def test_staff_add_a_block_and_choose_an_image_on_a_page(admin, live_site, home_page):
    ImageFactory(title="Reading corner")

    admin.goto(f"{live_site.url}/admin/pages/{home_page.pk}/edit/")
    admin.get_by_role("button", name="Insert a block").first.click()
    admin.get_by_role("option", name="Heading").click()
    expect(admin.locator("[data-contentpath='body'] [data-streamfield-child]")).to_have_count(1)

    admin.get_by_role("button", name="Choose an image").click()
    modal = admin.get_by_role("dialog")
    modal.get_by_role("link", name=re.compile("Reading corner")).click()
    expect(admin.locator("#id_image-chooser [data-chooser-title]")).to_have_text("Reading corner")


def test_staff_choose_a_snippet_and_add_a_price_change(admin, live_site):
    SupportPackageFactory(name="Bronze Package")
    silver = SupportPackageFactory(name="Silver Package")

    admin.goto(f"{live_site.url}/admin/snippets/services/supportpackage/edit/{silver.pk}/")
    admin.get_by_role("button", name=re.compile("Choose .*support package", re.IGNORECASE)).click()
    admin.get_by_role("dialog").get_by_role("link", name="Bronze Package").click()
    expect(admin.locator("#id_must_follow-chooser [data-chooser-title]")).to_have_text("Bronze Package")

    admin.get_by_role("button", name="Add price change").click()
    expect(admin.locator("#inline_child_price_changes-0")).to_be_visible()


def test_staff_pick_a_date_and_time_for_a_surgery_session(admin, live_site):
    admin.goto(f"{live_site.url}/admin/bookings/surgerysession/create/")

    pick_a_day(admin, admin.locator("#id_date"))
    starts_at = admin.locator("#id_starts_at")
    starts_at.click()
    # The picker scrolls its own list of times, out of reach of a pointer click on an early one.
    admin.locator(
        ".xdsoft_datetimepicker:visible .xdsoft_time[data-hour='10'][data-minute='0']"
    ).dispatch_event("click")
    expect(starts_at).to_have_value("10:00")


def test_staff_promote_a_link_for_a_popular_search_term(admin, live_site):
    Query.get("open days").add_hit()

    admin.goto(f"{live_site.url}/admin/searchpicks/add/")
    admin.get_by_role("button", name="Choose from popular search terms").click()
    admin.get_by_role("dialog").get_by_role("link", name="open days").click()
    expect(admin.get_by_label("Search term(s)/phrase")).to_have_value("open days")
    admin.get_by_role("button", name="Add a recommended result").click()
    new_result = admin.locator("#inline_child_editors_picks-0")
    new_result.get_by_label("External link URL").fill("https://example.test/open-days")
    new_result.get_by_label("External link text").fill("Open days")
    admin.get_by_role("button", name="Create").click()

    expect(admin.get_by_text("Editor's picks for 'open days' created")).to_be_visible()
    promotion = SearchPromotion.objects.get()
    assert (promotion.query.query_string, promotion.external_link_text) == ("open days", "Open days")
