"""The reports the figures app offers, in the order the admin's Figures page lists them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Report:
    title: str
    url_name: str
    summary: str


# Each report's admin view adds itself here as it is built.
REPORTS: list[Report] = []
