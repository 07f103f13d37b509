"""An id in an address that no record can have (more digits than a 64-bit key) is a 404, never an
overflow in the database driver: every address of ours with a record's id uses the `id` converter."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from common.urls import RecordIdConverter
from portal.schools.factories import MembershipFactory
from portal.schools.models import Role

OUR_PACKAGES = ("bookings.", "common.", "config.", "figures.", "home.", "portal.", "records.", "services.")
NO_RECORD_S_ID = "9" * 40


def our_patterns(patterns=None):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from our_patterns(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.lookup_str.startswith(OUR_PACKAGES):
            yield entry


def test_no_address_of_ours_takes_an_unbounded_integer():
    patterns = list(our_patterns())
    unbounded = [
        str(pattern.pattern)
        for pattern in patterns
        for converter in getattr(pattern.pattern, "converters", {}).values()
        if isinstance(converter, IntConverter)
    ]
    with_ids = [
        pattern
        for pattern in patterns
        if any(isinstance(c, RecordIdConverter) for c in getattr(pattern.pattern, "converters", {}).values())
    ]

    assert unbounded == []
    assert with_ids  # the check is not vacuous


@pytest.mark.django_db
def test_a_number_no_record_can_have_is_a_404(client, home_page, staff_user, settings):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_PLACEMENT_DATA = False
    client.force_login(staff_user)
    for path in (f"/admin/orders/invoices/{NO_RECORD_S_ID}/", f"/admin/users/edit/{NO_RECORD_S_ID}/"):
        assert client.get(path).status_code == 404, path

    client.force_login(MembershipFactory(roles=[Role.FINANCE, Role.REFERRER]).user)
    for path in (f"/portal/orders/{NO_RECORD_S_ID}/", f"/portal/refer/{NO_RECORD_S_ID}/"):
        assert client.get(path).status_code == 404, path
