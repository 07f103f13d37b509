"""Who reaches a placement request: referrers of its school with two-factor on; nobody else, whatever
the id; the safeguarding section only for people cleared for it; and every view and download recorded."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.placements import selectors
from portal.placements.factories import PlacementRequestFactory
from portal.placements.models import AccessKind, RequestAccess
from portal.placements.services.documents import supporting_document_add
from portal.schools.factories import MembershipFactory
from portal.schools.models import Role
from portal.users.factories import UserFactory, turn_on_two_factor
from tests.portal.placements.conftest import clear_for_safeguarding
from tests.query_counts import OTHER_SCHOOLS, queries_of


def request_urls(placement_request):
    pk = placement_request.pk
    return [
        reverse("placement_requests:request", args=[pk]),
        reverse("placement_requests:section", args=[pk, "pupil"]),
        reverse("placement_requests:list_section", args=[pk, "parents"]),
        reverse("placement_requests:documents", args=[pk]),
        reverse("placement_requests:check", args=[pk]),
        reverse("placement_requests:withdraw", args=[pk]),
    ]


def test_a_member_without_the_referrer_role_is_told_which_role_it_takes(client, home_page, draft):
    membership = MembershipFactory(school=draft.school, roles=[Role.ADMINISTRATOR, Role.FINANCE])
    turn_on_two_factor(membership.user)
    client.force_login(membership.user)

    for url in [reverse("portal:refer"), *request_urls(draft)]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "needs the referrer role" in response.text


def test_a_referrer_without_two_factor_is_sent_to_turn_it_on(client, home_page, draft):
    membership = MembershipFactory(school=draft.school, roles=[Role.REFERRER])
    client.force_login(membership.user)

    for url in [reverse("portal:refer"), *request_urls(draft)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("users:two_factor_required"))
    assert not RequestAccess.objects.exists()


def test_another_school_s_request_is_not_found(referrer_client, frozen_today):
    elsewhere = PlacementRequestFactory(complete=True)

    for url in request_urls(elsewhere):
        assert referrer_client.get(url).status_code == 404, url
    for url in [
        reverse("placement_requests:sign_off", args=[elsewhere.pk]),
        reverse("placement_requests:submit", args=[elsewhere.pk]),
        reverse(
            "placement_requests:list_item_remove", args=[elsewhere.pk, "parents", elsewhere.parents.get().pk]
        ),
    ]:
        assert referrer_client.post(url).status_code == 404, url
    assert elsewhere.parents.count() == 1


def test_the_list_shows_only_the_school_s_own_requests(referrer_client, draft):
    elsewhere = PlacementRequestFactory(legal_first_name="Elsewhere")

    text = referrer_client.get(reverse("portal:refer")).text

    assert draft.reference in text
    assert elsewhere.reference not in text


def test_the_safeguarding_section_is_refused_to_someone_not_cleared(referrer_client, complete_draft):
    url = reverse("placement_requests:section", args=[complete_draft.pk, "safeguarding"])

    refused = referrer_client.get(url)
    posted = referrer_client.post(url, {"dsl_name": "Changed"})
    check = referrer_client.get(reverse("placement_requests:check", args=[complete_draft.pk])).text

    assert refused.status_code == posted.status_code == 403
    assert "cleared for safeguarding information" in refused.text
    complete_draft.refresh_from_db()
    assert complete_draft.dsl_name == "Designated safeguarding lead"
    assert "dsl@school.test" not in check
    assert "Only people cleared for safeguarding information can see this section." in check


def test_someone_cleared_sees_and_completes_the_safeguarding_section(
    referrer_client, referrer, complete_draft
):
    clear_for_safeguarding(referrer.user)

    form = referrer_client.get(
        reverse("placement_requests:section", args=[complete_draft.pk, "safeguarding"])
    )
    check = referrer_client.get(reverse("placement_requests:check", args=[complete_draft.pk])).text

    assert form.status_code == 200
    assert 'value="dsl@school.test"' in form.text
    assert "dsl@school.test" in check


def test_every_page_of_a_request_that_is_seen_is_recorded(referrer_client, referrer, draft):
    for url in request_urls(draft)[:5]:
        referrer_client.get(url)

    records = RequestAccess.objects.filter(request=draft).order_by("at", "pk")
    assert [(record.user, record.kind) for record in records] == [(referrer.user, AccessKind.VIEWED)] * 5
    assert [record.what for record in records] == [
        "request page",
        "section: About the pupil",
        "section: Parents or carers",
        "section: Supporting documents",
        "check your answers",
    ]


@pytest.mark.parametrize("slug", ["nothing", "parents"])
def test_an_unknown_section_is_not_found(referrer_client, draft, slug):
    assert (
        referrer_client.get(reverse("placement_requests:section", args=[draft.pk, slug])).status_code == 404
    )


def test_documents_are_not_removed_as_if_they_were_typed_entries(referrer_client, draft, private_media):
    document = supporting_document_add(
        placement_request=draft, upload=SimpleUploadedFile("report.pdf", b"%PDF-1.7\n%%EOF\n"), user=None
    )

    response = referrer_client.post(
        reverse("placement_requests:list_item_remove", args=[draft.pk, "documents", document.pk])
    )

    assert response.status_code == 404
    assert draft.documents.count() == 1


# The user (the session comes from the cache) and the membership (which says whether the email is verified and
# whether the person has two-factor), then the page's own (the requests with their meetings and sections, or
# the request with its documents and section, and whether the person may see safeguarding information), and
# the record of the view.
REQUEST_LIST_QUERIES = 5
REQUEST_SECTION_QUERIES = 5


def requests_of(school, user):
    """A draft, a request with every answer given, and another draft."""
    return [
        PlacementRequestFactory(school=school, created_by=user, complete=complete)
        for complete in (False, True, False)
    ]


@pytest.mark.parametrize("page", ["list", "section"])
def test_the_requests_and_a_section_make_as_many_queries_beside_many_schools_as_alone(
    referrer_client, referrer, frozen_today, page
):
    placement_request = requests_of(referrer.school, referrer.user)[1]
    url, expected = {
        "list": (reverse("portal:refer"), REQUEST_LIST_QUERIES),
        "section": (
            reverse("placement_requests:section", args=[placement_request.pk, "pupil"]),
            REQUEST_SECTION_QUERIES,
        ),
    }[page]
    alone = queries_of(referrer_client, url)

    for _ in range(OTHER_SCHOOLS):
        other = MembershipFactory(roles=[Role.REFERRER])
        requests_of(other.school, other.user)

    assert queries_of(referrer_client, url) == alone == expected


@pytest.mark.parametrize(
    "cleared_by",
    [
        "nothing",
        "own permission",
        "group",
        "superuser",
        "own permission, inactive",
        "other permission",
        "a colleague's permission",
        "a group with another permission",
    ],
)
def test_who_may_see_safeguarding_is_whoever_django_s_permission_check_lets_through(db, cleared_by):
    user = UserFactory(is_superuser=cleared_by == "superuser", is_active="inactive" not in cleared_by)
    view_safeguarding = Permission.objects.get(codename="view_safeguarding")
    if cleared_by.startswith("own permission"):
        user.user_permissions.add(view_safeguarding)
    elif cleared_by == "group":
        group = Group.objects.create(name="Cleared for safeguarding")
        group.permissions.add(view_safeguarding)
        user.groups.add(group)
    elif cleared_by == "other permission":
        user.user_permissions.add(Permission.objects.get(codename="view_placement_audit"))
    elif cleared_by == "a colleague's permission":
        UserFactory().user_permissions.add(view_safeguarding)
    elif cleared_by == "a group with another permission":
        group = Group.objects.create(name="Auditors")
        group.permissions.add(Permission.objects.get(codename="view_placement_audit"))
        user.groups.add(group)
        Group.objects.create(name="Cleared, without this user").permissions.add(view_safeguarding)

    assert selectors.may_see_safeguarding(user=user) == user.has_perm(selectors.VIEW_SAFEGUARDING)
    assert selectors.may_see_safeguarding(user=user) is (
        cleared_by in ("own permission", "group", "superuser")
    )
