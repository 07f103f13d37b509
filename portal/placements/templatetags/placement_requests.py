"""Template helpers for the placement request forms."""

from django import forms, template

register = template.Library()


@register.filter
def field_kind(bound_field):
    """How the section form shows a field: "choices" (a radio or checkbox group), "checkbox" (one
    checkbox) or "field" (a label and an input)."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "field"
