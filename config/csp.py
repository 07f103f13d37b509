"""Content Security Policy for the Wagtail admin.

The whole site, admin included, runs under settings.SECURE_CSP: scripts only from our own origin or
with the request's nonce, never inline. Wagtail 8's admin writes no nonce on its inline scripts, so
the ones it writes are replaced by `<admin-init>` elements that static/js/admin-init.js starts: the
InlinePanel and MultipleChooserPanel templates and the date, time and date-time pickers
(home/templates/wagtailadmin/), and the chooser widgets, whose script Wagtail builds in Python
(common/admin_scripts.py).

Two things stay looser:
- search promotions' add and edit pages (wagtail.contrib.search_promotions) run a page of inline
  formset and chooser code written for them; rewriting it would mean keeping a copy of Wagtail's
  code, so those two views alone allow inline scripts.
- styles keep 'unsafe-inline' everywhere (settings.SECURE_CSP) because Draftail, Wagtail's rich
  text editor, adds <style> elements to the page (for its block and list-depth styles; seen in the
  browser as style-src-elem violations from wagtailadmin/js/vendor.js). No style attribute in the
  admin pages tests/e2e/test_admin_csp.py opens needed it.
"""

from django.conf import settings
from django.middleware.csp import get_nonce
from django.utils.csp import CSP

ADMIN_PREFIX = "/admin/"
VIEWS_WITH_INLINE_SCRIPTS = {"wagtailsearchpromotions:add", "wagtailsearchpromotions:edit"}


def inline_scripts_policy():
    # A nonce would make browsers ignore 'unsafe-inline', so this policy carries none.
    return {**settings.SECURE_CSP, "script-src": [CSP.SELF, CSP.UNSAFE_INLINE]}


class AdminContentSecurityPolicyMiddleware:
    """Loosen the policy for the admin views that cannot work without inline scripts, and always give
    admin pages a nonce, which our own admin templates may use on a script (`{{ csp_nonce }}`).

    Must sit after Django's CSP middleware in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(ADMIN_PREFIX) or hasattr(response, "_csp_config"):
            return response
        match = request.resolver_match
        if match is not None and match.view_name in VIEWS_WITH_INLINE_SCRIPTS:
            response._csp_config = inline_scripts_policy()
        else:
            str(get_nonce(request))  # Django writes the nonce into the header only once it is used.
        return response
