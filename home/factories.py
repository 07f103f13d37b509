import datetime

import factory
import wagtail_factories

from common.demo import rich_text, stream
from home.models import StandardPage
from home.sen_items import STATUTORY_ITEMS
from home.sen_report import SenKeyFigure, SenPupilTable, SenReportIndexPage, SenReportPage


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Standard page {n}")
    intro = "A short introduction."


class SenReportIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SenReportIndexPage

    title = "SEN information report"
    slug = "sen-information-report"
    intro = "What we offer children with special educational needs, year by year."


def report_sections(*, leave_out=(), repeat=(), paragraphs=1):
    """Section data for a report: one section of `paragraphs` paragraphs per statutory item, minus
    `leave_out`, plus `repeat`."""
    codes = [item.code for item in STATUTORY_ITEMS if item.code not in leave_out] + list(repeat)
    return stream(
        *(
            (
                "section",
                {
                    "item": code,
                    "heading": "",
                    "body": stream(*(("paragraph", rich_text(f"About {code}.")) for _ in range(paragraphs))),
                },
            )
            for code in codes
        )
    )


class SenReportPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SenReportPage

    academic_year = factory.Sequence(lambda n: f"{2000 + n}-{(2001 + n) % 100:02d}")
    title = factory.LazyAttribute(lambda page: f"SEN information report {page.academic_year}")
    slug = factory.LazyAttribute(lambda page: page.academic_year)
    last_reviewed = datetime.date(2025, 6, 30)
    senco_role = "Deputy headteacher and SENDCo"
    senco_email = "senco@school.test"
    senco_phone = "01632 960 001"
    sections = factory.LazyFunction(report_sections)


class SenPupilTableFactory(factory.django.DjangoModelFactory):
    """Pass the report as `page`."""

    class Meta:
        model = SenPupilTable

    caption = "Pupils on roll, June 2025"


class SenKeyFigureFactory(factory.django.DjangoModelFactory):
    """Pass the report as `page`."""

    class Meta:
        model = SenKeyFigure

    value = 2
    label = "pupils moved to specialist provision during the year"


class ImageFactory(wagtail_factories.ImageFactory):
    """A landscape image as large as the widest rendition the pages ask for."""

    title = factory.Sequence(lambda n: f"Picture {n}")
    file = factory.django.ImageField(width=1600, height=900, color="#0b5d63")
