"""Uploads in S3-compatible object storage (django-storages), used when settings name a bucket
(config/settings/base.py). A module of its own so that a site on the file system never imports boto3.

Neither bucket is read by visitors: images are streamed by the site under /media/ (config/urls.py), like
on the file system, so pages, the page cache and the Content Security Policy do not change with the
storage; Wagtail's documents by its view, which applies each collection's privacy; placement documents
only by views that check who is asking and record it. So both buckets stay private, with no public
policy, no public ACL and no signed links handed out.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage

from common.storage import NoURL


class _Bucket(S3Storage):
    # Class attributes win over django-storages' AWS_* settings, so none of these can be switched off.
    # A second upload with the same name gets a name of its own, as on the file system.
    file_overwrite = False
    # No ACL on upload: an object is private to the bucket's owner (and buckets that refuse ACLs work).
    default_acl = None
    # A file read from the bucket is kept in memory up to Django's own limit for uploads, then on disk.
    max_memory_size = settings.FILE_UPLOAD_MAX_MEMORY_SIZE


class MediaS3Storage(_Bucket):
    """Wagtail's images and documents. An image's address is under MEDIA_URL, served by the site."""

    querystring_auth = False

    def url(self, name, *args, **kwargs):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))


class PrivateS3Storage(NoURL, _Bucket):
    """Placement requests' supporting documents, in a bucket of their own."""
