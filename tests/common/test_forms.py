"""Showing a service's refusal: on the form that asked, or as a message on the next page."""

import datetime

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from common.errors import DomainError
from common.forms import (
    DatePicker,
    refusal_flashed,
    refusal_shown_on,
)


class NameForm(forms.Form):
    name = forms.CharField()


def test_a_refusal_naming_a_field_shows_beside_it_and_the_view_goes_on():
    form = NameForm({"name": "Oak"})
    assert form.is_valid()
    with refusal_shown_on(form):
        raise DomainError("That name is taken.", field="name")
    assert form.errors == {"name": ["That name is taken."]}


def test_a_refusal_naming_no_field_shows_at_the_top_of_the_form():
    form = NameForm({"name": "Oak"})
    assert form.is_valid()
    with refusal_shown_on(form):
        raise DomainError("The basket has changed.")
    assert form.non_field_errors() == ["The basket has changed."]


def test_without_a_refusal_the_form_keeps_no_errors():
    form = NameForm({"name": "Oak"})
    assert form.is_valid()
    with refusal_shown_on(form):
        pass
    assert not form.errors


def test_a_refusal_without_a_form_becomes_an_error_message():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    with refusal_flashed(request):
        raise DomainError("The invitation has been accepted already.")
    assert [(message.level_tag, message.message) for message in get_messages(request)] == [
        ("error", "The invitation has been accepted already.")
    ]


def test_a_date_picker_shows_its_date_the_way_the_browser_reads_it():
    class Form(forms.Form):
        on = forms.DateField(widget=DatePicker())

    rendered = str(Form(initial={"on": datetime.date(2026, 4, 1)})["on"])

    assert 'type="date"' in rendered
    assert 'value="2026-04-01"' in rendered
