"""How long each kind of record is kept: THE one place, with the source of each period.

Each entry says what the records are, how many years they are kept, from when that counts, what happens
at the end (deleted, or anonymised: the record stays for the figures and the accounts, with nothing
left that says who it was about) and where the period comes from. `records.rules` says, for each kind
that exists in the code, which records it covers and how they are deleted or anonymised; the daily task
(`records.tasks.apply_retention`) applies it, except to a record under a legal hold.

Sources:
- IRMS: the Information and Records Management Society's *Information Management Toolkit for Schools*,
  version 5 (1 February 2016), its retention guidelines, cited by entry number and title. The toolkit
  is guidance for schools (a pupil referral unit is one), not law; where it gives no entry for a kind,
  the period is the unit's own choice, said as such with its reason.
- Pupil Registration Regulations 2024: The School Attendance (Pupil Registration) (England) Regulations
  2024 (SI 2024/208), regulation 7: every entry in the admission and attendance registers is kept for at
  least six years (the 2006 Regulations' three years no longer apply). Explanatory note:
  https://www.legislation.gov.uk/uksi/2024/208/note/made
- Limitation Act 1980, section 5: six years to bring a claim on a contract (a school's order).
"""

import datetime
from dataclasses import dataclass

from django.db import models

from common.financial_years import FinancialYear

IRMS_TOOLKIT = "IRMS Information Management Toolkit for Schools, version 5 (1 February 2016)"
PUPIL_REGISTRATION_2024 = (
    "The School Attendance (Pupil Registration) (England) Regulations 2024 (SI 2024/208), regulation 7"
)


class AtTheEnd(models.TextChoices):
    DELETE = "delete", "Deleted"
    ANONYMISE = "anonymise", "Anonymised"


def add_years(day: datetime.date, years: int) -> datetime.date:
    """`day` so many years on; 29 February becomes 1 March in a year without one."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 3, 1)


def subtract_years(day: datetime.date, years: int) -> datetime.date:
    """`day` so many years back; 29 February becomes 28 February, so that a record counted from a day up
    to this one is due by `add_years` too."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return datetime.date(day.year - years, 2, 28)


@dataclass(frozen=True)
class RetentionPeriod:
    name: str  # one record, as staff call it
    label: str  # what the kind covers
    years: int
    at_the_end: AtTheEnd
    counts_from: str
    source: str
    # Counted from the end of the financial year (1 April to 31 March) the record's date falls in.
    from_financial_year_end: bool = False

    def ends_on(self, day: datetime.date) -> datetime.date:
        """The day a record whose period counts from `day` goes: kept until the day before."""
        start = FinancialYear.containing(day).next.first_day if self.from_financial_year_end else day
        return add_years(start, self.years)

    def latest_start_due_by(self, today: datetime.date) -> datetime.date:
        """The latest day a record's period may count from for it to go by `today` (`ends_on` of any day
        up to this one is `today` or earlier; of any later day, after `today`)."""
        latest = subtract_years(today, self.years)
        if self.from_financial_year_end:
            return FinancialYear.containing(latest).first_day - datetime.timedelta(days=1)
        return latest

    @property
    def description(self) -> str:
        financial_year = " (from the end of its financial year)" if self.from_financial_year_end else ""
        return f"{self.years} year{'s' if self.years != 1 else ''}{financial_year}"


ADMISSION_ENTRIES = (
    f"{IRMS_TOOLKIT}, section 1.3 Admissions Process, entries 1.3.2 (admission successful: date of "
    "admission + 1 year) and 1.3.3 (unsuccessful: resolution of case + 1 year). A placement request asks "
    "for admission to the unit; the pupil's own SEN file stays with the home school, which keeps it "
    "until the pupil's date of birth + 25 years (entry 5.3.1)."
)
FINANCIAL_ENTRY = (
    f"{IRMS_TOOLKIT}, section 3.3 Accounts and Statements, entry 3.3.5 (invoices, receipts, order books "
    "and requisitions, delivery notices: current financial year + 6 years), matching the six years of "
    "the Limitation Act 1980, section 5"
)
OUTREACH_CHOICE = (
    "The unit's own choice: the toolkit has no entry for an outreach service's advice to other schools. "
    "Kept for the financial year it happened in and the two after, the three years the School use of the "
    "offer report shows when a school renews the Universal Offer; nothing after that needs it."
)

