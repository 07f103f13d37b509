import pytest

pytestmark = pytest.mark.django_db


def script_src(response):
    policy = response["Content-Security-Policy"]
    return next(part for part in policy.split(";") if part.strip().startswith("script-src"))


def test_public_pages_allow_only_scripts_from_our_own_origin(client, home_page):
    response = client.get("/")

    # Django adds the request's nonce only when a template uses it; the public pages use none.
    assert script_src(response).split() == ["script-src", "'self'"]
    assert "object-src 'none'" in response["Content-Security-Policy"]


def test_admin_pages_allow_wagtails_inline_scripts(client, home_page):
    response = client.get("/admin/")

    assert "'unsafe-inline'" in script_src(response)
    assert "'nonce-" not in script_src(response)
