"""The site's form renderer writes, in Python, exactly the HTML Django's widget templates write: for every
kind of widget it draws, bound and unbound, with the values templates treat with care (escaping, safe
strings, numbers and dates, lazy and empty labels, True and False attributes), and it leaves to the
templates what it does not draw."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from common.form_renderer import DRAWINGS, WidgetsDrawnInPython

TRICKY = 'Tom & "Jerry" <b>\'s</b>'
GROUPED_CHOICES = [
    ("", "Not recorded"),
    ("/", "Present"),
    ("I&", "Ill <sick>"),
    ("Away", [("M", "Medical"), ("E", gettext_lazy("Excluded"))]),
    (3, 2026),
    (Decimal("1.5"), datetime.date(2026, 12, 7)),
]


class EveryWidgetForm(forms.Form):
    text = forms.CharField(
        widget=forms.TextInput(
            attrs={"class": "input--short", "data-on": True, "data-off": False, "data-safe": mark_safe("<i>")}
        )
    )
    tricky = forms.CharField(
        initial=TRICKY, help_text="A hint", widget=forms.TextInput(attrs={"title": TRICKY})
    )
    safe_value = forms.CharField(initial=mark_safe("<b>kept</b>"))
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    number = forms.IntegerField(
        initial=12000, widget=forms.NumberInput(attrs={"min": 0, "step": Decimal("0.5")})
    )
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(initial=7, widget=forms.HiddenInput)
    date = forms.DateField(initial=datetime.date(2026, 4, 1), widget=forms.DateInput(format="%d/%m/%Y"))
    iso_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(initial=datetime.time(9, 30), widget=forms.TimeInput)
    moment = forms.DateTimeField(initial=datetime.datetime(2026, 4, 1, 9, 30), widget=forms.DateTimeInput)
    url = forms.URLField(widget=forms.URLInput)
    search = forms.CharField(widget=forms.SearchInput)
    phone = forms.CharField(widget=forms.TelInput)
    colour = forms.CharField(initial="#ff0000", widget=forms.ColorInput)
    agreed = forms.BooleanField(required=False, initial=True)
    note = forms.CharField(initial="\nFirst line & <second>", widget=forms.Textarea(attrs={"rows": 3}))
    empty_note = forms.CharField(required=False, widget=forms.Textarea)
    code = forms.ChoiceField(
        choices=GROUPED_CHOICES, initial="I&", widget=forms.Select(attrs={"data-code": True})
    )
    codes = forms.MultipleChoiceField(choices=GROUPED_CHOICES, initial=["/", "M"], required=False)
    answer = forms.NullBooleanField()
    colour_choice = forms.ChoiceField(
        label="Colour", choices=[("r", "Red & <hot>"), ("b", gettext_lazy("Blue"))], widget=forms.RadioSelect
    )
    sizes = forms.MultipleChoiceField(
        choices=[("s", "Small"), ("l", "Large")], widget=forms.CheckboxSelectMultiple, required=False
    )


POSTED = {
    "text": TRICKY,
    "number": "not a number",
    "date": "31/02/2026",
    "agreed": "on",
    "note": "  spaced  ",
    "code": "nope",
    "codes": ["E", "3"],
    "answer": "true",
    "colour_choice": "b",
    "sizes": ["l"],
}


def forms_to_compare(data):
    """The same form drawn by the site's renderer and by Django's own templates."""
    return (
        EveryWidgetForm(data, renderer=WidgetsDrawnInPython()),
        EveryWidgetForm(data, renderer=DjangoTemplates()),
    )


def drawings(form, *, whole_groups=True):
    """Everything a page shows of the form's widgets: each field, and each option of a group on its own,
    with its label around it and without (and the whole group, drawn by Django's group template, unless
    not `whole_groups`)."""
    drawn = {}
    for name in form.fields:
        field = form[name]
        is_group = isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
        if whole_groups or not is_group:
            drawn[name] = str(field)
        if is_group:
            for index, option in enumerate(field):
                drawn[f"{name} option {index}"] = str(option.tag())
                drawn[f"{name} option {index} in its label"] = str(option.tag(wrap_label=True))
    return drawn


@pytest.mark.parametrize("data", [None, POSTED], ids=["blank", "posted with errors"])
def test_every_widget_it_draws_is_the_html_of_django_s_templates(data):
    drawn_in_python, drawn_by_templates = forms_to_compare(data)
    drawn_in_python.is_valid()
    drawn_by_templates.is_valid()

    assert drawings(drawn_in_python) == drawings(drawn_by_templates)


def test_it_draws_those_widgets_without_any_template():
    form, _ = forms_to_compare(POSTED)
    with mock.patch.object(
        DjangoTemplates, "get_template", side_effect=AssertionError("a template was used")
    ):
        drawn = drawings(form, whole_groups=False)

    assert '<option value="I&amp;">Ill &lt;sick&gt;</option>' in drawn["code"]
    # Every widget above is one it draws, but the radio and checkbox groups, which pages draw option by
    # option (`{% form_choices %}`, common/form_fields.py).
    assert {field.widget.template_name for field in EveryWidgetForm.base_fields.values()} - set(DRAWINGS) == {
        "django/forms/widgets/radio.html",
        "django/forms/widgets/checkbox_select.html",
    }


def test_a_value_that_can_be_called_is_left_to_the_templates_which_call_it():
    class Form(forms.Form):
        field = forms.CharField(widget=forms.TextInput(attrs={"data-later": lambda: "called"}))

    assert str(Form(renderer=WidgetsDrawnInPython())["field"]) == str(
        Form(renderer=DjangoTemplates())["field"]
    )


def test_an_option_with_a_template_of_its_own_is_left_to_the_templates():
    class OwnOptions(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    class Form(forms.Form):
        field = forms.ChoiceField(choices=[("a", "A")], widget=OwnOptions)

    assert str(Form(renderer=WidgetsDrawnInPython())["field"]) == str(
        Form(renderer=DjangoTemplates())["field"]
    )


def test_it_is_the_site_s_form_renderer():
    assert isinstance(get_default_renderer(), WidgetsDrawnInPython)
