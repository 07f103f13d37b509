"""A school business manager buys the Universal Offer and a Bronze package by invoice with a PO number,
then opens the invoice and its PDF: axe on every page."""

import pytest
from playwright.sync_api import expect

from portal.orders.models import Order, OrderStatus
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Role
from portal.users.factories import PASSWORD, VerifiedUserFactory
from services.factories import SupportPackageFactory, UniversalOfferFactory
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_buying_the_offer_and_a_bronze_package_by_invoice(page, live_site):
    UniversalOfferFactory(price_pence=55_000)
    SupportPackageFactory(name="Bronze Package", slug="bronze-package", price_pence=65_000, hours=7)
    school = SchoolFactory(name="Riverside Primary School", finance_email="finance@riverside-primary.test")
    bursar = VerifiedUserFactory(email="bursar@riverside-primary.test", first_name="Pat", last_name="Okafor")
    MembershipFactory(user=bursar, school=school, roles=[Role.FINANCE])

    page.goto(live_site.url + "/portal/")
    sign_in(page, "bursar@riverside-primary.test", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside Primary School")
    expect(page.get_by_text("Nothing bought yet for")).to_be_visible()
    expect(page.get_by_text("consultancy hours, paid by card or by invoice.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Buy the Universal Support Offer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Buy outreach support")
    # VAT is said with every price before anything is in the basket.
    expect(page.locator(".offer")).to_contain_text("£550 for the year No VAT is charged")
    expect(page.locator(".package-card", has_text="Bronze Package")).to_contain_text("No VAT is charged")
    assert_accessible(page)
    page.get_by_role("button", name="Add the Universal Support Offer to your basket").click()
    expect(page.get_by_text("is in your basket", exact=False).first).to_be_visible()

    page.get_by_role("link", name="Choose the Bronze Package").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bronze Package")
    expect(
        page.get_by_text("£650 for 7 hours of specialist-teacher time. No VAT is charged.")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Add to basket").click()
    expect(page.get_by_role("alert")).to_contain_text("Select who the support is for.")
    assert_accessible(page)
    page.get_by_label("A pupil").check()
    page.get_by_label("Pupil's initials").fill("Jordan Smith")
    page.get_by_label("Pupil's year group").select_option(label="Year 4")
    page.get_by_role("button", name="Add to basket").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the pupil's initials only")
    expect(page.get_by_label("Pupil's year group")).to_have_value("4")  # nothing typed is lost
    page.get_by_label("Pupil's initials").fill("JS")
    page.get_by_role("button", name="Add to basket").click()

    expect(page.get_by_text("The Bronze Package (Pupil JS, Year 4) is in your basket.")).to_be_visible()
    basket = page.get_by_role("table", name="Your basket")
    expect(basket).to_contain_text("£1,200")
    expect(basket.get_by_role("row", name="VAT No VAT is charged", exact=True)).to_be_visible()
    expect(basket).not_to_contain_text("0%")
    assert_accessible(page)
    page.get_by_role("link", name="Continue to checkout").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your order")
    assert_accessible(page)
    page.get_by_label("By invoice").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Pay by invoice")
    expect(page.get_by_label("Finance contact's email address")).to_have_value(
        "finance@riverside-primary.test"
    )
    assert_accessible(page)
    # The buyer is the school's finance person: their name is filled in.
    expect(page.get_by_label("Finance contact's name")).to_have_value("Pat Okafor")
    page.get_by_label("Purchase order (PO) number").fill("PO-4471")
    page.get_by_role("button", name="Place order").click()

    order = Order.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text("Order placed")
    expect(page.get_by_text(f"Your reference is {order.reference}")).to_be_visible()
    expect(page.get_by_text("What happens next")).to_be_visible()
    expect(
        page.get_by_text("Bronze Package for Pupil JS, Year 4: 7 hours of specialist-teacher time")
    ).to_be_visible()
    expect(page.get_by_text("£1,200 (no VAT is charged)", exact=False)).to_be_visible()
    assert_accessible(page)
    assert (order.status, order.total_pence, order.invoice.purchase_order_number) == (
        OrderStatus.INVOICED,
        120_000,
        "PO-4471",
    )

    page.get_by_role("link", name="See invoice INV-00001").click()
    invoice = page.get_by_role("article", name="Invoice INV-00001")
    expect(invoice).to_contain_text("PO-4471")
    expect(invoice).to_contain_text("Bronze Package")
    expect(invoice).to_contain_text("£1,200")
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.locator(".breadcrumbs")).to_be_hidden()
    expect(page.locator(".document-actions")).to_be_hidden()
    expect(invoice).to_be_visible()
    page.emulate_media(media="screen")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download INV-00001 as a PDF").click()
    assert download.value.suggested_filename == "INV-00001.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.goto(live_site.url + "/portal/")
    expect(page.get_by_text("Riverside Primary School has the Universal Support Offer for")).to_be_visible()
    expect(page.get_by_role("table", name="Packages and consultancy in")).to_contain_text("Pupil JS, Year 4")
    assert_accessible(page)
