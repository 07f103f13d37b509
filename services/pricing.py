"""What training costs and which formats a topic can be given in: the one place these rules live.

Plain functions of the catalogue's records. A request the rules refuse raises `DomainError`, whose
`field` names the training price form's field ("format" or "staff") the message belongs next to.
"""

from dataclasses import dataclass

from django.utils.text import capfirst

from common.errors import DomainError
from common.money import format_pence, vat
from services.catalogue import TrainingFormat, TrainingTopic

# Training is for a school's staff or a small cluster of schools; more than this is a typing slip.
MAX_TRAINING_STAFF = 300

STAFF_NOT_A_WHOLE_NUMBER = "Enter the number of staff as a whole number, like 20."


def join_with_or(items) -> str:
    """["a", "b", "c"] -> "a, b or c"."""
    items = [str(item) for item in items]
    return " or ".join(filter(None, [", ".join(items[:-1]), items[-1]])) if items else ""


# --- Staff and price ----------------------------------------------------------------------------


def check_staff_count(*, staff_count) -> None:
    if isinstance(staff_count, bool) or not isinstance(staff_count, int):
        raise DomainError(STAFF_NOT_A_WHOLE_NUMBER, field="staff")
    if staff_count < 1:
        raise DomainError("The number of staff must be 1 or more.", field="staff")
    if staff_count > MAX_TRAINING_STAFF:
        raise DomainError(
            f"The number of staff must be {MAX_TRAINING_STAFF} or fewer. "
            "For a larger group, contact the outreach coordinator.",
            field="staff",
        )


def extra_staff(*, training_format: TrainingFormat, staff_count: int) -> int:
    """How many people are beyond those the format's price includes."""
    return max(0, staff_count - training_format.staff_included)


def extra_staff_price(*, training_format: TrainingFormat, staff_count: int) -> int:
    """The pence charged for the people beyond those included."""
    return extra_staff(training_format=training_format, staff_count=staff_count) * (
        training_format.extra_person_price_pence
    )


def training_price(*, training_format: TrainingFormat, staff_count: int) -> int:
    """The price in pence: the format's price covers its included staff, then each extra person."""
    check_staff_count(staff_count=staff_count)
    return training_format.price_pence + extra_staff_price(
        training_format=training_format, staff_count=staff_count
    )


def shared_staff_terms(formats) -> tuple[int, int] | None:
    """(staff included, price per extra person) when every format uses the same, else None."""
    terms = {(f.staff_included, f.extra_person_price_pence) for f in formats}
    return terms.pop() if len(terms) == 1 else None


# --- Topics and formats -------------------------------------------------------------------------


def topic_takes_any_format(*, topic: TrainingTopic) -> bool:
    """A topic with no formats chosen can be given in any of them."""
    return not topic.allowed_formats.all()


def formats_offered_for(*, topic: TrainingTopic) -> list[TrainingFormat]:
    """The formats chosen for a topic that are still on offer."""
    return [training_format for training_format in topic.allowed_formats.all() if training_format.is_active]


def check_topic_allows_format(*, topic: TrainingTopic, training_format: TrainingFormat) -> None:
    if topic_takes_any_format(topic=topic) or training_format in topic.allowed_formats.all():
        return
    offered = join_with_or(formats_offered_for(topic=topic))
    raise DomainError(
        f"{topic.title} is offered only as {offered}. Choose one of those formats, or another topic."
        if offered
        else f"{topic.title} is not offered in any format at the moment.",
        field="format",
    )


# --- The quote ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingQuote:
    training_format: TrainingFormat
    staff_count: int
    total_pence: int
    topic: TrainingTopic | None = None

    @property
    def extra_staff(self):
        return extra_staff(training_format=self.training_format, staff_count=self.staff_count)

    @property
    def summary(self):
        """The sum in words, and its VAT, shown under the price on the page and by the calculator's script."""
        training_format = self.training_format
        what = f"{self.topic.title}, {training_format}" if self.topic else str(training_format)
        staff = f"{self.staff_count} staff"
        base = format_pence(training_format.price_pence)
        vat_said = f"{capfirst(vat(training_format))}."
        if not self.extra_staff:
            return (
                f"{what}, for {staff}: {base} covers up to {training_format.staff_included} staff. {vat_said}"
            )
        each = format_pence(training_format.extra_person_price_pence)
        extra_total = format_pence(
            extra_staff_price(training_format=training_format, staff_count=self.staff_count)
        )
        return (
            f"{what}, for {staff}: {base} covers the first {training_format.staff_included}, "
            f"plus {self.extra_staff} more at {each} each ({extra_total}). {vat_said}"
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
