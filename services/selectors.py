"""Reads with rules: which offer applies, and what is on sale. Prices come from `services.pricing`."""

import datetime
from dataclasses import dataclass

from services import pricing
from services.catalogue import SupportPackage, TrainingFormat, TrainingTopic, UniversalOffer
from services.financial_years import FinancialYear


def universal_offer_for(*, on_date: datetime.date) -> UniversalOffer | None:
    """The Universal Support Offer for the financial year `on_date` falls in, if one is priced."""
    year = FinancialYear.containing(on_date)
    return UniversalOffer.objects.filter(financial_year_start=year.start_year).first()


def active_packages():
    """Packages and consultancy on sale, in the order editors set."""
    return SupportPackage.objects.filter(is_active=True).select_related("must_follow")


def active_training_formats():
    return TrainingFormat.objects.filter(is_active=True)


def active_training_topics():
    return TrainingTopic.objects.filter(is_active=True).prefetch_related("allowed_formats")


@dataclass(frozen=True)
class TopicFormats:
    topic: TrainingTopic
    formats: list[TrainingFormat]
    any_format: bool

    @property
    def formats_in_words(self):
        return pricing.join_with_or(self.formats)


def training_topics_with_formats(*, formats: list[TrainingFormat] | None = None) -> list[TopicFormats]:
    """Each topic on the menu with the formats it can be given in now (none when all are withdrawn).

    `formats`: the active formats, when the caller has read them already.
    """
    all_formats = list(active_training_formats()) if formats is None else formats
    topics = []
    for topic in active_training_topics():
        if pricing.topic_takes_any_format(topic=topic):
            topics.append(TopicFormats(topic, all_formats, any_format=True))
        else:
            topics.append(TopicFormats(topic, pricing.formats_offered_for(topic=topic), any_format=False))
    return topics
