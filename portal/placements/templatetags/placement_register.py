"""The rows of the week tables on a placement's attendance page (`selectors.placement_register`), drawn
in Python: there is a row for every school day of the pupil's weeks at the unit, and drawn by the
template language they took most of the page's time. Everything shown is escaped, as in a template:
{% load placement_register %}{% register_week_rows week school.name %}"""

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
        day_label(register_day.day, get_language()),
        school_name if at_home_school else UNIT,
        format_html_join("", "<td>{}</td>", ((_mark(session.mark),) for session in register_day.sessions)),
        HOME_SCHOOL_REGISTER
        if at_home_school
        else ", ".join(session.home_school_code or NOT_YET_KNOWN for session in register_day.sessions),
    )


@lru_cache(maxsize=4096)
def day_label(day, language):
    """The day as the `date` filter gives it ("Monday 5 October"), kept: the same few hundred school days
    are drawn on every request. The language is part of the key, since the names are translated."""
    return date(day, "l j F")


def _mark(mark):
    if mark is None:
        return NOT_RECORDED
    return format_html("{} ({})", mark.code, mark.note) if mark.note else mark.code
