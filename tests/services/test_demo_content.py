import io

import pytest

from services import demo_content, selectors
from services.models import (
    OutreachOfferPage,
    SupportPackage,
    TrainingFormat,
    TrainingMenuPage,
    TrainingTopic,
    UniversalOffer,
)

pytestmark = pytest.mark.django_db


def test_loader_builds_the_catalogue_from_the_offer(home_page):
    demo_content.load(stdout=io.StringIO())

    assert {(o.financial_year.label, o.price_pence) for o in UniversalOffer.objects.all()} == {
        ("2025-26", 55_000),
        ("2026-27", 55_000),
    }
    packages = {p.slug: p for p in selectors.active_packages()}
    assert selectors.active_packages().first().name == "EHC Package"
    assert (packages["ehc-package"].price_pence, packages["ehc-package"].hours) == (60_000, 6)
    assert packages["ehc-package"].requires_ehc_plan
    assert (packages["bronze-package"].price_pence, packages["bronze-package"].hours) == (65_000, 7)
    assert (packages["silver-package"].price_pence, packages["silver-package"].hours) == (100_000, 12)
    assert packages["silver-top-up"].must_follow == packages["silver-package"]
    assert (packages["parent-support-package"].price_pence, packages["parent-support-package"].hours) == (
        50_000,
        6,
    )
    assert packages["consultancy"].sold_by_the_hour
    assert packages["consultancy"].price_pence == 10_000
    for package in packages.values():
        package.full_clean()

    formats = {f.slug: f for f in TrainingFormat.objects.all()}
    assert [(f.duration_minutes, f.price_pence) for f in formats.values()] == [
        (60, 21_000),
        (90, 30_000),
        (120, 35_000),
        (180, 47_000),
        (360, 78_000),
    ]
    assert {(f.staff_included, f.extra_person_price_pence) for f in formats.values()} == {(15, 2_000)}

    assert TrainingTopic.objects.count() == 12
    neurodiversity = TrainingTopic.objects.get(slug="neurodiversity-adhd-and-asd")
    assert set(neurodiversity.allowed_formats.values_list("slug", flat=True)) == {"half-day", "full-day"}

    home_page.refresh_from_db()
    menu = list(home_page.get_children().live().in_menu().specific())
    assert [type(page) for page in menu] == [OutreachOfferPage, TrainingMenuPage]


def test_loader_runs_again_without_touching_editors_changes(home_page):
    demo_content.load(stdout=io.StringIO())
    bronze = SupportPackage.objects.get(slug="bronze-package")
    bronze.price_pence = 70_000
    bronze.save()
    topic = TrainingTopic.objects.get(slug="neurodiversity-adhd-and-asd")
    topic.allowed_formats.clear()

    output = io.StringIO()
    demo_content.load(stdout=output)

    assert output.getvalue() == ""
    assert SupportPackage.objects.get(slug="bronze-package").price_pence == 70_000
    assert not topic.allowed_formats.exists()
    assert SupportPackage.objects.count() == 6
    assert OutreachOfferPage.objects.count() == TrainingMenuPage.objects.count() == 1


def test_demo_pages_render(client, home_page):
    demo_content.load(stdout=io.StringIO())
    assert client.get("/outreach/").status_code == 200
    assert (
        client.get("/training/", {"format": "half-day", "staff": "20"}).context["quote"].total_pence == 57_000
    )
