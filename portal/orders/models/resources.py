"""The resource library: documents the unit's staff upload (Wagtail documents in the "Resource library"
collection), each with a topic and a short summary. Schools holding the year's Universal Offer open them."""

from django.core.exceptions import ValidationError
from django.db import models

RESOURCE_COLLECTION_NAME = "Resource library"


NOT_IN_LIBRARY = (
    'Choose a document in the "Resource library" collection: only those are kept from schools without '
    "the Universal Offer."
)


def in_resource_library(document) -> bool:
    """Whether `document` is in the "Resource library" collection or a collection inside it."""
    collection = document.collection
    return collection is not None and (
        collection.name == RESOURCE_COLLECTION_NAME
        or collection.get_ancestors().filter(name=RESOURCE_COLLECTION_NAME).exists()
    )


class ResourceTopic(models.TextChoices):
    BEHAVIOUR = "behaviour", "Behaviour and regulation"
    SEND = "send", "Special educational needs"
    TRANSITIONS = "transitions", "Transitions and attendance"
    WELLBEING = "wellbeing", "Wellbeing and mental health"
    PARENTS = "parents", "Working with parents and carers"
    PLANNING = "planning", "Plans, reports and reviews"


class Resource(models.Model):
    document = models.OneToOneField(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        related_name="library_resource",
        help_text='Upload the file to the "Resource library" collection in Documents first.',
    )
    topic = models.CharField(max_length=20, choices=ResourceTopic.choices)
    summary = models.CharField(max_length=300, blank=True, help_text="One or two sentences schools see.")

    class Meta:
        ordering = ["topic", "document__title"]

    def __str__(self):
        return self.document.title

    def clean(self):
        if self.document_id and not in_resource_library(self.document):
            raise ValidationError({"document": NOT_IN_LIBRARY})
