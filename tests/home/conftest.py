import pytest

from home.factories import SenReportIndexPageFactory, SenReportPageFactory


@pytest.fixture
def index(home_page):
    return SenReportIndexPageFactory(parent=home_page)


@pytest.fixture
def report(index):
    """The 2024-25 report, last reviewed on 30 June 2025."""
    return SenReportPageFactory(parent=index, academic_year="2024-25")
