"""A form field with its label, hint and error message, linked for screen readers, drawn in Python (a
builtin template library): {% form_field field %}, and for a group of checkboxes or radios (the GOV.UK
pattern) {% form_choices field %}, whose question is the fieldset's legend, or the page's h1 with
`as_heading=True`; each option may carry a hint (`common.forms.ChoiceGroupWidgetMixin`).

Drawn by templates included once per field, they were most of a form page's template time (a request
section has a dozen fields). The widgets themselves are drawn by the form renderer
(`common.form_renderer`). Everything shown is escaped as a template would.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

ERROR = '<span class="visually-hidden">Error:</span> {}'
BETWEEN_ERRORS = mark_safe("<br>")  # format_html_join escapes a separator that is not marked safe


def errors_html(field, *, error_id):
    """The field's errors, each announced as one, in a paragraph the input is described by; "" if none."""
    if not field.errors:
        return ""
    return format_html(
        '<p class="form-error" id="{}">{}</p>',
        error_id,
        format_html_join(BETWEEN_ERRORS, ERROR, ([e] for e in field.errors)),
    )


def error_class(field):
    return " form-group--error" if field.errors else ""


@register.simple_tag
def form_field(field):
    # The ids are the ones Django's aria-describedby on the input points to.
    return format_html(
        '<div class="form-group{}">\n  <label class="form-label" for="{}">{}</label>\n  {}{}\n  {}\n</div>\n',
        error_class(field),
        field.id_for_label,
        field.label,
        format_html('<p class="form-hint" id="{}_helptext">{}</p>\n  ', field.auto_id, field.help_text)
        if field.help_text
        else "",
        errors_html(field, error_id=f"{field.auto_id}_error"),
        field,
    )


@register.simple_tag
def form_choices(field, *, as_heading=False):
    auto_id = field.auto_id
    described_by = [f"{auto_id}-hint"] * bool(field.help_text) + [f"{auto_id}-error"] * bool(field.errors)
    return format_html(
        '<div class="form-group{}">\n  <fieldset class="fieldset"{}>\n'
        '    <legend class="fieldset__legend{}">{}</legend>\n'
        "    {}{}\n"
        '    <div class="choices">\n{}    </div>\n  </fieldset>\n</div>\n',
        error_class(field),
        format_html(' aria-describedby="{}"', " ".join(described_by)) if described_by else "",
        " fieldset__legend--heading" if as_heading else "",
        format_html("<h1>{}</h1>", field.label) if as_heading else field.label,
        format_html('<p class="form-hint" id="{}-hint">{}</p>\n    ', auto_id, field.help_text)
        if field.help_text
        else "",
        errors_html(field, error_id=f"{auto_id}-error"),
        format_html_join("", "{}", ([option_html(option)] for option in field)),
    )


def option_html(option):
    description = option.data.get("description")
    return format_html(
        '      <div class="choices__item">\n        {}\n'
        '        <label class="choices__label" for="{}">{}</label>\n'
        "        {}\n      </div>\n",
        option.tag(),
        option.id_for_label,
        option.choice_label,
        format_html(
            '<p class="choices__hint form-hint" id="{}-hint">{}</p>', option.id_for_label, description
        )
        if description
        else "",
    )
