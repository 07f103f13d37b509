"""Content Security Policy for the Wagtail admin.

The public site runs under the strict policy in settings.SECURE_CSP (scripts only from our own
origin or with the request's nonce). Wagtail's editor still runs a few inline scripts, so admin
responses get a policy that allows them; it stays same-origin for everything else.
"""

from django.conf import settings
from django.utils.csp import CSP

ADMIN_PREFIX = "/admin/"


def admin_policy():
    # Wagtail 8's admin still writes inline scripts that carry no nonce: InlinePanel's and
    # MultipleChooserPanel's start-up (wagtailadmin/panels/*.html), the date, time and date-time
    # pickers (wagtailadmin/widgets/*_input.html, rendered by the form renderer, which has no request
    # and so no nonce; the page editor's scheduling dialog uses them), and search promotions' add and
    # edit pages. A nonce would make browsers ignore 'unsafe-inline', breaking those, so the admin
    # policy carries none. Styles keep 'unsafe-inline' everywhere (settings.SECURE_CSP): Wagtail sets
    # style attributes in its markup.
    return {**settings.SECURE_CSP, "script-src": [CSP.SELF, CSP.UNSAFE_INLINE]}


class AdminContentSecurityPolicyMiddleware:
    """Give admin responses the admin policy. Must sit after Django's CSP middleware in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(ADMIN_PREFIX) and not hasattr(response, "_csp_config"):
            response._csp_config = admin_policy()
        return response
