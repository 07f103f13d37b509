"""The reports the figures app offers, in the order the admin's Figures page lists them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Report:
    title: str
    url_name: str
    summary: str


REPORTS = [
    Report(
        title="SEN information report: referral placements",
        url_name="figures_admin_sen_report",
        summary=(
            "Pupils on referral placements by year group and sex, and where they went next, worked out from "
            "the placements, beside the figures the report holds; copy them into a draft of the report."
        ),
    ),
    Report(
        title="The panel's statistics for the local authority",
        url_name="figures_admin_panel",
        summary=(
            "Requests per panel meeting and per district, the panel's decisions, days from sending to "
            "decision, requests returned for more information and places used each week, each as a CSV too."
        ),
    ),
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
