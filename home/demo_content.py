"""Demo pages for the website. The prose is written for this site; facts come from the unit's documents."""

from wagtail.models import Page, Site

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
from home.models import ContactPage, ContactSettings, HomePage, StandardPage


def _draw_stepping_stones(draw, width, height):
    """A teal river between sandy banks, crossed by a zigzag of stones."""
    draw.rectangle((0, height * 0.42, width, height), fill=SAND)
    draw.rectangle((0, height * 0.5, width, height * 0.82), fill=TEAL)
    for row in range(3):
        y = height * (0.56 + 0.09 * row)
        for x in range(-80 + 150 * row, width, 420):
            draw.line((x, y, x + 160, y), fill="#3f8a8f", width=6)
    stones = 7
    for number in range(stones):
        x = width * (0.08 + 0.84 * number / (stones - 1))
        y = height * (0.6 if number % 2 else 0.72)
        colour = ACCENT if number % 3 == 1 else TEAL_DARK if number % 3 == 2 else SAND
        draw.ellipse((x - 90, y - 38, x + 90, y + 38), fill=colour, outline=SURFACE, width=6)


def _draw_hills(draw, width, height):
    """Rolling hills under a low sun: it only sets the mood of the page."""
    draw.ellipse((width * 0.68, height * 0.12, width * 0.68 + 220, height * 0.12 + 220), fill=ACCENT)
    draw.ellipse((-width * 0.3, height * 0.55, width * 0.7, height * 1.6), fill="#3f8a8f")
    draw.ellipse((width * 0.35, height * 0.62, width * 1.4, height * 1.7), fill=TEAL)
    draw.ellipse((-width * 0.1, height * 0.8, width * 0.9, height * 1.9), fill=TEAL_DARK)


STEPPING_STONES = Illustration(
    title="Stepping stones across a river",
    alt="A drawing of a teal river between sandy banks, with a zigzag of stepping stones along it.",
    draw=_draw_stepping_stones,
)
HILLS = Illustration(title="Hills under a low sun", alt="", draw=_draw_hills)


