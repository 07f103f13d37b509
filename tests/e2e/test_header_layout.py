"""The header is drawn at its final size: nothing moves when the scripts run (no layout shift)."""

import pytest
from playwright.sync_api import expect

from home.factories import StandardPageFactory
from portal.schools.factories import MembershipFactory
from portal.users.factories import PASSWORD, VerifiedUserFactory
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

# Records the header's height before the deferred scripts run ("interactive" comes first), and adds up
# the layout shifts the browser reports for the whole visit.
MEASURE = """
window.__shift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
}).observe({type: "layout-shift", buffered: true});
document.addEventListener("readystatechange", () => {
  if (document.readyState === "interactive") {
    window.__headerBeforeScripts = document.querySelector(".site-header").getBoundingClientRect().height;
  }
});
"""


# The demo site's menu: full titles, most with the short label the header shows instead.
MENU_LABELS = {
    "Parents and carers": "Parents",
    "Outreach support for schools": "Outreach",
    "Training for school staff": "Training",
    "Placements and panel dates": "Placements",
    "Behaviour surgeries": "",
    "SEN information report": "SEN report",
    "Contact us": "Contact",
}


@pytest.fixture
def menu(home_page, local_offer):
    """The local offer ("Parents and carers") first, then the other pages of `MENU_LABELS`."""
    local_offer.menu_label = MENU_LABELS[local_offer.title]
    local_offer.save_revision().publish()
    for title, label in MENU_LABELS.items():
        if title != local_offer.title:
            StandardPageFactory(parent=home_page, title=title, menu_label=label, show_in_menus=True)


@pytest.mark.parametrize(
    "viewport", [{"width": 375, "height": 740}, {"width": 1280, "height": 800}], ids=["phone", "desktop"]
)
def test_header_height_does_not_change_after_the_scripts_run(page, live_site, menu, viewport):
    page.set_viewport_size(viewport)
    page.add_init_script(MEASURE)

    page.goto(live_site.url + "/parents/")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)

    before = page.evaluate("window.__headerBeforeScripts")
    after = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
    assert before == after
    assert page.evaluate("window.__shift") < 0.05


def test_on_a_phone_the_menu_is_folded_from_the_first_paint(page, live_site, menu):
    page.set_viewport_size({"width": 375, "height": 740})
    page.add_init_script(MEASURE)

    page.goto(live_site.url + "/parents/")

    # The whole header (name, logo and the Menu button) fits in a phone's first screen.
    assert page.evaluate("window.__headerBeforeScripts") < 200
    expect(page.get_by_role("button", name="Menu")).to_be_visible()


def signed_in_member(page, live_site):
    """Sign in as a school's member: the header then offers "Your account" and "Sign out"."""
    membership = MembershipFactory(user=VerifiedUserFactory(email="teacher@school.test"))
    page.goto(live_site.url + "/accounts/login/")
    sign_in(page, membership.user.email, PASSWORD)
    expect(page.get_by_role("link", name="Your account", exact=True)).to_be_visible()


@pytest.mark.parametrize(
    ("visitor", "account_items"),
    [
        ("anonymous", ["Schools portal", "Sign in"]),
        ("signed in", ["Schools portal", "Your account", "Sign out"]),
    ],
)
def test_on_a_wide_screen_the_menu_takes_one_row_with_search_beside_it(
    page, live_site, menu, visitor, account_items
):
    page.set_viewport_size({"width": 1280, "height": 800})
    if visitor == "signed in":
        signed_in_member(page, live_site)

    page.goto(live_site.url + "/parents/")

    nav = page.get_by_role("navigation", name="Main")
    menu_items = nav.locator(".site-nav__list:not(.site-nav__account) > li > a")
    account = nav.locator(".site-nav__account > li > :is(a, form)")
    expect(menu_items).to_have_text([label or title for title, label in MENU_LABELS.items()])
    expect(account).to_have_text(account_items)
    menu_boxes = [item.bounding_box() for item in menu_items.all()]
    search_box = page.get_by_role("search").bounding_box()
    # One row: the menu's items and the search all start at the same height, search to their right.
    assert {round(box["y"]) for box in menu_boxes} == {round(search_box["y"])}
    assert search_box["x"] > max(box["x"] + box["width"] for box in menu_boxes)
    # The portal and account links sit on the name's row, to its right, above the menu.
    brand = page.locator(".site-header__brand").bounding_box()
    account_boxes = [item.bounding_box() for item in account.all()]
    assert min(box["x"] for box in account_boxes) > brand["x"] + brand["width"]
    assert max(box["y"] + box["height"] for box in account_boxes) <= min(box["y"] for box in menu_boxes)


def test_signing_in_does_not_change_the_header_s_height(page, live_site, menu):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_site.url + "/parents/")
    anonymous = page.locator(".site-header").bounding_box()["height"]

    signed_in_member(page, live_site)
    page.goto(live_site.url + "/parents/")

    assert page.locator(".site-header").bounding_box()["height"] == anonymous


def test_favicon_and_touch_icon_are_served(page, live_site, home_page):
    for path in ("/favicon.ico", "/apple-touch-icon.png"):
        response = page.request.get(live_site.url + path)
        assert response.status == 200, path
