"""The site's main menu, read once per request and shared by the header, the footer and the home page."""

from functools import partial

from django.db.models import CharField, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from wagtail.images import get_image_model
from wagtail.models import Site, get_page_models

from common import page_cache

# What the menu and the home page's sections show that page types add to Wagtail's page, with the value
# for a page type that lacks it.
MENU_FIELDS = {
    "intro": Value("", output_field=CharField()),
    "menu_label": Value("", output_field=CharField()),
    "image_id": Value(None, output_field=IntegerField()),
    "image_alt": Value("", output_field=CharField()),
}


def with_menu_fields(pages):
    """`pages` with each page's `MENU_FIELDS`, whatever its type, in the same query."""
    annotations = {}
    for name, missing in MENU_FIELDS.items():
        values = [
            Subquery(model.objects.filter(pk=OuterRef("pk")).values(name)[:1])
            for model in get_page_models()
            if not model._meta.abstract and name in {field.attname for field in model._meta.local_fields}
        ]
        annotations[name] = Coalesce(*values, missing, output_field=missing.output_field)
    return pages.annotate(**annotations)


def main_menu_pages(request):
    """The live pages under the site's home page that editors marked "show in menus".

    Read once per request, and kept between requests until the page cache is next purged (publishing,
    moving or deleting a page purges it): building the query costs more than any page's other queries.
    """
    if not hasattr(request, "main_menu_pages"):
        site = Site.find_for_request(request)
        request.main_menu_pages = (
            page_cache.remember(f"main-menu:{site.pk}", partial(_read_main_menu, site)) if site else []
        )
    return request.main_menu_pages


def _read_images(ids):
    return get_image_model().objects.filter(pk__in=ids).prefetch_renditions().in_bulk()


def _read_main_menu(site):
    pages = site.root_page.get_children().live().in_menu()
    return list(with_menu_fields(pages.only("title", "url_path", "search_description", "depth", "path")))


def attach_images(pages):
    """Give each of `pages` (from `main_menu_pages`) its `image`, renditions read with it: two queries,
    remembered until the next purge."""
    ids = sorted({page.image_id for page in pages if page.image_id})
    images = (
        page_cache.remember(f"images:{','.join(map(str, ids))}", partial(_read_images, ids)) if ids else {}
    )
    for page in pages:
        page.image = images.get(page.image_id)
    return pages
