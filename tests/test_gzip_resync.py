"""A corrupt gzip member in the middle of a source (Firehose objects concatenate members; so
does ``cat a.gz b.gz``): the lines or values before the damage are read, the damage is one
error (naming the member, where it is and how much was skipped; its raw text the unit it cut),
and decoding goes on at the next member, whose units are read as usual. Every consumer of the
decoded stream: line framing (the per-line reader and the Arrow paths), JSON framing, a Parquet
file (where the damage stays fatal to the file, as one error), CloudWatch Logs payloads and
Lambda events, and the command line."""

from __future__ import annotations

import base64
import gzip
import io
import json
import zlib
from pathlib import Path
from typing import Any

import pytest
from budget import shared_by
from hypothesis import given
from hypothesis import strategies as st
from s3server import sample_files

import awslogparse
from awslogparse import cli, registry
from awslogparse.reader import detect_source
from awslogparse.sources import PROOF, Gap, gunzip_chunks
from awslogparse.testing import damage_formats, log_data
from awslogparse.testing.events import kinesis_record

DAMAGE = "is corrupt at compressed byte"
"""What the damage's error says (any reader, any framing)."""


def damaged_member(before: bytes, after: bytes) -> bytes:
    """A gzip member whose deflate data holds ``before``, then, after a full flush (byte
    aligned), a block holding ``after`` whose header names the reserved block type 3, which
    zlib refuses at once: ``before`` decodes, nothing of ``after`` does."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)
    head = packer.compress(before) + packer.flush(zlib.Z_FULL_FLUSH)
    rest = bytearray(packer.compress(after) + packer.flush())
    rest[0] |= 0x06  # BTYPE = 11
    return head + bytes(rest)


def member(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def decoded(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def framing(fmt: str) -> str:
    return registry.get(fmt).format().spec.framing


def _samples(kind: str, lines: int = 3) -> list[tuple[Path, str]]:
    """Sample files whose detected format has ``kind`` framing and at least ``lines``
    lines."""
    found = []
    for path in sample_files():
        fmt, _ = detect_source(path)
        if fmt is not None and framing(fmt) == kind and \
                len(decoded(path).splitlines()) >= lines:
            found.append((path, fmt))
    return found


LINE_SAMPLES = _samples("lines")


def damage_errors(errors: list[Any]) -> list[Any]:
    return [e for e in errors if DAMAGE in e.reason]


def other_errors(errors: list[Any]) -> list[tuple[str, str]]:
    return [(e.reason, e.raw) for e in errors if DAMAGE not in e.reason]


def check_counts(it: Any) -> None:
    assert it.stats.records + it.stats.errors == it.stats.units, it.stats


# ---- the stream


def test_the_gap_says_where_and_how_much_was_skipped() -> None:
    first, second = b"a\n" * 3, b"z\n" * 3
    middle = damaged_member(b"b\nc", b"c\nd\n")
    data = member(first) + middle + member(second)
    chunks = list(gunzip_chunks(io.BytesIO(data)))
    gaps = [c for c in chunks if isinstance(c, Gap)]
    assert len(gaps) == 1
    (gap,) = gaps
    assert gap.member == 2
    assert len(member(first)) < gap.offset < len(member(first)) + len(middle)
    assert gap.resumed == len(member(first)) + len(middle)
    assert gap.skipped == gap.resumed - gap.offset
    at = chunks.index(gap)
    assert b"".join(c for c in chunks[:at] if isinstance(c, bytes)) == first + b"b\nc"
    assert b"".join(c for c in chunks[at + 1:] if isinstance(c, bytes)) == second


def test_magic_bytes_inside_the_skipped_data_are_no_member() -> None:
    """The magic bytes, the method and a plausible flag byte inside the damaged member's data
    (stored blocks hold them as they are) start no member: what follows them does not
    decode, so the search goes on to the real next member."""
    fake = b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4
    packer = zlib.compressobj(0, zlib.DEFLATED, 31)  # (stored blocks: the bytes as they are)
    head = packer.compress(b"x\n") + packer.flush(zlib.Z_FULL_FLUSH)
    rest = bytearray(packer.compress(fake) + packer.flush())
    rest[1] ^= 0xFF  # a stored block's length that its complement does not match
    data = member(b"a\n") + head + bytes(rest) + member(b"z\n" * PROOF)
    chunks = list(gunzip_chunks(io.BytesIO(data)))
    (gap,) = [c for c in chunks if isinstance(c, Gap)]
    assert gap.resumed == len(data) - len(member(b"z\n" * PROOF))
    assert b"".join(c for c in chunks if isinstance(c, bytes)) == b"a\nx\n" + b"z\n" * PROOF


def test_a_decoder_misled_past_the_member_end_resumes_at_the_next_member() -> None:
    """Damage that a decoder reads past the damaged member's end before it fails (here the
    member's final block is marked not final, so its trailer and the next member are read as
    deflate data): the next member is looked for from the damaged member's start, not from
    where the decoder failed, so it is not skipped."""
    payload = b"b\n" * 100
    packer = zlib.compressobj(0, zlib.DEFLATED, 31)
    middle = bytearray(packer.compress(payload) + packer.flush())
    middle[10] &= 0xFE  # BFINAL of its only (stored) block cleared
    last = member(b"z\n" * 3)
    data = member(b"a\n") + bytes(middle) + last
    chunks = list(gunzip_chunks(io.BytesIO(data)))
    (gap,) = [c for c in chunks if isinstance(c, Gap)]
    assert gap.resumed == len(data) - len(last)
    after = b"".join(c for c in chunks[chunks.index(gap) + 1:] if isinstance(c, bytes))
    assert after == b"z\n" * 3


def test_without_a_member_after_the_damage_the_stream_ends_as_before() -> None:
    data = member(b"a\n") + damaged_member(b"b\nc", b"d\n")
    with pytest.raises(zlib.error, match="nothing after the damage is read"):
        list(gunzip_chunks(io.BytesIO(data)))
    it = awslogparse.iter_records(data, "vpcflow", errors="collect")
    list(it)
    assert [e.raw for e in it.errors][-1] == "c"
    assert "input ends abnormally" in it.errors[-1].reason


def test_junk_between_members_is_skipped_as_damage() -> None:
    """Bytes between members that start none (once the end of the read): one error, and the
    members after them are read."""
    lines = [f"2 123456789012 eni-{i} - - - - - - - 1 2 - NODATA\n".encode() for i in range(4)]
    data = member(b"".join(lines[:2])) + b"junk" + member(b"".join(lines[2:]))
    it = awslogparse.iter_records(data, "vpcflow", errors="collect")
    assert [r["interface_id"] for r in it] == ["eni-0", "eni-1", "eni-2", "eni-3"]
    (error,) = it.errors
    assert DAMAGE in error.reason and "not a gzip member header" in error.reason
    check_counts(it)


# ---- line framing: the per-line reader and both Arrow paths


def read_lines_every_way(data: bytes, fmt: str) -> dict[str, tuple[int, Any]]:
    """Records (or rows) and the iterator of each line reader."""
    out: dict[str, tuple[int, Any]] = {}
    it = awslogparse.iter_records(data, fmt, errors="collect")
    out["records"] = (len(list(it)), it)
    for fast in (True, False):
        batches = awslogparse.iter_batches(data, fmt, errors="collect", fast=fast)
        out[f"batches fast={fast}"] = (sum(b.num_rows for b in batches), batches)
    return out


@pytest.mark.parametrize(("path", "fmt"), LINE_SAMPLES,
                         ids=[p.name for p, _ in LINE_SAMPLES])
def test_a_line_sample_loses_only_what_a_corrupt_member_held(path: Path, fmt: str) -> None:
    """A sample's lines in three members, the middle one corrupt part-way through a line:
    the lines before that line and every line of the last member are read, as a reading of
    those lines alone reads them; the cut line is the damage's one error (its raw text); the
    lines after it are numbered on after the error's line."""
    lines = decoded(path).splitlines(keepends=True)
    a, b = len(lines) // 3, 2 * len(lines) // 3
    cut = lines[b - 1].rstrip(b"\r\n")
    half = max(1, len(cut) // 2)
    data = (member(b"".join(lines[:a]))
            + damaged_member(b"".join(lines[a:b - 1]) + cut[:half], lines[b - 1][half:])
            + member(b"".join(lines[b:])))
    plain = awslogparse.iter_records(b"".join(lines[:b - 1] + lines[b:]), fmt,
                                     errors="collect", with_source=True)
    expected = list(plain)
    it = awslogparse.iter_records(data, fmt, errors="collect", with_source=True)
    got = list(it)
    assert [{k: v for k, v in r.items() if k != "_line"} for r in got] == \
        [{k: v for k, v in r.items() if k != "_line"} for r in expected]
    # numbering: the lines after the damage come one line later (the error's own line)
    assert [r["_line"] for r in got] == \
        [n if n < b else n + 1 for n in (r["_line"] for r in expected)]
    (damage,) = damage_errors(it.errors)
    assert damage.line == b
    assert damage.raw == cut[:half].decode("utf-8", "replace")
    assert "member 2" in damage.reason and "lines may be missing" in damage.reason
    assert other_errors(it.errors) == other_errors(plain.errors)
    check_counts(it)
    for name, (rows, reader) in read_lines_every_way(data, fmt).items():
        assert rows == len(expected), name
        assert [(e.line, e.reason, e.raw) for e in reader.errors] == \
            [(e.line, e.reason, e.raw) for e in it.errors], name
        check_counts(reader)


def test_a_corrupt_member_in_a_long_line() -> None:
    """A line longer than the line limit that the damage cuts: its own error, then the
    damage's (with no raw text left), then the next member's lines."""
    from awslogparse.sources import MAX_LINE

    line = b"2 123456789012 eni-1 - - - - - - - 1 2 - NODATA\n"
    data = member(line) + damaged_member(b"x" * (MAX_LINE + 10), b"x\n") + member(line)
    it = awslogparse.iter_records(data, "vpcflow", errors="collect")
    assert len(list(it)) == 2
    assert [("exceeds the line limit" in e.reason, DAMAGE in e.reason) for e in it.errors] == \
        [(True, False), (False, True)]
    check_counts(it)


# ---- JSON framing


def envelope(stream: str, count: int) -> dict[str, Any]:
    return {"messageType": "DATA_MESSAGE", "owner": "123456789012", "logGroup": "/app/web",
            "logStream": stream, "subscriptionFilters": ["to-firehose"],
            "logEvents": [{"id": f"3{n:055d}", "timestamp": 1795219500000 + n,
                           "message": f"{stream} event {n}"} for n in range(count)]}


def firehose_object(cut: int = 60) -> tuple[bytes, list[dict[str, Any]]]:
    """A Firehose object of CloudWatch Logs envelopes, a gzip member each (as Firehose writes
    a subscription's records to S3), the second corrupt ``cut`` bytes into its JSON; and the
    envelopes whose events must all be read."""
    first, second, third = envelope("one", 2), envelope("two", 2), envelope("three", 3)
    text = json.dumps(second).encode()
    data = (member(json.dumps(first).encode()) + damaged_member(text[:cut], text[cut:])
            + member(json.dumps(third).encode()))
    return data, [first, third]


def messages(records: list[dict[str, Any]]) -> list[str]:
    return [r["message"] for r in records]


def expected_messages(envelopes: list[dict[str, Any]]) -> list[str]:
    return [e["message"] for env in envelopes for e in env["logEvents"]]


@pytest.mark.parametrize("fmt", ["cloudwatch", "auto"])
def test_a_firehose_object_of_cloudwatch_envelopes(fmt: str) -> None:
    data, kept = firehose_object()
    it = awslogparse.iter_records(data, fmt, errors="collect")
    assert messages(list(it)) == expected_messages(kept)
    (damage,) = it.errors
    assert DAMAGE in damage.reason and "values may be missing" in damage.reason
    assert damage.pointer == "#2"
    assert damage.raw == json.dumps(envelope("two", 2))[:60]
    check_counts(it)
    batches = awslogparse.iter_batches(data, fmt, errors="collect")
    assert sum(b.num_rows for b in batches) == len(expected_messages(kept))
    assert [(e.reason, e.raw, e.pointer) for e in batches.errors] == \
        [(e.reason, e.raw, e.pointer) for e in it.errors]
    tables = awslogparse.read_tables(data, fmt, errors="collect")
    assert sum(t.num_rows for t in tables.values()) == len(expected_messages(kept))


def test_damage_between_values_takes_a_value_number_of_its_own() -> None:
    """A member corrupt from its first block: no value was begun, so the damage is a unit of
    its own (#2), with no raw text, and the next value is #3."""
    first, third = envelope("one", 1), envelope("three", 1)
    data = (member(json.dumps(first).encode()) + damaged_member(b"", b"{}")
            + member(json.dumps(third).encode() + b"\n{"))
    it = awslogparse.iter_records(data, "cloudwatch", errors="collect")
    assert messages(list(it)) == expected_messages([first, third])
    assert [(DAMAGE in e.reason, e.pointer, e.raw) for e in it.errors[:1]] == [(True, "#2", "")]
    assert it.errors[1].pointer == "#4"  # (the cut value at the end: the next after #3)
    check_counts(it)


JSON_LINE_SAMPLES = _samples("json_sequence")


@pytest.mark.parametrize(("path", "fmt"), JSON_LINE_SAMPLES,
                         ids=[p.name for p, _ in JSON_LINE_SAMPLES])
def test_a_json_lines_sample_loses_only_what_a_corrupt_member_held(path: Path,
                                                                    fmt: str) -> None:
    """A JSON-lines sample in three members split between lines, the middle one corrupt
    part-way through a line: the values of the other members are read, as a reading of them
    alone reads them; the cut value is one error."""
    lines = decoded(path).splitlines(keepends=True)
    a, b = len(lines) // 3, 2 * len(lines) // 3
    data = (member(b"".join(lines[:a]))
            + damaged_member(b"".join(lines[a:b - 1]) + lines[b - 1][:5], lines[b - 1][5:])
            + member(b"".join(lines[b:])))
    plain = awslogparse.iter_records(b"".join(lines[:b - 1] + lines[b:]), fmt,
                                     errors="collect")
    it = awslogparse.iter_records(data, fmt, errors="collect")
    assert list(it) == list(plain)
    assert len(damage_errors(it.errors)) == 1
    assert other_errors(it.errors) == other_errors(plain.errors)
    check_counts(it)
    batches = awslogparse.iter_batches(data, fmt, errors="collect")
    assert sum(batch.num_rows for batch in batches) == plain.stats.records
    assert batches.stats.errors == it.stats.errors


def members_of(data: bytes) -> list[bytes]:
    """A gzip object's members, each as its bytes."""
    found, rest = [], data
    while rest:
        decoder = zlib.decompressobj(31)
        decoder.decompress(rest)
        found.append(rest[:len(rest) - len(decoder.unused_data)])
        rest = decoder.unused_data
    return found


ENVELOPE_OBJECTS = [(p, f) for p, f in _samples("cloudwatch_envelope", 0)
                    if p.read_bytes()[:2] == b"\x1f\x8b" and len(members_of(p.read_bytes())) >= 3]


@pytest.mark.parametrize(("path", "fmt"), ENVELOPE_OBJECTS,
                         ids=[p.name[:40] for p, _ in ENVELOPE_OBJECTS])
def test_a_firehose_sample_object_with_a_corrupt_member(path: Path, fmt: str) -> None:
    """A Firehose object of the samples (a gzip member per CloudWatch Logs payload), one
    member in the middle corrupt from its first block: every event of the other members is
    read, and the damage is one error."""
    members = members_of(path.read_bytes())
    middle = len(members) // 2
    spoilt = bytearray(members[middle])
    spoilt[10] |= 0x06  # (its first block's type: reserved)
    data = b"".join([*members[:middle], bytes(spoilt), *members[middle + 1:]])
    kept = b"".join(gzip.decompress(m) for i, m in enumerate(members) if i != middle)
    plain = awslogparse.iter_records(kept, fmt, errors="collect")
    it = awslogparse.iter_records(data, fmt, errors="collect")
    assert list(it) == list(plain)
    assert len(damage_errors(it.errors)) == 1
    assert other_errors(it.errors) == other_errors(plain.errors)
    check_counts(it)
    tables = awslogparse.read_tables(data, fmt, errors="collect")
    assert sum(t.num_rows for t in tables.values()) == plain.stats.records


# ---- Parquet: the damage stays fatal to the file, as one error


def test_a_gzip_wrapped_parquet_file_with_a_corrupt_member_is_one_error() -> None:
    path = next(p for p in sample_files() if p.read_bytes()[:4] == b"PAR1")
    raw = path.read_bytes()
    third = len(raw) // 3
    data = (member(raw[:third]) + damaged_member(raw[third:2 * third - 10],
                                                 raw[2 * third - 10:2 * third])
            + member(raw[2 * third:]))
    fmt, _ = detect_source(path)
    assert fmt is not None
    for asked in (fmt, "auto"):
        it = awslogparse.iter_records(data, asked, errors="collect")
        assert list(it) == []
        (error,) = it.errors
        assert "member 2" in error.reason, error
        check_counts(it)
        batches = awslogparse.iter_batches(data, asked, errors="collect")
        assert sum(b.num_rows for b in batches) == 0
        assert batches.stats.errors == 1


# ---- CloudWatch Logs payloads: Lambda events and files of them


def test_a_lambda_event_of_a_damaged_payload() -> None:
    data, kept = firehose_object()
    event = {"Records": [kinesis_record(base64.b64encode(data).decode(), "49590338")]}
    it = awslogparse.from_lambda_event(event, errors="collect")
    assert messages(list(it)) == expected_messages(kept)
    assert len(it.errors) == 1 and DAMAGE in it.errors[0].reason
    check_counts(it)
    awslogs = {"awslogs": {"data": base64.b64encode(data).decode()}}
    it = awslogparse.from_lambda_event(awslogs, errors="collect")
    assert messages(list(it)) == expected_messages(kept)
    assert len(it.errors) == 1 and DAMAGE in it.errors[0].reason
    batches = awslogparse.lambda_event_batches(awslogs, errors="collect")
    assert sum(b.num_rows for b in batches) == len(expected_messages(kept))


def test_a_saved_lambda_event_with_a_damaged_payload() -> None:
    """A file of Lambda events (``{"awslogs": {"data": ...}}``, read by the envelope format):
    the damage is one error at its place among the payload's envelopes."""
    data, kept = firehose_object()
    saved = json.dumps({"awslogs": {"data": base64.b64encode(data).decode()}}).encode()
    it = awslogparse.iter_records(saved, "cloudwatch", errors="collect")
    assert messages(list(it)) == expected_messages(kept)
    (damage,) = it.errors
    assert DAMAGE in damage.reason and damage.pointer == "#1/awslogs/data#2"
    check_counts(it)


# ---- the command line


def test_cat_and_convert_read_the_members_after_a_corrupt_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [f"2 123456789012 eni-{i} 10.0.0.1 10.0.0.2 443 1024 6 1 60 1795219200 "
             f"1795219260 ACCEPT OK\n".encode() for i in range(6)]
    src = tmp_path / "in" / "flow.log.gz"
    src.parent.mkdir()
    src.write_bytes(member(b"".join(lines[:2]))
                    + damaged_member(lines[2] + lines[3][:9], lines[3][9:])
                    + member(b"".join(lines[4:])))
    assert cli.main(["cat", str(src), "--format", "vpcflow"]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(line)["interface_id"] for line in out.splitlines()] == \
        ["eni-0", "eni-1", "eni-2", "eni-4", "eni-5"]
    assert err.count(DAMAGE) == 1
    status = cli.main(["convert", str(src.parent), "-o", str(tmp_path / "out"),
                       "--format", "vpcflow", "-q"])
    capsys.readouterr()
    assert status == 0
    import pyarrow.parquet as pq

    rows = [row for f in sorted((tmp_path / "out").rglob("*.parquet"))
            for row in pq.read_table(f).to_pylist()]
    assert sorted(r["interface_id"] for r in rows) == ["eni-0", "eni-1", "eni-2", "eni-4",
                                                       "eni-5"]


# ---- the property: any format's file, its middle member corrupt


def unit_ends(content: bytes, fmt: str) -> list[int]:
    """Offsets in ``content`` where a unit ends (after a line; in JSON, after a top-level
    value and the blanks after it): where members may be cut so that each holds whole
    units."""
    if framing(fmt) == "lines":
        return [i + 1 for i, byte in enumerate(content) if byte == 0x0A]
    text = content.decode("utf-8", "surrogateescape")
    decoder = json.JSONDecoder()
    ends: list[int] = []
    at = len(text) - len(text.lstrip("\ufeff \t\r\n"))
    while at < len(text):
        try:
            _, at = decoder.raw_decode(text, at)
        except ValueError:
            return ends
        at += len(text[at:]) - len(text[at:].lstrip(" \t\r\n"))
        ends.append(len(text[:at].encode("utf-8", "surrogateescape")))
    return ends


per_format = shared_by(damage_formats(), 3, deadline=None)


@pytest.mark.parametrize("fmt", damage_formats())
@per_format
@given(data=st.data())
def test_a_corrupt_middle_member_loses_only_its_own_units(fmt: str,
                                                         data: st.DataObject) -> None:
    """Any format's file, its content in three members cut between units, the middle one
    corrupt from its first block: every record of the other members comes out (those of a
    reading of their content alone), with exactly one error more, for the damage; on the dict
    and the Arrow paths."""
    log = data.draw(log_data(fmt), "file")
    content = gzip.decompress(log.data) if log.data[:2] == b"\x1f\x8b" else log.data
    ends = [0, *unit_ends(content, fmt)]
    first = data.draw(st.sampled_from(ends), "first cut")
    later = [e for e in ends if e > first]
    if not later:
        return
    second = data.draw(st.sampled_from(later), "second cut")
    damaged = (member(content[:first]) + damaged_member(b"", content[first:second])
               + member(content[second:]))
    plain = awslogparse.iter_records(content[:first] + content[second:], fmt,
                                     fields=log.fields, errors="collect")
    expected = list(plain)
    it = awslogparse.iter_records(damaged, fmt, fields=log.fields, errors="collect")
    assert list(it) == expected
    assert len(damage_errors(it.errors)) == 1
    assert other_errors(it.errors) == other_errors(plain.errors)
    check_counts(it)
    batches = awslogparse.iter_batches(damaged, fmt, fields=log.fields, errors="collect")
    assert sum(batch.num_rows for batch in batches) == len(expected)
    assert batches.stats.errors == it.stats.errors


def test_a_candidate_that_never_proves_itself_is_given_up_with_bounded_memory() -> None:
    """A member header followed by megabytes of deflate data that decodes to nothing (empty
    stored blocks, as a sync flush writes them) neither proves itself nor fails: it is given
    up after a bounded amount of input, so the search neither holds it all in memory (it held
    twice the candidate's bytes, copied again for every slice read) nor misses the real next
    member."""
    import tracemalloc

    fake = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\x00\x00\x00\xff\xff" * (1 << 20)
    last = member(b"z\n" * 3)
    data = member(b"a\n") + damaged_member(b"", b"b\n") + fake + last
    tracemalloc.start()
    try:
        chunks = list(gunzip_chunks(io.BytesIO(data)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    (gap,) = [c for c in chunks if isinstance(c, Gap)]
    assert gap.resumed == len(data) - len(last)
    assert b"".join(c for c in chunks if isinstance(c, bytes)) == b"a\n" + b"z\n" * 3
    assert peak < len(fake) // 4


@pytest.mark.parametrize("fmt", ["auto", "vpcflow"])
def test_a_lambda_payload_whose_first_member_is_corrupt_is_still_a_payload(fmt: str) -> None:
    """Kinesis or Firehose data whose first gzip member is corrupt, then a CloudWatch Logs
    envelope: the data is told a CloudWatch Logs payload (whatever ``format`` names the
    stream's other data) and named after its log group and stream from what the readers read
    of it, past the damage. (Only the first member was looked at: the payload was read as
    ``format``, each envelope a bad line, and named ``logs:?:?``.)"""
    first, second = envelope("one", 2), envelope("two", 3)
    data = damaged_member(b"", json.dumps(first).encode()) + member(json.dumps(second).encode())
    event = {"Records": [kinesis_record(base64.b64encode(data).decode(), "49590338")]}
    it = awslogparse.from_lambda_event(event, errors="collect", format=fmt)
    assert messages(list(it)) == expected_messages([second])
    assert len(it.errors) == 1 and DAMAGE in it.errors[0].reason
    awslogs = {"awslogs": {"data": base64.b64encode(data).decode()}}
    records = list(awslogparse.from_lambda_event(awslogs, errors="collect"))
    assert {r["_source"] for r in records} == {"logs:/app/web:two"}
