"""A real S3 endpoint for the tests: moto's standalone server on 127.0.0.1, in a process of its own.

boto3 talks HTTP to it, as it would to AWS; nothing is patched in the test process. The server
starts once per test process (each pytest-xdist worker has its own) on a free port; the ``s3``
fixture points the AWS configuration at it (endpoint, dummy credentials, region, no config files)
for one test and yields a client; ``s3_bucket`` adds a fresh bucket; ``s3_faults`` makes chosen
requests fail (an error code, a connection dropped part-way) for one test.
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from awslogparse.testing.s3server import moto_server, set_faults

_buckets = itertools.count()


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a moto S3 server started for this test process."""
    log = tmp_path_factory.mktemp("moto") / "server.log"
    try:
        with moto_server(log, faults=True) as url:
            yield url
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture
def aws_config(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """The AWS configuration of this test: the local endpoint, dummy credentials, a region, and
    no profile or config file of the machine's."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    missing = str(tmp_path / "no-aws-config")
    monkeypatch.setenv("AWS_CONFIG_FILE", missing)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", missing)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_endpoint)
    return s3_endpoint


@pytest.fixture
def s3(aws_config: str) -> Any:
    """A boto3 S3 client of the local server (made from the environment, as awslogparse's
    default client is)."""
    import boto3

    client = boto3.client("s3")
    assert client.meta.endpoint_url == aws_config
    return client


@pytest.fixture
def s3_faults(s3_endpoint: str) -> Iterator[Callable[[list[dict[str, Any]]], None]]:
    """Sets the server's fault rules for this test (see
    :func:`awslogparse.testing.s3server.set_faults`); they are cleared after it."""
    yield functools.partial(set_faults, s3_endpoint)
    set_faults(s3_endpoint, [])


@pytest.fixture
def s3_bucket(s3: Any) -> str:
    """A new, empty bucket."""
    name = f"test-{os.getpid()}-{next(_buckets)}"
    s3.create_bucket(Bucket=name)
    return name


SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NOT_SAMPLES = {".md", ".py", ".txt", ".rst"}
"""Suffixes of the documentation and code beside the samples."""


def sample_files() -> list[Path]:
    """Every sample log file, found by walking samples/ (the next format's files included)."""
    return sorted(p for p in SAMPLES.rglob("*")
                  if p.is_file() and p.suffix not in NOT_SAMPLES and "__pycache__" not in p.parts)


def sample_key(path: Path) -> str:
    """The object key of a sample: its path under samples/, which is AWS's key layout."""
    return path.relative_to(SAMPLES).as_posix()


def flipped(data: bytes) -> bytes:
    """The same content with the other compression: gzip files gunzipped, plain files gzipped."""
    import gzip

    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else gzip.compress(data, mtime=0)


@dataclass(frozen=True)
class SampleBuckets:
    """Two buckets holding every sample under its key: ``as_delivered`` byte for byte,
    ``flipped`` with the other compression."""

    as_delivered: str
    flipped: str
    files: dict[str, Path]
    """object key -> the local sample file."""


@pytest.fixture(scope="session")
def sample_buckets(s3_endpoint: str) -> SampleBuckets:
    """Every sample uploaded once per test process (through its own client: the per-test AWS
    configuration of the ``s3`` fixture is not needed for that)."""
    import boto3

    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    buckets = SampleBuckets("samples-as-delivered", "samples-flipped",
                            {sample_key(p): p for p in sample_files()})
    assert buckets.files, "no sample files found"
    for bucket in (buckets.as_delivered, buckets.flipped):
        client.create_bucket(Bucket=bucket)
    for key, path in buckets.files.items():
        data = path.read_bytes()
        client.put_object(Bucket=buckets.as_delivered, Key=key, Body=data)
        client.put_object(Bucket=buckets.flipped, Key=key, Body=flipped(data))
    return buckets
