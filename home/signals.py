"""Purge the stored public pages when anything they show changes (see common/page_cache.py).

Every public page shows the menu (the pages under the home page) and the contact details, so a page
published, unpublished, moved or deleted, or a setting, site or image saved, purges them all. A page
made private (or public again) by a view restriction purges them too: a private page is never served
from the cache. Publishing
a page with an image, or saving an image, also queues its renditions (common/images.py).
"""

from django.db.models.signals import post_delete, post_migrate, post_save
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from common import images, page_cache
from home.models import ContactSettings


def purge_public_pages(sender, **kwargs):
    page_cache.purge()


def connect():
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(purge_public_pages, dispatch_uid=f"page-cache-{signal!r}")
    # Deleting a page of any type deletes its wagtailcore.Page row too.
    post_delete.connect(purge_public_pages, sender=Page, dispatch_uid="page-cache-page-deleted")
    # A deployment migrates: pages stored by the old code may link to static files that are gone.
    post_migrate.connect(purge_public_pages, dispatch_uid="page-cache-migrated")
    page_cache.purge_when_saved(ContactSettings, Site, get_image_model(), PageViewRestriction)
    page_published.connect(images.prepare_renditions_when_published, dispatch_uid="prepare-renditions")
    post_save.connect(
        images.prepare_renditions_when_saved,
        sender=get_image_model(),
        dispatch_uid="prepare-renditions-image",
    )
