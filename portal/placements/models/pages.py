"""The public page about placements and the MAPP panel's dates."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from common.blocks import BodyBlock
from common.pages import PageImageMixin, SitePageMixin
from portal.placements import selectors
from portal.placements.models.terms import PlacementTerms


class PlacementsPage(SitePageMixin, PageImageMixin, Page):
    """How referral placements work, who sits on the panel, and the upcoming panel dates."""

    intro = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)
    outcomes = StreamField(
        BodyBlock(),
        blank=True,
        use_json_field=True,
        help_text="What the panel can decide, shown after the placement details.",
    )

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("outcomes"),
    ]
    content_panels = (
        Page.content_panels
        + [FieldPanel("intro")]
        + PageImageMixin.image_panels
        + [FieldPanel("body"), FieldPanel("outcomes")]
    )

    class Meta:
        verbose_name = "placements and panel dates page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        meetings = list(selectors.upcoming_meetings(today=today))
        capacity, capacity_change = selectors.capacity_and_next_change(day=today, shown=True)
        context.update(
            terms=PlacementTerms.load(request_or_site=request),
            capacity=capacity,
            capacity_change=capacity_change,
            meetings=meetings,
            next_open_meeting=selectors.next_open_meeting(today=today, upcoming=meetings),
            calendar_url=request.build_absolute_uri(reverse("placements:mapp_dates_ics")),
        )
        return context
