"""Malformed input in every portal form is answered by the form, never by a server error.

The portal's forms are found by following its links as each demo login, from the portal's home and the
account pages: whatever form a page shows is posted again with one field at a time set to something no
person types (a NUL character, bytes that are not UTF-8, a lone surrogate, a very long string, numbers
too large, negative or not numbers at all), and the other fields as the page filled them in. Each post
is rolled back, so every form is tried on the same data.

On SQLite; PostgreSQL, which CI runs, refuses a NUL character in text outright, so a NUL must be
refused by the field, which the test checks on every engine.
"""

import io
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import resolve

from portal.orders.services.basket import basket_add_universal_offer, basket_open
from portal.schools.factories import InvitationFactory
from portal.schools.models import Membership
from portal.users.factories import VerifiedUserFactory
from portal.users.models import User

pytestmark = pytest.mark.django_db

NEWCOMER = "newcomer@school.test"
INVITATION_TOKEN = "malformed-input-invitation"
LOGINS = [
    "head@riverside-primary.test",  # administrator, referrer, finance, head teacher
    "senco@oakfield-primary.test",  # administrator with a join request to decide and a basket, referrer
    "teacher@riverside-primary.test",  # a member: books surgeries
    "bursar@oakfield-primary.test",  # still asking to join a school
    NEWCOMER,  # in no school yet, with an invitation
]
START = [
    "/portal/",
    "/accounts/",
    f"/portal/invitations/{INVITATION_TOKEN}/",
    # Steps reached by a choice made on the step before: asked for directly.
    "/portal/buy/checkout/invoice/",
    "/portal/buy/year/",
    *(f"/portal/join/{step}" for step in ("", "school/", "new-school/", "role/")),
]
# Never followed: signing out, files rather than pages, and card payment pages, which call Stripe.
NOT_FOLLOWED = ("/accounts/logout/", "/pdf/", ".ics", "/pay/")
NUL = "report\x00"
# Fields a person types into: a NUL character there is refused beside the field, never saved.
TYPED = ("text", "textarea", "email", "search", "tel", "password", "number", "date")
MALFORMED = {
    "NUL": NUL,
    # Bytes that are not UTF-8, a lone surrogate among them (as UTF-8 would write it).
    "not UTF-8": b"\xff\xfe" + "\ud800".encode("utf-8", "surrogatepass"),
    "very long": "x" * 100_000,
    "huge number": "9" * 40,
    "negative number": "-" + "9" * 40,
    "not a number": "1e309",
}


def forms_on(page_url, html):
    """(action, fields) of each form the page posts, `fields` as (name, value, kind) the browser sends
    as the page stands (the first option of a choice nobody made yet)."""
    for form in BeautifulSoup(html, "html.parser").find_all("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        action = urljoin(page_url, form.get("action") or page_url)
        fields, radios = [], set()
        for element in form.find_all(["input", "select", "textarea", "button"]):
            name, kind = element.get("name"), element.get("type", element.name)
            if not name or kind in ("button", "file"):
                continue
            if kind == "submit":  # the first button, as pressing Enter sends
                if not any(each_kind == "submit" for _name, _value, each_kind in fields):
                    fields.append((name, element.get("value", ""), kind))
                continue
            if kind == "radio":
                if name not in radios:
                    radios.add(name)
                    chosen = form.find("input", {"name": name, "checked": True}) or element
                    fields.append((name, chosen.get("value", "on"), kind))
            elif kind == "checkbox":
                fields.append(
                    (name, element.get("value", "on") if element.has_attr("checked") else None, kind)
                )
            elif element.name == "select":
                options = element.find_all("option")
                chosen = element.find("option", selected=True) or next(
                    (option for option in options if option.get("value")), None
                )
                fields.append((name, chosen.get("value", chosen.text) if chosen else "", kind))
            elif element.name == "textarea":
                fields.append((name, element.text, kind))
            else:
                fields.append((name, element.get("value", ""), kind))
        yield action, fields


def links_on(page_url, html):
    for link in BeautifulSoup(html, "html.parser").find_all("a", href=True):
        url = urljoin(page_url, link["href"])
        parts = urlsplit(url)
        is_ours = parts.netloc in ("", "testserver") and parts.path.startswith(("/portal/", "/accounts/"))
        if is_ours and not any(part in parts.path for part in NOT_FOLLOWED):
            yield parts.path + (f"?{parts.query}" if parts.query else "")


def post(client, action, fields):
    body = urlencode([(name, value) for name, value, _kind in fields if value is not None], doseq=True)
    return client.post(action, body, content_type="application/x-www-form-urlencoded")


def shows_errors(response):
    """The form shown again with its errors in the error summary (allauth's pages answer 200, ours 400)."""
    return response.status_code in (200, 400) and "There is a problem" in response.text


def answered_by_the_form(response):
    """The form shown again with its errors, or the page sent on to, or the action refused."""
    return response.status_code in (301, 302, 303, 403, 404, 405) or shows_errors(response)


@pytest.fixture
def demo(settings, home_page):
    settings.DEBUG = True
    call_command("load_demo_content", stdout=io.StringIO())
    settings.DEBUG = False
    oakfield = Membership.objects.get(user__email="senco@oakfield-primary.test")
    # Something in the basket, so that checking out and the invoice details are shown.
    basket_add_universal_offer(basket=basket_open(school=oakfield.school, user=oakfield.user))
    InvitationFactory(school=oakfield.school, email=NEWCOMER, token=INVITATION_TOKEN)
    VerifiedUserFactory(email=NEWCOMER)
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False


def test_every_portal_form_answers_malformed_input_by_the_field(demo):
    problems, tried = [], set()
    for email in LOGINS:
        client = Client(raise_request_exception=False)
        client.force_login(User.objects.get(email=email))
        seen, to_visit = set(), list(START)
        while to_visit:
            url = to_visit.pop()
            if url in seen:
                continue
            seen.add(url)
            page = client.get(url)
            if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
                continue
            to_visit.extend(links_on(url, page.text))
            for action, fields in forms_on(url, page.text):
                # A form is tried once, whichever record or login it is shown for.
                key = (resolve(urlsplit(action).path).view_name, tuple(name for name, _v, _k in fields))
                if "/logout/" in action or key in tried:
                    continue
                tried.add(key)
                for index, (name, _value, kind) in enumerate(fields):
                    if name == "csrfmiddlewaretoken":
                        continue
                    for what, value in MALFORMED.items():
                        malformed = [*fields[:index], (name, value, kind), *fields[index + 1 :]]
                        with transaction.atomic():
                            response = post(client, action, malformed)
                            transaction.set_rollback(True)
                        cache.clear()
                        if response.status_code >= 500 or not answered_by_the_form(response):
                            problems.append(f"{email} {action} {name}={what}: {response.status_code}")
                        elif what == "NUL" and kind in TYPED and not shows_errors(response):
                            problems.append(f"{email} {action} {name}={what}: accepted")
    assert len(tried) > 10
    assert problems == []
