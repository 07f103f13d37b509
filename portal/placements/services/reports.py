"""Writes with rules for the end-of-placement report: the unit's staff write the draft once the pupil has
started (and correct it while it is a draft), publish it to the home school, whose referrers are emailed
that it is ready, or withdraw it with the reason to correct it. Publishing and withdrawing are the
report's declared transitions (`PlacementReport`), applied by `common.workflows.transition_apply`; every
draft written or edited is recorded on the report's history too.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from common import workflows
from common.audit import record_change
from common.email import send_after_commit
from common.errors import DomainError
from common.urls import absolute_url
from portal.placements import selectors
from portal.placements.models.placements import Placement, PlacementStatus
from portal.placements.models.reports import PlacementReport, ReportStatus

REPORT_DRAFTED = "placements.placementreport_drafted"
REPORT_EDITED = "placements.placementreport_edited"
CHANGE_LABELS = {
    REPORT_DRAFTED: "End-of-placement report drafted",
    REPORT_EDITED: "End-of-placement report draft edited",
}

# The report says how the placement went: there is nothing to say before the pupil has started.
WRITABLE_STATUSES = (PlacementStatus.ACTIVE, PlacementStatus.REINTEGRATING, PlacementStatus.ENDED)

NOT_STARTED = (
    "Placement {reference} is {status}: its report is written once the pupil has started at the unit."
)
PUBLISHED = "The report on {reference} is published: withdraw it first to correct it."
PROGRESS_REQUIRED = "Say how the pupil progressed during the placement."
RECOMMENDATIONS_REQUIRED = "Enter the recommendations."
PROGRAMME_REQUIRED = "Enter the agreed reintegration programme."
REQUIRED = {
    "progress": PROGRESS_REQUIRED,
    "recommendations": RECOMMENDATIONS_REQUIRED,
    "reintegration_programme": PROGRAMME_REQUIRED,
}


def report_refusal(*, placement, report) -> str | None:
    """Why the report on `placement` (`report`, or None before one is written) cannot be written or
    edited now, or None when it can: the admin offers its button by this, and `report_write` refuses by it."""
    if placement.status not in WRITABLE_STATUSES:
        return NOT_STARTED.format(
            reference=placement.reference, status=placement.get_status_display().lower()
        )
    if report is not None and report.status != ReportStatus.DRAFT:
        return PUBLISHED.format(reference=placement.reference)
    return None


@transaction.atomic
def report_write(
    *, placement, user, progress: str, recommendations: str, reintegration_programme: str
) -> PlacementReport:
    """Write the draft report on `placement`, or edit the draft there is."""
    texts = {
        "progress": progress.strip(),
        "recommendations": recommendations.strip(),
        "reintegration_programme": reintegration_programme.strip(),
    }
    for field, text in texts.items():
        if not text:
            raise DomainError(REQUIRED[field], field=field)
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    report = selectors.report_of(placement=placement)
    refusal = report_refusal(placement=placement, report=report)
    if refusal is not None:
        raise DomainError(refusal)
    drafted = report is None
    if drafted:
        report = PlacementReport(placement=placement)
    for field, text in texts.items():
        setattr(report, field, text)
    report.written_by = user
    report.updated_at = timezone.now()
    report.save()
    record_change(
        instance=report,
        action=REPORT_DRAFTED if drafted else REPORT_EDITED,
        user=user,
        to=report.get_status_display(),
    )
    return report


def report_url(*, placement) -> str:
    """The published report's page in the portal, for emails (the reader signs in with two-factor)."""
    return absolute_url(reverse("school_placements:report", args=[placement.pk]))


def _tell_referrers(report):
    """Each referrer of the home school is told the report is ready: by reference and link, never the
    child's name."""
    placement = report.placement
    context = {
        "reference": placement.reference,
        "school": placement.school,
        "url": report_url(placement=placement),
    }
    for email in selectors.referrer_emails_of(school=placement.school):
        send_after_commit("placements/email/report_published", to=email, context=context)


def report_publish(*, report, user) -> PlacementReport:
    """The home school can read the report from now on; its referrers are emailed once it is committed."""
    return workflows.transition_apply(
        report, "publish", by=user, changes={"published_at": timezone.now()}, notify=_tell_referrers
    )


def report_withdraw(*, report, user, why: str) -> PlacementReport:
    """Back to a draft, out of the school's sight, to be corrected and published again."""
    return workflows.transition_apply(report, "withdraw", by=user, why=why, changes={"published_at": None})
