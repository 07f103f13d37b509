"""Demo catalogue and pages. Figures come from the outreach team's offer; the prose is written for this site.

Records are looked up by a stable key (year or slug) and created only when missing, so running the
loader again never overwrites what editors have changed.
"""

from common.demo import (
    ACCENT,
    SAND,
    SURFACE,
    TEAL,
    TEAL_DARK,
    Illustration,
    ensure_child_page,
    rich_text,
    site_root,
    stream,
)
from services.models import (
    OutreachOfferPage,
    SupportPackage,
    TrainingFormat,
    TrainingMenuPage,
    TrainingTopic,
    UniversalOffer,
)

# The offer's documents give one price; the demo prices the last year and this one the same.
UNIVERSAL_OFFER_YEARS = (2025, 2026)
UNIVERSAL_OFFER_PRICE_PENCE = 55_000


def _draw_schools_linked(draw, width, height):
    """The unit in the middle, linked by paths to the schools around it."""
    centre = (width / 2, height / 2)
    schools = [(0.15, 0.25), (0.85, 0.22), (0.12, 0.78), (0.88, 0.8), (0.5, 0.1), (0.5, 0.9)]
    for x, y in schools:
        draw.line((*centre, width * x, height * y), fill=SAND, width=18)
    for x, y in schools:
        cx, cy = width * x, height * y
        draw.rectangle((cx - 70, cy - 45, cx + 70, cy + 45), fill=TEAL)
        draw.polygon(((cx - 85, cy - 45), (cx, cy - 105), (cx + 85, cy - 45)), fill=TEAL_DARK)
    draw.ellipse((centre[0] - 120, centre[1] - 120, centre[0] + 120, centre[1] + 120), fill=ACCENT)


def _draw_rising_steps(draw, width, height):
    """Steps that rise from left to right, each a little higher than the one before."""
    steps = 6
    step_width = width * 0.8 / steps
    for number in range(steps):
        left = width * 0.1 + number * step_width
        top = height * (0.78 - 0.1 * number)
        colour = ACCENT if number == steps - 1 else TEAL if number % 2 else TEAL_DARK
        draw.rectangle((left, top, left + step_width - 12, height * 0.86), fill=colour)
    draw.rectangle((0, height * 0.86, width, height), fill=SAND)
    draw.ellipse((width * 0.84, height * 0.08, width * 0.84 + 120, height * 0.08 + 120), fill=SURFACE)


SCHOOLS_LINKED = Illustration(
    title="Schools linked to the unit",
    alt="A drawing of six schools, each joined by a path to the outreach team in the middle.",
    draw=_draw_schools_linked,
)
RISING_STEPS = Illustration(
    title="Steps rising from left to right",
    alt="A drawing of six steps, each higher than the last, with the top step picked out in orange.",
    draw=_draw_rising_steps,
)


