"""The `date` and `time` builtins that remember their answers (common/date_filters.py) write what Django's
own filters write, for every kind of value, in every time zone, and forget when the settings change."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Engine, engines
from django.test import override_settings
from django.utils import timezone, translation

from common import date_filters

LONDON = zoneinfo.ZoneInfo("Europe/London")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")

SOURCES = [
    '{{ value|date:"D j M Y" }}',
    '{{ value|date:"j F Y" }}',
    "{{ value|date }}",
    '{{ value|time:"H:i" }}',
    "{{ value|time }}",
]
VALUES = [
    datetime.date(2026, 12, 7),
    datetime.datetime(2026, 7, 1, 9, 30, tzinfo=datetime.UTC),
    datetime.datetime(2026, 12, 7, 16, 45),
    datetime.time(13, 5),
    None,
    "",
    "not a date",
]


def the_site_s(source, context):
    return engines["django"].from_string(source).render(context)


def django_s(source, context):
    return Engine().from_string(source).render(Context(context))


@pytest.fixture(autouse=True)
def empty_memory():
    date_filters._remembered.cache_clear()


def test_the_site_s_templates_use_the_remembering_filters():
    template = engines["django"].from_string("{{ value|date }}{{ value|time }}").template
    used = [node.filter_expression.filters[0][0] for node in template.nodelist]

    assert used == [date_filters.date, date_filters.time]
    the_site_s('{{ value|date:"j M Y" }}{{ value|date:"j M Y" }}', {"value": datetime.date(2026, 1, 5)})
    assert date_filters._remembered.cache_info().hits == 1


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_it_writes_what_django_s_filter_writes_every_time(source, value):
    context = {"value": value}

    assert the_site_s(source, context) == the_site_s(source, context) == django_s(source, context)


def test_one_instant_is_written_in_the_current_time_zone_whatever_was_written_before():
    instant = datetime.datetime(2026, 7, 1, 12, 0, tzinfo=datetime.UTC)
    source = '{{ value|time:"H:i" }}'

    with timezone.override(LONDON):
        in_london = the_site_s(source, {"value": instant})
    with timezone.override(NEW_YORK):
        in_new_york = the_site_s(source, {"value": instant})

    assert (in_london, in_new_york) == ("13:00", "08:00")


def test_the_repeated_hour_when_the_clocks_go_back_is_written_as_each_of_its_two_instants():
    first = datetime.datetime(2026, 10, 25, 0, 30, tzinfo=datetime.UTC)  # 01:30 BST
    second = datetime.datetime(2026, 10, 25, 1, 30, tzinfo=datetime.UTC)  # 01:30 GMT, an hour later
    # Django leaves out the zone of a time the clocks pass twice; the seconds since 1970 tell them apart.
    source = '{{ value|date:"H:i U" }}'

    with timezone.override(LONDON):
        written = [the_site_s(source, {"value": value}) for value in (first, second)]

    assert written == [f"01:30 {int(first.timestamp())}", f"01:30 {int(second.timestamp())}"]


def test_each_language_is_written_in_its_own_format():
    value = datetime.date(2026, 12, 7)

    in_british = the_site_s("{{ value|date }}", {"value": value})
    with translation.override("en-us"):
        in_american = the_site_s("{{ value|date }}", {"value": value})

    assert (in_british, in_american) == ("7 Dec 2026", django_s_in("en-us", "{{ value|date }}", value))
    assert in_british != in_american


def test_a_changed_setting_empties_the_memory():
    the_site_s("{{ value|date }}", {"value": datetime.date(2026, 12, 7)})

    with override_settings(DATE_FORMAT="Y-m-d"):
        assert date_filters._remembered.cache_info().currsize == 0


def django_s_in(language, source, value):
    with translation.override(language):
        return django_s(source, {"value": value})


def test_a_subclass_of_date_goes_to_django_s_filter():
    class FrozenDate(datetime.date):
        pass

    value = FrozenDate(2026, 12, 7)

    assert the_site_s('{{ value|date:"j M Y" }}', {"value": value}) == "7 Dec 2026"
    assert date_filters._remembered.cache_info().currsize == 0
