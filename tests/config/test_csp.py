from html.parser import HTMLParser

import pytest
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query

from home.factories import SenKeyFigureFactory, SenReportIndexPageFactory, SenReportPageFactory

pytestmark = pytest.mark.django_db


def script_src(response):
    policy = response["Content-Security-Policy"]
    return next(part for part in policy.split(";") if part.strip().startswith("script-src"))


class InlineScripts(HTMLParser):
    """The inline scripts a browser would run: <script> without src whose type is JavaScript."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self._open = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (
            tag == "script"
            and "src" not in attrs
            and attrs.get("type", "text/javascript") == "text/javascript"
        ):
            self._open = ""

    def handle_data(self, data):
        if self._open is not None:
            self._open += data

    def handle_endtag(self, tag):
        if tag == "script" and self._open is not None:
            self.found.append(self._open.strip())
            self._open = None


def test_public_pages_allow_only_scripts_from_our_own_origin(client, home_page):
    response = client.get("/")

    # Django adds the request's nonce only when a template uses it; the public pages use none.
    assert script_src(response).split() == ["script-src", "'self'"]
    assert "object-src 'none'" in response["Content-Security-Policy"]


def test_admin_pages_refuse_inline_scripts_and_carry_a_nonce(staff_client):
    response = staff_client.get("/admin/")

    parts = script_src(response).split()
    assert "'unsafe-inline'" not in parts
    assert parts[:2] == ["script-src", "'self'"]
    assert parts[2].startswith("'nonce-")


def test_inline_panels_and_date_fields_write_no_inline_scripts(staff_client, home_page):
    """The SEN report's editor has date fields and inline panels (one with a row)."""
    report = SenReportPageFactory(parent=SenReportIndexPageFactory(parent=home_page), academic_year="2024-25")
    SenKeyFigureFactory(page=report)

    response = staff_client.get(reverse("wagtailadmin_pages:edit", args=[report.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert InlineScripts(html).found == []
    assert 'data-init="InlinePanel"' in html
    assert 'data-init="initDateChooser"' in html


def test_choosers_and_the_scheduling_dialog_write_no_inline_scripts(staff_client, home_page):
    """The home page's editor has an image chooser, and its scheduling dialog date-time pickers."""
    response = staff_client.get(reverse("wagtailadmin_pages:edit", args=[home_page.pk]))

    html = response.content.decode()
    assert InlineScripts(html).found == []
    assert 'data-init="ImageChooser"' in html
    assert 'data-init="initDateTimeChooser"' in html


def test_the_workflow_editors_task_chooser_writes_no_inline_script(staff_client):
    """Wagtail starts this chooser with its own function (createTaskChooser), not a chooser class."""
    response = staff_client.get(reverse("wagtailadmin_workflows:add"))

    html = response.content.decode()
    assert InlineScripts(html).found == []
    assert 'data-init="createTaskChooser"' in html


@pytest.mark.parametrize("view", ["add", "edit"])
def test_search_promotions_write_no_inline_scripts(staff_client, view):
    query = Query.get("open days")
    args = [query.pk] if view == "edit" else []

    response = staff_client.get(reverse(f"wagtailsearchpromotions:{view}", args=args))

    html = response.content.decode()
    assert InlineScripts(html).found == []
    assert 'data-init="createQueryChooser"' in html
    assert "'unsafe-inline'" not in script_src(response)
