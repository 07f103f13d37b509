"""Keep the site search and the stored public pages in step with the catalogue.

The outreach and training pages are found by the names of the packages and topics they show,
which live in snippets; saving or deleting one of those re-indexes the page that shows it.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.search import index

from common import page_cache
from services.models import (
    OutreachOfferPage,
    SupportPackage,
    SupportPackagePriceChange,
    TrainingFormat,
    TrainingMenuPage,
    TrainingTopic,
    UniversalOffer,
)

# Prices (and price changes to come), packages, formats and topics show on the outreach and training pages.
page_cache.purge_when_saved(
    UniversalOffer, SupportPackage, SupportPackagePriceChange, TrainingFormat, TrainingTopic
)


def reindex_pages(page_class):
    for page in page_class.objects.all():
        index.insert_or_update_object(page)


@receiver(post_save, sender=SupportPackage)
@receiver(post_delete, sender=SupportPackage)
def reindex_outreach_page(sender, raw=False, **kwargs):
    if not raw:
        reindex_pages(OutreachOfferPage)


@receiver(post_save, sender=TrainingTopic)
@receiver(post_delete, sender=TrainingTopic)
def reindex_training_page(sender, raw=False, **kwargs):
    if not raw:
        reindex_pages(TrainingMenuPage)
