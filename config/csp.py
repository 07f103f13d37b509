"""Content Security Policy for the Wagtail admin.

The whole site, admin included, runs under settings.SECURE_CSP: scripts only from our own origin or
with the request's nonce, never inline. Wagtail 8's admin puts no nonce on its inline scripts, so
they are replaced by `<admin-init>` elements that static/js/admin-init.js starts: in the InlinePanel
and MultipleChooserPanel templates, the date, time and date-time pickers and search promotions' add
and edit pages (overridden in home/templates/), and in the chooser widgets, whose script Wagtail
builds in Python (common/admin_scripts.py).

Styles keep 'unsafe-inline' (settings.SECURE_CSP) because Draftail, Wagtail's rich text editor, adds
<style> elements to the page for its block and list-depth styles (seen in the browser as
style-src-elem violations from wagtailadmin/js/vendor.js). No style attribute on the admin pages
tests/e2e/test_admin_csp.py opens needs it.
"""

from django.middleware.csp import get_nonce

ADMIN_PREFIX = "/admin/"


class AdminContentSecurityPolicyMiddleware:
    """Give every admin page a nonce in its policy, for our own admin templates' scripts
    (`{{ csp_nonce }}`). Must sit after Django's CSP middleware in MIDDLEWARE, which writes the header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(ADMIN_PREFIX):
            str(get_nonce(request))  # Django adds the nonce to the header only once something used it.
        return response
