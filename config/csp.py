"""Content Security Policy for the Wagtail admin.

The public site runs under the strict policy in settings.SECURE_CSP (scripts only from our own
origin or with the request's nonce). Wagtail's editor still runs a few inline scripts, so admin
responses get a policy that allows them; it stays same-origin for everything else.
"""

from django.conf import settings
from django.utils.csp import CSP

ADMIN_PREFIX = "/admin/"


def admin_policy():
    # A nonce would make browsers ignore 'unsafe-inline', so the admin policy carries none.
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
