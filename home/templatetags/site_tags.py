"""Template helpers available in every template (registered as builtins in settings)."""

from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu_pages(context):
    """The pages under the site's home page that editors marked "show in menus".

    Kept on the request: the header and the footer both list them.
    """
    request = context.get("request")
    if request is None:
        return []
    if not hasattr(request, "main_menu_pages"):
        site = Site.find_for_request(request)
        pages = site.root_page.get_children().live().in_menu().only("title", "url_path") if site else []
        request.main_menu_pages = list(pages)
    return request.main_menu_pages


@register.simple_tag(takes_context=True)
def is_current_section(context, menu_page):
    page = context.get("page")
    return bool(page and (page.pk == menu_page.pk or page.url_path.startswith(menu_page.url_path)))
