"""Where uploads and dataset files live: the local disk, or an S3-compatible bucket.

Neither backend hands out a URL. Students' files and the training data leave only through
views that check who is asking and stream them; the hidden test labels have no view at all.
"""

from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage

NO_URL = "Lodestar's files have no URL: a view that checks who is asking streams them."


class PrivateFileSystemStorage(FileSystemStorage):
    """The embedded default: files under MEDIA_ROOT, outside the web root."""

    def url(self, name):
        raise ValueError(NO_URL)


class PrivateS3Storage(S3Storage):
    """A private bucket that every web and worker host reaches (AWS S3, MinIO...)."""

    # Names carry a random part already; never replace an object another host may be reading.
    file_overwrite = False
    default_acl = None

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError(NO_URL)
