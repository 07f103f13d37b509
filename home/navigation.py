"""The site's main menu, read once per request and shared by the header, the footer and the home page."""

from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from wagtail.models import Site, get_page_models


def with_intro(pages):
    """`pages` with each page's introduction as `intro`, whatever its type, in the same query."""
    intros = [
        Subquery(model.objects.filter(pk=OuterRef("pk")).values("intro")[:1])
        for model in get_page_models()
        if not model._meta.abstract and "intro" in {field.name for field in model._meta.local_fields}
    ]
    return pages.annotate(intro=Coalesce(*intros, Value(""), output_field=CharField()))


def main_menu_pages(request):
    """The live pages under the site's home page that editors marked "show in menus"."""
    if not hasattr(request, "main_menu_pages"):
        site = Site.find_for_request(request)
        pages = site.root_page.get_children().live().in_menu() if site else []
        request.main_menu_pages = (
            list(with_intro(pages.only("title", "url_path", "search_description", "depth", "path")))
            if site
            else []
        )
    return request.main_menu_pages
