"""Writes with rules for a school's own record.

Schools close; they are not deleted. The record of who joined a school, who decided and who changed
whose roles is a set of Wagtail log entries on the school (see `common.audit`): they have no foreign
key, so they outlive the school's row, but the members, invitations and requests they describe would
go with it. So a school is deleted only while nothing hangs on it (one added by mistake).
"""

from django.db import transaction

from common.errors import DomainError
from portal.schools import selectors
from portal.schools.models import School


@transaction.atomic
def school_delete(*, school) -> None:
    """Delete a school that nobody belongs to, has been invited to or asked to join; refuse otherwise.

    The admin's delete view logs the deletion (a "wagtail.delete" entry, with who did it) beside this.
    Locking the school's row also holds back anyone joining it meanwhile (adding a membership
    needs a share lock on the school it names).
    """
    school = School.objects.select_for_update().get(pk=school.pk)
    refusal = selectors.school_delete_refusal(school=school)
    if refusal:
        raise DomainError(refusal)
    school.delete()
