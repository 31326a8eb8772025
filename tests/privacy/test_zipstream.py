"""The ZIP is written as it is sent: each file is opened only when its turn comes."""

import io
import os
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from privacy.zipstream import stored_file_entries, zip_chunks


def test_entries_stream_one_at_a_time_into_a_valid_archive():
    opened, sent = [], []
    big = os.urandom(300 * 1024)  # random: deflate cannot shrink it into one chunk

    def content(name, data):
        def chunks():
            opened.append((name, sum(map(len, sent))))  # what had gone out by then
            yield data[: len(data) // 2]
            yield data[len(data) // 2 :]

        return name, chunks

    for chunk in zip_chunks([content("me.json", b'{"a": 1}'), content("files/1-big.bin", big)]):
        sent.append(chunk)
    (first, before_first), (second, before_second) = opened
    assert (first, second) == ("me.json", "files/1-big.bin")
    # The first entry had gone out whole before the second file was opened...
    assert before_first == 0 and before_second > len(b'{"a": 1}')
    # ...and the big one left in pieces as it was written.
    assert len([chunk for chunk in sent if chunk]) >= 3
    archive = zipfile.ZipFile(io.BytesIO(b"".join(sent)))
    assert archive.testzip() is None
    assert archive.read("me.json") == b'{"a": 1}'
    assert archive.read("files/1-big.bin") == big


class StoredFile:
    """What the entries need of a FieldFile: its storage and its name."""

    def __init__(self, storage, name):
        self.storage, self.name = storage, name


def test_stored_files_are_read_through_the_storage_api_and_a_missing_one_is_named(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    kept = storage.save("submissions/kept.csv", ContentFile(b"id,prediction\n1,a\n"))
    files = [("files/1-kept.csv", StoredFile(storage, kept))]
    files.append(("files/2-gone.csv", StoredFile(storage, "submissions/gone.csv")))

    archive = zipfile.ZipFile(io.BytesIO(b"".join(zip_chunks(stored_file_entries(files)))))

    assert archive.namelist() == ["files/1-kept.csv", "files/2-gone.csv.unreadable.txt"]
    assert archive.read("files/1-kept.csv") == b"id,prediction\n1,a\n"
