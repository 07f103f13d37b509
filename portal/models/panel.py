from django.db import models
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from common.blocks import BodyBlock
from portal.panel import rules
from services.models import PlacementTerms


class PanelMeeting(models.Model):
    """A meeting of the Multi-Agency Planning Panel (MAPP), held every half term."""

    meeting_date = models.DateField(unique=True)
    starts_at = models.TimeField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    submission_deadline = models.DateField(
        "last date to submit a request",
        blank=True,
        help_text="Leave blank for the usual two weeks before the meeting.",
    )
    notes = models.CharField(max_length=255, blank=True, help_text="Shown to schools beside the date.")

    class Meta:
        ordering = ["meeting_date"]
        constraints = [
            # The form and save() refuse this with a message; the database refuses it for any other path.
            models.CheckConstraint(
                condition=models.Q(submission_deadline__lt=models.F("meeting_date")),
                name="panel_deadline_before_meeting",
            ),
        ]

    def __str__(self):
        return f"MAPP meeting {self.meeting_date:%d %B %Y}"

    def save(self, *args, **kwargs):
        # Code that saves without full_clean() (scripts, the shell) gets the same rules as the admin.
        self._apply_deadline_rules()
        super().save(*args, **kwargs)

    def clean(self):
        if self.meeting_date is None:
            return  # The meeting date field reports its own error.
        self._apply_deadline_rules()

    def _apply_deadline_rules(self):
        if self.submission_deadline is None:
            self.submission_deadline = rules.default_submission_deadline(meeting_date=self.meeting_date)
        rules.validate_submission_deadline(
            meeting_date=self.meeting_date, submission_deadline=self.submission_deadline
        )


class PlacementCapacity(models.Model):
    """How many pupils the unit can hold at once, from a date on (capacity changes over time)."""

    starts_on = models.DateField(unique=True)
    places = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["starts_on"]
        verbose_name_plural = "placement capacities"

    def __str__(self):
        return f"{self.places} places from {self.starts_on:%d %B %Y}"


class PlacementsPage(Page):
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
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body"), FieldPanel("outcomes")]

    class Meta:
        verbose_name = "placements and panel dates page"

    def get_context(self, request, *args, **kwargs):
        from portal.panel import selectors  # Imported here: the selectors import this module's models.

        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        context.update(
            terms=PlacementTerms.load(request_or_site=request),
            capacity=selectors.capacity_on(day=today),
            capacity_change=selectors.next_capacity_change(after=today),
            meetings=selectors.upcoming_meetings(today=today),
            next_open_meeting=selectors.next_open_meeting(today=today),
            calendar_url=request.build_absolute_uri(reverse("panel_meetings_ics")),
        )
        return context
