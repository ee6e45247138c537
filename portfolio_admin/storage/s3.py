"""Files in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2, ...)."""

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from typing import BinaryIO

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from portfolio_admin.storage.base import StoredFile, quoted, save_under_free_name
from portfolio_admin.storage.served_as import served_as

# Files read back (to make thumbnails, or to copy) stay in memory up to this size, then spill
# to a temporary file.
SPOOL_IN_MEMORY = 8 * 1024 * 1024
CLIENT_CONFIG = Config(
    signature_version="s3v4",
    connect_timeout=5,
    read_timeout=60,
    retries={"mode": "standard", "max_attempts": 3},
    # Checksums only where the API demands them: several S3-compatible servers refuse the
    # streaming checksums botocore sends by default since 1.36.
    request_checksum_calculation="when_required",
    response_checksum_validation="when_required",
)


def _status(exc: ClientError) -> int:
    return exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)


@contextlib.contextmanager
def _os_errors(path: str = ""):
    """Raise S3 failures as ``OSError`` (a missing key as ``FileNotFoundError``), like files."""
    try:
        yield
    except ClientError as exc:
        if _status(exc) == 404:
            raise FileNotFoundError(f"Not in the bucket: {path!r}") from exc
        raise OSError(f"S3 error for {path!r}: {exc}") from exc
    except BotoCoreError as exc:
        raise OSError(f"S3 unreachable for {path!r}: {exc}") from exc


def _key(path: str) -> str:
    if not path or path.startswith("/") or ".." in path.split("/"):
        raise ValueError(f"Path outside the media root: {path!r}")
    return path


class S3Storage:
    """Files in a bucket. Browsers get them from ``public_base_url`` (a CDN or public bucket)
    when set, else through ``/media/...`` on this site, which redirects to a presigned URL."""

    def __init__(
        self, client, bucket: str, public_base_url: str | None = None, url_expires: int = 3600
    ):
        self.client = client
        self.bucket = bucket
        self.public_base_url = public_base_url and public_base_url.rstrip("/") + "/"
        self.url_expires = url_expires

    @classmethod
    def from_config(cls, config: dict) -> "S3Storage":
        """The bucket and credentials the ``S3_*`` settings name."""
        if not config["S3_BUCKET"]:
            raise ValueError("STORAGE=s3 needs S3_BUCKET.")
        client = boto3.session.Session().client(
            "s3",
            endpoint_url=config["S3_ENDPOINT_URL"],
            region_name=config["S3_REGION"],
            # None falls back to boto3's usual chain (AWS_* variables, an instance role).
            aws_access_key_id=config["S3_ACCESS_KEY_ID"],
            aws_secret_access_key=config["S3_SECRET_ACCESS_KEY"],
            config=CLIENT_CONFIG,
        )
        return cls(
            client, config["S3_BUCKET"], config["S3_PUBLIC_BASE_URL"], config["S3_URL_EXPIRES"]
        )

    def save(self, path: str, content: BinaryIO, *, sanitised: bool = False) -> str:
        def create(path: str, content: BinaryIO) -> bool:
            return self._create(path, content, sanitised)

        return save_under_free_name(path, content, create)

    def _create(self, path: str, content: BinaryIO, sanitised: bool) -> bool:
        # The HEAD saves sending a body only to have it refused; If-None-Match makes the
        # write itself create-only, so two uploads racing for one name cannot overwrite
        # each other (on servers that honour it: AWS S3, MinIO, R2, Ceph >= 19).
        if self.exists(path):
            return False
        # The bucket serves the file from its own origin, with these headers only.
        content_type, disposition = served_as(path, sanitised=sanitised)
        headers = {"ContentDisposition": disposition} if disposition else {}
        with _os_errors(path):
            try:
                self.client.put_object(
                    Bucket=self.bucket,
                    Key=_key(path),
                    Body=content,  # streamed from the file, never read whole
                    ContentType=content_type,
                    IfNoneMatch="*",
                    **headers,
                )
            except ClientError as exc:
                # 412: the name was taken meanwhile; 409: a concurrent conditional write.
                if _status(exc) in (409, 412):
                    return False
                raise
        return True

    def open(self, path: str) -> BinaryIO:
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 (returned)
        try:
            with _os_errors(path):
                body = self.client.get_object(Bucket=self.bucket, Key=_key(path))["Body"]
                with body:
                    shutil.copyfileobj(body, spool, 1024 * 1024)
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        return spool

    def delete(self, path: str) -> None:
        with _os_errors(path):
            self.client.delete_object(Bucket=self.bucket, Key=_key(path))

    def exists(self, path: str) -> bool:
        try:
            with _os_errors(path):
                self.client.head_object(Bucket=self.bucket, Key=_key(path))
        except FileNotFoundError:
            return False
        return True

    def url(self, path: str) -> str:
        return (self.public_base_url or "/media/") + quoted(path)

    def download_url(self, path: str) -> str:
        """Where ``/media/<path>`` redirects to: the public URL, or a presigned GET URL."""
        if self.public_base_url:
            return self.public_base_url + quoted(path)
        return self.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket, "Key": _key(path)},
            ExpiresIn=self.url_expires,
        )

    def walk(self) -> Iterator[StoredFile]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        with _os_errors():
            for page in pages:
                for item in page.get("Contents", ()):
                    if not item["Key"].endswith("/"):  # folder markers some tools make
                        yield StoredFile(item["Key"], item["Size"], item["LastModified"])

    def is_available(self) -> bool:
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except (ClientError, BotoCoreError):
            return False
        return True
