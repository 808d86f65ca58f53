"""A Lambda function that parses AWS logs with awslogparse and writes them to S3, one output object
per source (NDJSON gzip, or Parquet with the pyarrow layer).

It takes every event that delivers logs to Lambda: S3 notifications (direct, through SNS, SQS or
SQS of SNS, EventBridge "Object Created"), CloudWatch Logs subscriptions, Kinesis Data Streams and
Firehose data transformations. Configuration, from the environment:

- ``DEST_BUCKET``: where records go (not needed for Firehose, which delivers the response itself);
- ``DEST_PREFIX``: key prefix of every output object (default none);
- ``OUTPUT_FORMAT``: ``ndjson`` (default) or ``parquet`` (needs pyarrow: the layer);
- ``LOG_FORMATS``: optional JSON object, CloudWatch Logs log group (or glob) -> format, e.g.
  ``{"/vpc/*": "vpcflow"}``; a value can be ``[format, layout]`` for custom flow log fields;
- ``SOURCE_FORMAT``: the format of S3 objects and Kinesis/Firehose data (default ``auto``).

Output keys come from the source (``s3/<bucket>/<key>``, with ``.version-<version id>`` for an
object of a bucket with versioning, ``logs/<group>/<stream>/<digest>``,
``kinesis/<stream>/<shard>/<sequence number>``), so a retried invocation overwrites its earlier
output instead of duplicating it, and another version of an object never does. SQS and Kinesis
invocations return a partial batch response; other asynchronous invocations raise when a source
could not be read, so Lambda retries them and then sends them to the dead-letter queue.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import awslogparse
from awslogparse.lambda_events import BATCH_KINDS, EventBatches, EventRecords, ndjson
from awslogparse.s3 import client as s3_client

MAX_LOGGED_ERRORS = 20
"""Bad lines printed per invocation (all of them are counted in the summary line)."""
CHECK_EVERY = 4096
"""Records between two looks at the time left (Parquet looks at every batch)."""
RESERVE_MS = 10_000
"""Stop reading when less time than this is left (or than a quarter of the time an invocation
starts with, when its timeout is short): the unread sources are retried."""
SUFFIXES = {"ndjson": ".ndjson.gz", "parquet": ".parquet"}


class IncompleteDeliveryError(RuntimeError):
    """Some sources could not be read: raised so that Lambda retries the asynchronous invocation
    (S3, SNS, EventBridge, CloudWatch Logs), then sends it to the dead-letter queue."""


@dataclass(frozen=True)
class Config:
    """The environment variables, read at each invocation (it costs nothing, and a changed
    configuration applies at once)."""

    bucket: str
    prefix: str = ""
    output: str = "ndjson"
    source_format: str = "auto"
    log_formats: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_environ(cls, env: Mapping[str, str]) -> Config:
        output = env.get("OUTPUT_FORMAT", "ndjson").strip().lower() or "ndjson"
        if output not in SUFFIXES:
            raise ValueError(f"OUTPUT_FORMAT must be ndjson or parquet, not {output!r}")
        log_formats = json.loads(env.get("LOG_FORMATS") or "{}")
        if not isinstance(log_formats, dict):
            raise ValueError("LOG_FORMATS must be a JSON object: log group (glob) -> format")
        return cls(env.get("DEST_BUCKET", ""), env.get("DEST_PREFIX", ""), output,
                   env.get("SOURCE_FORMAT") or "auto", log_formats)


def handler(event: Any, context: Any = None) -> dict[str, Any]:
    config = Config.from_environ(os.environ)
    options: dict[str, Any] = {"format": config.source_format, "errors": "collect",
                               "log_formats": config.log_formats or None}
    records = awslogparse.from_lambda_event(event, **options)
    if any(item.kind == "firehose" for item in records.items):
        response = awslogparse.firehose_response(records)  # Firehose writes the records itself
        log_summary(records, [])
        return response

    if not config.bucket:
        raise ValueError("DEST_BUCKET is not set")
    reader: EventRecords | EventBatches = records
    if config.output == "parquet":
        reader = awslogparse.lambda_event_batches(event, **options)
    written = forward(reader, config, cloudwatch_digest(event), out_of_time(context))
    log_summary(reader, written)
    if any(item.kind in BATCH_KINDS for item in reader.items):
        return awslogparse.batch_item_failures(reader)  # SQS / Kinesis: retry only these
    if reader.failed_items:
        raise IncompleteDeliveryError("not read: " + "; ".join(
            reason for item in reader.failed_items for reason in item.failures or ["timeout"]))
    return {"written": written, "records": reader.stats.records, "errors": reader.stats.errors}


def forward(reader: EventRecords | EventBatches, config: Config, digest: str,
            out_of_time: Callable[[], bool]) -> list[str]:
    """Write each source's records to a local file, then upload it whole (S3 shows an object
    only once its upload is complete, so nobody reads half a file)."""
    s3 = s3_client()  # made once per AWS configuration, kept between invocations by awslogparse
    written = []
    with tempfile.TemporaryDirectory() as folder:
        if isinstance(reader, EventBatches):
            files = parquet_files(reader, Path(folder), out_of_time)
        else:
            files = ndjson_files(reader, Path(folder), out_of_time)
        for source, version, path in files:
            key = output_key(config.prefix, source, digest, SUFFIXES[config.output], version)
            s3.upload_file(str(path), config.bucket, key)
            path.unlink()
            written.append(key)
    return written


def version_of(part: Any) -> str:
    """The version of the S3 object a part of the event reads (the event names it when the
    bucket has versioning); empty for anything else."""
    return str(getattr(getattr(part, "source", None), "version_id", "") or "")


def ndjson_files(records: EventRecords, folder: Path,
                 out_of_time: Callable[[], bool]) -> Iterator[tuple[str, str, Path]]:
    """(source, its S3 version, gzip NDJSON file) for each source read in full. Records keep
    ``_source`` and ``_line``; times are ISO 8601 text. Each part of the event (an object, a
    payload) is a file of its own, even when the part before it had the same source (an object
    announced twice: S3 notifies at least once), so its upload replaces that one's instead of
    doubling it."""
    path, source, out, part = folder / "out.ndjson.gz", "", None, None
    try:
        for count, record in enumerate(records):
            if out is None or records.part is not part:
                if out is not None:
                    out.close()
                    yield source, version_of(part), path
                if out_of_time():
                    return  # this source and the rest stay unread: their items are failed
                source, out, part = record["_source"], open_gzip(path), records.part
            elif count % CHECK_EVERY == 0 and out_of_time():
                return  # the source being read is not uploaded: it is retried whole
            out.write(ndjson([record]))
        if out is not None:
            out.close()
            yield source, version_of(part), path
    finally:
        if out is not None:
            out.close()


def open_gzip(path: Path) -> io.BufferedWriter:
    """A gzip file written in 1 MiB pieces (one compressor call per record costs a third of the
    time). No timestamp in the header: the same records give the same bytes."""
    return io.BufferedWriter(gzip.GzipFile(path, "wb", mtime=0), 1 << 20)


def parquet_files(batches: EventBatches, folder: Path,
                  out_of_time: Callable[[], bool]) -> Iterator[tuple[str, str, Path]]:
    """(source, its S3 version, Parquet file) for each source read in full, one file each
    (each source has its own schema), one per part as in :func:`ndjson_files`."""
    import pyarrow.parquet as pq

    path, source, writer, part = folder / "out.parquet", "", None, None
    try:
        for batch in batches:
            if batch.num_rows == 0:
                continue
            if writer is None or batches.part is not part:
                if writer is not None:
                    writer.close()
                    yield source, version_of(part), path
                if out_of_time():
                    return
                source, part = batch.column("_source")[0].as_py(), batches.part
                writer = pq.ParquetWriter(path, batch.schema, compression="zstd")
            elif out_of_time():
                return
            writer.write_batch(batch)
        if writer is not None:
            writer.close()
            yield source, version_of(part), path
    finally:
        if writer is not None:
            writer.close()


def output_key(prefix: str, source: str, digest: str, suffix: str, version: str = "") -> str:
    """The destination key of a source's records: its own path, so that a retry overwrites
    (an S3 object's ``version``, when the event names one, too: another version of the object
    is another source)."""
    scheme, _, rest = source.partition(":")
    if scheme == "s3":
        path = rest.removeprefix("//")  # bucket/key, as delivered
        if version:
            path += f".version-{version}"
    else:  # logs:<group>:<stream>, kinesis:<stream>:<shard>:<sequence number>
        path = "/".join(part.strip("/") for part in rest.split(":"))
    if scheme == "logs":  # a log stream delivers many payloads: name this one by its content
        path += "/" + digest
    return f"{prefix}{scheme}/{path}{suffix}"


def cloudwatch_digest(event: Any) -> str:
    """A name for a CloudWatch Logs payload: the same payload, retried, gets the same name."""
    awslogs = event.get("awslogs") if isinstance(event, dict) else None
    data = awslogs.get("data") if isinstance(awslogs, dict) else None
    return hashlib.sha256(str(data).encode()).hexdigest()[:16]


def out_of_time(context: Any) -> Callable[[], bool]:
    """Whether to stop reading: less than :data:`RESERVE_MS` is left before the function's
    timeout, or less than a quarter of the time the invocation started with when its timeout
    is short (a reserve of the whole timeout would read nothing, ever). Never, outside Lambda."""
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    if not callable(remaining):
        return lambda: False
    reserve = min(RESERVE_MS, remaining() / 4)
    return lambda: remaining() <= reserve


def log_summary(reader: EventRecords | EventBatches, written: list[str]) -> None:
    """One JSON line per bad line or unreadable source (the first few), then a summary line."""
    for error in reader.errors[:MAX_LOGGED_ERRORS]:
        print(json.dumps({"error": error.reason, "source": error.source, "line": error.line,
                          "pointer": error.pointer, "raw": error.raw[:200]}))
    stats = reader.stats
    print(json.dumps({"records": stats.records, "errors": stats.errors,
                      "skipped": stats.skipped, "formats": stats.format, "written": len(written),
                      "failed": [item.id or item.pointer for item in reader.failed_items]}))
