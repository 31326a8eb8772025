"""Helpers of the storage tests: an S3 endpoint's client, what a bucket and a folder hold."""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

REGION = "us-east-1"


@dataclass(frozen=True)
class S3Endpoint:
    url: str
    access_key: str
    secret_key: str

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
        )


def bucket_keys(endpoint: S3Endpoint, bucket: str) -> list[str]:
    listing = endpoint.client().list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def labels_with_classes_rotated(labels_csv: bytes) -> bytes:
    """The same hidden labels with every class replaced by the next one: a predictions file
    that matched the old labels scores 0 on these."""
    rows = list(csv.reader(io.StringIO(labels_csv.decode())))
    header, body = rows[0], rows[1:]
    target = header.index("target")
    classes = sorted({row[target] for row in body})
    following = dict(zip(classes, classes[1:] + classes[:1], strict=True))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([*row[:target], following[row[target]], *row[target + 1 :]] for row in body)
    return out.getvalue().encode()
