"""The reports the figures app offers, in the order the admin's Figures page lists them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Report:
    title: str
    url_name: str
    summary: str


# Each report's admin view adds itself here as it is built.
REPORTS: list[Report] = [
    Report(
        title="Outreach year in review",
        url_name="figures_admin_outreach",
        summary=(
            "A financial year of the outreach service beside the year before, overall and by district: the "
            "Universal Support Offer, packages, hours, pupils supported, surgeries, calls and training; a "
            "one-page summary to print and a CSV for the annual report."
        ),
    ),
]
