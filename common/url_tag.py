"""Django's `{% url %}` tag, its answers remembered in each process (a builtin, after Django's own).

Reversing a URL matches the name against every pattern and checks the arguments against each candidate:
a portal page with a table of orders reverses forty addresses, which cost more than the rest of its
template. An address depends only on what is remembered here with it: the name, the arguments, the
current app (namespaces), the URLconf and the script prefix. Only addresses whose arguments are plain
numbers and strings (ids, slugs) are remembered; anything else is reversed every time, as Django does.
The URLconf does not change while a process runs except in tests (`override_settings(ROOT_URLCONF=...)`),
which empty the memory through `setting_changed`.
"""

import functools

from django import template
from django.core.signals import setting_changed
from django.template import defaulttags
from django.urls import get_script_prefix, get_urlconf, reverse
from django.urls.exceptions import NoReverseMatch
from django.utils.html import conditional_escape

register = template.Library()

# Each entry is one address: a few hundred bytes. The busiest pages' rows stay in.
REMEMBERED_ADDRESSES = 8192


@functools.lru_cache(maxsize=REMEMBERED_ADDRESSES)
def _remembered_reverse(view_name, args, kwargs, current_app, urlconf, script_prefix):
    return reverse(view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app)


setting_changed.connect(lambda **kwargs: _remembered_reverse.cache_clear(), weak=False)


def _is_plain(value):
    # Not bool, whose str() differs from its equal int's, nor a model (its str() is its own business).
    return type(value) in (int, str)


class RememberedURLNode(defaulttags.URLNode):
    def render(self, context):
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = tuple((name, value.resolve(context)) for name, value in self.kwargs.items())
        view_name = self.view_name.resolve(context)
        if not (isinstance(view_name, str) and all(map(_is_plain, args + tuple(v for _n, v in kwargs)))):
            return super().render(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = _remembered_reverse(
                view_name, args, kwargs, current_app, get_urlconf(), get_script_prefix()
            )
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    """Django's `{% url %}`, same syntax and output."""
    node = defaulttags.url(parser, token)
    return RememberedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
