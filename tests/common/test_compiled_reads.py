"""A compiled read (common/compiled_reads.py) finds what its QuerySet finds, made the same way, for each
call's values, with the SQL Django wrote once; the tests' check catches a read whose SQL would differ."""

from unittest import mock

import pytest
from django.db import connection
from django.db.models import Count, Value
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from common.compiled_reads import CompiledRead
from portal.schools.factories import MembershipFactory, SchoolFactory
from portal.schools.models import Membership, School
from portal.users.factories import UserFactory
from portal.users.models import User

pytestmark = pytest.mark.django_db

memberships_of = CompiledRead(
    lambda *, user: (
        Membership.objects.filter(user=user)
        .select_related("school")
        .annotate(label=Value("member"))
        .order_by("school__name")
    ),
    model=Membership,
    user=User,
)


def test_each_call_finds_the_records_for_its_own_values_with_their_related_records_and_annotations():
    first, second = UserFactory(), UserFactory()
    oak = MembershipFactory(user=first, school=SchoolFactory(name="Oak"))
    ash = MembershipFactory(user=first, school=SchoolFactory(name="Ash"))
    elm = MembershipFactory(user=second, school=SchoolFactory(name="Elm"))

    assert memberships_of(user=first) == [ash, oak]
    with CaptureQueriesContext(connection) as queries:
        found = memberships_of(user=second)
        assert [(each.school.name, each.label) for each in found] == [("Elm", "member")]
    assert found == [elm]
    assert len(queries) == 1  # the school came with the membership
    assert memberships_of(user=UserFactory()) == []


def test_the_sql_is_written_once_and_not_again_for_other_values(settings):
    settings.COMPILED_READS_CHECKED = False  # as in production: the tests' check writes it every time
    read = CompiledRead(lambda *, user: Membership.objects.filter(user=user), model=Membership, user=User)
    users = UserFactory.create_batch(3)
    for user in users:
        MembershipFactory(user=user)

    with mock.patch.object(
        SQLCompiler, "setup_query", autospec=True, side_effect=SQLCompiler.setup_query
    ) as sets_up:
        found = [read(user=user) for user in users]

    assert [[each.user_id for each in memberships] for memberships in found] == [[user.pk] for user in users]
    assert sets_up.call_count == 1


def test_whole_numbers_and_values_read_as_a_list():
    school = SchoolFactory()
    MembershipFactory.create_batch(2, school=school)
    counted = CompiledRead(
        lambda *, school, at_least: (
            School.objects.filter(pk=school.pk)
            .annotate(members=Count("memberships"))
            .filter(members__gte=at_least)
            .values_list("members", flat=True)
        ),
        model=School,
        school=School,
        at_least=int,
    )

    assert counted(school=school, at_least=2) == [2]
    assert counted(school=school, at_least=3) == []


def test_a_value_the_query_holds_but_not_as_a_keyword_is_caught_by_the_tests_check():
    cut_off = ["A"]
    read = CompiledRead(
        lambda *, user: Membership.objects.filter(user=user, school__name__gte=cut_off[0]),
        model=Membership,
        user=User,
    )
    user = UserFactory()
    read(user=user)
    cut_off[0] = "M"

    with pytest.raises(AssertionError, match="differs from what Django writes"):
        read(user=user)


def test_a_keyword_the_query_does_not_use_as_a_value_is_refused():
    read = CompiledRead(lambda *, user: Membership.objects.all(), model=Membership, user=User)

    with pytest.raises(ValueError, match="user is not among the query's parameters"):
        read(user=UserFactory())


def test_a_value_of_the_wrong_kind_a_record_not_saved_and_a_keyword_left_out_are_refused():
    with pytest.raises(TypeError, match="user must be User, not int"):
        memberships_of(user=1)
    with pytest.raises(ValueError, match="user is not saved"):
        memberships_of(user=User(email="new@school.test"))
    with pytest.raises(TypeError, match="takes exactly user"):
        memberships_of()
