"""An S3-compatible server on a free 127.0.0.1 port: moto's standalone server, in this process.

    with S3Server() as s3:
        s3.create_bucket("medias")
        monkeypatch.setenv(...) for each of s3.environment(public="medias", private="documents")

``stop()`` closes the port, as a store that no longer answers; what the buckets held is lost.
"""

import json
import urllib.request

import boto3
import pytest
from botocore.config import Config
from moto.server import ThreadedMotoServer

from tests.support.processes import free_port

ACCESS_KEY = "namur-test"
SECRET_KEY = "namur-test-secret"
REGION = "eu-west-1"
PUBLIC_BUCKET = "namur-medias"
PRIVATE_BUCKET = "namur-documents"


class S3Server:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.endpoint_url = f"http://127.0.0.1:{self.port}"
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.running = False

    def start(self) -> "S3Server":
        self._server.start()
        self.running = True
        return self

    def reset(self) -> None:
        """Forget every bucket: the server keeps them in this process, across restarts."""
        address = f"{self.endpoint_url}/moto-api/reset"
        request = urllib.request.Request(address, method="POST")  # noqa: S310 - http://127.0.0.1
        urllib.request.urlopen(request, timeout=5).close()  # noqa: S310 - http://127.0.0.1

    def stop(self) -> None:
        if self.running:
            self._server.stop()
            self.running = False

    def __enter__(self) -> "S3Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
            config=Config(s3={"addressing_style": "path"}),
        )

    def create_bucket(self, name: str) -> None:
        self.client().create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
        )

    def allow_public_reads(self, bucket: str) -> None:
        """Let anyone read ``bucket``'s objects, as docs/operations.md asks of the media bucket."""
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{bucket}/*",
                }
            ],
        }
        self.client().put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))

    def deny_writes(self, bucket: str, pattern: str) -> None:
        """Refuse every write to ``bucket`` of a key matching ``pattern`` (``*`` for any)."""
        policy = json.loads(self.client().get_bucket_policy(Bucket=bucket)["Policy"])
        policy["Statement"].append(
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:PutObject",
                "Resource": f"arn:aws:s3:::{bucket}/{pattern}",
            }
        )
        self.client().put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))

    def keys(self, bucket: str) -> list[str]:
        """Return the names of every object in ``bucket``."""
        listing = self.client().list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def environment(self, *, public: str, private: str) -> dict[str, str]:
        """Return the variables that point a site (make run, a wheel) at these buckets."""
        return {
            "MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": public,
            "PRIVATE_MEDIA_BUCKET": private,
            "AWS_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_S3_URL_PROTOCOL": "http:",
            # A stopped server refuses at once: one attempt keeps the tests of outages short.
            "AWS_S3_MAX_ATTEMPTS": "1",
        }


@pytest.fixture
def object_storage(settings, monkeypatch):
    """Point the site's files at a fresh S3-compatible server, as MEDIA_STORAGE=s3 does.

    The settings build STORAGES from the same variables an operator sets.
    """
    from namur_site import settings as site_settings

    with S3Server() as server:
        server.create_bucket(PUBLIC_BUCKET)
        server.allow_public_reads(PUBLIC_BUCKET)
        server.create_bucket(PRIVATE_BUCKET)
        for name, value in server.environment(public=PUBLIC_BUCKET, private=PRIVATE_BUCKET).items():
            monkeypatch.setenv(name, value)
        settings.STORAGES = {**settings.STORAGES, **site_settings.file_storages("s3")}
        yield server
        if not server.running:
            server.start()
        server.reset()
