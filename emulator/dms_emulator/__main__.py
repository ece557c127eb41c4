"""Command line: ``python -m dms_emulator --port 8080 --db state.sqlite ...``."""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import signal
import socket
import sys

from .core import MAX_CLOCK_SECONDS, Settings


def parse_args(argv=None) -> Settings:
    d = Settings()
    p = argparse.ArgumentParser(prog="dms_emulator", description="Local emulator of the DMS for Kafka REST API.")
    p.add_argument("--host", default=d.host)
    p.add_argument("--port", type=int, default=d.port, help="0 picks a free port (printed at start)")
    p.add_argument("--db", default=d.db, help="SQLite file for the state (default: in memory)")
    p.add_argument("--access-key", default=os.environ.get("DMS_EMULATOR_AK", d.access_key))
    p.add_argument("--secret-key", default=os.environ.get("DMS_EMULATOR_SK", d.secret_key))
    p.add_argument("--project-id", default=d.project_id)
    p.add_argument("--region", default=d.region)
    p.add_argument("--delay-seconds", type=float, default=d.delay_seconds,
                   help="how long asynchronous operations (create, extend, tasks...) take")
    p.add_argument("--iam-username", default=d.iam_username)
    p.add_argument("--iam-password", default=os.environ.get("DMS_EMULATOR_IAM_PASSWORD", d.iam_password))
    p.add_argument("--domain-name", default=d.domain_name)
    p.add_argument("--tls-cert", default=None)
    p.add_argument("--tls-key", default=None)
    p.add_argument("--no-auth", action="store_true", help="accept unauthenticated requests (not the default)")
    p.add_argument("--port-file", default=None, help="write the bound port to this file once listening")
    p.add_argument("--log-level", default="warning")
    a = p.parse_args(argv)
    if not (math.isfinite(a.delay_seconds) and 0 <= a.delay_seconds <= MAX_CLOCK_SECONDS):
        p.error("--delay-seconds must be a number from 0 to %g" % MAX_CLOCK_SECONDS)
    if bool(a.tls_cert) != bool(a.tls_key):
        p.error("--tls-cert and --tls-key go together")
    s = Settings(host=a.host, port=a.port, db=a.db, access_key=a.access_key, secret_key=a.secret_key,
                 project_id=a.project_id, region=a.region, delay_seconds=a.delay_seconds,
                 iam_username=a.iam_username, iam_password=a.iam_password, domain_name=a.domain_name,
                 tls_cert=a.tls_cert, tls_key=a.tls_key, auth=not a.no_auth)
    s._port_file = a.port_file  # type: ignore[attr-defined]
    s._log_level = a.log_level  # type: ignore[attr-defined]
    return s


def main(argv=None) -> int:
    settings = parse_args(argv)
    import uvicorn

    from .app import DroppedConnectionLogFilter, create_app

    sock = socket.socket(socket.AF_INET6 if ":" in settings.host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit TCP_NODELAY: without it a keep-alive client waits
    # ~40 ms per answer (Nagle against delayed ACKs) when headers and body go out apart.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((settings.host, settings.port))
    settings.port = sock.getsockname()[1]
    app = create_app(settings)
    scheme = "https" if settings.tls_cert else "http"
    info = settings.describe()
    info["url"] = "%s://%s:%d" % (scheme, settings.host, settings.port)
    print("dms_emulator listening " + json.dumps(info, sort_keys=True), flush=True)
    port_file = getattr(settings, "_port_file", None)
    if port_file:
        with open(port_file + ".tmp", "w") as fh:
            fh.write(str(settings.port))
        os.replace(port_file + ".tmp", port_file)
    config = uvicorn.Config(app, log_level=getattr(settings, "_log_level", "warning"), access_log=False,
                            ssl_certfile=settings.tls_cert, ssl_keyfile=settings.tls_key,
                            timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    logging.getLogger("uvicorn.error").addFilter(DroppedConnectionLogFilter())
    # uvicorn re-raises the SIGTERM it caught once it has shut down; with the default
    # handler that would end the process "killed by SIGTERM" (-15) instead of exit 0.
    signal.signal(signal.SIGTERM, lambda signum, frame: None)
    server.run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
