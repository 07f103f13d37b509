"""Where private files are kept: on disk like any upload, or in a bucket of their own
(common/s3_storage.py), but never with an address on the site."""

from django.core.files.storage import FileSystemStorage

NO_URL = "Private files have no URL: serve them through a view that checks access."


class NoURL:
    """A file here is reached only through a view that checks who is asking, never by a URL."""

    def url(self, name, *args, **kwargs):
        raise ValueError(NO_URL)


class PrivateFileSystemStorage(NoURL, FileSystemStorage):
    pass
