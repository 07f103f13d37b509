"""Reads with rules: which offer applies, what is on sale, and what training costs."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from common.money import format_pence
from services.errors import FormatNotOfferedForTopic, InvalidStaffCount
from services.financial_years import FinancialYear
from services.models import SupportPackage, TrainingFormat, TrainingTopic, UniversalOffer

# Training is for a school's staff or a small cluster of schools; more than this is a typing slip.
MAX_TRAINING_STAFF = 300


def universal_offer_for(*, on_date: datetime.date) -> UniversalOffer | None:
    """The Universal Support Offer for the financial year `on_date` falls in, if one is priced."""
    year = FinancialYear.containing(on_date)
    return UniversalOffer.objects.filter(financial_year_start=year.start_year).first()


def current_universal_offer() -> UniversalOffer | None:
    return universal_offer_for(on_date=timezone.localdate())


def active_packages():
    """Packages and consultancy on sale, in the order editors set."""
    return SupportPackage.objects.filter(is_active=True).select_related("must_follow")


def active_training_formats():
    return TrainingFormat.objects.filter(is_active=True)


def active_training_topics():
    return TrainingTopic.objects.filter(is_active=True).prefetch_related("allowed_formats")


def join_with_or(items):
    """["a", "b", "c"] -> "a, b or c"."""
    items = [str(item) for item in items]
    return " or ".join(filter(None, [", ".join(items[:-1]), items[-1]])) if items else ""


@dataclass(frozen=True)
class TopicFormats:
    topic: TrainingTopic
    formats: list[TrainingFormat]
    any_format: bool

    @property
    def formats_in_words(self):
        return join_with_or(self.formats)


def training_topics_with_formats() -> list[TopicFormats]:
    """Each topic on the menu with the formats it can be given in now (none when all are withdrawn)."""
    all_formats = list(active_training_formats())
    topics = []
    for topic in active_training_topics():
        allowed = list(topic.allowed_formats.all())
        if allowed:
            topics.append(TopicFormats(topic, [f for f in allowed if f.is_active], any_format=False))
        else:
            topics.append(TopicFormats(topic, all_formats, any_format=True))
    return topics


def shared_staff_terms(formats) -> tuple[int, int] | None:
    """(staff included, price per extra person) when every format uses the same, else None."""
    terms = {(f.staff_included, f.extra_person_price_pence) for f in formats}
    return terms.pop() if len(terms) == 1 else None


def check_staff_count(*, staff_count):
    if isinstance(staff_count, bool) or not isinstance(staff_count, int):
        raise InvalidStaffCount("Enter the number of staff as a whole number, like 20.")
    if staff_count < 1:
        raise InvalidStaffCount("The number of staff must be 1 or more.")
    if staff_count > MAX_TRAINING_STAFF:
        raise InvalidStaffCount(
            f"The number of staff must be {MAX_TRAINING_STAFF} or fewer. "
            "For a larger group, contact the outreach coordinator."
        )


def training_price(*, training_format: TrainingFormat, staff_count: int) -> int:
    """The price in pence: the format's price covers its included staff, then each extra person."""
    check_staff_count(staff_count=staff_count)
    extra_staff = max(0, staff_count - training_format.staff_included)
    return training_format.price_pence + extra_staff * training_format.extra_person_price_pence


def topic_allows_format(*, topic: TrainingTopic, training_format: TrainingFormat) -> bool:
    """A topic with no formats chosen can be given in any of them."""
    allowed = list(topic.allowed_formats.all())
    return not allowed or training_format in allowed


@dataclass(frozen=True)
class TrainingQuote:
    training_format: TrainingFormat
    staff_count: int
    total_pence: int
    topic: TrainingTopic | None = None

    @property
    def extra_staff(self):
        return max(0, self.staff_count - self.training_format.staff_included)

    @property
    def summary(self):
        """The sum in words, shown under the price on the page and by the calculator's script."""
        training_format = self.training_format
        what = f"{self.topic.title}, {training_format}" if self.topic else str(training_format)
        staff = f"{self.staff_count} staff"
        base = format_pence(training_format.price_pence)
        if not self.extra_staff:
            return f"{what}, for {staff}: {base} covers up to {training_format.staff_included} staff."
        each = format_pence(training_format.extra_person_price_pence)
        extra_total = format_pence(self.extra_staff * training_format.extra_person_price_pence)
        return (
            f"{what}, for {staff}: {base} covers the first {training_format.staff_included}, "
            f"plus {self.extra_staff} more at {each} each ({extra_total})."
        )


def check_topic_allows_format(*, topic: TrainingTopic, training_format: TrainingFormat):
    if topic_allows_format(topic=topic, training_format=training_format):
        return
    allowed = join_with_or(f for f in topic.allowed_formats.all() if f.is_active)
    raise FormatNotOfferedForTopic(
        f"{topic.title} is offered only as {allowed}. Choose one of those formats, or another topic."
        if allowed
        else f"{topic.title} is not offered in any format at the moment."
    )


def training_quote(
    *, training_format: TrainingFormat, staff_count: int, topic: TrainingTopic | None = None
) -> TrainingQuote:
    """Price a training session, checking the topic can be given in that format."""
    if topic is not None:
        check_topic_allows_format(topic=topic, training_format=training_format)
    total = training_price(training_format=training_format, staff_count=staff_count)
    return TrainingQuote(
        training_format=training_format, staff_count=staff_count, total_pence=total, topic=topic
    )
