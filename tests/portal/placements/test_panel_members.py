"""The panel's members in the admin: by role, a head teacher or a lead for safeguarding with a district."""

import pytest
from django.urls import reverse

from portal.placements.models import PanelMember, PanelRole
from portal.placements.services import DISTRICT_NEEDED
from portal.schools.factories import DistrictFactory

pytestmark = pytest.mark.django_db

CREATE = "placements_panelmember_modeladmin_create"


def member_form(**overrides):
    return {
        "name": "Head of Brook Primary",
        "role": PanelRole.HEAD_TEACHER,
        "district": "",
        "agency": "",
        "email": "head@brook.test",
        "cleared_for_safeguarding": "on",
        "is_active": "on",
        **overrides,
    }


def test_a_head_teacher_is_added_with_the_district_they_speak_for(staff_client):
    district = DistrictFactory(name="North")

    response = staff_client.post(reverse(CREATE), member_form(district=district.pk))

    assert response.status_code == 302
    member = PanelMember.objects.get()
    assert (member.district, member.cleared_for_safeguarding) == (district, True)
    assert str(member) == "Head of Brook Primary, Head teacher for a district (North)"


@pytest.mark.parametrize("role", [PanelRole.HEAD_TEACHER, PanelRole.SAFEGUARDING_LEAD])
def test_a_district_role_without_a_district_is_refused_beside_the_field(staff_client, role):
    response = staff_client.post(reverse(CREATE), member_form(role=role))

    assert response.status_code == 200
    expected = DISTRICT_NEEDED.format(role=PanelRole(role).label.lower())
    assert response.context["form"].errors == {"district": [expected]}
    assert 'value="Head of Brook Primary"' in response.text, "nothing typed is lost"
    assert not PanelMember.objects.exists()


def test_another_agency_needs_no_district(staff_client):
    response = staff_client.post(
        reverse(CREATE), member_form(role=PanelRole.PUPIL_ACCESS, agency="Pupil Access team")
    )

    assert response.status_code == 302
    assert PanelMember.objects.get().agency == "Pupil Access team"


def test_the_list_shows_what_each_member_speaks_for(staff_client):
    PanelMember.objects.create(
        name="AP lead", role=PanelRole.ALTERNATIVE_PROVISION_LEAD, agency="The council"
    )

    page = staff_client.get(reverse("placements_panelmember_modeladmin_index"))

    assert "AP lead" in page.text
    assert "The council" in page.text
