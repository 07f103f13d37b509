"""Who may open a portal page: signed in with a verified email, acting for a school, with the role."""

from functools import wraps

from allauth.account.decorators import verified_email_required
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from portal.schools import selectors

SESSION_SCHOOL_KEY = "portal_school_id"

# What each capability needs, in words for the page that explains a refusal.
CAPABILITY_ROLES = {
    "can_manage_people": "administrator",
    "can_buy": "administrator or finance",
    "can_refer": "referrer",
    "can_book": "any role",
}


def portal_view(view_func):
    """Signed in with a verified email address (allauth re-sends the link to anyone who is not)."""
    return verified_email_required(view_func)


def membership_view(view_func):
    """A `portal_view` that acts through the person's membership: the view gets it as
    `request.membership` (None without a school, see `current_membership`).

    The membership's query also says whether the person has a verified email address, so a member is let
    through without allauth's query of its own; anyone else, and a member without one, goes through
    allauth's check as before (refused, the link sent again).
    """
    checked_by_allauth = portal_view(view_func)

    @login_required
    @wraps(view_func)
    def wrapped_view(request, *args, **kwargs):
        request.membership = acting_membership(request)
        if request.membership is not None and request.membership.user_has_verified_email:
            return view_func(request, *args, **kwargs)
        return checked_by_allauth(request, *args, **kwargs)

    return wrapped_view


def acting_membership(request):
    """The membership the portal acts through for this request, or None (see `current_membership`)."""
    return selectors.current_membership(user=request.user, school_id=request.session.get(SESSION_SCHOOL_KEY))


def act_for_school(request, school):
    request.session[SESSION_SCHOOL_KEY] = school.pk


def school_view(needs=None):
    """A page done on behalf of the school the person acts for; `needs` names a Membership capability.

    Without a school (not yet approved, or several and none chosen) the person goes to the portal
    home, which explains what to do. Without the role they see a page that says which role it takes.
    The view gets the membership as `request.membership`.
    """
    if needs is not None and needs not in CAPABILITY_ROLES:
        raise ValueError(f"Unknown capability {needs!r}.")

    def decorator(view_func):
        @membership_view
        @wraps(view_func)
        def wrapped_view(request, *args, **kwargs):
            membership = request.membership
            if membership is None:
                return redirect("portal:home")
            if needs is not None and not getattr(membership, needs):
                context = {"membership": membership, "roles_needed": CAPABILITY_ROLES[needs]}
                return render(request, "portal/not_allowed.html", context, status=403)
            return view_func(request, *args, **kwargs)

        return wrapped_view

    return decorator


def school_context(request, **extra):
    """A school page's template context: the membership the person acts through, its school, and `extra`."""
    return {"membership": request.membership, "school": request.membership.school, **extra}
