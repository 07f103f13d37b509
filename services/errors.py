"""Domain errors of the catalogue. Each message is written to be shown to the person who asked."""


class CatalogueError(Exception):
    """A request the catalogue's rules do not allow."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class InvalidStaffCount(CatalogueError):
    pass


class FormatNotOfferedForTopic(CatalogueError):
    pass
