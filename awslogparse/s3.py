"""S3 objects as sources: ``s3://bucket/key`` URLs, streamed ``get_object`` bodies, prefix listings.

boto3 is imported when an object is first opened, never at ``import awslogparse``: a Lambda that
reads CloudWatch Logs payloads only never pays for it. The default client follows the normal AWS
configuration, endpoint included: boto3 reads ``AWS_ENDPOINT_URL_S3`` and ``AWS_ENDPOINT_URL``
itself, the S3-specific one first (the ``s3`` extra's boto3 >= 1.34 does; tested with 1.44), so any
S3-compatible server works without code
(https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, TypeGuard, cast

from awslogparse.model import SourceError

SCHEME = "s3://"
INSTALL_HINT = "reading S3 objects needs boto3: pip install 'awslogparse[s3]'"
_CONFIG_VARIABLES = ("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_REGION",
                     "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_CONFIG_FILE",
                     "AWS_SHARED_CREDENTIALS_FILE")
"""The environment a default client depends on: a change makes a new client."""
_clients: dict[tuple[str | None, ...], Any] = {}


def is_s3_url(source: object) -> TypeGuard[str]:
    return isinstance(source, str) and source[:5].lower() == SCHEME


@dataclass(frozen=True)
class S3Url:
    """A parsed ``s3://`` URL. An empty key or one ending in ``/`` names a prefix: every object
    under it."""

    bucket: str
    key: str

    @property
    def is_prefix(self) -> bool:
        return not self.key or self.key.endswith("/")

    def __str__(self) -> str:
        return f"{SCHEME}{self.bucket}/{self.key}"


def parse_url(url: str) -> S3Url:
    if not is_s3_url(url):
        raise SourceError(f"not an s3:// URL: {url}")
    bucket, _, key = url[len(SCHEME):].partition("/")
    if not bucket:
        raise SourceError(f"{url}: no bucket name")
    return S3Url(bucket, key)


def object_url(bucket: str, key: str) -> str:
    return f"{SCHEME}{bucket}/{key}"


def client(s3_client: Any = None) -> Any:
    """``s3_client`` when given, else a boto3 S3 client from the normal AWS configuration, made
    once per configuration (a Lambda keeps it between invocations)."""
    if s3_client is not None:
        return s3_client
    try:
        import boto3
    except ImportError:
        raise SourceError(INSTALL_HINT) from None
    config = tuple(os.environ.get(name) for name in _CONFIG_VARIABLES)
    made = _clients.get(config)
    if made is None:
        made = _clients[config] = boto3.client("s3")
    return made


def _failure(url: str, exc: Exception, etag: str = "", version_id: str = "") -> SourceError:
    """A botocore error as a SourceError naming the object and AWS's error code (``etag``: the
    one the GET was conditional on; ``version_id``: the version it asked for)."""
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        error = response.get("Error") or {}
        code = str(error.get("Code") or "")
        message = str(error.get("Message") or "")
        status = (response.get("ResponseMetadata") or {}).get("HTTPStatusCode")
        if code in ("PreconditionFailed", "412") or status == 412:
            return SourceError(f"{url}: the object changed after it was listed (its ETag is no "
                               f"longer {etag or '?'}: PreconditionFailed); a new run reads its "
                               "new content")
        if version_id and (code == "NoSuchVersion" or (status == 404 and code in ("", "404"))):
            return SourceError(f"{url}: no such version {version_id} (NoSuchVersion)")
        if code in ("NoSuchKey", "404") or (status == 404 and code != "NoSuchBucket"):
            return SourceError(f"{url}: no such object (NoSuchKey)")
        if code in ("AccessDenied", "403") or status == 403:
            needs = f"; reading version {version_id} needs s3:GetObjectVersion" \
                if version_id else ""
            return SourceError(f"{url}: access denied ({code or 403}: {message}{needs})")
        return SourceError(f"{url}: {code}: {message}" if message else f"{url}: {code}")
    return SourceError(f"{url}: {type(exc).__name__}: {exc}")


def _botocore_errors() -> tuple[type[Exception], ...]:
    from botocore.exceptions import BotoCoreError, ClientError

    return (ClientError, BotoCoreError)


class StreamingObject:
    """A ``get_object`` body as a binary file: reads pass through in the sizes asked (the
    decoder asks for 16 KiB of gzip or 1 MiB of text at a time), and a failure while reading
    (a dropped connection, a checksum mismatch) is an ``OSError``, which readers report as an
    abnormal end of the input instead of losing what was read."""

    def __init__(self, body: Any, name: str) -> None:
        self._body = body
        self.name = name

    def read(self, size: int = -1) -> bytes:
        try:
            return cast(bytes, self._body.read(size if size >= 0 else None))
        except OSError:
            raise
        except Exception as exc:  # botocore's and urllib3's read errors are no OSError
            raise OSError(f"reading {self.name} failed: {type(exc).__name__}: {exc}") from exc

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._body.close()


def open_object(bucket: str, key: str, s3_client: Any = None, *, etag: str = "",
                version_id: str = "") -> BinaryIO:
    """One object as a streaming binary file (never read whole). Raises :class:`SourceError`
    for a missing object, a refused request or a missing boto3. ``etag`` (as listed, quoted or
    not): the GET is conditional on it (``IfMatch``), so an object that changed since it was
    listed is a :class:`SourceError` saying so (S3's 412 ``PreconditionFailed``), never the new
    content read under the listed ETag. ``version_id``: that version of the object (the GET
    then needs ``s3:GetObjectVersion``), not the latest one."""
    url = object_url(bucket, key)
    found = client(s3_client)
    listed = etag.strip('"')
    options = {"IfMatch": f'"{listed}"'} if listed else {}
    if version_id:
        options["VersionId"] = version_id
    try:
        body = found.get_object(Bucket=bucket, Key=key, **options)["Body"]
    except _botocore_errors() as exc:
        raise _failure(url, exc, listed, version_id) from None
    return cast(BinaryIO, StreamingObject(body, url))


def list_keys(bucket: str, prefix: str, s3_client: Any = None) -> Iterator[str]:
    """Every object key under ``prefix``, in S3's order (ascending UTF-8 bytes), page by page;
    "directory" markers (keys ending in ``/``) are left out."""
    found = client(s3_client)
    pages = found.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    try:
        for page in pages:
            for entry in page.get("Contents") or ():
                key = entry["Key"]
                if not key.endswith("/"):
                    yield key
    except _botocore_errors() as exc:
        raise _failure(object_url(bucket, prefix), exc) from None


class S3Object:
    """An object to open when reading starts (readers are lazy), with an explicit client or the
    default one. ``fallback_key`` is tried when ``key`` does not exist (an event whose key
    encoding is not documented). ``etag``: the ETag it was listed with, which every GET of it
    is conditional on; ``version_id``: the version to read (an event's), not the latest one
    (see :func:`open_object`)."""

    def __init__(self, bucket: str, key: str, s3_client: Any = None,
                 fallback_key: str | None = None, *, etag: str = "",
                 version_id: str = "") -> None:
        self.bucket = bucket
        self.key = key
        self.name = object_url(bucket, key)
        self.etag = etag
        self.version_id = version_id
        self._client = s3_client
        self._fallback = fallback_key if fallback_key != key else None
        self._early: _EarlyOpen | None = None

    def open_early(self) -> None:
        """Send the GET now, on a thread, so that the object's first bytes are here when
        reading starts: S3 answers after tens of milliseconds, which a chain of objects (a
        prefix, an SQS batch of S3 events) would otherwise wait for object after object.
        Only the response is waited for; the body stays in the connection until read."""
        if self._early is not None:
            return
        try:
            found = client(self._client)  # (here: boto3's default session is not thread-safe)
        except SourceError:
            return  # (no boto3: opening it the normal way says so, where it should)
        self._early = _EarlyOpen(lambda: self._open(found))

    def open_stream(self) -> BinaryIO:
        """The object's body as a stream: the response :meth:`open_early` got, or a GET now.
        An early GET that failed is sent again now, so what is reported (or read) is what a
        GET at the object's turn gives, as without opening ahead."""
        early, self._early = self._early, None
        if early is not None:
            try:
                return cast(BinaryIO, early.result())
            except Exception:  # (its turn has come: once more, the normal way)
                pass
        return self._open(self._client)

    def discard(self) -> None:
        """Close what :meth:`open_early` opened, now or when its response comes (a chain that
        stopped does not wait for S3)."""
        early, self._early = self._early, None
        if early is not None:
            early.discard()

    def _open(self, s3_client: Any) -> BinaryIO:
        try:
            return open_object(self.bucket, self.key, s3_client, etag=self.etag,
                               version_id=self.version_id)
        except SourceError as exc:  # (S3 answers NoSuchVersion for a version of no such key)
            if self._fallback is None or not str(exc).endswith(("(NoSuchKey)",
                                                                "(NoSuchVersion)")):
                raise
        stream = open_object(self.bucket, self._fallback, s3_client, etag=self.etag,
                             version_id=self.version_id)
        self.key, self.name = self._fallback, object_url(self.bucket, self._fallback)
        return stream

    def __repr__(self) -> str:
        return f"S3Object({self.name!r})"


class _EarlyOpen:
    """``open()`` run on a thread of its own: :meth:`result` waits for it (its error raised
    here), :meth:`discard` closes what it opens, now or once it has."""

    def __init__(self, open: Any) -> None:
        import threading

        self._lock = threading.Lock()
        self._done: tuple[bool, Any] | None = None
        self._discarded = False
        self._thread = threading.Thread(target=self._run, args=(open,),
                                        name="awslogparse-s3-open", daemon=True)
        self._thread.start()

    def _run(self, open: Any) -> None:
        try:
            done: tuple[bool, Any] = (True, open())
        except BaseException as exc:  # handed to result(), raised there
            done = (False, exc)
        with self._lock:
            self._done = done
            close = self._discarded and done[0]
        if close:
            done[1].close()

    def result(self) -> Any:
        self._thread.join()
        assert self._done is not None
        ok, value = self._done
        if not ok:
            raise value
        return value

    def discard(self) -> None:
        with self._lock:
            self._discarded = True
            done = self._done
        if done is not None and done[0]:
            done[1].close()


__all__ = ["S3Object", "S3Url", "StreamingObject", "client", "is_s3_url", "list_keys",
           "object_url", "open_object", "parse_url"]
