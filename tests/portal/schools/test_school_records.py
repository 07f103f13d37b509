"""A school's record: its URN is six digits and registered once."""

import pytest
from django.core.exceptions import ValidationError

from portal.schools.factories import DistrictFactory, SchoolFactory
from portal.schools.forms import NewSchoolForm
from portal.schools.models import School

pytestmark = pytest.mark.django_db


def school_with_urn(urn, **fields):
    return School(
        name="Brook Primary", urn=urn, district=DistrictFactory(), address="1 Lane", phone="0", **fields
    )


@pytest.mark.parametrize("urn", ["12345", "1234567", "12345a", "abcdef", "12 345", "123456\n"])
def test_a_urn_must_be_exactly_six_digits(urn):
    school = school_with_urn(urn, finance_email="finance@brook.test")

    with pytest.raises(ValidationError) as error:
        school.full_clean()

    assert "Enter the URN as exactly six digits, for example 123456." in error.value.message_dict["urn"]


def test_a_six_digit_urn_is_accepted_with_its_leading_zero():
    school = school_with_urn("012345", finance_email="finance@brook.test")

    school.full_clean()
    school.save()

    assert School.objects.get().urn == "012345"


def test_a_urn_already_registered_is_refused_with_a_clear_message():
    SchoolFactory(urn="654321")

    with pytest.raises(ValidationError) as error:
        school_with_urn("654321", finance_email="finance@brook.test").full_clean()

    assert error.value.message_dict["urn"] == ["A school with this URN is already registered."]


def test_the_registration_form_ignores_spaces_in_a_urn_and_refuses_a_registered_one():
    district = DistrictFactory()
    SchoolFactory(urn="111222")
    data = {
        "name": "Brook Primary",
        "district": district.pk,
        "address": "1 Lane\nTown",
        "phone": "01234 000000",
        "finance_email": "finance@brook.test",
    }

    assert NewSchoolForm({**data, "urn": " 123 456 "}).is_valid()
    form = NewSchoolForm({**data, "urn": "111222"})
    assert not form.is_valid()
    assert form.errors["urn"] == ["A school with URN 111222 is already registered. Ask to join it instead."]
