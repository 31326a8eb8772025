"""An S3 API endpoint for the storage tests, and settings that put the files in a bucket.

The endpoint is LODESTAR_TEST_S3_ENDPOINT when it is set (a MinIO, say, with the keys in
AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY); otherwise moto's standalone server, started
here for the session on a free port. Either way the tests talk HTTP to a real S3 API.
"""

import os
import subprocess
import uuid

import pytest

from tests.storage.support import REGION, S3Endpoint
from tests.support import free_port, port_answers, venv_command, wait_for


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    url = os.environ.get("LODESTAR_TEST_S3_ENDPOINT")
    if url:
        yield S3Endpoint(
            url,
            os.environ.get("AWS_ACCESS_KEY_ID", ""),
            os.environ.get("AWS_SECRET_ACCESS_KEY", ""),
        )
        return
    server = venv_command("moto_server")
    if server is None:
        if os.environ.get("LODESTAR_REQUIRE_SERVICES") == "1":
            pytest.fail("moto_server is not installed (the dev extra): no S3 endpoint to test on")
        pytest.skip(
            "needs an S3 endpoint: install the dev extra (moto) or set LODESTAR_TEST_S3_ENDPOINT"
        )
    port = free_port()
    log_path = tmp_path_factory.mktemp("moto") / "moto.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [server, "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=subprocess.STDOUT
        )
    try:
        wait_for(lambda: port_answers(port), timeout=30, what="moto's S3 server to listen")
        yield S3Endpoint(f"http://127.0.0.1:{port}", "lodestar-test", "lodestar-test-secret")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def s3_bucket(s3_endpoint):
    """A bucket of this test's own, emptied and removed afterwards."""
    client = s3_endpoint.client()
    name = f"lodestar-test-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    yield name
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=name):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=name, Key=item["Key"])
    client.delete_bucket(Bucket=name)


@pytest.fixture
def s3_environment(s3_endpoint, s3_bucket) -> dict:
    """The variables that point a web or worker process at the test bucket."""
    return {
        "LODESTAR_S3_BUCKET": s3_bucket,
        "AWS_S3_ENDPOINT_URL": s3_endpoint.url,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": s3_endpoint.access_key,
        "AWS_SECRET_ACCESS_KEY": s3_endpoint.secret_key,
    }


@pytest.fixture
def s3_storage(settings, s3_endpoint, s3_bucket, tmp_path):
    """This process stores its files in the test bucket, as config/settings.py would with
    the variables of `s3_environment`; the local media folder is a fresh, empty one."""
    settings.MEDIA_ROOT = tmp_path / "media-must-stay-empty"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "config.storage.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": s3_bucket,
                "endpoint_url": s3_endpoint.url,
                "region_name": REGION,
                "access_key": s3_endpoint.access_key,
                "secret_key": s3_endpoint.secret_key,
                "addressing_style": "path",
            },
        },
    }
    return s3_bucket
