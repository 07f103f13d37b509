"""Images on public pages: the renditions each place shows an image at, made ahead of the first visitor.

The `page_picture` tag (a builtin) renders an image for a place as Wagtail's `{% picture %}` would: AVIF
or WebP where the browser takes them, JPEG otherwise, in the widths of `PLACES`. Encoding them is slow
(AVIF above all): a home page of five sections' images needs about forty. So publishing a page with an
image queues `prepare_renditions`, and the worker makes them before a visitor asks; a visitor only waits
if the worker has not run yet, and then only once.
"""

from django import template
from django.db import transaction
from django.tasks import task
from wagtail.images import get_image_model
from wagtail.images.models import Filter, Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

from common.pages import PageImageMixin

register = template.Library()

# Where a page's image shows, and the renditions that place offers.
PLACES = {
    # At the top of the page itself.
    "page": "format-{avif,webp,jpeg} width-{480,800,1200}",
    # On the page's card on the home page.
    "card": "format-{avif,webp,jpeg} width-{320,640}",
}


def _filters(*places):
    return [Filter(spec) for place in places for spec in Filter.expand_spec(PLACES[place])]


@register.simple_tag
def page_picture(image, place, **attributes):
    """A <picture> of `image` in the renditions of `place` (one of `PLACES`), with the <img>'s
    `attributes` (alt, sizes, loading...); nothing when there is no image."""
    if not image:
        return ""
    return Picture(get_renditions_or_not_found(image, _filters(place)), attributes).__html__()


@task()
def prepare_renditions(image_id):
    """Make every rendition `PLACES` may show of an image (those already made are kept)."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is not None:  # deleted since the page was published
        image.get_renditions(*_filters(*PLACES))


def prepare_renditions_when_published(sender, instance, **kwargs):
    """Receiver of Wagtail's `page_published`: queue the renditions of the page's image."""
    if isinstance(instance, PageImageMixin) and instance.image_id:
        image_id = instance.image_id
        transaction.on_commit(lambda: prepare_renditions.enqueue(image_id))
