"""What every page type of the site shares (see `common.page_views` for how pages are routed)."""

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction


class SitePageMixin:
    """For every page type of the site: the privacy check and the breadcrumbs in at most one query each."""

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
