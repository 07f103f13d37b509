"""allauth's account pages in the site's own layout."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url_name", "autocomplete"),
    [
        ("account_login", ['autocomplete="email"', 'autocomplete="current-password"']),
        ("account_signup", ['autocomplete="email"', 'autocomplete="new-password"']),
        ("account_reset_password", ['autocomplete="email"']),
    ],
)
def test_account_pages_use_the_site_layout_with_labelled_fields(client, url_name, autocomplete):
    html = client.get(reverse(url_name)).content.decode()

    assert html.count("<h1") == 1
    assert 'class="site-header"' in html
    assert 'class="form-label"' in html
    main = html.split('id="main-content"')[1]
    assert "placeholder=" not in main
    assert "Forgot your password?" not in main, "allauth's hint is replaced by a link after the form"
    for attribute in autocomplete:
        assert attribute in html
