"""Every public page type renders, uncached, in at most 10 SQL queries, with one or ten times the content."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from common.demo import rich_text, stream
from home.factories import (
    SenKeyFigureFactory,
    SenPupilTableFactory,
    SenReportIndexPageFactory,
    SenReportPageFactory,
    StandardPageFactory,
    report_sections,
)
from home.models import ContactPage, ContactSettings
from portal.placements.factories import MappMeetingFactory, PlacementCapacityFactory, PlacementsPageFactory
from portal.placements.models import PlacementTerms
from services.factories import (
    OutreachOfferPageFactory,
    SupportPackageFactory,
    TrainingFormatFactory,
    TrainingMenuPageFactory,
    TrainingTopicFactory,
    UniversalOfferFactory,
)

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 10
PAGES = [
    "/",
    "/page-0/",
    "/page-0/child/",
    "/contact/",
    "/outreach/",
    "/training/",
    "/placements/",
    "/sen-information-report/",
    "/sen-information-report/2024-25/",
    "/sen-information-report/2023-24/",
    "/sitemap.xml",
    "/robots.txt",
    "/calendars/panel-dates.ics",
]


def build_public_site(home_page, scale):
    """The public site with `scale` times a typical amount of content on every page type."""
    PlacementTerms.load()
    for number in range(3 * scale):
        page = StandardPageFactory(
            parent=home_page, slug=f"page-{number}", show_in_menus=True, body=body(scale)
        )
        StandardPageFactory(parent=page, slug="child", body=body(scale))
    ContactSettings.objects.create(
        site=home_page.get_site(),
        phone="01234 567890",
        email="office@stepping-stones.test",
        accessibility_statement=page,  # linked from every footer
    )
    home_page.add_child(
        instance=ContactPage(title="Contact us", slug="contact", body=body(scale), show_in_menus=True)
    )

    # Every landing page type in the menu, as on the real site: the home page shows each one's summary.
    OutreachOfferPageFactory(parent=home_page, body=body(scale), show_in_menus=True)
    UniversalOfferFactory()
    silver = SupportPackageFactory(name="Silver")
    for _ in range(5 * scale):
        SupportPackageFactory(must_follow=silver)
    TrainingMenuPageFactory(parent=home_page, body=body(scale), show_in_menus=True)
    formats = [TrainingFormatFactory(name=f"Format {n}") for n in range(5 * scale)]
    for number in range(8 * scale):
        TrainingTopicFactory(allowed_formats=formats[: number % 3])

    PlacementsPageFactory(parent=home_page, body=body(scale), outcomes=body(scale), show_in_menus=True)
    today = timezone.localdate()
    for number in range(6 * scale):
        MappMeetingFactory(meeting_date=today + timedelta(days=7 * (number - 2)))
    PlacementCapacityFactory(starts_on=date(2024, 9, 1), places=32)
    PlacementCapacityFactory(starts_on=today + timedelta(days=300), places=40)

    index = SenReportIndexPageFactory(parent=home_page, body=body(scale), show_in_menus=True)
    for year in range(2024 - scale, 2025):
        report = SenReportPageFactory(
            parent=index,
            academic_year=f"{year}-{(year + 1) % 100:02d}",
            sections=report_sections(paragraphs=scale),
        )
        for _ in range(scale):
            SenPupilTableFactory(page=report, boys_year_5=3, girls_year_6=1)
        for _ in range(3 * scale):
            SenKeyFigureFactory(page=report)


def body(scale):
    return stream(
        *(("heading", {"text": f"Part {n}", "level": "h2"}) for n in range(scale)),
        *(("paragraph", rich_text(f"Paragraph {n} of the page.")) for n in range(2 * scale)),
    )


@pytest.mark.parametrize("scale", [1, 10])
@pytest.mark.parametrize("path", PAGES)
def test_public_page_stays_within_its_query_budget(
    client, home_page, scale, path, django_assert_max_num_queries
):
    build_public_site(home_page, scale)

    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(path)

    assert response.status_code == 200
    # Stored copies would hide the queries: each measured visit must have rendered the page.
    assert response["X-Page-Cache"] == "miss"
