"""What an SEN information report must cover, and the StreamField blocks editors write it with.

The list follows the SEND Regulations 2014 (regulation 51, Schedule 1) and section 69 of the
Children and Families Act 2014. Each item has the regulation's wording for editors and a plain
heading for parents; items in a group (making provision, accessibility) sit under a shared heading.
"""

from dataclasses import dataclass

from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock

from common.blocks import CalloutBlock, FaqBlock


@dataclass(frozen=True)
class StatutoryGroup:
    code: str
    heading: str


@dataclass(frozen=True)
class StatutoryItem:
    code: str
    reference: str
    requirement: str
    heading: str
    group: StatutoryGroup | None = None

    @property
    def choice_label(self):
        return f"{self.reference} {self.requirement}"


PROVISION = StatutoryGroup("making-provision", "How we support children with special educational needs")
ACCESSIBILITY = StatutoryGroup("disabled-pupils", "Disabled pupils and accessibility")

STATUTORY_ITEMS = (
    StatutoryItem(
        "kinds_of_need",
        "1.",
        "The kinds of SEN the school provides for",
        "The kinds of special educational needs we provide for",
    ),
    StatutoryItem(
        "identifying_needs",
        "2.",
        "Identifying pupils with SEN and assessing their needs",
        "How we find out about and assess a child's needs",
    ),
    StatutoryItem(
        "evaluating_provision",
        "3(a)",
        "Evaluating how well provision for pupils with SEN works",
        "How we check that our support is working",
        PROVISION,
    ),
    StatutoryItem(
        "reviewing_progress",
        "3(b)",
        "Assessing and reviewing pupils' progress towards their outcomes",
        "How we assess and review your child's progress",
        PROVISION,
    ),
    StatutoryItem(
        "teaching_approach",
        "3(c)",
        "The approach to teaching pupils with SEN",
        "How we teach children with special educational needs",
        PROVISION,
    ),
    StatutoryItem(
        "adapting_curriculum",
        "3(d)",
        "Adapting the curriculum and the learning environment",
        "How we adapt lessons and the classroom",
        PROVISION,
    ),
    StatutoryItem(
        "additional_support",
        "3(e)",
        "Additional support for learning",
        "Extra help with learning",
        PROVISION,
    ),
    StatutoryItem(
        "taking_part",
        "3(f)",
        "Enabling pupils with SEN to take part in all the school's activities",
        "Taking part in everything the school does",
        PROVISION,
    ),
    StatutoryItem(
        "wellbeing",
        "3(g)",
        "Support for emotional, mental and social development",
        "Helping with feelings, friendships and wellbeing",
        PROVISION,
    ),
    StatutoryItem(
        "senco",
        "4.",
        "The SENCo's name and contact details",
        "Our special educational needs coordinator",
    ),
    StatutoryItem(
        "staff_expertise",
        "5.",
        "Staff expertise and training, and how specialist expertise is secured",
        "Staff training and specialist help",
    ),
    StatutoryItem(
        "equipment",
        "6.",
        "Securing equipment and facilities",
        "Equipment and facilities",
    ),
    StatutoryItem(
        "involving_parents",
        "7.",
        "Consulting and involving parents of pupils with SEN",
        "How we work with parents and carers",
    ),
    StatutoryItem(
        "involving_pupils",
        "8.",
        "Consulting and involving pupils with SEN in their education",
        "How we involve children in decisions about their support",
    ),
    StatutoryItem(
        "complaints",
        "9.",
        "Arrangements for complaints about SEN provision",
        "If you are unhappy with the support your child gets",
    ),
    StatutoryItem(
        "other_services",
        "10.",
        "How health, social care, the local authority and voluntary bodies are involved",
        "Working with health, social care and other services",
    ),
    StatutoryItem(
        "parent_support",
        "11.",
        "Support services for parents of pupils with SEN, including SENDIASS",
        "Independent advice and support for parents and carers",
    ),
    StatutoryItem(
        "transitions",
        "12.",
        "Transitions between phases and preparing for adulthood",
        "Moving on: changing school and growing up",
    ),
    StatutoryItem(
        "local_offer",
        "13.",
        "Where the local authority's local offer is published",
        "The local offer",
    ),
    StatutoryItem(
        "admitting_disabled_pupils",
        "s69(a)",
        "Arrangements for admitting disabled pupils",
        "Admitting disabled children",
        ACCESSIBILITY,
    ),
    StatutoryItem(
        "fair_treatment",
        "s69(b)",
        "Steps to prevent disabled pupils being treated less favourably than others",
        "Making sure disabled children are treated fairly",
        ACCESSIBILITY,
    ),
    StatutoryItem(
        "access_facilities",
        "s69(c)",
        "Facilities that help disabled pupils get access to the school",
        "Getting around the school",
        ACCESSIBILITY,
    ),
    StatutoryItem(
        "accessibility_plan",
        "s69(d)",
        "The school's accessibility plan",
        "Our accessibility plan",
        ACCESSIBILITY,
    ),
)

ITEMS_BY_CODE = {item.code: item for item in STATUTORY_ITEMS}
ITEM_ORDER = {item.code: position for position, item in enumerate(STATUTORY_ITEMS)}


class SectionBodyBlock(blocks.StreamBlock):
    """A section's content. No heading blocks: the section and group headings keep the outline in order."""

    paragraph = blocks.RichTextBlock(features=["bold", "italic", "link", "document-link", "ol", "ul"])
    callout = CalloutBlock()
    question = FaqBlock()
    table = TypedTableBlock(
        [
            ("text", blocks.CharBlock()),
            ("rich_text", blocks.RichTextBlock(features=["bold", "italic", "link", "ul"])),
        ],
        template="components/blocks/table.html",
    )


class StatutoryItemBlock(blocks.ChoiceBlock):
    """The choice of statutory item. Its values are the items' codes, kept as the strings they are, so one
    is read back as it is: Wagtail's ChoiceBlock would build its choices again (a translated blank among
    them) to look each value up, for every section of every report shown."""

    def to_python(self, value):
        return value


class ReportSectionBlock(blocks.StructBlock):
    item = StatutoryItemBlock(
        choices=[(item.code, item.choice_label) for item in STATUTORY_ITEMS],
        label="Statutory item",
        help_text="Which part of the regulations this section answers. Each item is used once.",
    )
    heading = blocks.CharBlock(
        max_length=120,
        required=False,
        help_text="Leave blank to use the usual plain-English heading for this item.",
    )
    body = SectionBodyBlock()

    class Meta:
        icon = "doc-full"
        label = "Report section"
        label_format = "{item}"
