import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import GroupPagePermission

from portal.placements.factories import PlacementFactory
from portal.placements.models import EhcPlanStatus
from portal.users.models import User
from tests.figures import outreach_records
from tests.home.conftest import index, report  # noqa: F401 (the SEN report fixtures)
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


@pytest.fixture
def editor_of(client):
    """`editor_of(page)`: the signed-in person may edit `page`, through a group, as Wagtail gives it."""

    def give(page):
        user = User.objects.get(pk=client.session["_auth_user_id"])
        group = Group.objects.create(name=f"Editors of {page.title}")
        GroupPagePermission.objects.create(
            group=group, page=page, permission=Permission.objects.get(codename="change_page")
        )
        user.groups.add(group)

    return give


def turned_away(response):
    """The admin sends staff without the permission back to its dashboard."""
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")


@pytest.fixture
def placement():
    """`placement(year_group, sex, ...)`: a placement of a pupil in that year group ("R", "1"... "6") and of
    that sex, with any other field of the placement given by name."""

    def make(year_group="4", sex="male", ehc_plan_status=EhcPlanStatus.NONE, **fields):
        return PlacementFactory(
            decision__request__year_group=year_group,
            decision__request__sex=sex,
            decision__request__ehc_plan_status=ehc_plan_status,
            decision__request__upn="",
            **fields,
        )

    return make


def _queries_of(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def report_queries(client, url, **params):
    """The queries a report page makes beyond the admin's own (the session, the person's permissions, the
    menu), which the Figures page, showing no figures, makes alike."""
    figures_page = reverse("figures_admin_index")
    _queries_of(client, figures_page, {})  # what a session reads once
    _queries_of(client, url, params)  # what the first page reads once (content types, locales)
    return _queries_of(client, url, params) - _queries_of(client, figures_page, {})


@pytest.fixture
def on_the_outreach_day():
    """The day `outreach_records` counts to (1 February 2026): its year is then this year."""
    with time_machine.travel(outreach_records.TODAY, tick=False):
        yield


@pytest.fixture
def history(db, on_the_outreach_day):
    """The outreach history of `outreach_records`, counted by hand."""
    return outreach_records.outreach_history()
