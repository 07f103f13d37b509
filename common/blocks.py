"""The StreamField blocks editors use for free-form content on every page type."""

from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading"), ("h3", "Sub-heading")],
        default="h2",
        help_text="Use a section heading first; sub-headings sit inside a section.",
    )

    class Meta:
        icon = "title"
        template = "components/blocks/heading.html"


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, required=False)
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        template = "components/blocks/callout.html"


class LinkCardBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80)
    summary = blocks.TextBlock(max_length=240, required=False)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text="Used only when no page is chosen.")

    class Meta:
        icon = "link"


class LinkCardsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    cards = blocks.ListBlock(LinkCardBlock())

    class Meta:
        icon = "list-ul"
        template = "components/blocks/link_cards.html"


class FaqBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "help"
        template = "components/blocks/faq.html"


RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul"]


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)
    callout = CalloutBlock()
    link_cards = LinkCardsBlock()
    question = FaqBlock()
    image = ImageBlock()
    table = TypedTableBlock(
        [
            ("text", blocks.CharBlock()),
            ("numeric", blocks.FloatBlock()),
            ("rich_text", blocks.RichTextBlock(features=["bold", "italic", "link"])),
        ],
        template="components/blocks/table.html",
    )

    class Meta:
        block_counts = {}
