"""s3:// sources against a real S3 endpoint (moto's server on 127.0.0.1, see tests/s3server.py).

Every sample is uploaded under its AWS key, as delivered and with the other compression, and read
back by key and by prefix: the records, errors and counts must be those of the local file.
"""

from __future__ import annotations

import gzip
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any, BinaryIO, cast

import pytest
from s3server import SampleBuckets, flipped, sample_files, sample_key

import awslogparse
from awslogparse import s3 as s3_module
from awslogparse.model import LineError, SourceError
from awslogparse.multisource import ChainedRecords
from awslogparse.sources import GZIP_READ_SIZE, READ_SIZE

SAMPLE_KEYS = [sample_key(p) for p in sample_files()]
PROVENANCE = "_source"


def without_source(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != PROVENANCE} for r in records]


def error_view(errors: list[LineError]) -> list[tuple[Any, ...]]:
    """An error without the source's name (a path here, a URL there)."""
    return [(e.line, e.reason, e.raw, e.pointer) for e in errors]


def local_read(path: Path) -> tuple[list[dict[str, Any]], Any]:
    it = awslogparse.iter_records(path, errors="collect", with_source=True)
    return list(it), it


COUNTS = ("units", "records", "errors", "headers", "blank", "containers", "skipped")


def counts(stats: Any) -> dict[str, int]:
    return {name: getattr(stats, name) for name in COUNTS}


# ---- URLs


def test_urls_name_an_object_or_a_prefix() -> None:
    assert s3_module.parse_url("s3://bucket/a/b.log") == s3_module.S3Url("bucket", "a/b.log")
    assert not s3_module.parse_url("s3://bucket/a/b.log").is_prefix
    assert s3_module.parse_url("s3://bucket/a/").is_prefix
    assert s3_module.parse_url("s3://bucket").is_prefix
    assert s3_module.parse_url("S3://bucket/").key == ""
    assert str(s3_module.parse_url("s3://bucket/a b+c")) == "s3://bucket/a b+c"
    for bad in ("s3:///key", "https://bucket/key"):
        with pytest.raises(SourceError):
            s3_module.parse_url(bad)


def test_other_url_schemes_are_refused_when_reading_starts() -> None:
    it = awslogparse.iter_records("https://example.com/flows.log")
    with pytest.raises(SourceError, match="https:// URLs are not read"):
        next(iter(it))


# ---- one object


@pytest.mark.parametrize("key", SAMPLE_KEYS)
def test_an_object_reads_as_its_local_file(key: str, sample_buckets: SampleBuckets,
                                           s3: Any) -> None:
    path = sample_buckets.files[key]
    expected, local = local_read(path)
    for bucket in (sample_buckets.as_delivered, sample_buckets.flipped):
        url = f"s3://{bucket}/{key}"
        it = awslogparse.iter_records(url, errors="collect", with_source=True)
        records = list(it)
        assert without_source(records) == without_source(expected), url
        assert {r[PROVENANCE] for r in records} <= {url}
        assert error_view(it.errors) == error_view(local.errors)
        assert {e.source for e in it.errors} <= {url}
        assert counts(it.stats) == counts(local.stats)
        assert it.stats.format == local.stats.format
        assert it.stats.source == url


@pytest.mark.parametrize("key", SAMPLE_KEYS)
def test_an_object_reads_as_its_local_file_in_arrow(key: str, sample_buckets: SampleBuckets,
                                                    s3: Any) -> None:
    path = sample_buckets.files[key]
    local_errors: list[LineError] = []
    expected = awslogparse.read_arrow(path, errors="collect", error_list=local_errors)
    for bucket in (sample_buckets.as_delivered, sample_buckets.flipped):
        errors: list[LineError] = []
        table = awslogparse.read_arrow(f"s3://{bucket}/{key}", errors="collect",
                                       error_list=errors)
        assert table.equals(expected), key
        assert error_view(errors) == error_view(local_errors)


