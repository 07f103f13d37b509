"""Images on public pages: the renditions each place shows an image at, made ahead of the first visitor.

The `page_picture` tag (a builtin) renders an image for a place as Wagtail's `{% picture %}` would: AVIF
or WebP where the browser takes them, JPEG otherwise, in the widths of `PLACES`. Encoding them is slow
(AVIF above all): a home page of five sections' images needs about forty. So publishing a page with an
image, or saving an image a page shows (a new file, a new focal point), queues `prepare_renditions`, and
the worker makes them before a visitor asks; a visitor only waits if the worker has not run yet.
"""

import hashlib

from django import template
from django.apps import apps
from django.db import transaction
from django.tasks import task
from wagtail.images import get_image_model
from wagtail.images.models import Filter, Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

from common import page_cache
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
    `attributes` (alt, sizes, loading...); nothing when there is no image.

    Remembered until the next purge (saving an image purges): finding its renditions costs a round trip
    to the cache or the database, and a write back to the cache, for every picture on every page.
    """
    if not image:
        return ""
    described = hashlib.sha256(repr(sorted(attributes.items())).encode()).hexdigest()
    return page_cache.remember(
        f"picture:{image.pk}:{image.file_hash}:{place}:{described}",
        lambda: Picture(get_renditions_or_not_found(image, _filters(place)), attributes).__html__(),
    )


@task()
def prepare_renditions(image_id):
    """Make every rendition `PLACES` may show of an image that a live page shows (those already made
    are kept). An image only in the library, or deleted since, is left alone."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is not None and _shown_on_a_live_page(image):
        image.get_renditions(*_filters(*PLACES))


def _shown_on_a_live_page(image):
    page_models = [model for model in apps.get_models() if issubclass(model, PageImageMixin)]
    return any(model.objects.live().filter(image=image).exists() for model in page_models)


def _queue(image_id):
    transaction.on_commit(lambda: prepare_renditions.enqueue(image_id))


def prepare_renditions_when_published(sender, instance, **kwargs):
    """Receiver of Wagtail's `page_published`: queue the renditions of the page's image."""
    if isinstance(instance, PageImageMixin) and instance.image_id:
        _queue(instance.image_id)


def prepare_renditions_when_saved(sender, instance, **kwargs):
    """Receiver of the image model's `post_save`: a new file or focal point drops or outdates the
    image's renditions, so queue them again (the task skips an image no live page shows)."""
    _queue(instance.pk)
