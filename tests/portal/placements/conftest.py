from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from portal.placements.factories import PlacementsPageFactory

TODAY = date(2026, 11, 22)


@pytest.fixture
def frozen_today(time_machine):
    """The clock stopped at 9am on 22 November 2026, London time; the fixture's value is that day."""
    time_machine.move_to(datetime(2026, 11, 22, 9, 0, tzinfo=ZoneInfo("Europe/London")), tick=False)
    return TODAY


@pytest.fixture
def placements_page(home_page):
    return PlacementsPageFactory(parent=home_page)


@pytest.fixture
def read_placements_page(client):
    """`read_placements_page()`: the placements page's HTML, as a visitor sees it."""

    def read():
        response = client.get("/placements/")
        assert response.status_code == 200
        return response.content.decode()

    return read
