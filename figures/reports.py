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
]
