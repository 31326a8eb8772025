"""The evidence upload's size cap: a file over it is dropped while it streams."""

from django.core.files.uploadhandler import StopUpload

from labs.uploads import SizeCappedUploadHandler
from outcomes.services.records import max_evidence_bytes


class EvidenceUploadHandler(SizeCappedUploadHandler):
    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_evidence_bytes():
            self.exceeded = True
            raise StopUpload(connection_reset=True)  # see labs.uploads: never drain the rest
        return raw_data
