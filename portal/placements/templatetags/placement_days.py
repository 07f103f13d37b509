"""A placement's school days on its pages: the rows of the attendance page's week tables
(`selectors.placement_register`), drawn in Python, and a date filter whose labels are kept. A placement
has a row for every school day of its weeks at the unit, and drawn by the template language they took
most of the attendance page's time; everything shown is escaped, as in a template.

{% load placement_days %}{% register_week_rows week school.name %}, {{ day|school_day:"D j M" }},
{{ days|school_days:"D j M" }} (the days' labels joined by commas)
"""

from functools import lru_cache

from django import template
from django.template.defaultfilters import date
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language

from portal.placements.models import KeptBy

register = template.Library()

ROW = '<tr>\n  <th scope="row">{}</th>\n  <td>{}</td>\n  {}\n  <td>{}</td>\n</tr>'
NOT_RECORDED = "Not recorded"
NOT_YET_KNOWN = "Not yet known"
HOME_SCHOOL_REGISTER = "Your own register"
UNIT = "The unit"


@register.simple_tag
def register_week_rows(week, school_name):
    """The rows of `week` (a `selectors.RegisterWeek`): each day, whose register holds it, each session's
    mark (with its note), and for the unit's days the codes for the home school's own register."""
    return format_html_join("\n", ROW, (_row(register_day, school_name) for register_day in week.days))


def _row(register_day, school_name):
    at_home_school = register_day.kept_by == KeptBy.HOME_SCHOOL
    return (
        school_day(register_day.day, "l j F"),
        school_name if at_home_school else UNIT,
        format_html_join("", "<td>{}</td>", ((_mark(session.mark),) for session in register_day.sessions)),
        HOME_SCHOOL_REGISTER
        if at_home_school
        else ", ".join(session.home_school_code or NOT_YET_KNOWN for session in register_day.sessions),
    )


@register.filter
def school_day(day, date_format):
    """`day|date:date_format`, for a date (None gives ""), from labels kept per process: the same few
    hundred school days are drawn on every request."""
    return "" if day is None else _label(day, date_format, get_language())


@register.filter
def school_days(days, date_format):
    return ", ".join(school_day(day, date_format) for day in days)


@lru_cache(maxsize=4096)
def _label(day, date_format, language):
    # The language is part of the key: the names of days and months are translated.
    return date(day, date_format)


def _mark(mark):
    if mark is None:
        return NOT_RECORDED
    return format_html("{} ({})", mark.code, mark.note) if mark.note else mark.code
