"""The site as `make run` starts it, with MEDIA_STORAGE=s3: its files in the store, none on disk."""

import re
import urllib.request

from tests.support.s3 import PRIVATE_BUCKET, PUBLIC_BUCKET, S3Server
from tests.support.site import start_site


def get(url: str):
    return urllib.request.urlopen(url, timeout=30)  # noqa: S310 - 127.0.0.1 only


def test_the_site_serves_its_images_from_the_bucket_and_keeps_none_on_disk(tmp_path):
    with S3Server() as s3:
        s3.create_bucket(PUBLIC_BUCKET)
        s3.allow_public_reads(PUBLIC_BUCKET)
        s3.create_bucket(PRIVATE_BUCKET)
        environment = s3.environment(public=PUBLIC_BUCKET, private=PRIVATE_BUCKET)
        with start_site(tmp_path / "site", env=environment) as site:
            with get(f"{site.url}/actualites/") as response:
                html = response.read().decode()
                policy = response.headers["Content-Security-Policy"]

            # The demo's pictures were loaded into the bucket, and pages link there.
            assert any("/renditions/" in key for key in s3.keys(PUBLIC_BUCKET))
            address = re.escape(f"{s3.endpoint_url}/{PUBLIC_BUCKET}/")
            image = re.search(rf"{address}[^\s\"]+-800w\.webp", html).group(0)
            # The browser may load them: the store's origin is in img-src.
            assert f"img-src 'self' data: {s3.endpoint_url}" in policy
            with get(image) as response:
                assert response.status == 200
                assert response.headers["Content-Type"] == "image/webp"
            assert site.media_files() == set()
