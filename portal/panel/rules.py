"""Date rules for panel meetings. Pure functions, no database: the model and the services share them."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.formats import date_format

# Schools normally have two weeks before a meeting to send a request; editors may set another date.
DEFAULT_DEADLINE_GAP = timedelta(weeks=2)


class SubmissionDeadlineError(ValidationError):
    """The last date to submit a request does not fit the meeting. Forms show it on the deadline field."""


def default_submission_deadline(*, meeting_date: date) -> date:
    return meeting_date - DEFAULT_DEADLINE_GAP


def validate_submission_deadline(*, meeting_date: date, submission_deadline: date) -> None:
    """Refuse a deadline on or after the meeting: the panel needs the request before it meets."""
    if submission_deadline >= meeting_date:
        message = (
            "The last date to submit a request must be before the meeting date "
            f"({date_format(meeting_date, 'j F Y')})."
        )
        raise SubmissionDeadlineError(
            {"submission_deadline": ValidationError(message, code="deadline_not_before_meeting")}
        )


def is_upcoming(*, meeting_date: date, today: date) -> bool:
    """A meeting stays upcoming until the end of its own day."""
    return meeting_date >= today
