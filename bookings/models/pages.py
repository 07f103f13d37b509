"""The public page that lists upcoming behaviour surgeries and sends people to the portal to book."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from bookings import selectors
from common.blocks import BodyBlock
from common.pages import SitePageMixin


class SurgeriesPage(SitePageMixin, Page):
    """What behaviour surgeries are, and the upcoming sessions with the places left at each."""

    intro = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []
    max_count = 1
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = "behaviour surgeries page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            sessions=selectors.upcoming_sessions(today=timezone.localdate()),
            book_url=reverse("bookings:surgeries"),
        )
        return context
