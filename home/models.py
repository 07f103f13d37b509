from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from common.blocks import BodyBlock
from common.pages import PageImageMixin, SitePageMixin
from home import navigation
from home.sen_report import (  # noqa: F401 (imported so Django registers the report's models)
    SenKeyFigure,
    SenPupilTable,
    SenReportIndexPage,
    SenReportPage,
)


@register_setting(icon="mail")
class ContactSettings(BaseSiteSetting):
    """The unit's contact details, shown in the header, the footer and on the contact page."""

    organisation_name = models.CharField(max_length=120, default="Stepping Stones Short Stay School")
    address = models.TextField(help_text="One line per row, postcode last.")
    phone = models.CharField(max_length=30)
    email = models.EmailField()
    office_hours = models.CharField(max_length=120, blank=True)
    dfe_number = models.CharField("DfE number", max_length=20, blank=True)
    footer_text = models.TextField(
        blank=True, help_text="A short line about the unit shown at the bottom of every page."
    )
    accessibility_statement = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Linked from the footer of every page.",
    )

    panels = [
        FieldPanel("organisation_name"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email"), FieldPanel("office_hours")],
            heading="How to reach us",
        ),
        FieldPanel("dfe_number"),
        FieldPanel("footer_text"),
        FieldPanel("accessibility_statement"),
    ]

    # Every page's footer links to the statement: read it with the settings, not in a query of its own.
    select_related = ["accessibility_statement"]

    class Meta:
        verbose_name = "contact details"

    @property
    def address_lines(self):
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    @property
    def phone_href(self):
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")


class BasePage(SitePageMixin, PageImageMixin, Page):
    """Fields every content page has: a short introduction, an optional image and a free-form body."""

    intro = models.TextField(blank=True, help_text="One or two sentences shown under the title.")
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    content_panels = (
        Page.content_panels + [FieldPanel("intro")] + PageImageMixin.image_panels + [FieldPanel("body")]
    )

    class Meta:
        abstract = True


class HomePage(BasePage):
    hero_heading = models.CharField(max_length=120, blank=True)
    portal_intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Shown beside the button to the schools portal.",
    )

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    content_panels = BasePage.content_panels[:1] + [
        FieldPanel("hero_heading"),
        FieldPanel("intro"),
        FieldPanel("portal_intro"),
        *PageImageMixin.image_panels,
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The routes into the site follow the menu, so a new section appears without editing here.
        context["sections"] = navigation.attach_images(navigation.main_menu_pages(request))
        return context


class StandardPage(BasePage):
    """A page of free-form content: the local offer, the accessibility statement, policies."""

    parent_page_types = ["home.HomePage", "home.StandardPage"]

    class Meta:
        verbose_name = "standard page"


class ContactPage(BasePage):
    """Shows the contact details from the site settings, with free-form text around them."""

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "contact page"
