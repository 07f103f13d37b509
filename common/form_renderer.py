"""The site's form renderer: Django's own, with its commonest widget templates drawn in Python.

Django draws every text box, text area, list and each radio or checkbox of a group with templates (the
input's, which includes one for its attributes, and one more per option of a list): on a request section
page, a tenth of the request. This renderer writes the same HTML in Python for those templates:
the values go through the template engine's own functions (its `stringformat` filter and the way a
template shows a value: localised, escaped unless marked safe), so nothing differs but the time.

Anything else goes to the templates as before: another widget's template (Wagtail's, the GOV.UK
groups'), and any widget whose values a template would treat specially (a value that can be called,
an option drawn with a template of its own). tests/common/test_form_renderer.py holds every drawing to
the templates' HTML, byte for byte, and fails if Django's templates change.
"""

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
# The templates that are nothing but `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "email",
        "number",
        "password",
        "date",
        "datetime",
        "time",
        "url",
        "search",
        "tel",
        "color",
        "hidden",
        "checkbox",
    )
)
OPTION_TEMPLATES = frozenset({f"{WIDGETS}radio_option.html", f"{WIDGETS}checkbox_option.html"})
SELECT_OPTION_TEMPLATE = f"{WIDGETS}select_option.html"


class LeftToTemplates(Exception):
    """A widget's values are ones a template treats specially: draw it with the templates instead."""


class _TemplateContext:
    """What `render_value_in_context` reads of the context a widget template is rendered in."""

    autoescape = True
    use_l10n = None
    use_tz = None


TEMPLATE_CONTEXT = _TemplateContext()


def _plain(value):
    # A template calls a value that can be called; such widgets are left to the templates.
    if callable(value):
        raise LeftToTemplates
    return value


def shown(value):
    """`{{ value }}`."""
    return render_value_in_context(_plain(value), TEMPLATE_CONTEXT)


def shown_as_text(value):
    """`{{ value|stringformat:'s' }}` (the filter keeps a safe value safe)."""
    text = stringformat(_plain(value), "s")
    return shown(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308 (was safe already)


def attributes(attrs):
    """attrs.html: ` name="value"`, ` name` alone for True, nothing for False."""
    return "".join(
        f" {shown(name)}" if value is True else f' {shown(name)}="{shown_as_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def input_html(widget):
    """input.html, with the newline that ends the file (it matters where another template includes it)."""
    value = _plain(widget["value"])
    shown_value = "" if value is None else f' value="{shown_as_text(value)}"'
    return (
        f'<input type="{shown(widget["type"])}" name="{shown(widget["name"])}"{shown_value}'
        f"{attributes(widget['attrs'])}>\n"
    )


def option_input_html(widget):
    """input_option.html: a radio or checkbox of a group, in its label when `wrap_label`."""
    if not _plain(widget.get("wrap_label")):
        return input_html(widget)
    label_id = _plain(widget["attrs"].get("id"))
    label_for = f' for="{shown(label_id)}"' if label_id else ""
    return f"<label{label_for}>{input_html(widget)} {shown(widget['label'])}</label>\n"


def textarea_html(widget):
    value = _plain(widget["value"])
    text = shown(value) if value else ""
    return f'<textarea name="{shown(widget["name"])}"{attributes(widget["attrs"])}>\n{text}</textarea>\n'


def select_html(widget):
    groups = []
    for group_name, options, _index in widget["optgroups"]:
        if _plain(group_name):
            groups.append(f'\n  <optgroup label="{shown(group_name)}">')
        for option in options:
            if option["template_name"] != SELECT_OPTION_TEMPLATE:
                raise LeftToTemplates
            # Each option ends in the newline that ends select_option.html.
            groups.append(
                f'\n  <option value="{shown_as_text(option["value"])}"{attributes(option["attrs"])}>'
                f"{shown(option['label'])}</option>\n"
            )
        if group_name:
            groups.append("\n  </optgroup>")
    return (
        f'<select name="{shown(widget["name"])}"{attributes(widget["attrs"])}>{"".join(groups)}\n</select>\n'
    )


DRAWINGS = {
    **dict.fromkeys(INPUT_TEMPLATES, input_html),
    **dict.fromkeys(OPTION_TEMPLATES, option_input_html),
    f"{WIDGETS}textarea.html": textarea_html,
    f"{WIDGETS}select.html": select_html,
}


class WidgetsDrawnInPython(DjangoTemplates):
    """`FORM_RENDERER`: Django's default renderer, drawing the templates of `DRAWINGS` in Python."""

    def render(self, template_name, context, request=None):
        drawing = DRAWINGS.get(template_name)
        if drawing is not None:
            try:
                # BaseRenderer.render strips what a template writes; so does this.
                return drawing(context["widget"]).strip()
            except (LeftToTemplates, KeyError):  # a key a template would show as nothing
                pass
        return super().render(template_name, context, request=request)
