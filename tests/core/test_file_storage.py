"""MEDIA_STORAGE chooses where files live; a store's failure is told apart from a bug."""

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from core.files.storage import absolute_url, store_failed
from namur_site import settings as site_settings

S3_ENVIRONMENT = {
    "AWS_STORAGE_BUCKET_NAME": "namur-medias",
    "PRIVATE_MEDIA_BUCKET": "namur-documents",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
    "AWS_S3_ACCESS_KEY_ID": "cle",
    "AWS_S3_SECRET_ACCESS_KEY": "secret",
}


@pytest.fixture
def s3_environment(monkeypatch):
    for name, value in S3_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)


def test_the_local_disk_is_the_default():
    storages = site_settings.file_storages("local")

    assert storages["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert storages["private"]["BACKEND"] == "core.files.storage.PrivateFileSystemStorage"
    assert site_settings.media_origins(storages) == []


def test_s3_puts_public_media_and_private_documents_in_two_buckets(s3_environment):
    storages = site_settings.file_storages("s3")

    public, private = storages["default"]["OPTIONS"], storages["private"]["OPTIONS"]
    assert public["bucket_name"] == "namur-medias"
    assert public["querystring_auth"] is False  # plain, permanent addresses
    assert private["bucket_name"] == "namur-documents"
    assert private["default_acl"] == "private"
    assert public["file_overwrite"] is private["file_overwrite"] is False
    assert public["endpoint_url"] == private["endpoint_url"] == "https://s3.example.org"
    # The pages' images come from the store: the Content-Security-Policy must allow it.
    assert site_settings.media_origins(storages) == ["https://s3.example.org"]


def test_a_custom_domain_serves_the_public_media(s3_environment, monkeypatch):
    monkeypatch.setenv("AWS_S3_CUSTOM_DOMAIN", "medias.namur.be/site")

    storages = site_settings.file_storages("s3")

    assert site_settings.media_origins(storages) == ["https://medias.namur.be"]


def test_a_missing_bucket_is_named_when_the_site_starts(monkeypatch):
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)

    with pytest.raises(Exception, match="AWS_STORAGE_BUCKET_NAME"):
        site_settings.file_storages("s3")


@pytest.mark.parametrize(
    "error",
    [
        OSError(28, "No space left on device"),
        EndpointConnectionError(endpoint_url="http://127.0.0.1:9"),
        ClientError({"Error": {"Code": "AccessDenied"}}, "PutObject"),
    ],
)
def test_store_failures_are_recognised_even_when_wrapped(error):
    try:
        try:
            raise error
        except Exception as cause:
            raise RuntimeError("save failed") from cause
    except RuntimeError as wrapped:
        assert store_failed(wrapped)


def test_a_bug_or_a_missing_file_is_no_store_failure():
    assert not store_failed(ValueError("bug"))
    assert not store_failed(FileNotFoundError("x"))


def test_stored_files_get_full_addresses_for_feeds_and_e_mails(settings):
    settings.SITE_URL = "https://actualites.namur.be"

    assert absolute_url("/media/a.jpg") == "https://actualites.namur.be/media/a.jpg"
    assert absolute_url("https://s3.example.org/b/a.jpg") == "https://s3.example.org/b/a.jpg"
