"""The "how it is going" sections of the home school's placement page (`views.progress`), so the page
shows them with one line: {% load placement_progress %}{% placement_progress placement calendar %}
(the school calendar, if the page has read it, saves reading it again)."""

from django import template

from portal.placements.views.progress import progress_context

register = template.Library()


@register.inclusion_tag("placements/placements/_progress.html", takes_context=True)
def placement_progress(context, placement, calendar=None):
    # Django passes the CSRF token on to the included template itself.
    return {**progress_context(placement, calendar=calendar), "school": context["school"]}
