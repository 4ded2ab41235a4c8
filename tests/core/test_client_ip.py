"""The client's address behind TRUSTED_PROXY_COUNT reverse proxies."""

import pytest

from core.client_ip import client_ip


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        # No proxy: the header is the client's own writing and means nothing.
        (0, "203.0.113.5", "10.0.0.9"),
        (1, "203.0.113.5", "203.0.113.5"),
        # Whatever the client sent stands left of what the proxy appended.
        (1, "198.51.100.1, 203.0.113.5", "203.0.113.5"),
        (1, "198.51.100.1,203.0.113.5", "203.0.113.5"),
        (2, "198.51.100.1, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (1, "2001:db8::7", "2001:db8::7"),
        # The request did not come through every proxy, or a proxy wrote no address.
        (1, None, "10.0.0.9"),
        (2, "203.0.113.5", "10.0.0.9"),
        (1, "unknown", "10.0.0.9"),
    ],
)
def test_client_ip(rf, settings, proxies, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    headers = {"x-forwarded-for": forwarded_for} if forwarded_for is not None else {}
    request = rf.get("/", REMOTE_ADDR="10.0.0.9", headers=headers)

    assert client_ip(request) == expected
