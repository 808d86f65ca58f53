"""S3 for conversions: listing inputs (by date prefix when ``since``/``until`` are given),
opening them, and an ``s3://`` destination.

Objects are read and written with boto3 through :mod:`awslogparse.s3` (one client, one
configuration, ``AWS_ENDPOINT_URL_S3`` / ``AWS_ENDPOINT_URL`` included). A Parquet file is
written to a local temporary file and uploaded when complete: S3 shows an object only when its
upload finishes, and a failed multipart upload is aborted, so no reader sees half a file and no
rename is needed (S3 has none).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from datetime import date
from typing import Any, BinaryIO

from awslogparse import s3
from awslogparse.conversion.destination import DestinationError
from awslogparse.conversion.inputs import InputFile
from awslogparse.model import SourceError


def _errors() -> tuple[type[Exception], ...]:
    """botocore's errors; none without boto3 (whose absence the client reports as a
    SourceError naming the ``s3`` extra, which must not turn into an ImportError here)."""
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:
        return ()
    return (ClientError, BotoCoreError)


def _code(exc: Exception) -> str:
    response = getattr(exc, "response", None) or {}
    return str((response.get("Error") or {}).get("Code") or "")


def _item(bucket: str, entry: dict[str, Any], root: str) -> InputFile:
    key = entry["Key"]
    return InputFile(s3.object_url(bucket, key), key[len(root):], int(entry.get("Size", 0)),
                     str(entry.get("ETag", "")).strip('"'))


def _level(client: Any, bucket: str, prefix: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Objects and sub-prefixes directly under ``prefix`` (one ``/`` level)."""
    objects: list[dict[str, Any]] = []
    prefixes: list[str] = []
    for page in client.get_paginator("list_objects_v2").paginate(
            Bucket=bucket, Prefix=prefix, Delimiter="/"):
        objects += page.get("Contents") or []
        prefixes += [p["Prefix"] for p in page.get("CommonPrefixes") or []]
    return objects, prefixes


def _all(client: Any, bucket: str, prefix: str) -> Iterator[dict[str, Any]]:
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        yield from page.get("Contents") or []


_DATE_KEYS = ("year", "month", "day")


def _date_part(segment: str, level: int) -> int | None:
    """``2026`` / ``year=2026`` at level 0, ``11`` / ``month=11`` at 1, ``21`` / ``day=21``
    at 2; ``None`` for anything else."""
    name, _, value = segment.rpartition("=")
    if name and name != _DATE_KEYS[level]:
        return None
    if len(value) != (4 if level == 0 else 2) or not value.isdigit():
        return None
    number = int(value)
    ok = 1990 <= number <= 2200 if level == 0 else 1 <= number <= (12 if level == 1 else 31)
    return number if ok else None


def _in(parts: tuple[int, ...], since: date | None, until: date | None) -> bool:
    """Whether a year, (year, month) or (year, month, day) overlaps since..until."""
    low = (since.year, since.month, since.day)[:len(parts)] if since else None
    high = (until.year, until.month, until.day)[:len(parts)] if until else None
    return (low is None or parts >= low) and (high is None or parts <= high)


def _dated(client: Any, bucket: str, prefix: str, since: date | None, until: date | None,
           *, parts: tuple[int, ...] = ()) -> Iterator[dict[str, Any]]:
    """Walk ``prefix`` one level at a time; below a year/month/day run of prefixes only the
    ones in range are listed, so a bucket of years costs a few listings for a week."""
    objects, prefixes = _level(client, bucket, prefix)
    yield from objects
    for sub in prefixes:
        segment = sub[len(prefix):].rstrip("/")
        level = len(parts)
        number = _date_part(segment, level) if level < 3 else None
        if number is not None:
            if _in((*parts, number), since, until):
                if level == 2:
                    yield from _all(client, bucket, sub)  # a day: everything under it
                else:
                    yield from _dated(client, bucket, sub, since, until,
                                      parts=(*parts, number))
        elif level == 0:
            yield from _dated(client, bucket, sub, since, until)
        else:
            yield from _all(client, bucket, sub)  # not a date below a date: all of it


def _logs_only(entries: Iterator[dict[str, Any]], prefix: str) -> list[dict[str, Any]]:
    """Listed objects without folder markers and without the datasets this library wrote under
    the prefix (every object below a folder that holds ``_awslogparse/``: its Parquet files,
    manifest and error files)."""
    from awslogparse.conversion.inputs import DATASET_MARK

    listed = [e for e in entries if not e["Key"].endswith("/")]
    mark = f"/{DATASET_MARK}/"
    roots = {k[:k.index(mark) + 1] for k in (f"/{e['Key']}" for e in listed) if mark in k}
    if not roots:
        return listed
    return [e for e in listed
            if not any(f"/{e['Key']}".startswith(root) for root in roots)]


