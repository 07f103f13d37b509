"""What every page type of the site shares (see `common.page_views` for how pages are routed)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page, PageViewRestriction

IMAGE_ALT_MISSING = (
    "Describe the image for people who cannot see it, or tick “Decorative” if it adds nothing to the page."
)
IMAGE_ALT_ON_DECORATIVE = "A decorative image has no alt text: clear the alt text, or untick “Decorative”."


class SitePageMixin(models.Model):
    """For every page type of the site: a short label for the menu, and the privacy check and the
    breadcrumbs in at most one query each."""

    menu_label = models.CharField(
        max_length=25,
        blank=True,
        help_text="A short name for the main menu, such as “Training”. Leave empty to use the title.",
    )

    promote_panels = Page.promote_panels + [FieldPanel("menu_label")]

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        """Restrictions on this page, its ancestors, or pages an ancestor is an alias of (as Wagtail's)."""
        paths = [self.path[:end] for end in range(Page.steplen, len(self.path) + 1, Page.steplen)]
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths) | Q(page__aliases__path__in=paths)
        ).distinct()

    def breadcrumb_ancestors(self):
        """The site's home page and the pages between it and this one, outermost first."""
        ancestors = getattr(self, "routed_ancestors", None)
        if ancestors is None:
            ancestors = self.get_ancestors().filter(depth__gt=1).only("title", "url_path", "depth")
        return ancestors


class PageImageMixin(models.Model):
    """An optional image at the top of a page a visitor lands on, with the alt text its editor wrote.

    Alt text cannot be left to the image library: the same picture says different things on different
    pages, and one that only decorates must say nothing (alt="").
    """

    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown at the top of the page, and beside the page's link on the home page.",
    )
    image_alt = models.CharField(
        "alt text",
        max_length=250,
        blank=True,
        help_text="What the image shows, in a sentence, for people who use a screen reader.",
    )
    image_decorative = models.BooleanField(
        "decorative",
        default=False,
        help_text="Tick if the image only decorates the page: screen readers will skip it.",
    )

    image_panels = [
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt"), FieldPanel("image_decorative")], heading="Image"
        )
    ]
    # Read with the page in one query by `common.page_views`: every page shows its image.
    route_select_related = ("image",)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.image_id is None:
            return
        if self.image_decorative and self.image_alt.strip():
            raise ValidationError({"image_alt": IMAGE_ALT_ON_DECORATIVE})
        if not self.image_decorative and not self.image_alt.strip():
            raise ValidationError({"image_alt": IMAGE_ALT_MISSING})