PERIODS = {
    "placement_request": RetentionPeriod(
        name="Placement request",
        label="Placement requests, with their parents and carers, professionals, interventions and "
        "supporting documents (files included)",
        years=1,
        at_the_end=AtTheEnd.ANONYMISE,
        counts_from="its last change once decided or withdrawn (a request still with the panel does not "
        "count down)",
        source=ADMISSION_ENTRIES + " Anonymised, not deleted, so the number of referrals by school, year "
        "group, category and need stays for the SEN information report; parents, professionals, "
        "interventions, documents and the record of who viewed it are deleted.",
    ),
    "unfinished_request": RetentionPeriod(
        name="Unfinished placement request",
        label="Placement requests left as a draft, or returned for information and never sent again, with "
        "what hangs off them (files included)",
        years=1,
        at_the_end=AtTheEnd.DELETE,
        counts_from="its last change",
        source=ADMISSION_ENTRIES + " Deleted, not anonymised: it never became a referral the panel "
        "decided, and a school could otherwise go on writing in an emptied request.",
    ),
    "panel_decision": RetentionPeriod(
        name="Panel decision",
        label="Panel decisions and the actions agreed on them",
        years=1,
        at_the_end=AtTheEnd.ANONYMISE,
        counts_from="the day the panel decided",
        source=ADMISSION_ENTRIES + " A decision is the resolution of that request: its outcome and "
        "meeting stay; its reasons, recommendations, lead professional and agreed actions' text go.",
    ),
    "request_access": RetentionPeriod(
        name="View or download of a request",
        label="Records of who viewed or downloaded a placement request",
        years=1,
        at_the_end=AtTheEnd.DELETE,
        counts_from="the view or download",
        source="The unit's own choice: the toolkit has no entry for a record of access. A year is long "
        "enough to look into a concern about who saw a request, and never longer than the request "
        "itself is kept (its accesses go when the request is anonymised).",
    ),
    "placement": RetentionPeriod(
        name="Placement",
        label="Placements, with their planned dates (the people named, the purpose and the notes) and "
        "their end-of-placement reports",
        years=6,
        at_the_end=AtTheEnd.ANONYMISE,
        counts_from="the placement's end date",
        source=f"{PUPIL_REGISTRATION_2024}: a placement explains the dual registration and attendance "
        "entries it holds, so it is kept as long as its last attendance entry must be. Anonymised, not "
        "deleted: the school, the pupil's category, the dates and the outcome stay for the yearly figures.",
    ),
    "attendance": RetentionPeriod(
        name="Attendance entry",
        label="Attendance entries, morning and afternoon (not in the site yet)",
        years=6,
        at_the_end=AtTheEnd.DELETE,
        counts_from="the session's date (the day the entry is made)",
        source=f"{PUPIL_REGISTRATION_2024}: every entry in the attendance register is kept for at least "
        "six years. Its rule is added to records.rules with the attendance model.",
    ),
    "order": RetentionPeriod(
        name="Order",
        label="Orders, with their invoices, credit notes, card payments, refunds and hours delivered",
        years=6,
        at_the_end=AtTheEnd.ANONYMISE,
        counts_from="the end of the financial year of its last payment, cancellation or refund (or of "
        "the year it is for, when later)",
        source=FINANCIAL_ENTRY + ". Financial records are kept: amounts, numbers and the school stay; "
        "the people's fields (who ordered, paid or refunded, the finance contact, a pupil's initials on a "
        "package, who delivered hours and their notes) are cleared. Invoices are drawn from the order "
        "when asked for, so there is no stored PDF to delete.",
        from_financial_year_end=True,
    ),
    "training_request": RetentionPeriod(
        name="Training request",
        label="Training requests",
        years=6,
        at_the_end=AtTheEnd.ANONYMISE,
        counts_from="the end of the financial year of the agreed date (or of the request, if never agreed)",
        source=FINANCIAL_ENTRY + ": agreed training is the agreement an order invoices, so it is kept as "
        "long as the order. Its notes, who asked, the trainer and who attended are cleared.",
        from_financial_year_end=True,
    ),
    "surgery_booking": RetentionPeriod(
        name="Surgery booking",
        label="Behaviour surgery bookings",
        years=2,
        at_the_end=AtTheEnd.DELETE,
        counts_from="the end of the financial year of the surgery's date",
        source=OUTREACH_CHOICE,
        from_financial_year_end=True,
    ),
    "callback_request": RetentionPeriod(
        name="Call-back",
        label="Advice line call-backs",
        years=2,
        at_the_end=AtTheEnd.DELETE,
        counts_from="the end of the financial year of the request",
        source=OUTREACH_CHOICE,
        from_financial_year_end=True,
    ),
}

KIND_CHOICES = [(kind, period.name) for kind, period in PERIODS.items()]