def s3_inputs(url: str, *, since: date | None = None, until: date | None = None
              ) -> list[InputFile]:
    """The objects of an ``s3://`` URL: one object, or every object under a prefix."""
    target = s3.parse_url(url)
    client = s3.client()
    denied = ""
    try:
        if not target.is_prefix:
            try:
                head = client.head_object(Bucket=target.bucket, Key=target.key)
            except _errors() as exc:
                if _code(exc) in ("403", "AccessDenied"):  # (credentials that may read the
                    denied = _code(exc)  # prefix's objects only: the prefix may still be it)
                elif _code(exc) not in ("404", "NoSuchKey", "NotFound"):
                    raise
            else:
                entry = {"Key": target.key, "Size": head.get("ContentLength", 0),
                         "ETag": head.get("ETag", "")}
                root = target.key.rsplit("/", 1)[0] + "/" if "/" in target.key else ""
                return [_item(target.bucket, entry, root)]
            prefix = target.key + "/"  # s3://b/AWSLogs names the prefix AWSLogs/
        else:
            prefix = target.key
        if since is None and until is None:
            entries: Iterator[dict[str, Any]] = _all(client, target.bucket, prefix)
        else:
            entries = _dated(client, target.bucket, prefix, since, until)
        found = [_item(target.bucket, e, prefix) for e in _logs_only(entries, prefix)]
    except _errors() as exc:
        raise SourceError(f"{url}: cannot list: {_code(exc) or exc}") from None
    if not found and denied:
        raise SourceError(f"{url}: access denied ({denied}), and no objects under {url}/")
    if not found:
        raise SourceError(f"no objects under {url}")
    return sorted(found, key=lambda i: i.location)


def open_input(location: str, etag: str = "") -> BinaryIO:
    """An input object's body; ``etag``: the listed one, which the GET is conditional on."""
    target = s3.parse_url(location)
    return s3.open_object(target.bucket, target.key, etag=etag)


class S3Output:
    """A local file uploaded on commit (one object, shown whole or not at all)."""

    def __init__(self, dest: S3Destination, rel: str) -> None:
        self.dest, self.rel = dest, rel
        fd, self.local_path = tempfile.mkstemp(prefix=".awslogparse-", suffix=".tmp")
        os.close(fd)

    def commit(self) -> None:
        try:
            self.dest.upload(self.local_path, self.rel)
        finally:
            self.abort()

    def abort(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.local_path)


class S3Destination:
    """A dataset under ``s3://bucket/prefix/``."""

    appends_in_place = False

    def __init__(self, url: str) -> None:
        target = s3.parse_url(url)
        self.bucket = target.bucket
        self.prefix = target.key if not target.key or target.key.endswith("/") \
            else target.key + "/"
        self.root = s3.object_url(self.bucket, self.prefix)
        self._client: Any = None
        self._appends: dict[str, str] = {}

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = s3.client()
        return self._client

    def url(self, rel: str) -> str:
        return self.root + rel

    def _call(self, what: str, rel: str, action: Any, **kwargs: Any) -> Any:
        try:
            return action(Bucket=self.bucket, Key=self.prefix + rel, **kwargs)
        except _errors() as exc:
            raise DestinationError(f"cannot {what} {self.url(rel)}: {_code(exc) or exc}"
                                   ) from exc

    def create(self, rel: str) -> S3Output:
        return S3Output(self, rel)

    def upload(self, local: str, rel: str) -> None:
        client = self.client  # (without boto3: the SourceError naming the s3 extra)
        from boto3.exceptions import S3UploadFailedError  # (how upload_file says S3 refused:

        caught = (*_errors(), S3UploadFailedError, OSError)  # no ClientError)
        try:
            client.upload_file(local, self.bucket, self.prefix + rel)
        except caught as exc:
            raise DestinationError(f"cannot write {self.url(rel)}: {exc}") from exc

    def write_text(self, rel: str, text: str) -> None:
        self._call("write", rel, self.client.put_object, Body=text.encode("utf-8"))

    def read_text(self, rel: str) -> str | None:
        try:
            body = self.client.get_object(Bucket=self.bucket, Key=self.prefix + rel)["Body"]
        except _errors() as exc:
            if _code(exc) in ("NoSuchKey", "404", "NotFound"):
                return None
            raise DestinationError(f"cannot read {self.url(rel)}: {_code(exc) or exc}"
                                   ) from exc
        with contextlib.closing(body):
            return bytes(body.read()).decode("utf-8")

    def put_file(self, rel: str, local: str) -> None:
        self.upload(local, rel)

    def append_file(self, rel: str, local: str) -> None:
        """S3 objects cannot grow: appends gather in a local file uploaded by :meth:`close`."""
        spool = self._appends.get(rel)
        if spool is None:
            fd, spool = tempfile.mkstemp(prefix=".awslogparse-", suffix=".ndjson")
            os.close(fd)
            self._appends[rel] = spool
        with open(local, "rb") as src, open(spool, "ab") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)

    def list(self, prefix: str) -> list[str]:
        try:
            keys = [e["Key"] for e in _all(self.client, self.bucket, self.prefix + prefix)]
        except _errors() as exc:
            raise DestinationError(f"cannot list {self.url(prefix)}: {_code(exc) or exc}"
                                   ) from exc
        return sorted(k[len(self.prefix):] for k in keys)

    def delete(self, rel: str) -> None:
        self._call("delete", rel, self.client.delete_object)

    def close(self) -> None:
        appends, self._appends = self._appends, {}
        for rel, spool in appends.items():
            try:
                self.upload(spool, rel)
            finally:
                os.unlink(spool)