def test_a_missing_object_or_bucket_is_a_source_error(s3: Any, s3_bucket: str) -> None:
    with pytest.raises(SourceError, match=r"s3://.*/no/such\.log: no such object \(NoSuchKey\)"):
        list(awslogparse.iter_records(f"s3://{s3_bucket}/no/such.log"))
    with pytest.raises(SourceError, match="NoSuchBucket"):
        list(awslogparse.iter_records("s3://no-such-bucket-here/x.log"))
    with pytest.raises(SourceError, match="NoSuchBucket"):
        list(awslogparse.iter_records("s3://no-such-bucket-here/prefix/"))


def test_readers_are_lazy_and_never_import_boto3_before_an_s3_source() -> None:
    code = ("import sys, awslogparse as a; it = a.iter_records('s3://bucket/key.log'); "
            "a.from_lambda_event({'Records': []}); print('boto3' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_without_boto3_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "boto3", None)  # `import boto3` now raises ImportError
    with pytest.raises(SourceError, match=r"pip install 'awslogparse\[s3\]'"):
        list(awslogparse.iter_records("s3://bucket/key.log"))
    with pytest.raises(SourceError, match=r"pip install 'awslogparse\[s3\]'"):
        list(awslogparse.iter_records("s3://bucket/prefix/"))
    event = {"Records": [{"eventSource": "aws:s3", "eventName": "ObjectCreated:Put",
                          "s3": {"bucket": {"name": "bucket"}, "object": {"key": "k.log"}}}]}
    it = awslogparse.from_lambda_event(event, errors="collect")
    assert list(it) == []
    assert [e.reason for e in it.errors] == [s3_module.INSTALL_HINT]


# ---- prefixes


def read_prefix(url: str) -> tuple[list[dict[str, Any]], Any]:
    it = awslogparse.iter_records(url, errors="collect", with_source=True)
    return list(it), it


@pytest.mark.parametrize("bucket_kind", ["as_delivered", "flipped"])
def test_a_prefix_reads_every_object_in_key_order(bucket_kind: str,
                                                  sample_buckets: SampleBuckets,
                                                  s3: Any) -> None:
    bucket = getattr(sample_buckets, bucket_kind)
    records, it = read_prefix(f"s3://{bucket}/")
    assert isinstance(it, ChainedRecords)
    by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        by_source[record[PROVENANCE]].append(record)
    order = list(dict.fromkeys(r[PROVENANCE] for r in records))
    assert order == sorted(order, key=lambda url: url.encode())  # S3's order: UTF-8 bytes
    total = dict.fromkeys(COUNTS, 0)
    expected_errors = []
    formats = []
    for key in sorted(sample_buckets.files, key=str.encode):
        expected, local = local_read(sample_buckets.files[key])
        url = f"s3://{bucket}/{key}"
        assert without_source(by_source.get(url, [])) == without_source(expected), url
        expected_errors += [(url, *view) for view in error_view(local.errors)]
        for name in COUNTS:
            total[name] += getattr(local.stats, name)
        formats.append(local.stats.format)
    assert [(e.source, *view) for e, view in zip(it.errors, error_view(it.errors), strict=True)
            ] == expected_errors
    assert counts(it.stats) == total
    assert it.stats.records + it.stats.errors == it.stats.units
    assert [p.source for p in it.parts] == [f"s3://{bucket}/{k}"
                                            for k in sorted(sample_buckets.files, key=str.encode)]
    assert it.stats.format.split(",") == list(dict.fromkeys(formats))
    assert isinstance(it, awslogparse.RecordIterator)


def test_a_sub_prefix_reads_only_its_objects(sample_buckets: SampleBuckets, s3: Any) -> None:
    prefix = next(k for k in SAMPLE_KEYS if "/CloudTrail/" in k).split("/CloudTrail/")[0]
    prefix += "/CloudTrail/"
    records, it = read_prefix(f"s3://{sample_buckets.as_delivered}/{prefix}")
    assert isinstance(it, ChainedRecords)
    keys = sorted(k for k in SAMPLE_KEYS if k.startswith(prefix))
    assert len(it.parts) == len(keys) >= 1
    expected = [r for k in keys for r in local_read(sample_buckets.files[k])[0]]
    assert without_source(records) == without_source(expected)


def test_directory_markers_are_skipped_and_an_empty_prefix_is_an_error(
        s3: Any, s3_bucket: str) -> None:
    line = b"2 123456789010 eni-1 10.0.0.1 10.0.0.2 443 1234 6 10 840 1700000000 1700000060 " \
           b"ACCEPT OK\n"
    s3.put_object(Bucket=s3_bucket, Key="logs/", Body=b"")
    s3.put_object(Bucket=s3_bucket, Key="logs/day/", Body=b"")
    s3.put_object(Bucket=s3_bucket, Key="logs/day/a.log", Body=line)
    s3.put_object(Bucket=s3_bucket, Key="logs/day/b.log.gz", Body=gzip.compress(line * 2))
    it = awslogparse.iter_records(f"s3://{s3_bucket}/logs/", "vpcflow", with_source=True)
    assert isinstance(it, ChainedRecords)
    assert [r[PROVENANCE] for r in it] == [f"s3://{s3_bucket}/logs/day/a.log",
                                           *[f"s3://{s3_bucket}/logs/day/b.log.gz"] * 2]
    assert len(it.parts) == 2
    with pytest.raises(SourceError, match="no objects under this prefix"):
        list(awslogparse.iter_records(f"s3://{s3_bucket}/nothing/"))


def test_an_unreadable_object_under_a_prefix_is_one_error(s3: Any, s3_bucket: str) -> None:
    line = b"2 123456789010 eni-1 10.0.0.1 10.0.0.2 443 1234 6 10 840 1700000000 1700000060 " \
           b"ACCEPT OK\n"
    s3.put_object(Bucket=s3_bucket, Key="p/1.log", Body=line)
    s3.put_object(Bucket=s3_bucket, Key="p/2.txt", Body=b"hello, not a log\n")
    s3.put_object(Bucket=s3_bucket, Key="p/3.log", Body=line)
    it = awslogparse.iter_records(f"s3://{s3_bucket}/p/", errors="collect")
    assert len(list(it)) == 2
    [error] = it.errors
    assert error.source == f"s3://{s3_bucket}/p/2.txt"
    assert "cannot tell the format" in error.reason
    assert (it.stats.units, it.stats.records, it.stats.errors) == (3, 2, 1)
    with pytest.raises(SourceError, match=r"2\.txt"):
        list(awslogparse.iter_records(f"s3://{s3_bucket}/p/"))  # errors="raise"


def test_arrow_of_a_prefix_merges_the_objects_schemas(sample_buckets: SampleBuckets,
                                                      s3: Any) -> None:
    import pyarrow.compute as pc

    keys = sorted({k.rsplit("/", 1)[0] + "/" for k in SAMPLE_KEYS
                   if "/elasticloadbalancing/" in k})
    prefix = keys[0]
    members = [k for k in sorted(SAMPLE_KEYS, key=str.encode) if k.startswith(prefix)]
    local = [awslogparse.read_arrow(sample_buckets.files[k], errors="skip", with_source=True)
             for k in members]
    assert len({t.schema.to_string() for t in local}) > 1, "want objects of several schemas"
    table = awslogparse.read_arrow(f"s3://{sample_buckets.as_delivered}/{prefix}",
                                   errors="skip", with_source=True)
    assert table.num_rows == sum(t.num_rows for t in local)
    for key, expected in zip(members, local, strict=True):
        url = f"s3://{sample_buckets.as_delivered}/{key}"
        assert set(expected.column_names) <= set(table.column_names)
        rows = table.filter(pc.equal(table.column("_source"), url))
        assert rows.num_rows == expected.num_rows
        for name in expected.column_names:
            if name != "_source":
                assert rows.column(name).to_pylist() == expected.column(name).to_pylist(), name

    batches = awslogparse.iter_batches(f"s3://{sample_buckets.as_delivered}/{prefix}",
                                       errors="skip")
    assert sum(b.num_rows for b in batches) == table.num_rows
    assert batches.stats.records == table.num_rows
    assert batches.fast_blocks + batches.slow_blocks >= len(members)


# ---- configuration


def test_the_endpoint_comes_from_the_aws_configuration(s3: Any, s3_bucket: str,
                                                       aws_config: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    line = b"2 123456789010 eni-1 10.0.0.1 10.0.0.2 443 1234 6 10 840 1700000000 1700000060 " \
           b"ACCEPT OK\n"
    s3.put_object(Bucket=s3_bucket, Key="k.log", Body=line)
    url = f"s3://{s3_bucket}/k.log"
    nowhere = "http://127.0.0.1:9"  # the discard port: nothing listens
    monkeypatch.setenv("AWS_ENDPOINT_URL", nowhere)
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    with pytest.raises(SourceError, match=r"k\.log"):
        list(awslogparse.iter_records(url, "vpcflow"))
    assert len(list(awslogparse.iter_records(url, "vpcflow", s3_client=s3))) == 1
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", aws_config)  # the S3-specific one wins
    assert len(list(awslogparse.iter_records(url, "vpcflow"))) == 1


# ---- streaming


class CountingBody:
    """A get_object body that records the size of every read."""

    def __init__(self, body: Any, sizes: list[int | None]) -> None:
        self._body = body
        self._sizes = sizes

    def read(self, size: int | None = None) -> bytes:
        self._sizes.append(size)
        return self._body.read(size)  # type: ignore[no-any-return]

    def close(self) -> None:
        self._body.close()


class CountingClient:
    """A real boto3 client whose get_object bodies count their reads."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self.sizes: list[int | None] = []

    def get_object(self, **kwargs: Any) -> Any:
        response = self._client.get_object(**kwargs)
        response["Body"] = CountingBody(response["Body"], self.sizes)
        return response

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


def flow_lines(count: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    out = ["version account-id interface-id srcaddr dstaddr srcport dstport protocol packets "
           "bytes start end action log-status"]
    for _ in range(count):
        start = 1_700_000_000 + rng.randrange(3600)
        out.append(f"2 123456789012 eni-{rng.randrange(16**8):08x} 10.0.{rng.randrange(256)}."
                   f"{rng.randrange(256)} 198.51.100.{rng.randrange(256)} "
                   f"{rng.randrange(65536)} 443 6 {rng.randrange(1, 99)} "
                   f"{rng.randrange(40, 90000)} {start} {start + 60} ACCEPT OK")
    return ("\n".join(out) + "\n").encode()


@pytest.mark.parametrize("compress", [True, False], ids=["gzip", "plain"])
def test_an_object_is_streamed_in_chunks_never_read_whole(compress: bool, s3: Any,
                                                          s3_bucket: str) -> None:
    text = flow_lines(25_000)  # about 2.2 MB: several reads of the biggest size
    body = gzip.compress(text, mtime=0) if compress else text
    s3.put_object(Bucket=s3_bucket, Key="big.log", Body=body)
    counting = CountingClient(s3)
    it = awslogparse.iter_records(f"s3://{s3_bucket}/big.log", "vpcflow", s3_client=counting)
    assert sum(1 for _ in it) == 25_000
    sizes = counting.sizes
    assert None not in sizes and -1 not in sizes, "a read without a size reads the rest whole"
    biggest = GZIP_READ_SIZE if compress else READ_SIZE
    assert max(s for s in sizes if s is not None) <= biggest
    assert len(sizes) >= len(body) // biggest


def test_a_read_failure_mid_object_ends_the_input_with_an_error() -> None:
    class Dropping:
        """A body whose connection drops after ``cut`` bytes (urllib3's errors are no
        OSError)."""

        def __init__(self, data: bytes, cut: int) -> None:
            self.data, self.cut, self.at = data, cut, 0

        def read(self, size: int | None = None) -> bytes:
            if self.at >= self.cut:
                raise RuntimeError("IncompleteRead(100 bytes read)")
            end = min(self.cut, self.at + (size or len(self.data)))
            piece, self.at = self.data[self.at:end], end
            return piece

        def close(self) -> None:
            pass

    text = flow_lines(10)
    stream = cast(BinaryIO, s3_module.StreamingObject(Dropping(text, len(text) // 2),
                                                      "s3://b/k.log"))
    it = awslogparse.iter_records(stream, "vpcflow", errors="collect")
    records = list(it)
    assert it.errors[-1].reason.startswith("input ends abnormally (OSError: reading s3://b/k.log")
    assert it.stats.records == len(records) >= 1


def test_a_truncated_object_gives_what_it_holds_then_one_error(sample_buckets: SampleBuckets,
                                                               s3: Any, s3_bucket: str) -> None:
    key = next(k for k in SAMPLE_KEYS if k.endswith(".gz") and "vpcflowlogs" in k)
    data = sample_buckets.files[key].read_bytes()
    s3.put_object(Bucket=s3_bucket, Key=key, Body=data[: len(data) * 2 // 3])
    it = awslogparse.iter_records(f"s3://{s3_bucket}/{key}", errors="collect", with_source=True)
    records = list(it)
    expected, _ = local_read(sample_buckets.files[key])
    assert without_source(records) == without_source(expected)[: len(records)]
    assert "gzip stream is truncated" in it.errors[-1].reason


def test_botocore_errors_become_source_errors_with_the_url() -> None:
    from botocore.exceptions import ClientError

    denied = ClientError({"Error": {"Code": "AccessDenied", "Message": "Access Denied"},
                          "ResponseMetadata": {"HTTPStatusCode": 403}}, "GetObject")
    assert str(s3_module._failure("s3://b/k", denied)) == \
        "s3://b/k: access denied (AccessDenied: Access Denied)"
    missing = ClientError({"Error": {"Code": "404", "Message": "Not Found"},
                           "ResponseMetadata": {"HTTPStatusCode": 404}}, "GetObject")
    assert "no such object" in str(s3_module._failure("s3://b/k", missing))


def test_a_get_conditional_on_a_listed_etag_reads_that_content_or_says_it_changed(
        s3: Any, s3_bucket: str) -> None:
    etag = s3.put_object(Bucket=s3_bucket, Key="k.log", Body=b"one\n")["ETag"]
    for given in (etag, etag.strip('"')):  # (ListObjectsV2 and HeadObject quote it)
        assert s3_module.open_object(s3_bucket, "k.log", etag=given).read() == b"one\n"
    s3.put_object(Bucket=s3_bucket, Key="k.log", Body=b"two\n")
    listed = etag.strip('"')
    changed = rf"s3://{s3_bucket}/k\.log: the object changed after it was listed .*{listed}" \
              r".*PreconditionFailed"
    with pytest.raises(SourceError, match=changed):
        s3_module.open_object(s3_bucket, "k.log", etag=etag)
    early = s3_module.S3Object(s3_bucket, "k.log", etag=etag)  # opened ahead: the same GET
    early.open_early()
    with pytest.raises(SourceError, match=changed):
        early.open_stream()
    assert s3_module.open_object(s3_bucket, "k.log").read() == b"two\n"  # (no condition)


def test_flipping_compression_changes_the_bytes() -> None:
    data = sample_files()[0].read_bytes()
    assert flipped(data) != data
    assert flipped(flipped(data)) == data or data[:2] != b"\x1f\x8b"


# ---- objects opened ahead


class _Early:
    """Stands for an S3 object: records when it is opened early and discarded."""

    def __init__(self, name: str, log: list[str]) -> None:
        self.name, self.log = name, log

    def open_early(self) -> None:
        self.log.append(f"open {self.name}")

    def discard(self) -> None:
        self.log.append(f"discard {self.name}")


def test_a_chain_opens_the_next_objects_while_it_reads_one() -> None:
    from awslogparse.multisource import OPEN_AHEAD, Part, opened_ahead

    log: list[str] = []

    def parts(count: int, *, fail_after: int | None = None) -> Any:
        for i in range(count):
            if i == fail_after:
                raise SourceError("the listing broke off")
            yield Part(f"p{i}", source=_Early(f"p{i}", log))

    for part in opened_ahead(parts(6)):
        log.append(f"read {part.name}")
    reads = [i for i, entry in enumerate(log) if entry.startswith("read")]
    # the next OPEN_AHEAD objects are opened while one is read (the first is read at once)
    assert [e for e in log if e.startswith("open")] == [f"open p{i}" for i in range(1, 6)]
    assert log[:OPEN_AHEAD] == [f"open p{i}" for i in range(1, OPEN_AHEAD + 1)]
    assert log[OPEN_AHEAD] == "read p0" == log[reads[0]]
    assert not [e for e in log if e.startswith("discard")]
    # a failure met while looking ahead comes after the parts before it, as before
    log.clear()
    seen = []
    with pytest.raises(SourceError, match="broke off"):
        for part in opened_ahead(parts(6, fail_after=3)):
            seen.append(part.name)
    assert seen == ["p0", "p1", "p2"]
    # a chain that stops closes what it opened and did not read
    log.clear()
    walk = opened_ahead(parts(6))
    assert next(walk).name == "p0"
    walk.close()
    assert sorted(e for e in log if e.startswith("discard")) == [
        f"discard p{i}" for i in range(1, OPEN_AHEAD + 1)]


def test_objects_opened_ahead_read_as_before(s3: Any, s3_bucket: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Through a prefix: every object read in key order, a missing one (deleted after the
    listing) one error in its place, and the GETs of later objects sent early."""
    line = b"2 123456789010 eni-1 10.0.0.1 10.0.0.2 443 1234 6 10 840 1700000000 1700000060 " \
           b"ACCEPT OK\n"
    for i in range(6):
        s3.put_object(Bucket=s3_bucket, Key=f"q/{i}.log", Body=line * (i + 1))
    real_list = s3_module.list_keys

    def listing_then_delete(bucket: str, prefix: str, s3_client: Any = None) -> Any:
        keys = list(real_list(bucket, prefix, s3_client))
        s3.delete_object(Bucket=s3_bucket, Key="q/2.log")  # gone once listed
        return iter(keys)

    opened: list[str] = []
    real_open = s3_module.S3Object.open_early

    def noted(self: Any) -> None:
        opened.append(self.key)
        real_open(self)

    monkeypatch.setattr(s3_module, "list_keys", listing_then_delete)
    monkeypatch.setattr(s3_module.S3Object, "open_early", noted)
    it = awslogparse.iter_records(f"s3://{s3_bucket}/q/", errors="collect", with_source=True)
    records = list(it)
    assert [r["_source"].rsplit("/", 1)[1] for r in records] == [
        f"{i}.log" for i in (0, 1, 1, 3, 3, 3, 3, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5)]
    [error] = it.errors
    assert error.source == f"s3://{s3_bucket}/q/2.log" and "NoSuchKey" in error.reason
    assert opened == [f"q/{i}.log" for i in range(1, 6)]


def test_an_object_opened_early_and_dropped_is_closed_without_waiting_for_s3(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    answer = threading.Event()
    opened = threading.Event()

    class Stream:
        closed = False

        def close(self) -> None:
            self.closed = True

    stream = Stream()

    def slow_open(self: Any, s3_client: Any) -> Any:
        answer.wait(10)  # S3 has not answered yet
        opened.set()
        return stream

    monkeypatch.setattr(s3_module.S3Object, "_open", slow_open)
    obj = s3_module.S3Object("bucket", "key", s3_client=object())
    obj.open_early()
    obj.discard()  # returns now: the response has not come
    assert not opened.is_set() and not stream.closed
    answer.set()
    assert opened.wait(10)
    for _ in range(1000):  # the thread closes it once the response is there
        if stream.closed:
            break
        threading.Event().wait(0.01)
    assert stream.closed
    # and an error of the early open is raised where the stream is asked for
    failing = s3_module.S3Object("bucket", "key", s3_client=object())
    monkeypatch.setattr(s3_module.S3Object, "_open",
                        lambda self, c: (_ for _ in ()).throw(SourceError("s3://bucket/key: no")))
    failing.open_early()
    with pytest.raises(SourceError, match="no"):
        failing.open_stream()