def bullets(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


UNIVERSAL_OFFER = {
    "price_pence": UNIVERSAL_OFFER_PRICE_PENCE,
    "summary": (
        "The offer keeps an outreach service open to mainstream primary schools. Once your school has it, "
        "staff can use what it includes as often as they need until the end of the financial year."
    ),
    "what_it_gives": bullets(
        "A telephone advice line for quick guidance about a pupil's behaviour",
        "Behaviour surgeries twice a term, at the unit or on Zoom, booked in advance",
        "The unit's library of resources and support materials",
        "Signposting to other professional services and advice",
        "The option to buy support packages and consultancy hours at any time in the year, including "
        "specialist-teacher support for pupils with an education, health and care plan",
    ),
}

PACKAGES = [
    {
        "slug": "ehc-package",
        "name": "EHC Package",
        "price_pence": 60_000,
        "hours": 6,
        "requires_ehc_plan": True,
        "summary": "A specialist teacher's assessment and advice for a pupil who has an EHC plan.",
        "what_is_included": bullets(
            "A visit of about three hours to observe the pupil and gather information",
            "A written report with recommendations, about two hours",
            "An hour to talk the report through with staff and parents",
            "Resources to help put the advice into practice",
        ),
        "who_it_is_for": (
            "Schools supporting a pupil with an education, health and care plan. It fits the assess, "
            "plan, do, review cycle."
        ),
    },
    {
        "slug": "bronze-package",
        "name": "Bronze Package",
        "price_pence": 65_000,
        "hours": 7,
        "summary": "An observation, a report and a follow-up review for one pupil or a whole class.",
        "what_is_included": bullets(
            "A visit of about three hours to observe and gather information",
            "A written report with recommendations, about two hours",
            "An hour to share the report with staff and parents",
            "A one-hour review six weeks later",
            "Resources to go with the advice",
        ),
        "who_it_is_for": "Any pupil or class, including pupils who have an EHC plan.",
    },
    {
        "slug": "silver-package",
        "name": "Silver Package",
        "price_pence": 100_000,
        "hours": 12,
        "summary": "Everything in the Bronze Package plus weekly support to help the strategies stick.",
        "what_is_included": bullets(
            "A visit of about three hours to observe and gather information",
            "A written report with recommendations, about two hours",
            "An hour to share the report with staff and parents",
            "A one-hour review six weeks later",
            "About five hours of weekly support, usually coaching staff and sometimes working with the pupil",
        ),
        "who_it_is_for": "A pupil or class who needs more than advice: staff want help alongside them.",
    },
    {
        "slug": "silver-top-up",
        "name": "Silver Package Top-Up",
        "price_pence": 50_000,
        "hours": 6,
        "must_follow": "silver-package",
        "summary": "A second round of assess, plan, do, review after the Silver Package review.",
        "what_is_included": bullets(
            "Around five weekly sessions to put the review's strategies into place",
            "A one-hour review at the end",
        ),
        "who_it_is_for": "Schools that have had the Silver Package review and want to carry the work on.",
    },
    {
        "slug": "parent-support-package",
        "name": "Parent Support Package",
        "price_pence": 50_000,
        "hours": 6,
        "summary": (
            "Support for parents and carers of a child with social, emotional and mental health needs."
        ),
        "what_is_included": bullets(
            "A meeting with staff to agree what the family needs",
            "A meeting with the parents or carers, followed by a short report",
            "Three further meetings with the family",
            "A closing review with staff",
        ),
        "who_it_is_for": (
            "Families who want help getting their child to engage with school, strategies for home, or "
            "a guide through the SEND system and the EHC plan process, and schools rebuilding a "
            "relationship with a family. Further meetings can be bought as consultancy hours."
        ),
    },
    {
        "slug": "consultancy",
        "name": "Consultancy",
        "price_pence": 10_000,
        "sold_by_the_hour": True,
        "summary": "An outreach specialist's time for whatever your school needs, bought by the hour.",
        "what_is_included": bullets(
            "Building a positive behaviour system for the whole school, including the hardest times of day",
            "Advice at meetings such as team around the family or children's social care",
            "Preparing for and supporting annual reviews",
            "Meetings with parents at home or in school",
            "Coaching, modelling and bespoke training for a member of staff",
            "Support outside the classroom: break times, lunchtimes and transitions",
            "Behaviour support for early career teachers",
            "Writing pupil passports and individual behaviour plans",
            "Small-group programmes on self-esteem, anger and self-regulation",
            "Using assessment tools such as Boxall profiles and Thrive",
            "Support with managed moves between schools",
            "Help for pupils finding it hard to return to school, after a free first phone call",
        ),
        "who_it_is_for": "Schools that need support the packages do not cover, or more hours than a package.",
    },
]

TRAINING_FORMATS = [
    {"slug": "staff-meeting-1-hour", "name": "Staff meeting", "duration_minutes": 60, "price_pence": 21_000},
    {
        "slug": "staff-meeting-90-minutes",
        "name": "Staff meeting",
        "duration_minutes": 90,
        "price_pence": 30_000,
    },
    {"slug": "twilight", "name": "Twilight", "duration_minutes": 120, "price_pence": 35_000},
    {"slug": "half-day", "name": "Half day", "duration_minutes": 180, "price_pence": 47_000},
    {"slug": "full-day", "name": "Full day", "duration_minutes": 360, "price_pence": 78_000},
]
STAFF_INCLUDED = 15
EXTRA_PERSON_PRICE_PENCE = 2_000

TRAINING_TOPICS = [
    (
        "managing-behaviour-for-inclusion",
        "Managing Behaviour to Enable Inclusion in the Classroom",
        "Practical ways to manage the behaviour of individual pupils and of the whole class so that "
        "everyone can learn together.",
    ),
    (
        "attachment-and-emotion-coaching",
        "Attachment and Emotion Coaching",
        "How attachment shapes behaviour, and how emotion coaching helps pupils who struggle to manage "
        "their feelings.",
    ),
    (
        "aces-attachment-and-early-trauma",
        "Supporting Pupils with ACEs, Attachment and Early Trauma",
        "What adverse childhood experiences do to a developing brain, and how staff can help pupils whose "
        "early experiences make self-regulation hard.",
    ),
    (
        "supporting-pupils-with-adhd",
        "Supporting Pupils with ADHD",
        "An introduction to ADHD as a neurodevelopmental condition, with strategies that work in class.",
    ),
    (
        "supporting-pupils-with-asc",
        "Supporting Pupils with ASC",
        "An introduction to autism spectrum conditions, with strategies to support pupils day to day.",
    ),
    (
        "sensory-processing",
        "Understanding and Supporting Sensory Processing",
        "How sensory processing differences show up in behaviour, and practical adjustments that help.",
    ),
    (
        "neurodiversity-adhd-and-asd",
        "Supporting Neurodiversity Within the Classroom: ADHD and ASD",
        "A brisk tour of ADHD and autism side by side, and the classroom strategies that help both.",
    ),
    (
        "circle-time",
        "Using Circle Time to Promote Better Behaviour and Positive Relationships",
        "Running circle time to build relationships and to help pupils solve problems together.",
    ),
    (
        "positive-behaviour-key-stage-1",
        "Promoting Positive Behaviour and Relationships for the KS1 Child",
        "Inclusive strategies for the youngest pupils whose behaviour challenges, in class and one to one.",
    ),
    (
        "positive-lunchtimes",
        "Positive Lunchtimes",
        "Practical ideas for lunchtime supervisors to keep the lunch break calm, safe and enjoyable.",
    ),
    (
        "supporting-the-anxious-child",
        "Supporting the Anxious Child",
        "Recognising anxiety in primary pupils and helping them feel safe enough to learn.",
    ),
    (
        "emotionally-based-school-avoidance",
        "Emotionally Based School Avoidance",
        "Why some pupils find it too hard to come to school, and how school and family can work together.",
    ),
]
# The neurodiversity course needs at least a morning: it is offered as a half day or a full day only.
TOPIC_FORMATS = {"neurodiversity-adhd-and-asd": ["half-day", "full-day"]}


def load(*, stdout):
    load_universal_offers(stdout=stdout)
    load_packages(stdout=stdout)
    load_training(stdout=stdout)
    load_pages(stdout=stdout)


def load_universal_offers(*, stdout):
    for year in UNIVERSAL_OFFER_YEARS:
        offer, created = UniversalOffer.objects.get_or_create(
            financial_year_start=year, defaults=UNIVERSAL_OFFER
        )
        if created:
            stdout.write(f"Created the {offer}.")


def load_packages(*, stdout):
    for sort_order, fields in enumerate(PACKAGES):
        fields = dict(fields)
        must_follow_slug = fields.pop("must_follow", None)
        if must_follow_slug:
            fields["must_follow"] = SupportPackage.objects.get(slug=must_follow_slug)
        slug = fields.pop("slug")
        package, created = SupportPackage.objects.get_or_create(
            slug=slug, defaults={**fields, "sort_order": sort_order}
        )
        if created:
            stdout.write(f"Created the package {package}.")


def load_training(*, stdout):
    formats = {}
    for sort_order, fields in enumerate(TRAINING_FORMATS):
        fields = dict(fields)
        slug = fields.pop("slug")
        formats[slug], created = TrainingFormat.objects.get_or_create(
            slug=slug,
            defaults={
                **fields,
                "staff_included": STAFF_INCLUDED,
                "extra_person_price_pence": EXTRA_PERSON_PRICE_PENCE,
                "sort_order": sort_order,
            },
        )
        if created:
            stdout.write(f"Created the training format {formats[slug]}.")
    for sort_order, (slug, title, summary) in enumerate(TRAINING_TOPICS):
        topic, created = TrainingTopic.objects.get_or_create(
            slug=slug, defaults={"title": title, "summary": summary, "sort_order": sort_order}
        )
        if created:
            topic.allowed_formats.set([formats[format_slug] for format_slug in TOPIC_FORMATS.get(slug, [])])
            stdout.write(f"Created the training topic {topic}.")


def load_pages(*, stdout):
    home = site_root()
    ensure_child_page(
        home,
        OutreachOfferPage,
        slug="outreach",
        title="Outreach support for schools",
        menu_label="Outreach",
        show_in_menus=True,
        illustration=SCHOOLS_LINKED,
        intro=(
            "Our outreach team helps mainstream primary schools keep children with behaviour and social, "
            "emotional and mental health needs included. Schools buy the support they need."
        ),
        body=stream(
            ("heading", {"text": "What the outreach team does", "level": "h2"}),
            (
                "paragraph",
                rich_text(
                    "The team are specialist teachers with long experience of children who have been "
                    "excluded or are at risk of it. We work in your school, alongside your staff, with "
                    "around a hundred to two hundred pupils a year.",
                    "We watch lessons and pupils and write support plans, share classroom management "
                    "strategies, join multi-agency meetings, help with EHC plan assessments, run small-group "
                    "and one-to-one sessions, and advise SENCOs on pupils with complex needs.",
                ),
            ),
            ("heading", {"text": "Why schools pay for outreach", "level": "h2"}),
            (
                "paragraph",
                rich_text(
                    "The local authority does not fund the outreach service, so schools buy it directly "
                    "from us. The Universal Support Offer works like the service agreements schools have "
                    "with other council teams: it keeps the service running, and it is the first thing to "
                    "buy each year."
                ),
            ),
            (
                "question",
                {
                    "question": "Can we use the packages for a whole class?",
                    "answer": rich_text(
                        "Yes. Apart from the EHC Package, which is for a pupil with an EHC plan, the "
                        "packages can focus on one pupil or on a whole class."
                    ),
                },
            ),
            (
                "question",
                {
                    "question": "Do we have to name the pupil?",
                    "answer": rich_text(
                        "No. When you buy a package you tell us its focus: a pupil's initials and year "
                        "group, or a class. We never need a pupil's full name to take your order."
                    ),
                },
            ),
        ),
    )
    ensure_child_page(
        home,
        TrainingMenuPage,
        slug="training",
        title="Training for school staff",
        menu_label="Training",
        show_in_menus=True,
        illustration=RISING_STEPS,
        intro=(
            "Practical training on behaviour, relationships and inclusion, shaped to your school and "
            "priced by length and by the number of staff taking part."
        ),
        body=stream(
            ("heading", {"text": "How training is arranged", "level": "h2"}),
            (
                "paragraph",
                rich_text(
                    "Our outreach coordinator meets your senior leaders to agree what the training should "
                    "focus on, then builds a session for your school or for a cluster of schools.",
                    "Sessions can be face to face or online. Every session gives practical strategies for "
                    "individual pupils, classrooms and the whole school, and leaves time for questions.",
                ),
            ),
        ),
    )
