"""Wagtail's admin widgets started without inline scripts, so the admin's CSP can refuse them (config/csp.py).

Where Wagtail writes `<script>new PageChooser(…)</script>` or similar, we write an `<admin-init>`
element naming the initialiser and its arguments; static/js/admin-init.js (loaded on every admin page,
home/wagtail_hooks.py) runs it as soon as the element is in the document. The templates that did the
same are overridden in home/templates/wagtailadmin/.
"""

import json

from django.utils.html import format_html
from wagtail.admin.widgets import BaseChooser
from wagtail.admin.widgets.workflows import AdminTaskChooser


def admin_init(initialiser, *, element_id, options=None):
    """The `<admin-init>` element that runs one of Wagtail's widget initialisers for element_id."""
    if options is None:
        return format_html('<admin-init data-init="{}" data-id="{}"></admin-init>', initialiser, element_id)
    return format_html(
        '<admin-init data-init="{}" data-id="{}" data-options="{}"></admin-init>',
        initialiser,
        element_id,
        json.dumps(options),
    )


def render_chooser(widget, name, value, attrs=None, renderer=None):
    """BaseChooser.render of Wagtail 8.0 (wagtail/admin/widgets/chooser.py), with the inline script
    that starts the chooser replaced by an `<admin-init>` element.

    Wagtail builds that script in Python (render_js_init: `new <js_constructor>(id, options)`, or
    `createTaskChooser(id)` for workflow tasks), so there is no template to override.
    """
    try:
        element_id = attrs["id"]
    except (KeyError, TypeError) as error:
        raise TypeError("BaseChooser cannot be rendered without an 'id' attribute") from error
    value_data = widget.get_value_data(value)
    if isinstance(widget, AdminTaskChooser):
        start = admin_init("createTaskChooser", element_id=element_id)
    else:
        options = widget.get_js_init_options(element_id, name, value_data)
        start = admin_init(widget.js_constructor, element_id=element_id, options=options)
    return format_html("{}{}", widget.render_html(name, value_data, attrs), start)


def start_choosers_without_inline_scripts():
    """Called once at start-up (home.apps); check render_chooser against BaseChooser.render on upgrading."""
    BaseChooser.render = render_chooser
