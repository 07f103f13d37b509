"""The static files' storage: whitenoise's compressed, hashed-name storage, with each file's URL worked
out once per process.

A page asks for a dozen static URLs (style sheets, scripts, icons, the logo), and each asks the manifest
and joins a URL again. The manifest cannot change while a process runs (a deploy collects the files, then
restarts the processes), so a name's URL, once found, stays right.
"""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFiles(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        if force:  # collectstatic's own use: always from the manifest
            return super().url(name, force=True)
        key = (name, settings.DEBUG)  # DEBUG gives the unhashed name
        try:
            return self._urls[key]
        except KeyError:
            url = self._urls[key] = super().url(name)
            return url
