"""Reads with rules: which offer applies, and what is on sale. Prices come from `services.pricing`."""

import datetime
from dataclasses import dataclass

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from common.financial_years import FinancialYear
from services import pricing
from services.catalogue import (
    SupportPackage,
    SupportPackagePriceChange,
    TrainingFormat,
    TrainingTopic,
    UniversalOffer,
)


def universal_offer_for(*, on_date: datetime.date) -> UniversalOffer | None:
    """The Universal Support Offer for the financial year `on_date` falls in, if one is priced."""
    year = FinancialYear.containing(on_date)
    return universal_offers_in(years=[year]).get(year)


def universal_offers_in(*, years: list[FinancialYear]) -> dict[FinancialYear, UniversalOffer]:
    """The Universal Support Offer of each of `years` that has one priced, in one query."""
    offers = UniversalOffer.objects.filter(financial_year_start__in=[year.start_year for year in years])
    by_start_year = {offer.financial_year_start: offer for offer in offers}
    return {year: by_start_year[year.start_year] for year in years if year.start_year in by_start_year}


def active_packages():
    """Packages and consultancy on sale, in the order editors set."""
    return SupportPackage.objects.filter(is_active=True).select_related("must_follow")


def package_price_in(year: FinancialYear, *, package_id="pk", package_price="price_pence"):
    """A package's price in financial year `year`, as a query expression: its latest price change from
    that year or earlier, otherwise its own price. `package_id` and `package_price` name the package's id
    and price in the query it is used in (`package_id` and `package__price_pence` from a basket line)."""
    latest_change = SupportPackagePriceChange.objects.filter(
        package=OuterRef(package_id), from_year__lte=year.start_year
    ).order_by("-from_year")
    return Coalesce(Subquery(latest_change.values("price_pence")[:1]), F(package_price))


def packages_priced(*, year: FinancialYear) -> QuerySet[SupportPackage]:
    """Packages on sale, each with its price in `year` (`year_price_pence`) and the next year's
    (`next_year_price_pence`), so a school sees a price change coming before its budget is set."""
    return active_packages().annotate(
        year_price_pence=package_price_in(year), next_year_price_pence=package_price_in(year.next)
    )


def outreach_offer(*, year: FinancialYear) -> tuple[UniversalOffer | None, UniversalOffer | None, list]:
    """What the outreach offer page shows of the catalogue in financial year `year`: that year's Universal
    Support Offer, the next year's (schools set budgets before April, so its price is shown as soon as
    it is set), and the packages on sale with their prices in both years (`packages_priced`)."""
    offers = universal_offers_in(years=[year, year.next])
    return offers.get(year), offers.get(year.next), list(packages_priced(year=year))


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


def training_menu() -> tuple[list[TrainingFormat], list[TopicFormats]]:
    """What the training menu page shows of the catalogue: the formats on offer, and each topic on the
    menu with the formats it can be given in."""
    formats = list(active_training_formats())
    return formats, training_topics_with_formats(formats=formats)


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
