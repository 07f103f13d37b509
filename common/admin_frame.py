"""Parts of the Wagtail admin's frame that are the same for everyone, drawn once per process.

Every admin page carries the keyboard shortcuts dialog (Wagtail's `keyboard_shortcuts_dialog` tag: some
thirty translated strings through a dialog, a table and help blocks) and the `wagtail_config` JSON (its
translated strings for scripts, a few URLs and the list of the site's locales, read from the database).
Together they were about a fifth of a bare admin page's time, for output that depends on almost nothing
about the request.

So each is drawn once per process for what it does depend on, and kept:
- the dialog, per language, keyboard layout (Apple or not, from the User-Agent, as Wagtail decides it)
  and whether the person has keyboard shortcuts on: nothing else goes into it, so it is kept for good;
- the configuration, per language, for CONFIG_KEPT_SECONDS (a locale added or renamed shows within that);
  what differs between requests (the CSRF token, the page's content locale, whether the person has
  keyboard shortcuts on) is put in afresh on every page.
A changed language or keyboard shortcuts preference shows on the next page.
"""

import time

from django.middleware.csrf import get_token
from django.utils import translation
from wagtail.admin.templatetags import wagtailadmin_tags
from wagtail.admin.utils import get_keyboard_key_labels_from_request

CONFIG_KEPT_SECONDS = 30
KEYBOARD_SHORTCUTS_DIALOG_TEMPLATE = "wagtailadmin/shared/keyboard_shortcuts_dialog.html"

_kept_dialogs: dict[tuple, str] = {}
_kept_configs: dict[str, tuple[float, dict]] = {}
_draw_keyboard_shortcuts_dialog = wagtailadmin_tags.keyboard_shortcuts_dialog
_draw_wagtail_config = wagtailadmin_tags.wagtail_config


def _keyboard_shortcuts_enabled(user) -> bool:
    """The person's keyboard shortcuts preference, read from the profile the request already loaded."""
    profile = getattr(user, "wagtail_userprofile", None)
    return True if profile is None else bool(profile.keyboard_shortcuts)


def keyboard_shortcuts_dialog(context):
    """Wagtail's keyboard_shortcuts_dialog, kept per language, keyboard layout and preference."""
    request = context["request"]
    key = (
        translation.get_language(),
        # The key labels Wagtail picks for the person's keyboard (Apple's or another's).
        tuple(vars(get_keyboard_key_labels_from_request(request)).items()),
        _keyboard_shortcuts_enabled(request.user),
        wagtailadmin_tags.get_comments_enabled(),
    )
    drawn = _kept_dialogs.get(key)
    if drawn is None:
        template = context.template.engine.get_template(KEYBOARD_SHORTCUTS_DIALOG_TEMPLATE)
        drawn = template.render(context.new(_draw_keyboard_shortcuts_dialog(context)))
        _kept_dialogs[key] = drawn
    return drawn


def wagtail_config(context):
    """Wagtail's wagtail_config: what is the same for everyone kept per language, the rest put in afresh."""
    language = translation.get_language()
    now = time.monotonic()
    kept = _kept_configs.get(language)
    if kept is None or now - kept[0] >= CONFIG_KEPT_SECONDS:
        kept = (now, _draw_wagtail_config(context))
        _kept_configs[language] = kept
    config = dict(kept[1])
    config["CSRF_TOKEN"] = get_token(context["request"])
    # Removed and put back so that the keys keep Wagtail's order.
    config.pop("ACTIVE_CONTENT_LOCALE", None)
    config.pop("KEYBOARD_SHORTCUTS_ENABLED")
    if locale := context.get("locale"):
        config["ACTIVE_CONTENT_LOCALE"] = locale.language_code
    config["KEYBOARD_SHORTCUTS_ENABLED"] = _keyboard_shortcuts_enabled(context["request"].user)
    return config


def keep_frame_per_process():
    """Called once at start-up (home.apps), before any template is compiled: the admin's templates then
    use the kept parts. On upgrading Wagtail, check that `keyboard_shortcuts_dialog` and `wagtail_config`
    (wagtail/admin/templatetags/wagtailadmin_tags.py) still depend only on what is in their keys above."""
    wagtailadmin_tags.register.simple_tag(
        keyboard_shortcuts_dialog, takes_context=True, name="keyboard_shortcuts_dialog"
    )
    wagtailadmin_tags.register.simple_tag(wagtail_config, takes_context=True, name="wagtail_config")


def forget_kept_frame():
    """Drop every kept part (the tests start each from none)."""
    _kept_dialogs.clear()
    _kept_configs.clear()
