"""gunicorn's access log as an operator reads it (``logger_class`` in namur_site/gunicorn.py).

- the client's address as the trusted proxies saw it (TRUSTED_PROXY_COUNT, as the site counts
  it: core/client_ip.py), not the address of the Varnish in front;
- the request id the site returned (X-Request-ID), to find the request's other lines;
- no line for health probes (/healthz), which would otherwise make most of the log;
- one JSON object a line when LOG_FORMAT=json, like the site's own log.

gunicorn's own lines (workers started, stopped, timed out) take the site's format too.
"""

import json
import logging
import os
from datetime import UTC, datetime

from gunicorn.glogging import Logger

from core.client_ip import forwarded_client
from core.logs import DATE_FORMAT, JsonFormatter
from core.logs import TEXT_FORMAT as SITE_FORMAT

QUIET_PATHS = {"/healthz"}
TEXT_FORMAT = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s" %({x-request-id}o)s'


class AccessLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        if os.environ.get("LOG_FORMAT") == "json":
            formatter = JsonFormatter()
        else:
            formatter = logging.Formatter(SITE_FORMAT.replace("%(request_id)s", "-"), DATE_FORMAT)
        for handler in self.error_log.handlers:
            handler.setFormatter(formatter)

    def access(self, resp, req, environ, request_time):
        if environ.get("PATH_INFO") in QUIET_PATHS or not self.access_log_enabled:
            return
        if os.environ.get("LOG_FORMAT") != "json":
            super().access(resp, req, environ, request_time)
            return
        # gunicorn's format would escape the quotes of a JSON line: it is written as it is.
        atoms = self.atoms(resp, req, environ, request_time)
        self.access_log.info(
            json.dumps(
                {
                    "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
                    "level": "INFO",
                    "logger": "gunicorn.access",
                    "request_id": atoms.get("{x-request-id}o", "-"),
                    "client": atoms["h"],
                    "method": atoms["m"],
                    "path": atoms["U"],
                    "status": str(atoms["s"]),
                    "bytes": atoms["B"],
                    "duration_ms": atoms["M"],
                    "referer": atoms["f"],
                    "user_agent": atoms["a"],
                },
                ensure_ascii=False,
            )
        )

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["h"] = forwarded_client(
            environ.get("REMOTE_ADDR", "-"),
            environ.get("HTTP_X_FORWARDED_FOR", ""),
            int(os.environ.get("TRUSTED_PROXY_COUNT", "0") or 0),
        )
        return atoms
