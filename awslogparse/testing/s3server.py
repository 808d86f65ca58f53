"""A local S3 endpoint for tests and benchmarks: moto's standalone server on 127.0.0.1, in a
process of its own, so boto3 talks HTTP to it as it would to AWS and nothing is patched in the
process under test. Needs moto with its server extra (``moto[server]``, in the ``dev`` extra).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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


@contextmanager
def moto_server(log: Path) -> Iterator[str]:
    """moto's standalone S3 server on 127.0.0.1 for as long as the block runs: its URL. The
    tests and the Lambda benchmark start it this way. A port taken between probing and binding
    costs another try; a server that never comes up raises :class:`RuntimeError`."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for _attempt in range(3):
        port = _free_port()
        with log.open("wb") as out:
            server = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                stdout=out, stderr=subprocess.STDOUT, env=env)
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


__all__ = ["START_TIMEOUT", "moto_server"]
