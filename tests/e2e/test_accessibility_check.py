"""The axe-core check every browser test uses (`accessibility_violations`) reports what it is asked about,
in full, and nothing for a page without it."""

import pytest

from tests.e2e.conftest import accessibility_violations

pytestmark = pytest.mark.django_db(transaction=True)

PAGE = (
    '<!doctype html><html lang="en-GB"><head><title>A page</title></head><body><main>{}</main></body></html>'
)


def test_a_violation_is_reported_with_each_element_that_has_it(page):
    page.set_content(
        PAGE.format('<img src="a.png"><p>Between</p><img src="b.png"><img src="c.png" alt="A map">')
    )

    report = accessibility_violations(page)

    assert "image-alt" in report
    assert 'src="a.png"' in report
    assert 'src="b.png"' in report
    assert 'src="c.png"' not in report


def test_a_page_without_violations_reports_nothing(page):
    page.set_content(PAGE.format('<h1>A page</h1><img src="c.png" alt="A map">'))

    assert accessibility_violations(page) == ""
