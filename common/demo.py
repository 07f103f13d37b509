"""Helpers for the apps' demo-content loaders."""

import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection, Site

# The unit's colours (static/css/site.css), for the pictures drawn for the demo.
TEAL = "#0b5d63"
TEAL_DARK = "#073f43"
ACCENT = "#b3401a"
SURFACE = "#f3f6f6"
SAND = "#e9dcc3"
ILLUSTRATIONS_COLLECTION = "Demo illustrations"
ILLUSTRATION_SIZE = (1600, 900)


@dataclass(frozen=True)
class Illustration:
    """A picture drawn for the demo (shapes in the unit's colours, never a photograph of a person),
    with what it shows for a screen reader, or "" when it only decorates."""

    title: str
    alt: str
    draw: Callable[[ImageDraw.ImageDraw, int, int], None]

    def page_fields(self):
        """The fields of a page that shows this picture, drawing it the first time it is asked for."""
        return {"image": self.image(), "image_alt": self.alt, "image_decorative": not self.alt}

    def image(self):
        """The Wagtail image in the demo's collection, drawn and stored once."""
        collection = _illustrations_collection()
        existing = get_image_model().objects.filter(collection=collection, title=self.title).first()
        if existing is not None:
            return existing
        width, height = ILLUSTRATION_SIZE
        canvas = PillowImage.new("RGB", ILLUSTRATION_SIZE, SURFACE)
        self.draw(ImageDraw.Draw(canvas), width, height)
        data = io.BytesIO()
        canvas.save(data, format="PNG", optimize=True)
        file = ImageFile(data, name=f"{slugify(self.title)}.png")
        return get_image_model().objects.create(title=self.title, file=file, collection=collection)


def _illustrations_collection():
    root = Collection.get_first_root_node()
    return root.get_children().filter(name=ILLUSTRATIONS_COLLECTION).first() or root.add_child(
        name=ILLUSTRATIONS_COLLECTION
    )


def site_root():
    """The page the default site serves at "/"."""
    return Site.objects.get(is_default_site=True).root_page.specific


def ensure_child_page(parent, page_class, *, slug, illustration=None, **fields):
    """Create and publish a page under `parent` unless one with `slug` exists; return it.

    An existing page is left as it is, so re-running the demo loader never overwrites an
    editor's changes. A new page shows `illustration` at its top, if given.
    """
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    if illustration is not None:
        fields.update(illustration.page_fields())
    page = page_class(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def rich_text(*paragraphs):
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def stream(*blocks):
    """Build StreamField data from (block_type, value) pairs."""
    return [{"type": block_type, "value": value, "id": str(uuid.uuid4())} for block_type, value in blocks]
