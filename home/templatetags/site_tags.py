"""Template helpers available in every template (registered as builtins in settings)."""

from functools import partial

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from common import page_cache
from home import navigation
from home.pupil_tables import pupil_table_html

FOOTER_TEMPLATE = "components/footer.html"

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu_pages(context):
    """The pages under the site's home page that editors marked "show in menus"."""
    request = context.get("request")
    return navigation.main_menu_pages(request) if request is not None else []


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer, the same on every page of a site (the contact details and the main menu's links):
    drawn once and kept until the page cache is next purged, which saving a page or the contact settings
    does."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return render_to_string(FOOTER_TEMPLATE, context.flatten(), request=request)
    return page_cache.remember(
        f"footer:{site.pk}", partial(render_to_string, FOOTER_TEMPLATE, request=request)
    )


@register.simple_tag(takes_context=True)
def is_current_section(context, menu_page):
    page = context.get("page")
    return bool(page and (page.pk == menu_page.pk or page.url_path.startswith(menu_page.url_path)))


def rich_text_html(value):
    """A rich text value's HTML, the same as Wagtail's `richtext` filter gives, without rendering its
    template (wagtailcore/shared/richtext.html, which only writes the HTML out) for every paragraph: on
    the SEN report, with hundreds of paragraphs, those renders cost more than the HTML itself."""
    return mark_safe(expand_db_html(value.source))  # noqa: S308 (the rich text editors saved, as `richtext` trusts it)


@register.simple_tag(takes_context=True)
def streamfield(context, body):
    """A page's body (a stream of blocks) in the site's prose wrapper: each paragraph as `rich_text_html`,
    any other block as `{% include_block %}` draws it, with the page's context. Drawn here rather than by
    a template of its own: the SEN report draws two dozen bodies a page."""
    blocks = [
        rich_text_html(block.value)
        if block.block_type == "paragraph"
        else block.render_as_block(context=context.flatten())
        for block in body
    ]
    return format_html('<div class="prose">\n{}\n</div>', mark_safe("\n".join(blocks)))  # noqa: S308 (each part is safe HTML)


@register.simple_tag
def pupil_table(table, number):
    """A pupil numbers table of the SEN report, numbered `number` on its page, with its notes and chart."""
    return pupil_table_html(table, number)
