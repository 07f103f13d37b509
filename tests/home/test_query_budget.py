"""Every public page type renders, uncached, in at most 10 SQL queries, with one or ten times the content.

Each page a visitor lands on has an image of its own; the home page shows every section's.
"""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model

from bookings.factories import SurgeriesPageFactory, SurgeryBookingFactory, SurgerySessionFactory
from common import page_cache
from common.demo import rich_text, stream
from home.factories import (
    ImageFactory,
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
from tests.pages import make_home_page, make_wagtail_roots

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 10
# The pages that draw images (their own, and on the home page every section's).
PAGES_WITH_IMAGES = [
    "/",
    "/page-0/",
    "/page-0/child/",
    "/contact/",
    "/outreach/",
    "/training/",
    "/placements/",
]
PAGES = [
    *PAGES_WITH_IMAGES,
    "/behaviour-surgeries/",
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
    home_page.image, home_page.image_alt = image(), "The unit's garden"
    home_page.save_revision().publish()
    for number in range(3 * scale):
        page = StandardPageFactory(
            parent=home_page, slug=f"page-{number}", show_in_menus=True, body=body(scale), **with_image()
        )
        StandardPageFactory(parent=page, slug="child", body=body(scale), **with_image())
    ContactSettings.objects.create(
        site=home_page.get_site(),
        phone="01234 567890",
        email="office@stepping-stones.test",
        accessibility_statement=page,  # linked from every footer
    )
    home_page.add_child(
        instance=ContactPage(
            title="Contact us", slug="contact", body=body(scale), show_in_menus=True, **with_image()
        )
    )

    # Every landing page type in the menu, as on the real site: the home page shows each one's summary.
    OutreachOfferPageFactory(parent=home_page, body=body(scale), show_in_menus=True, **with_image())
    UniversalOfferFactory()
    silver = SupportPackageFactory(name="Silver")
    for _ in range(5 * scale):
        SupportPackageFactory(must_follow=silver)
    TrainingMenuPageFactory(parent=home_page, body=body(scale), show_in_menus=True, **with_image())
    formats = [TrainingFormatFactory(name=f"Format {n}") for n in range(5 * scale)]
    for number in range(8 * scale):
        TrainingTopicFactory(allowed_formats=formats[: number % 3])

    PlacementsPageFactory(
        parent=home_page, body=body(scale), outcomes=body(scale), show_in_menus=True, **with_image()
    )
    today = timezone.localdate()
    for number in range(6 * scale):
        MappMeetingFactory(meeting_date=today + timedelta(days=7 * (number - 2)))
    PlacementCapacityFactory(starts_on=date(2024, 9, 1), places=32)
    PlacementCapacityFactory(starts_on=today + timedelta(days=300), places=40)

    SurgeriesPageFactory(parent=home_page, body=body(scale), show_in_menus=True)
    for number in range(6 * scale):
        session = SurgerySessionFactory(date=today + timedelta(days=7 * number), online=number % 2)
        SurgeryBookingFactory.create_batch(number % 3, session=session)

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


def image():
    # Small, so that making the renditions is quick: the number of renditions is what counts here.
    return ImageFactory(file__width=160, file__height=90)


def with_image():
    return {"image": image(), "image_alt": "A drawing of the unit"}


def body(scale):
    return stream(
        *(("heading", {"text": f"Part {n}", "level": "h2"}) for n in range(scale)),
        *(("paragraph", rich_text(f"Paragraph {n} of the page.")) for n in range(2 * scale)),
    )


@pytest.fixture(scope="module", params=[1, 10], ids=lambda scale: f"scale {scale}")
def public_site(request, django_db_setup, django_db_blocker):
    """The public site at each scale, built once for all the pages measured on it (as Django's
    setUpTestData builds once for a class): each test runs inside it and its changes are rolled back, and
    the site itself is rolled back once the last page is measured."""
    with django_db_blocker.unblock(), transaction.atomic():
        build_public_site(make_home_page(make_wagtail_roots()), request.param)
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("path", PAGES)
def test_public_page_stays_within_its_query_budget(client, public_site, path, django_assert_max_num_queries):
    forget_pages_and_keep_renditions(client, path)

    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(path)

    assert response.status_code == 200
    # Stored copies would hide the queries: each measured visit must have rendered the page.
    assert response["X-Page-Cache"] == "miss"
    if path in PAGES_WITH_IMAGES:
        assert b"<picture>" in response.content


def forget_pages_and_keep_renditions(client, path):
    """Visit `path` once, as its first visitor, which makes the renditions of its images; then forget
    the stored page and the renditions kept in the cache, so the measured visit reads them again."""
    client.get(path)
    page_cache.purge()
    for rendition in get_image_model().get_rendition_model().objects.all():
        rendition.purge_from_cache()
