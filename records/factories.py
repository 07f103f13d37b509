"""Legal holds as tests need them (placing one through `records.services` is tested on its own)."""

import factory
from django.contrib.contenttypes.models import ContentType

from records.models import LegalHold


class LegalHoldFactory(factory.django.DjangoModelFactory):
    """A hold in force on `record` (pass it)."""

    class Meta:
        model = LegalHold
        exclude = ["record"]

    record = None
    content_type = factory.LazyAttribute(lambda hold: ContentType.objects.get_for_model(hold.record))
    object_id = factory.LazyAttribute(lambda hold: hold.record.pk)
    reason = "A claim is expected: the local authority solicitor asked."
