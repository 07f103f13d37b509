"""Loaded by Wagtail at start-up: importing each admin module registers its screens."""

from portal.wagtail_admin import panel, schools, two_factor  # noqa: F401
