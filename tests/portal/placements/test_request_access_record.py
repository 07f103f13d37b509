"""The record of who saw a request keeps each viewer's name and email as they were, so it still says who
it was once their account is deleted (accesses recorded before that was kept are filled in from the
accounts); and the portal's list of requests records each request whose pupil it names, with one insert
and only the school's own."""

import importlib

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.placements.factories import PlacementRequestFactory
from portal.placements.models import AccessKind, RequestAccess
from portal.placements.services import requests as services
from portal.users.factories import VerifiedUserFactory

AUDIT_INDEX = "placements_requestaccess_modeladmin_index"
keep_viewers = importlib.import_module("portal.placements.migrations.0005_subject_access").keep_viewers


def test_the_viewer_s_name_and_email_outlive_their_account(staff_client, draft, referrer):
    services.request_access_record(placement_request=draft, user=referrer.user, what="request page")

    referrer.user.delete()

    access = RequestAccess.objects.get()
    assert access.user is None
    assert access.viewer == "Sam Teacher (senco@oakfield.test)"
    listing = staff_client.get(reverse(AUDIT_INDEX))
    assert "Sam Teacher (senco@oakfield.test)" in listing.text
    assert "A deleted account" not in listing.text
    searched = staff_client.get(reverse(AUDIT_INDEX), {"q": "senco@oakfield"})
    assert [each.pk for each in searched.context["object_list"]] == [access.pk]


def test_a_name_changed_later_does_not_change_the_record(draft, referrer):
    services.request_access_record(placement_request=draft, user=referrer.user, what="request page")

    referrer.user.first_name, referrer.user.email = "Samantha", "s.teacher@oakfield.test"
    referrer.user.save()

    assert RequestAccess.objects.get().viewer == "Sam Teacher (senco@oakfield.test)"


def test_accesses_recorded_before_are_filled_in_from_the_accounts(draft, referrer):
    nameless = VerifiedUserFactory(email="clerk@council.test", first_name="", last_name="")
    named, unnamed, gone = (
        RequestAccess.objects.create(request=draft, user=user, kind=AccessKind.VIEWED, what="request page")
        for user in (referrer.user, nameless, None)
    )

    keep_viewers(apps, None)

    for access in (named, unnamed, gone):
        access.refresh_from_db()
    assert (named.viewer_name, named.viewer_email) == ("Sam Teacher", "senco@oakfield.test")
    assert unnamed.viewer == "clerk@council.test"
    assert gone.viewer == "A deleted account"


def test_the_list_records_each_request_whose_pupil_it_names_in_one_insert(referrer_client, referrer, school):
    named = [PlacementRequestFactory(school=school, complete=True) for _ in range(3)]
    unnamed = PlacementRequestFactory(school=school)
    elsewhere = PlacementRequestFactory(complete=True)

    with CaptureQueriesContext(connection) as queries:
        response = referrer_client.get(reverse("portal:refer"))

    assert response.status_code == 200
    assert "Not named yet" in response.text
    listed = RequestAccess.objects.filter(kind=AccessKind.LISTED)
    assert sorted(access.request_id for access in listed) == sorted(each.pk for each in named)
    assert {(access.user, access.viewer, access.what) for access in listed} == {
        (referrer.user, "Sam Teacher (senco@oakfield.test)", "list of requests")
    }
    assert not RequestAccess.objects.filter(request__in=[unnamed, elsewhere]).exists()
    inserts = [
        query["sql"]
        for query in queries
        if query["sql"].startswith("INSERT") and RequestAccess._meta.db_table in query["sql"]
    ]
    assert len(inserts) == 1


def test_the_list_s_queries_do_not_grow_with_its_requests(referrer_client, school):
    def placement_queries_of_the_list():
        # Only the list's own: the site's settings are read once and then kept in the cache.
        with CaptureQueriesContext(connection) as queries:
            referrer_client.get(reverse("portal:refer"))
        return [query["sql"] for query in queries if "placements_" in query["sql"]]

    PlacementRequestFactory(school=school, complete=True)
    with_one = placement_queries_of_the_list()
    PlacementRequestFactory.create_batch(9, school=school, complete=True)

    assert len(placement_queries_of_the_list()) == len(with_one) == 3
