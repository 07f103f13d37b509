"""Demo end-of-placement report: Oakfield's finished placement has its report written and published, as
the unit's staff do in the admin (called from `demo.py` when that placement is made)."""

from portal.placements.services import reports as report_services

PROGRESS = (
    "The pupil settled into the small group within the first fortnight and now starts most mornings "
    "calmly after a short check-in. Of the three targets set at the start, two were met: staying in "
    "lessons for the whole morning, and asking an adult for a break before feelings run high. Reading "
    "with an adult each day became a routine the pupil looked forward to; this target is partly met. "
    "The wellbeing score rose steadily from the start to the end of the placement."
)
RECOMMENDATIONS = (
    "Keep the morning check-in with a familiar adult for at least the first half term back.\n"
    "Give warning before changes to the timetable, and a quiet place to go when the class gets loud.\n"
    "Carry on the daily reading with an adult, and share a short note with home each Friday.\n"
    "The SENCo reviews progress with the family after six weeks."
)
PROGRAMME = (
    "Week one: mornings in class with the key worker close by, afternoons at the unit.\n"
    "Week two: full days in class, with the unit's two supported visits on the Tuesday and the Thursday.\n"
    "The key worker and the unit's outreach teacher speak each Friday until half term."
)


def publish_report(placement, *, staff, stdout):
    report = report_services.report_write(
        placement=placement,
        user=staff,
        progress=PROGRESS,
        recommendations=RECOMMENDATIONS,
        reintegration_programme=PROGRAMME,
    )
    report_services.report_publish(report=report, user=staff)
    stdout.write(f"Published the end-of-placement report on Oakfield's placement {placement.reference}.")
