"""The placement's documents on its page in the portal (the inspection summary, and the end-of-placement
report once published), drawn by one tag so the page's own view need not know of them."""

from django import template

from portal.placements import selectors

register = template.Library()


@register.inclusion_tag("placements/placements/_documents.html")
def placement_documents(placement):
    return {"placement": placement, "report": selectors.published_report_of(placement=placement)}
