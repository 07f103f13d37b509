"""Django's `date` and `time` filters, their answers remembered in each process (builtins after Django's).

Django draws each date through its general formatter, a method call per character of the format on an
object made for the value: a portal table of surgeries draws fifty dates and times a page, an eighth of the
page's instructions. What a format gives depends only on what is remembered here with it: the value, its
time zone and fold (an aware value has already been put into the current time zone by the template), the
format and the language. Only plain dates, datetimes and times are remembered; anything else (a string,
None, a subclass such as a test's frozen date) goes to Django's filter every time. The formats come from
the settings, which do not change while a process runs except in tests, which empty the memory through
`setting_changed`.
"""

import datetime
import functools

from django import template
from django.core.signals import setting_changed
from django.template import defaultfilters
from django.utils import translation

register = template.Library()

# Each entry is one short string: a year of surgery dates and times in every format the site uses fits.
REMEMBERED_ANSWERS = 4096


@functools.lru_cache(maxsize=REMEMBERED_ANSWERS)
def _remembered(django_filter, value, zone, fold, value_format, language):
    return django_filter(value, value_format)


setting_changed.connect(lambda **kwargs: _remembered.cache_clear(), weak=False)


def _answer(django_filter, kinds, value, value_format):
    if type(value) not in kinds:
        return django_filter(value, value_format)
    zone = getattr(value, "tzinfo", None)
    fold = getattr(value, "fold", 0)
    return _remembered(django_filter, value, zone, fold, value_format, translation.get_language())


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's `date` filter, same arguments and output."""
    return _answer(defaultfilters.date, (datetime.date, datetime.datetime), value, arg)


@register.filter(expects_localtime=True, is_safe=False)
def time(value, arg=None):
    """Django's `time` filter, same arguments and output."""
    return _answer(defaultfilters.time, (datetime.time, datetime.datetime), value, arg)
