"""Demo surgeries, a call-back and a training request.

The public surgeries page, and sessions over the next two terms (in person and online), are created
when the site has none. With DEBUG on, Riverside's staff (who hold this year's Universal Offer in the
orders demo) book through the same services the portal uses: the first session nearly full, the second
full with one person waiting; Riverside also has a call-back waiting and a training request awaiting
agreement. Each part is made only when missing, so running the loader again changes nothing.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from bookings.models import CallbackRequest, SessionMode, SurgeriesPage, SurgerySession, TrainingRequest
from bookings.services import advice, surgeries, training
from common.demo import ensure_child_page, rich_text, site_root, stream
from portal.schools.models import Membership, Role, School
from portal.users.demo import demo_login
from services.catalogue import TrainingFormat, TrainingTopic

RIVERSIDE_URN = "900202"
RIVERSIDE_HEAD = "head@riverside-primary.test"
# (login, first name, last name): roles, never real people's names.
RIVERSIDE_STAFF = [
    ("teacher@riverside-primary.test", "Class", "Teacher"),
    ("senco@riverside-primary.test", "Riverside", "SENCo"),
    ("ta@riverside-primary.test", "Teaching", "Assistant"),
]
UNIT_ADDRESS = "Stepping Stones Short Stay School\nUnit Road\nMidtown\nMT1 1SS"
MEETING_LINK = "https://zoom.example.test/j/5550100"

# (weeks from the coming Tuesday, mode, places, theme): twice a term over the next two terms.
SESSIONS = [
    (2, SessionMode.IN_PERSON, 4, "Unstructured times: break and lunch"),
    (5, SessionMode.ONLINE, 3, "Emotion coaching in the classroom"),
    (9, SessionMode.IN_PERSON, 12, "Transitions between classes and schools"),
    (13, SessionMode.ONLINE, 15, ""),
    (18, SessionMode.IN_PERSON, 12, "Working with parents and carers"),
    (22, SessionMode.ONLINE, 15, "Preparing for the move to secondary school"),
]


def load(*, stdout):
    _load_page(stdout)
    _load_sessions(stdout)
    if not settings.DEBUG:
        stdout.write("DEBUG is off: no demo bookings, call-backs or training requests were created.")
        return
    riverside = School.objects.filter(urn=RIVERSIDE_URN).first()
    head = (
        Membership.objects.filter(school=riverside, user__email=RIVERSIDE_HEAD).select_related("user").first()
    )
    if riverside is None or head is None:
        return
    _load_bookings(head, stdout)
    _load_callback(head, stdout)
    _load_training_request(head, stdout)


def _load_page(stdout):
    if SurgeriesPage.objects.exists():
        return
    ensure_child_page(
        site_root(),
        SurgeriesPage,
        slug="behaviour-surgeries",
        title="Behaviour surgeries",
        show_in_menus=True,
        intro=(
            "Drop-in advice for mainstream teachers: bring a question about a pupil, a class or a "
            "situation and talk it through with the outreach team."
        ),
        body=stream(
            ("heading", {"text": "How surgeries work", "level": "h2"}),
            (
                "paragraph",
                rich_text(
                    "We hold surgeries twice each term, some at the unit and some online. Each lasts "
                    "about an hour and a quarter, after school, with a small group of teachers from "
                    "different schools.",
                    "Places come with the Universal Support Offer. Book in the schools portal for yourself "
                    "or a colleague; if a session is full, join its waiting list and we will email you if "
                    "a place frees up.",
                ),
            ),
        ),
    )
    stdout.write("Created the behaviour surgeries page.")


def _load_sessions(stdout):
    if SurgerySession.objects.exists():
        return
    today = timezone.localdate()
    coming_tuesday = today + datetime.timedelta(days=(1 - today.weekday()) % 7 or 7)
    for weeks, mode, places, theme in SESSIONS:
        online = mode == SessionMode.ONLINE
        surgeries.session_save(
            session=SurgerySession(
                date=coming_tuesday + datetime.timedelta(weeks=weeks),
                starts_at=datetime.time(15, 45),
                ends_at=datetime.time(17, 0),
                mode=mode,
                room="" if online else "Training room",
                address="" if online else UNIT_ADDRESS,
                meeting_link=MEETING_LINK if online else "",
                places=places,
                theme=theme,
            )
        )
    stdout.write(f"Created {len(SESSIONS)} behaviour surgeries.")


def _riverside_staff(head, stdout):
    people = [head]
    for email, first_name, last_name in RIVERSIDE_STAFF:
        user = demo_login(email, stdout, first_name=first_name, last_name=last_name)
        membership, _ = Membership.objects.get_or_create(
            user=user, school=head.school, defaults={Membership.role_field(Role.MEMBER): True}
        )
        people.append(membership)
    return people


def _load_bookings(head, stdout):
    sessions = list(SurgerySession.objects.filter(date__gt=timezone.localdate()).order_by("date")[:2])
    if len(sessions) < 2 or any(session.bookings.exists() for session in sessions):
        return
    people = _riverside_staff(head, stdout)
    nearly_full, full = sessions
    for membership in people[: nearly_full.places - 1]:
        surgeries.booking_create(membership=head, session=nearly_full, attendee=membership.user)
    for membership in people[: full.places]:
        surgeries.booking_create(membership=head, session=full, attendee=membership.user)
    waiting = people[full.places]
    surgeries.booking_join_waiting_list(
        membership=waiting, session=full, attendee=waiting.user, question="Calming strategies for Year 2."
    )
    stdout.write("Booked Riverside's staff onto the first two surgeries (one nearly full, one full).")


def _load_callback(head, stdout):
    if CallbackRequest.objects.filter(school=head.school).exists():
        return
    advice.callback_request_create(
        membership=head,
        topic="A pupil who finds the end of the school day very hard",
        pupil_initials="TM",
        pupil_year_group="3",
        phone="01000 200202",
        times_that_suit="Weekdays between 3:30pm and 5pm",
    )
    stdout.write("Created a call-back request from Riverside, waiting for a call.")


def _load_training_request(head, stdout):
    if TrainingRequest.objects.filter(school=head.school).exists():
        return
    half_day = TrainingFormat.objects.filter(slug="half-day").first()
    topic = TrainingTopic.objects.filter(slug="neurodiversity-adhd-and-asd").first()
    if half_day is None or topic is None:
        return
    today = timezone.localdate()
    training.training_request_create(
        membership=head,
        training_format=half_day,
        topics=[topic],
        staff_count=22,
        mode="in_person",
        preferred_dates=[today + datetime.timedelta(weeks=6), today + datetime.timedelta(weeks=7)],
        notes="A whole-staff session on an INSET afternoon, teachers and teaching assistants.",
    )
    stdout.write("Created a training request from Riverside, awaiting agreement.")
