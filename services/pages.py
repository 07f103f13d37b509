"""The public pages that show the catalogue. Prices and hours come from the snippets, never from text."""

from functools import partial

from django.db import models
from django.http import JsonResponse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from common import page_cache
from common.blocks import BodyBlock
from common.financial_years import FinancialYear
from common.money import format_pence
from common.pages import PageImageMixin, SitePageMixin
from services import pricing, selectors
from services.forms import TrainingPriceForm
from services.panels import OutreachCataloguePanel


class CataloguePage(SitePageMixin, PageImageMixin, Page):
    """A single page under the home page with an introduction and free-form text around the data."""

    intro = models.TextField(blank=True, help_text="One or two sentences shown under the title.")
    body = StreamField(
        BodyBlock(),
        blank=True,
        use_json_field=True,
        help_text="Shown after the prices. Do not type prices here: they come from the catalogue.",
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    content_panels = (
        Page.content_panels + [FieldPanel("intro")] + PageImageMixin.image_panels + [FieldPanel("body")]
    )

    class Meta:
        abstract = True


class OutreachOfferPage(CataloguePage):
    """The Universal Support Offer and the support packages, with a way into the portal to buy."""

    search_fields = CataloguePage.search_fields + [index.SearchField("catalogue_text")]
    content_panels = CataloguePage.content_panels[:2] + [
        OutreachCataloguePanel(heading="Prices and hours"),
        *CataloguePage.content_panels[2:],
    ]

    class Meta:
        verbose_name = "outreach offer page"

    def catalogue_text(self):
        """The packages' names and summaries, so the site search finds this page by a package name."""
        return "\n".join(f"{package.name}. {package.summary}" for package in selectors.active_packages())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        this_year = FinancialYear.containing(timezone.localdate())
        # Read once between purges of the stored pages, which every catalogue save makes (signals.py).
        context["offer"], context["next_offer"], context["packages"] = page_cache.remember(
            f"outreach-offer:{this_year.start_year}", partial(selectors.outreach_offer, year=this_year)
        )
        context["next_year"] = this_year.next
        return context


class TrainingMenuPage(RoutablePageMixin, CataloguePage):
    """Training formats and prices, the topics on the menu and a price calculator."""

    search_fields = CataloguePage.search_fields + [index.SearchField("training_text")]

    class Meta:
        verbose_name = "training menu page"

    def training_text(self):
        return "\n".join(f"{topic.title}. {topic.summary}" for topic in selectors.active_training_topics())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read once between purges of the stored pages, which every catalogue save makes (signals.py).
        formats, topics = page_cache.remember("training-menu", selectors.training_menu)
        submitted = TrainingPriceForm.is_submitted(request.GET)
        form = TrainingPriceForm(
            request.GET if submitted else None, formats=formats, topics=[item.topic for item in topics]
        )
        if submitted:
            form.is_valid()
        # A page being previewed before it is first published has no address for the script to ask.
        page_url = self.get_url(request=request) if self.live else None
        context.update(
            formats=formats,
            staff_terms=pricing.shared_staff_terms(formats),
            topics=topics,
            form=form,
            quote=form.quote,
            price_url=page_url + self.reverse_subpage("training_price") if page_url else None,
        )
        return context

    @path("price/", name="training_price")
    def training_price(self, request):
        """The calculator's answer as JSON, for the script that updates the price as the user types."""
        form = TrainingPriceForm(request.GET)
        if form.is_valid():
            quote = form.quote
            data = {"valid": True, "total": format_pence(quote.total_pence), "summary": quote.summary}
            data["total_pence"] = quote.total_pence
        else:
            data = {"valid": False, "errors": {name: list(errors) for name, errors in form.errors.items()}}
        return JsonResponse(data)
