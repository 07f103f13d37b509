"""Template helpers for pages outside this app that mention joining (the portal's home pages)."""

from django import template

from portal.schools import selectors

register = template.Library()


@register.simple_tag
def join_requests_waiting(membership):
    """How many requests to join `membership`'s school its user may decide as an administrator."""
    if membership is None or not membership.can_manage_people:
        return 0
    return selectors.pending(
        join_requests=selectors.managed_join_requests_for(user=membership.user, school=membership.school)
    ).count()


@register.filter
def goes_to_school(join_request):
    """Whether `join_request` is for its school's administrators to decide (see the selector)."""
    return not join_request.is_new_school and selectors.join_request_goes_to_school(
        school=join_request.school
    )