def load_site(*, stdout):
    """Make a HomePage the root of the default site, replacing Wagtail's placeholder page."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        placeholder = root.get_children().filter(slug="home").first()
        if placeholder is not None and placeholder.specific_class is Page:
            placeholder.delete()
        home = HomePage(
            title="Stepping Stones Short Stay School",
            slug="home",
            hero_heading="Helping primary children back on track",
            intro=(
                "We are a primary short stay school for children whose social, emotional and mental "
                "health needs make mainstream school hard for now, and an outreach team that helps "
                "mainstream schools keep children included."
            ),
            portal_intro=rich_text(
                "School staff can sign in to buy the Universal Support Offer and support packages, "
                "book behaviour surgeries, ask for training and send placement requests to the panel."
            ),
            body=stream(
                ("heading", {"text": "Who we are for", "level": "h2"}),
                (
                    "paragraph",
                    rich_text(
                        "<b>Parents and carers</b> of children who attend, or may attend, the school.",
                        "<b>Mainstream primary schools</b> that want advice, training or a short "
                        "placement for a pupil at risk of exclusion.",
                        "<b>Professionals</b> working with a child and family, such as health, social "
                        "care and the local authority.",
                    ),
                ),
            ),
            **STEPPING_STONES.page_fields(),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        stdout.write("Created the home page.")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        # Wagtail's own default site went with its placeholder page. A site that exists already keeps
        # the host, port and name someone gave it.
        site = Site.objects.create(
            is_default_site=True, hostname="127.0.0.1", port=8000, root_page=home, site_name="Stepping Stones"
        )
        stdout.write(f"Created the default site at {site.root_url}.")
    ContactSettings.objects.get_or_create(
        site=site,
        defaults={
            "organisation_name": "Stepping Stones Short Stay School",
            "address": "Example Road\nLancaster\nLancashire\nLA1 0ZZ",
            "phone": "01632 960 000",
            "email": "office@stepping-stones.test",
            "office_hours": "Office open 8.30am to 4pm, Monday to Friday, in term time",
            "dfe_number": "888/1141",
            "footer_text": (
                "A local authority primary pupil referral unit serving North Lancashire, "
                "with an outreach service for mainstream primary schools."
            ),
        },
    )


def load_pages(*, stdout):
    home = site_root()
    ensure_child_page(
        home,
        StandardPage,
        slug="parents",
        title="Parents and carers: our local offer",
        menu_label="Parents",
        show_in_menus=True,
        illustration=HILLS,
        intro="What the school offers your child, how we work with you, and where to get more help.",
        body=stream(
            ("heading", {"text": "Who comes to Stepping Stones", "level": "h2"}),
            (
                "paragraph",
                rich_text(
                    "Children aged 4 to 11 come to us when their feelings and behaviour make it very "
                    "hard to learn in their usual school. Some stay with us after being excluded. "
                    "Others come for a 12-week placement and then go back to their own school.",
                    "Classes are small and every class has a teacher and teaching assistants who know "
                    "a lot about helping children manage big feelings.",
                ),
            ),
            ("heading", {"text": "What a school day is like", "level": "h2"}),
            (
                "paragraph",
                rich_text(
                    "Every day follows the same routine, with pictures to show what comes next. "
                    "Children learn English, maths and the other subjects, and they also learn about "
                    "feelings, friendships and keeping safe. Each week has a value, such as kindness, "
                    "that we talk about together.",
                    "Children travel to school on transport arranged by the county council. Each "
                    "vehicle has an adult who looks after the children on the way.",
                ),
            ),
            ("heading", {"text": "Working with you", "level": "h2"}),
            (
                "paragraph",
                rich_text(
                    "Before your child starts, you and your child meet us to talk about what helps and "
                    "what is hard. You are invited to every review of your child's progress, and you "
                    "get a written report each time. You can ask for a meeting whenever you are worried.",
                    "Our pupil pathway manager supports families and can help you with forms and "
                    "referrals to other services.",
                ),
            ),
            (
                "question",
                {
                    "question": "What if I think my child needs more help?",
                    "answer": rich_text(
                        "Talk to your child's class teacher or the headteacher at any time. You do not "
                        "need an appointment to raise a worry."
                    ),
                },
            ),
            (
                "question",
                {
                    "question": "Where can I get independent advice?",
                    "answer": rich_text(
                        "The local special educational needs and disabilities information, advice and "
                        "support service (SENDIASS) gives free, confidential advice to parents and "
                        "carers. The county council publishes its local offer of services for children "
                        "with special educational needs."
                    ),
                },
            ),
            (
                "question",
                {
                    "question": "How do I complain?",
                    "answer": rich_text(
                        "Speak to the headteacher first. If that does not put things right, our "
                        "complaints procedure explains the next steps and who will look at your complaint."
                    ),
                },
            ),
        ),
    )
    ensure_child_page(
        home,
        ContactPage,
        slug="contact",
        title="Contact us",
        menu_label="Contact",
        show_in_menus=True,
        intro="Call or email the school office. We aim to reply to emails within two working days.",
    )
    accessibility = ensure_child_page(
        home,
        StandardPage,
        slug="accessibility",
        title="Accessibility statement",
        intro="How accessible this website is, and what to do if you have a problem using it.",
        body=stream(
            ("heading", {"text": "Using this website", "level": "h2"}),
            (
                "paragraph",
                rich_text(
                    "We want as many people as possible to be able to use this website. You should be "
                    "able to zoom in to 400% without text spilling off the screen, move around the "
                    "whole site with a keyboard, and use it with a screen reader.",
                    "We test every page type against the Web Content Accessibility Guidelines (WCAG) "
                    "2.2 at level AA with automated checks in a real browser, and we check new pages "
                    "by hand with a keyboard.",
                ),
            ),
            ("heading", {"text": "Reporting a problem", "level": "h2"}),
            (
                "paragraph",
                rich_text(
                    "If you cannot use part of this website, or need information in a different "
                    "format such as large print or easy read, contact the school office. We will "
                    "reply within five working days.",
                    "If you are not happy with our reply, contact the Equality Advisory and Support "
                    "Service (EASS).",
                ),
            ),
        ),
    )
    settings = ContactSettings.for_site(Site.objects.get(is_default_site=True))
    if settings.accessibility_statement_id is None:
        settings.accessibility_statement = accessibility
        settings.save(update_fields=["accessibility_statement"])
