from wagtail.contrib.sitemaps import Sitemap


class PublicPagesSitemap(Sitemap):
    """Wagtail's sitemap of live public pages, read in one query rather than one per page type.

    Each page is its specific type with its own fields deferred: none of them is read for the entry.
    """

    def items(self):
        return (
            self.get_wagtail_site()
            .root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .order_by("path")
            .specific(defer=True)
        )
