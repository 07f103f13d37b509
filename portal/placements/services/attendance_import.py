"""The attendance import's write: the valid rows of a file staff previewed (`attendance_import`), recorded
in one transaction through `attendance_record`, the one writer of marks. A row whose session already has
its code and note changes nothing, so importing the same file twice leaves the records as they were."""

from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from common.errors import DomainError
from portal.placements.attendance_import import Outcome, attendance_preview
from portal.placements.models.attendance import KeptBy, MarkSource
from portal.placements.services.attendance import attendance_record

CHANGED_SINCE_PREVIEW = (
    "The records changed since the preview (a mark recorded, a placement or a closure day changed), so "
    "importing would not do what it showed. Check the new preview below, then import again."
)
NOTHING_TO_IMPORT = "No row of the file can be imported: correct the file and upload it again."
ROWS_HAVE_ERRORS = (
    "{count} of the file's rows cannot be imported. Correct the file and upload it again, or tick "
    "“Import the valid rows and skip the rest”."
)


@dataclass(frozen=True)
class ImportResult:
    recorded: int  # new marks
    corrected: int
    unchanged: int
    skipped: int  # rows with errors


@transaction.atomic
def attendance_import(*, text: str, user, previewed: str, skip_errors: bool) -> ImportResult:
    """Record the valid rows of the file's `text` in the unit's register, if importing it still does what
    the preview staff saw showed (its `digest`, `previewed`); rows with errors only with `skip_errors`."""
    preview = attendance_preview(text, today=timezone.localdate())
    if preview.digest != previewed:
        raise DomainError(CHANGED_SINCE_PREVIEW)
    if not preview.valid_rows:
        raise DomainError(NOTHING_TO_IMPORT)
    if preview.error_rows and not skip_errors:
        raise DomainError(ROWS_HAVE_ERRORS.format(count=len(preview.error_rows)), field="skip_errors")
    done = Counter()
    for row in preview.valid_rows:
        recorded = attendance_record(
            placement=row.placement,
            day=row.day,
            session=row.session,
            code=row.code,
            note=row.note,
            user=user,
            source=MarkSource.IMPORT,
            kept_by=KeptBy.UNIT,
            calendar=preview.calendar,
        )
        done[row.outcome if recorded.changed else Outcome.UNCHANGED] += 1
    return ImportResult(
        recorded=done[Outcome.NEW],
        corrected=done[Outcome.CORRECTION],
        unchanged=done[Outcome.UNCHANGED],
        skipped=len(preview.error_rows),
    )
