"""A real S3 protocol server on loopback (moto), and buckets on it for tests.

``tests/conftest.py`` starts one server per session (fixture ``s3_server``) and gives each
test that asks for it a bucket of its own (``s3_bucket``, settings for ``create_app``).
Nothing here reaches AWS: every client is pointed at the loopback endpoint with dummy keys.
"""

import functools
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import boto3
import pytest

REGION = "us-east-1"
ACCESS_KEY = "testing"
SECRET_KEY = "testing"  # noqa: S105 (moto accepts any key)
# For boto3 in the server process and in ours: never look for real credentials or AWS.
DUMMY_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": ACCESS_KEY,
    "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
    "AWS_DEFAULT_REGION": REGION,
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}
BOTH_BACKENDS = pytest.mark.parametrize("storage_config", ["local", "s3"], indirect=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(timeout: float = 30) -> tuple[subprocess.Popen, str]:
    """Start ``moto_server`` on a free loopback port; returns the process and its endpoint."""
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        env=os.environ | DUMMY_AWS_ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(endpoint + "/moto-api/", timeout=1).close()  # noqa: S310
            return process, endpoint
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("moto_server did not start") from None
            time.sleep(0.1)


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@functools.cache
def client(endpoint: str):
    """A plain boto3 S3 client for the server at ``endpoint`` (made once: that takes 0.1 s)."""
    return boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


def create_bucket(endpoint: str) -> str:
    """A new, empty bucket with a unique name."""
    name = f"test-{uuid.uuid4().hex[:16]}"
    client(endpoint).create_bucket(Bucket=name)
    return name


def remove_bucket(endpoint: str, bucket: str) -> None:
    """Delete ``bucket`` and everything in it."""
    s3 = client(endpoint)
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", ()):
            s3.delete_object(Bucket=bucket, Key=item["Key"])
    s3.delete_bucket(Bucket=bucket)


def settings(endpoint: str, bucket: str) -> dict:
    """``create_app`` settings for storage in ``bucket``."""
    return {
        "STORAGE": "s3",
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": REGION,
        "S3_ACCESS_KEY_ID": ACCESS_KEY,
        "S3_SECRET_ACCESS_KEY": SECRET_KEY,
    }


def fetch_media(client, url: str) -> tuple[int, bytes]:
    """GET a file URL from the API as a browser would: from the app, then from the bucket
    when the app redirects there. Returns the status and the body."""
    response = client.get(url.removeprefix("http://localhost"))
    if response.status_code != 302:
        return response.status_code, response.data
    try:
        with urllib.request.urlopen(response.location, timeout=10) as answer:  # noqa: S310
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
