"""`{% form_field %}` and `{% form_choices %}` draw what the templates they replaced drew."""

from datetime import date

import pytest
from django import forms
from django.template import Context, Template
from django.test.html import parse_html
from django.utils.safestring import mark_safe

from common.forms import Checkboxes, Radios
from portal.placements.factories import PlacementRequestFactory
from portal.placements.forms import section_form_class
from portal.placements.sections import SECTIONS

# templates/components/field.html and choices.html as they were before common/form_fields.py drew them:
# the reference. One change is meant: a group with an error and no hint is described by its error alone,
# without the space the template put before the error's id.
FIELD_TEMPLATE = (
    '<div class="form-group{% if field.errors %} form-group--error{% endif %}">'
    '<label class="form-label" for="{{ field.id_for_label }}">{{ field.label }}</label>'
    '{% if field.help_text %}<p class="form-hint" id="{{ field.auto_id }}_helptext">{{ field.help_text }}</p>'
    "{% endif %}"
    '{% if field.errors %}<p class="form-error" id="{{ field.auto_id }}_error">'
    "{% for error in field.errors %}"
    '<span class="visually-hidden">Error:</span> {{ error }}{% if not forloop.last %}<br>{% endif %}'
    "{% endfor %}</p>{% endif %}"
    "{{ field }}</div>"
)
CHOICES_TEMPLATE = (
    '<div class="form-group{% if field.errors %} form-group--error{% endif %}">'
    '<fieldset class="fieldset"{% if field.help_text or field.errors %} aria-describedby="'
    "{% if field.help_text %}{{ field.auto_id }}-hint{% endif %}"
    "{% if field.errors %}{% if field.help_text %} {% endif %}{{ field.auto_id }}-error{% endif %}"
    '"{% endif %}>'
    '<legend class="fieldset__legend{% if as_heading %} fieldset__legend--heading{% endif %}">'
    "{% if as_heading %}<h1>{{ field.label }}</h1>{% else %}{{ field.label }}{% endif %}</legend>"
    '{% if field.help_text %}<p class="form-hint" id="{{ field.auto_id }}-hint">{{ field.help_text }}</p>'
    "{% endif %}"
    '{% if field.errors %}<p class="form-error" id="{{ field.auto_id }}-error">'
    "{% for error in field.errors %}"
    '<span class="visually-hidden">Error:</span> {{ error }}{% if not forloop.last %}<br>{% endif %}'
    "{% endfor %}</p>{% endif %}"
    '<div class="choices">{% for option in field %}<div class="choices__item">{{ option.tag }}'
    '<label class="choices__label" for="{{ option.id_for_label }}">{{ option.choice_label }}</label>'
    '{% if option.data.description %}<p class="choices__hint form-hint" id="{{ option.id_for_label }}-hint">'
    "{{ option.data.description }}</p>{% endif %}</div>{% endfor %}</div></fieldset></div>"
)


def drawn(source, field, **extra):
    return Template(source).render(Context({"field": field, **extra}))


def assert_drawn_as_before(field, **extra):
    tag = "form_choices" if isinstance(field.field.widget, Checkboxes | Radios) else "form_field"
    reference = CHOICES_TEMPLATE if tag == "form_choices" else FIELD_TEMPLATE
    arguments = " as_heading=True" if extra.get("as_heading") else ""
    assert parse_html(drawn(f"{{% {tag} field{arguments} %}}", field)) == parse_html(
        drawn(reference, field, **extra)
    ), field.name


class Route(Radios):
    descriptions = {"new": "For a school not yet <registered> & listed.", "join": ""}


class EveryKindForm(forms.Form):
    name = forms.CharField(label="Your name <as on the register>", help_text="First & last")
    email = forms.EmailField(label="Email")
    reason = forms.CharField(label="Reason", widget=forms.Textarea, help_text=mark_safe("Say <em>why</em>"))
    year = forms.ChoiceField(label="Year group", choices=[("", "Choose"), ("3", "Year 3"), ("4", "Year 4")])
    agree = forms.BooleanField(label="I agree", required=False)
    route = forms.ChoiceField(
        label="How do you want to start?",
        choices=[("new", "Register a new school"), ("join", "Join a school")],
        widget=Route,
        help_text="Choose one",
    )
    roles = forms.MultipleChoiceField(
        label="Roles",
        choices=[("admin", "Administrator"), ("finance", "Finance & buying")],
        widget=Checkboxes,
    )

    def clean_name(self):
        raise forms.ValidationError(["Too short.", "Not a <name>."])


@pytest.mark.parametrize(
    "data",
    [None, {}, {"name": "A", "email": "not an email", "year": "9", "route": "new", "roles": ["nobody"]}],
    ids=["unbound", "empty", "wrong"],
)
def test_every_kind_of_field_is_drawn_as_the_templates_drew_it(data):
    form = EveryKindForm(data)
    if data is not None:
        form.is_valid()

    for field in form:
        assert_drawn_as_before(field)
    assert_drawn_as_before(form["route"], as_heading=True)


def test_a_group_with_an_error_and_no_hint_is_described_by_its_error():
    form = EveryKindForm({})
    form.is_valid()

    html = drawn("{% form_choices field %}", form["roles"])

    assert 'aria-describedby="id_roles-error"' in html
    assert '<p class="form-error" id="id_roles-error"><span class="visually-hidden">Error:</span> ' in html


def test_the_request_sections_fields_are_drawn_as_the_templates_drew_them(db):
    for section in SECTIONS:
        if section.is_list or not section.fields:
            continue
        form_class = section_form_class(section)
        for data in (None, dict.fromkeys(section.fields, "not a real answer" * 40)):
            form = form_class(data, instance=PlacementRequestFactory(), today=date(2026, 11, 16))
            if data is not None:
                form.is_valid()
            for field in form:
                assert_drawn_as_before(field)
