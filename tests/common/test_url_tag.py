"""The `{% url %}` builtin that remembers its answers (common/url_tag.py) writes what Django's own writes,
for every kind of argument, and forgets when the URLconf or the script prefix changes."""

import pytest
from django.http import HttpResponse
from django.template import Context, Engine, engines
from django.test import override_settings
from django.urls import NoReverseMatch, path, set_script_prefix

from common.url_tag import RememberedURLNode

urlpatterns = [
    path("elsewhere/search/", lambda request: HttpResponse(), name="search"),
    path("find/<str:term>/", lambda request, term: HttpResponse(), name="find"),
    path("orders/<int:pk>/", lambda request, pk: HttpResponse(), name="order"),
]

TEMPLATES = [
    "{% url 'search' %}",
    "{% url 'orders:order' 5 %}",
    "{% url 'orders:order' pk=5 %}",
    "{% url 'orders:order' order_id %}",
    "{% url 'orders:order' order_id as address %}[{{ address }}]",
    "{% url 'no-such-route' as address %}[{{ address }}]",
    "{% url route_name %}",
]
CONTEXT = {"order_id": 7, "route_name": "portal:home"}


def the_site_s(source, context=CONTEXT):
    return engines["django"].from_string(source).render(context)


def django_s(source, context=CONTEXT):
    return Engine().from_string(source).render(Context(context))


def test_the_site_s_templates_use_the_remembering_tag():
    template = engines["django"].from_string("{% url 'search' %}").template

    assert isinstance(template.nodelist[0], RememberedURLNode)


@pytest.mark.parametrize("source", TEMPLATES)
def test_it_writes_what_django_s_tag_writes_every_time(source):
    assert the_site_s(source) == the_site_s(source) == django_s(source)


def test_a_missing_route_still_fails_loudly():
    with pytest.raises(NoReverseMatch):
        the_site_s("{% url 'no-such-route' %}")


@override_settings(ROOT_URLCONF=__name__)
def test_arguments_are_escaped_as_django_escapes_them():
    source = "{% url 'find' 'a&b' %} {% url 'find' term %}"

    assert the_site_s(source, {"term": "<x>"}) == django_s(source, {"term": "<x>"})
    assert "a&amp;b" in the_site_s(source, {"term": "<x>"})


def test_true_is_not_taken_for_one():
    with override_settings(ROOT_URLCONF=__name__):
        source = "{% url 'find' value %}"
        assert the_site_s(source, {"value": 1}) == "/find/1/"
        assert the_site_s(source, {"value": True}) == "/find/True/"


def test_another_urlconf_gets_its_own_addresses():
    before = the_site_s("{% url 'search' %}")

    with override_settings(ROOT_URLCONF=__name__):
        during = the_site_s("{% url 'search' %}")

    assert (before, during, the_site_s("{% url 'search' %}")) == (
        "/search/",
        "/elsewhere/search/",
        "/search/",
    )


def test_the_script_prefix_is_part_of_the_address():
    the_site_s("{% url 'search' %}")
    set_script_prefix("/mounted/")
    try:
        assert the_site_s("{% url 'search' %}") == "/mounted/search/"
    finally:
        set_script_prefix("/")
