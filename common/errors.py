"""The one domain error: a rule refused a change.

Services raise it; views show `message` next to `field` when the form has that field, or at the top
of the form when it names none (see `common.forms.add_domain_error`).
"""


class DomainError(Exception):
    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = message
        self.field = field
