"""Domain errors: a rule refused a change. Views show `message`, next to `field` when it names one."""


class PortalError(Exception):
    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowedError(PortalError):
    """The person acting does not hold the role the change needs."""


class JoinRequestError(PortalError):
    """A request to join or register a school cannot be made or decided as asked."""


class InvitationError(PortalError):
    """An invitation cannot be sent, or this person cannot accept it."""


class MembershipError(PortalError):
    """A change to a school's people breaks a rule."""


class LastAdministratorError(MembershipError):
    """The change would leave a school with no administrator."""
