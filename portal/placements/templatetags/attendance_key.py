"""The national attendance codes as pages list them, drawn once per process: they depend on nothing but
`portal.placements.attendance_codes.CODES`, and drawn by the template language for every request (some
thirty codes, twice on the group register) they cost a twentieth of the register's time.

{% load attendance_key %}{% codes_to_type %} (the register's `<option>`s), {% codes_key_rows %} (a table's
rows: code, meaning, how it counts), {% codes_key_terms %} (a description list's terms and meanings)
"""

from functools import cache

from django import template
from django.utils.html import format_html_join
from django.utils.text import capfirst

from portal.placements.attendance_codes import CODES

register = template.Library()


@register.simple_tag
@cache
def codes_to_type():
    return format_html_join(
        "", '<option value="{}">{}</option>', ((c.code, c.meaning) for c in CODES.values())
    )


@register.simple_tag
@cache
def codes_key_rows():
    return format_html_join(
        "",
        '<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>',
        ((c.code, c.meaning, capfirst(c.counted)) for c in CODES.values()),
    )


@register.simple_tag
@cache
def codes_key_terms():
    return format_html_join(
        "", "<div><dt>{}</dt><dd>{}</dd></div>", ((c.code, c.meaning) for c in CODES.values())
    )
