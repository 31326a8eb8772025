"""Size-capped uploads: a file over the cap is dropped while it streams, never held whole."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


def max_upload_bytes() -> int:
    return settings.LABS_MAX_UPLOAD_BYTES


class SizeCappedUploadHandler(FileUploadHandler):
    """Runs first; stops the upload as soon as more than the cap has arrived. The cap is
    the labs' upload cap unless the view gives its own (`max_bytes`: outcomes' evidence)."""

    def __init__(self, request=None, *, max_bytes: int | None = None):
        super().__init__(request)
        self.received = 0
        self.exceeded = False
        self.max_bytes = max_bytes

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        cap = max_upload_bytes() if self.max_bytes is None else self.max_bytes
        if self.received > cap:
            self.exceeded = True
            # connection_reset=True: Django must not drain the rest of the body, because it
            # drains line by line and a body without newlines would then be read whole into
            # memory. gunicorn discards the unread rest in fixed-size chunks (or closes the
            # connection), so nothing more is held.
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None
