"""Which addresses count as free webmail (a short list in settings), to flag to whoever decides a request."""

import pytest

from portal.schools.selectors import free_webmail_domain


@pytest.mark.parametrize(
    ("email", "domain"),
    [
        ("someone@gmail.com", "gmail.com"),
        ("Someone@GoogleMail.COM", "googlemail.com"),
        ("someone@btinternet.com", "btinternet.com"),
        ("head@oakfield-primary.sch.uk", ""),
        ("someone@mail.gmail.com.example.test", ""),
    ],
)
def test_free_webmail_domains_come_from_the_settings_list(email, domain):
    assert free_webmail_domain(email=email) == domain


def test_the_list_can_be_changed_in_settings(settings):
    settings.SCHOOLS_FREE_WEBMAIL_DOMAINS = ["example-webmail.test"]

    assert free_webmail_domain(email="a@example-webmail.test") == "example-webmail.test"
    assert free_webmail_domain(email="a@gmail.com") == ""
