"""Demo panel meetings, dated capacity and the placements page.

The meeting dates are the unit's published 2023-24 panel table moved forward by exactly 156 weeks,
which keeps every weekday and each meeting's own deadline gap, so the demo has past and future dates.
"""

from datetime import date, timedelta

from common.demo import ensure_child_page, rich_text, site_root, stream
from portal.placements.models import MappMeeting, PlacementCapacity, PlacementsPage
from portal.placements.services.mapp import mapp_meeting_create, placement_capacity_create

SEED_SHIFT = timedelta(weeks=156)
# (last date to submit a request, meeting date) as published; one deadline is only a week before.
SEED_MEETINGS = [
    (date(2023, 4, 25), date(2023, 5, 9)),
    (date(2023, 6, 20), date(2023, 7, 4)),
    (date(2023, 9, 5), date(2023, 9, 19)),
    (date(2023, 10, 31), date(2023, 11, 14)),
    (date(2024, 1, 16), date(2024, 1, 23)),
    (date(2024, 2, 27), date(2024, 3, 12)),
    (date(2024, 4, 30), date(2024, 5, 14)),
    (date(2024, 6, 25), date(2024, 7, 9)),
]
CAPACITY = [(date(2024, 9, 1), 32), (date(2025, 9, 1), 36)]


def load(*, stdout):
    # Each table is filled only while it is empty, so dates staff have edited or deleted stay that way.
    if not MappMeeting.objects.exists():
        for deadline, meeting_date in SEED_MEETINGS:
            mapp_meeting_create(
                meeting_date=meeting_date + SEED_SHIFT, submission_deadline=deadline + SEED_SHIFT
            )
        stdout.write(f"Created {len(SEED_MEETINGS)} panel meetings.")
    if not PlacementCapacity.objects.exists():
        for starts_on, places in CAPACITY:
            placement_capacity_create(starts_on=starts_on, places=places)
        stdout.write("Created the placement capacity.")
    ensure_child_page(
        site_root(),
        PlacementsPage,
        slug="placements",
        title="Placements and panel dates",
        show_in_menus=True,
        intro=(
            "How a short placement with us works, who decides on requests, and the dates by which "
            "schools need to send them."
        ),
        body=_body(),
        outcomes=_outcomes(),
    )


def _body():
    return stream(
        ("heading", {"text": "Why placements exist", "level": "h2"}),
        (
            "paragraph",
            rich_text(
                "We would always rather a child stayed in their own school, and most of our work is "
                "helping schools make that happen. Sometimes, though, a child's social, emotional and "
                "mental health needs call for a short spell in a small group with very experienced "
                "staff. A referral placement gives them that, with a clear plan for going back.",
            ),
        ),
        ("heading", {"text": "During the placement", "level": "h2"}),
        (
            "paragraph",
            rich_text(
                "Most of each week is spent with us, where staff put the agreed individual provision "
                "into practice. One day a week the child goes to their own school, so friendships and "
                "routines there are kept up.",
                "Key adults from the child's school are expected to visit us while the placement runs, "
                "to see the strategies working and take them back to their classroom.",
                "At the end of the placement the child returns to their school over a short "
                "reintegration period, with our staff making supported visits. The school receives a "
                "report with recommendations and an agreed plan for the return.",
            ),
        ),
        ("heading", {"text": "Who decides: the Multi-Agency Planning Panel", "level": "h2"}),
        (
            "paragraph",
            rich_text(
                "Requests are considered by a panel that meets every half term, so that places go "
                "fairly to the children who need them most. The panel brings together:"
            )
            + "<ul>"
            "<li>a head teacher from each district</li>"
            "<li>each district's lead for safeguarding</li>"
            "<li>the pupil access team</li>"
            "<li>the local authority's lead for alternative provision</li>"
            "<li>a special educational needs and disability (SEND) officer</li>"
            "<li>our headteacher and deputy headteacher</li>"
            "<li>our outreach manager</li>"
            "</ul>",
        ),
        (
            "callout",
            {
                "title": "Hearing the outcome",
                "text": rich_text(
                    "The safeguarding lead for your district contacts your school to tell you what the "
                    "panel decided."
                ),
            },
        ),
        ("heading", {"text": "How to ask for a placement", "level": "h2"}),
        (
            "paragraph",
            rich_text(
                'To request a placement, <a href="/portal/">sign in to the schools portal</a> and '
                "send the request before the last date for the meeting you are aiming for. Requests "
                "that arrive later go to the following meeting.",
            ),
        ),
    )


def _outcomes():
    return stream(
        (
            "paragraph",
            rich_text("After talking a request through, the panel will do one of the following.") + "<ul>"
            "<li><b>Offer a placement</b> when a place is available.</li>"
            "<li><b>Decline, with recommendations</b> for the school to put in place. If the school "
            "still asks for a placement, the request is looked at again at the next panel meeting.</li>"
            "<li><b>Recommend something else</b>, such as input from a specialist service or one of "
            "our outreach programmes.</li>"
            "<li><b>Defer</b> the decision to a later meeting.</li>"
            "</ul>",
        ),
    )
