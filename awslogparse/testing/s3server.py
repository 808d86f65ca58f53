"""A local S3 endpoint for tests and benchmarks: moto's standalone server on 127.0.0.1, in a
process of its own, so boto3 talks HTTP to it as it would to AWS and nothing is patched in the
process under test. Needs moto with its server extra (``moto[server]``, in the ``dev`` extra).

With ``faults=True`` the server also answers :data:`FAULTS_PATH`: :func:`set_faults` gives it
rules that make matching requests fail as S3 can make them fail (an error status and code, such
as 403 ``AccessDenied`` or 503 ``SlowDown``, or a response whose connection drops after some
bytes of its body), for every process that talks to it (``convert``'s workers too).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

START_TIMEOUT = 60.0
"""Seconds a server gets to answer before it counts as not started."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(url: str, server: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{url}/moto-api/", timeout=2):
                return True
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    return False


FAULTS_PATH = "/_awslogparse/faults"
"""Where a server started with ``faults=True`` takes its rules (see :func:`set_faults`)."""


def _fault_for(rules: list[dict[str, Any]], method: str, path: str, query: str
               ) -> dict[str, Any] | None:
    """The first rule matching a request that has uses left (one used up here)."""
    for rule in rules:
        if rule.get("method", method) != method or rule.get("times", -1) == 0:
            continue
        if not re.search(rule.get("path", ""), path) or not re.search(rule.get("query", ""),
                                                                      query):
            continue
        if rule.get("times", -1) > 0:
            rule["times"] -= 1
        return rule
    return None


def _with_faults(app: Any) -> Any:
    """A WSGI application: ``app`` with the rules :func:`set_faults` sends."""
    import threading

    rules: list[dict[str, Any]] = []
    lock = threading.Lock()

    def faulty(environ: dict[str, Any], start_response: Any) -> Any:
        # (WSGI hands the decoded path as latin-1: the key's UTF-8 bytes, one char per byte)
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")
        if path == FAULTS_PATH:
            size = int(environ.get("CONTENT_LENGTH") or 0)
            with lock:
                rules[:] = json.loads(environ["wsgi.input"].read(size) or b"[]")
            start_response("204 No Content", [])
            return [b""]
        with lock:
            rule = _fault_for(rules, environ["REQUEST_METHOD"], path,
                              environ.get("QUERY_STRING", ""))
        if rule is None:
            return app(environ, start_response)
        if "cut" in rule:
            return _cut(app, environ, start_response, int(rule["cut"]))
        code = str(rule.get("code", "InternalError"))
        body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
                f'<Message>{rule.get("message", code)}</Message></Error>').encode()
        if environ["REQUEST_METHOD"] == "HEAD":
            body = b""
        start_response(f"{int(rule.get('status', 500))} {code}",
                       [("Content-Type", "application/xml"),
                        ("Content-Length", str(len(body)))])
        return [body]

    return faulty


def _cut(app: Any, environ: dict[str, Any], start_response: Any, after: int) -> Any:
    """The response of ``app``, headers and all, whose connection drops after ``after`` bytes
    of the body."""
    body = b"".join(app(environ, start_response))
    yield body[:after]
    connection = environ.get("werkzeug.socket")
    if connection is not None:
        connection.shutdown(socket.SHUT_RDWR)


def set_faults(url: str, rules: list[dict[str, Any]]) -> None:
    """Replace the fault rules of the server at ``url`` (started with ``faults=True``); ``[]``
    clears them. A rule matches requests by ``method`` (any when absent) and by regular
    expressions searched in the path (``/bucket/key``, decoded) and the query string (``path``,
    ``query``), for its first ``times`` matches (every match when absent). It answers the
    ``status`` with the S3 error ``code`` (and ``message``), or with ``cut``: the real response
    whose connection drops after that many bytes of its body."""
    request = urllib.request.Request(url + FAULTS_PATH, data=json.dumps(rules).encode(),
                                     method="POST")
    with urllib.request.urlopen(request, timeout=10):
        pass


def _serve(port: int, faults: bool) -> None:
    """moto's server (as ``python -m moto.server`` runs it), with the fault rules when asked."""
    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import run_simple

    os.environ.setdefault("MOTO_PORT", str(port))
    app = DomainDispatcherApplication(create_backend_app)
    run_simple("127.0.0.1", port, _with_faults(app) if faults else app, threaded=True,
               request_handler=MotoRequestHandler)


@contextmanager
def moto_server(log: Path, *, faults: bool = False) -> Iterator[str]:
    """moto's standalone S3 server on 127.0.0.1 for as long as the block runs: its URL. The
    tests and the Lambda benchmark start it this way; ``faults=True`` adds the fault rules of
    :func:`set_faults`. A port taken between probing and binding costs another try; a server
    that never comes up raises :class:`RuntimeError`."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = ["-m", "moto.server", "-H", "127.0.0.1", "-p"]
    if faults:  # (this file run as a script: it imports no awslogparse)
        command = ["-c", f"import runpy, sys; sys.argv[1:1] = ['faults']; "
                         f"runpy.run_path({str(Path(__file__).resolve())!r}, "
                         "run_name='__main__')"]
    for _attempt in range(3):
        port = _free_port()
        with log.open("wb") as out:
            server = subprocess.Popen(
                [sys.executable, *command, str(port)], stdout=out, stderr=subprocess.STDOUT,
                env=env)
        url = f"http://127.0.0.1:{port}"
        if _wait_until_up(url, server):
            break
        server.terminate()
        server.wait(timeout=10)
    else:
        raise RuntimeError(f"the moto S3 server did not start: {log.read_text()[-2000:]}")
    try:
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


if __name__ == "__main__":  # (as moto_server(faults=True) starts it: faults PORT)
    _serve(int(sys.argv[2]), faults=sys.argv[1] == "faults")


__all__ = ["FAULTS_PATH", "START_TIMEOUT", "moto_server", "set_faults"]
