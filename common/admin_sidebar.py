"""Wagtail's admin sidebar, drawn once per person and kept for a short while by each process.

Every admin page carries the sidebar's menu as JSON (Wagtail's `sidebar_props` tag). Building it asks every
menu item whether to show itself (permission checks, the page explorer's starting page) and then packs the
whole menu, with each item's script and style sheet, through telepath: about a fifth of a typical admin
page's time, for a menu that is the same from one page to the next for the same person.

So the menu drawn for a person is kept, keyed on what it is drawn from that a request already knows: who
they are (their name shows in it), whether they are a superuser or else every model permission they hold
(loaded once per request anyway by the pages' own permission checks), and the language. A change to any of
these shows on the next page. What is not in the key (a group's page or collection permissions, which move
the page explorer's starting point; a new avatar) shows within SIDEBAR_KEPT_SECONDS. The menu only offers
links: every page still checks the person's permissions itself.
"""

import time

from django.utils import translation
from wagtail.admin.templatetags import wagtailadmin_tags

SIDEBAR_KEPT_SECONDS = 30
# People's menus kept by one process at most; the oldest goes first.
MOST_KEPT = 500

_kept: dict[tuple, tuple[float, str]] = {}
_draw_sidebar = wagtailadmin_tags.sidebar_props


def _drawn_from(user) -> tuple:
    """What a person's menu is drawn from, as far as this request already knows it."""
    permissions = "superuser" if user.is_superuser else frozenset(user.get_all_permissions())
    return (user.pk, user.get_username(), user.first_name, permissions, translation.get_language())


def sidebar_props(context):
    """Wagtail's sidebar_props, kept per person (see above)."""
    key = _drawn_from(context["request"].user)
    now = time.monotonic()
    kept = _kept.get(key)
    if kept is not None and now - kept[0] < SIDEBAR_KEPT_SECONDS:
        return kept[1]
    drawn = _draw_sidebar(context)
    _kept.pop(key, None)
    if len(_kept) >= MOST_KEPT:
        _kept.pop(next(iter(_kept)), None)
    _kept[key] = (now, drawn)
    return drawn


def keep_sidebar_per_person():
    """Called once at start-up (home.apps), before any template is compiled: the admin's templates then
    use the kept sidebar. Check `sidebar_props` (wagtail/admin/templatetags/wagtailadmin_tags.py) still
    depends only on the request's user and language on upgrading Wagtail."""
    wagtailadmin_tags.register.simple_tag(sidebar_props, takes_context=True, name="sidebar_props")


def forget_kept_sidebars():
    """Drop every kept menu (the tests start each from none)."""
    _kept.clear()
