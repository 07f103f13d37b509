"""Helpers for the apps' demo-content loaders."""

import uuid

from wagtail.models import Site


def site_root():
    """The page the default site serves at "/"."""
    return Site.objects.get(is_default_site=True).root_page.specific


def ensure_child_page(parent, page_class, *, slug, **fields):
    """Create and publish a page under `parent` unless one with `slug` exists; return it.

    An existing page is left as it is, so re-running the demo loader never overwrites an
    editor's changes.
    """
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = page_class(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def rich_text(*paragraphs):
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def stream(*blocks):
    """Build StreamField data from (block_type, value) pairs."""
    return [{"type": block_type, "value": value, "id": str(uuid.uuid4())} for block_type, value in blocks]
