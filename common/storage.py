"""Where private files are kept: on disk like any upload, but with no address on the site."""

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """A file here is reached only through a view that checks who is asking, never by a URL."""

    def url(self, name):
        raise ValueError("Private files have no URL: serve them through a view that checks access.")
