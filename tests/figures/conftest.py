import pytest

from tests.workflows import staff_with

VIEW_FIGURES = "figures.view_figures"


@pytest.fixture
def signed_in(client, settings):
    """`signed_in(*permissions)`: the client, as staff holding those permissions only (two-factor sign-in
    has tests of its own)."""
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False

    def sign_in(*permissions):
        client.force_login(staff_with(*permissions))
        return client

    return sign_in


def turned_away(response):
    """The admin sends staff without the permission back to its dashboard."""
    return response.status_code == 302 and response.url == "/admin/"
