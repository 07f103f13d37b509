"""Uploaded files refused as they arrive, once they pass a limit, so a body above it is never kept whole.

Django keeps an upload in memory, then in a temporary file, before any form sees it. The handler here
comes first in settings.FILE_UPLOAD_HANDLERS and passes each chunk on to those that keep it only while
the request's files together stay within the limit: the view's own (`upload_limit`) or else the site's
(settings.UPLOAD_MAX_BYTES). A file that would pass it is dropped: Django reads the rest of it from
the connection without keeping it, then reads the fields after it, so the form comes back with what was
typed, and the view finds the dropped file's field in `refused_uploads(request)` to say why it is empty.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

REFUSED_ATTRIBUTE = "refused_uploads"


def upload_limit(max_bytes):
    """Decorate a view (outermost, as the URL patterns name it) whose request's files together may
    take at most `max_bytes`."""

    def decorate(view):
        view.upload_limit = max_bytes
        return view

    return decorate


def refused_uploads(request):
    """The names of the file fields whose file passed the limit and was dropped as it arrived."""
    return getattr(request, REFUSED_ATTRIBUTE, frozenset())


def _limit_for(request):
    # The body is read once the URL is resolved (by the CSRF check, or by the view), so the view is known.
    view = getattr(getattr(request, "resolver_match", None), "func", None)
    return min(getattr(view, "upload_limit", settings.UPLOAD_MAX_BYTES), settings.UPLOAD_MAX_BYTES)


class LimitedUploadHandler(FileUploadHandler):
    """Pass a request's files on to the handlers that keep them only up to the limit (module docstring)."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = _limit_for(request)
        self.kept = 0  # bytes of the request's earlier files, kept whole

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        # A part may say its length up front (browsers do not): then nothing of it need be kept.
        if self.content_length is not None and self.kept + self.content_length > self.limit:
            self._refuse()

    def receive_data_chunk(self, raw_data, start):
        if self.kept + start + len(raw_data) > self.limit:
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        self.kept += file_size
        # The handlers after this one make the file.

    def _refuse(self):
        setattr(self.request, REFUSED_ATTRIBUTE, refused_uploads(self.request) | {self.field_name})
        raise SkipFile
