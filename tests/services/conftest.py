import pytest

from services.factories import (
    OutreachOfferPageFactory,
    SupportPackageFactory,
    TrainingFormatFactory,
    TrainingMenuPageFactory,
    TrainingTopicFactory,
)


@pytest.fixture
def outreach_page(home_page):
    return OutreachOfferPageFactory(parent=home_page)


@pytest.fixture
def training_page(home_page):
    return TrainingMenuPageFactory(parent=home_page)


@pytest.fixture
def half_day(db):
    return TrainingFormatFactory(name="Half day", slug="half-day", duration_minutes=180, price_pence=47_000)


@pytest.fixture
def twilight(db):
    return TrainingFormatFactory(name="Twilight", slug="twilight", duration_minutes=120, price_pence=35_000)


@pytest.fixture
def neurodiversity(half_day):
    return TrainingTopicFactory(
        title="Supporting Neurodiversity", slug="neurodiversity", allowed_formats=[half_day]
    )


@pytest.fixture
def silver(db):
    return SupportPackageFactory(name="Silver Package", slug="silver", price_pence=100_000, hours=12)
