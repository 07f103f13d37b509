"""Demo districts, schools with their logins, and a pending join request.

Created only with DEBUG on, because the passwords are public. Each record is looked up by its
natural key (email, district code, URN) and created only when missing, so running the loader again
never undoes what someone changed while trying the site.
"""

from django.conf import settings

from portal.schools.models import District, JoinRequest, Membership, Role, School
from portal.users.demo import demo_login


def load(*, stdout):
    if not settings.DEBUG:
        stdout.write("DEBUG is off: no demo schools were created.")
        return
    districts = _load_districts(stdout)
    _load_schools(districts, stdout)
    _load_pending_join_request(stdout)


DEMO_DISTRICTS = [
    ("D1", "District 1"),
    ("D2", "District 2"),
    ("D4", "District 4"),
]


def _load_districts(stdout):
    districts = {}
    for code, name in DEMO_DISTRICTS:
        number = code.removeprefix("D")
        districts[code], created = District.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "safeguarding_lead_role": f"{name} lead for safeguarding",
                "safeguarding_lead_email": f"safeguarding@district{number}.test",
            },
        )
        if created:
            stdout.write(f"Created {name}.")
    return districts


# (URN, name, district code, address, phone, finance email, login, roles)
DEMO_SCHOOLS = [
    (
        "900101",
        "Oakfield Primary School",
        "D1",
        "Oakfield Road\nNorthtown\nNT1 1AA",
        "01000 100101",
        "finance@oakfield-primary.test",
        "senco@oakfield-primary.test",
        [Role.ADMINISTRATOR, Role.REFERRER],
    ),
    (
        "900202",
        "Riverside Primary School",
        "D2",
        "Riverside Walk\nSouthtown\nST2 2BB",
        "01000 200202",
        "finance@riverside-primary.test",
        "head@riverside-primary.test",
        [Role.ADMINISTRATOR, Role.REFERRER, Role.FINANCE],
    ),
]


# Each demo login's name: its school and role, never a real person's.
DEMO_LOGIN_NAMES = {
    "senco@oakfield-primary.test": ("Oakfield", "SENCo"),
    "head@riverside-primary.test": ("Riverside", "Headteacher"),
}


def _load_schools(districts, stdout):
    for urn, name, district_code, address, phone, finance_email, login, roles in DEMO_SCHOOLS:
        school, created = School.objects.get_or_create(
            urn=urn,
            defaults={
                "name": name,
                "district": districts[district_code],
                "address": address,
                "phone": phone,
                "finance_email": finance_email,
            },
        )
        if created:
            stdout.write(f"Created {name}.")
        first_name, last_name = DEMO_LOGIN_NAMES[login]
        user = demo_login(login, stdout, first_name=first_name, last_name=last_name)
        Membership.objects.get_or_create(
            user=user, school=school, defaults={Membership.role_field(role): True for role in roles}
        )


DEMO_REQUESTER_EMAIL = "bursar@oakfield-primary.test"


def _load_pending_join_request(stdout):
    """Someone asking to join Oakfield, for its administrator (or the unit's staff) to decide."""
    user = demo_login(DEMO_REQUESTER_EMAIL, stdout)
    school = School.objects.get(urn=DEMO_SCHOOLS[0][0])
    if JoinRequest.objects.filter(user=user).exists() or Membership.objects.filter(user=user).exists():
        return
    join_request = JoinRequest(user=user, school=school, job_title="School business manager")
    join_request.roles = [Role.FINANCE]
    join_request.save()
    stdout.write(f"Created a pending request from {DEMO_REQUESTER_EMAIL} to join {school.name}.")
