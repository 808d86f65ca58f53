"""The format table: aliases, key patterns, plugins through entry points."""

from __future__ import annotations

import gzip
import importlib.metadata
import json
import re
from pathlib import Path
from typing import Any

import pytest

import awslogparse
from awslogparse import registry
from awslogparse.specs import load_spec

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

FLOW_LOG_KEYS = [
    "AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/11/21/x.log.gz",
    "prefix/AWSLogs/o-abcdefghij/123456789012/vpcflowlogs/eu-west-1/2026/11/21/x.log.gz",
    "AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/year=2026/"
    "month=11/day=21/x.log.gz",
    "AWSLogs/aws-account-id=123456789012/service=vpcflowlogs/aws-region=us-east-1/x.log.gz",
    "/tmp/123456789012_vpcflowlogs_us-east-1_fl-0a1b2c3d4e5f67890_20261121T0005Z_3f2a9c1b.log.gz",
]


@pytest.mark.parametrize("key", FLOW_LOG_KEYS)
def test_flow_log_keys(key: str) -> None:
    assert awslogparse.detect(key).format == "vpcflow"


@pytest.mark.parametrize("key", [
    # AWS's key layout with service names no AWS service uses (nor will: they are made up)
    "AWSLogs/123456789012/qzvx-not-a-service/us-east-1/2026/11/21/x.json.gz",
    "AWSLogs/aws-account-id=123456789012/aws-service=wombatlogs-7f3a/aws-region=us-east-1/x.log.gz",
    "/tmp/123456789012_wombatlogs-7f3a_us-east-1_20261121T0005Z_3f2a9c1b.log.gz",
    "vpcflowlogs.txt",  # the service's name alone is not AWS's layout
])
def test_keys_of_no_format_detect_nothing(key: str) -> None:
    assert awslogparse.detect(key).format is None


def test_only_flow_log_formats_claim_flow_log_keys() -> None:
    """Only a flow log format may match where AWS writes flow logs: another format's pattern
    there would compete with the flow log formats for every flow log file. (Every format is
    read from the registry, so each format added later is checked here.)"""
    for fmt in awslogparse.formats():
        info = registry.get(fmt)
        if load_spec(info.spec_name).family == "flowlog":
            continue
        claimed = [key for key in FLOW_LOG_KEYS if info.matches_key(key)]
        assert claimed == [], (fmt, info.key_patterns)


def test_plugin_formats_register_through_entry_points(monkeypatch: pytest.MonkeyPatch) -> None:
    info = registry.FormatInfo(name="acme", title="ACME appliance log",
                               module="awslogparse.parsers.flowlog", aliases=("acme-log",),
                               key_patterns=(r"/acme/",))

    class FakeEntryPoint:
        def __init__(self, name: str, value: Any) -> None:
            self.name = name
            self.value = value

        def load(self) -> Any:
            if isinstance(self.value, Exception):
                raise self.value
            return self.value

    def fake_entry_points(group: str) -> list[FakeEntryPoint]:
        assert group == "awslogparse.formats"
        return [FakeEntryPoint("acme", info),
                FakeEntryPoint("broken", ImportError("broken plugin"))]

    monkeypatch.setattr(importlib.metadata, "entry_points", fake_entry_points)
    # the registry may remember plugins that failed to load: keep that out of other tests
    monkeypatch.setattr(registry, "PLUGIN_ERRORS", {}, raising=False)
    registry._table.cache_clear()
    try:
        assert "acme" in awslogparse.formats()
        assert registry.get("acme-log") is info
        assert awslogparse.detect("x/acme/y.log").format == "acme"
    finally:
        monkeypatch.undo()
        registry._table.cache_clear()
    assert "acme" not in awslogparse.formats()


def test_unknown_format_lists_known_ones() -> None:
    known = awslogparse.formats()
    assert {"vpcflow", "tgwflow"} <= set(known)
    with pytest.raises(awslogparse.SourceError,
                       match=re.escape("known formats: " + ", ".join(known))):
        registry.get("qzvx-no-such-format")


@pytest.mark.parametrize("first", [b"", b"version acc"], ids=["empty member", "cut line"])
def test_detection_reads_a_head_across_gzip_members(first: bytes) -> None:
    """A head of several gzip members (Firehose writes them back to back; an S3 object may
    open with an empty one, or a member may end inside a line) is detected from the text of
    its members together, as the readers detect the source: the first member alone held no
    line to judge."""
    sample = next(path for path in sorted(SAMPLES.rglob("*.log.gz"))
                  if "vpcflowlogs" in path.parts)
    text = gzip.decompress(sample.read_bytes())
    assert text.startswith(first)
    head = gzip.compress(first) + gzip.compress(text[len(first):])
    found = awslogparse.detect(None, head[: registry.HEAD_BYTES])
    assert found.format == awslogparse.detect(None, text).format is not None
    read = awslogparse.iter_records(head)
    assert list(read) and read.stats.format == found.format


def test_detection_reads_a_head_past_a_corrupt_gzip_member() -> None:
    """A head whose first gzip member is corrupt (from its first block: nothing of it
    decodes) is detected from the members after it, as the readers read them: ``detect``
    found no format in it while reading the source detected and read it."""
    sample = next(path for path in sorted(SAMPLES.rglob("*.log.gz"))
                  if "vpcflowlogs" in path.parts)
    text = gzip.decompress(sample.read_bytes())
    corrupt = bytearray(gzip.compress(text[:20], mtime=0))
    corrupt[10] |= 0x06  # (its first block's type: reserved)
    head = bytes(corrupt) + gzip.compress(text, mtime=0)
    found = awslogparse.detect(None, head[: registry.HEAD_BYTES])
    assert found.format == awslogparse.detect(None, text).format is not None
    read = awslogparse.iter_records(head, errors="collect")
    assert list(read) and read.stats.format == found.format


def test_sample_keys_name_their_format_in_every_region() -> None:
    """A key of AWS's layout names its format in whichever Region it was written, those of
    every partition botocore lists (the European Sovereign Cloud's ``eusc-de-east-1`` too)."""
    loader = pytest.importorskip("botocore.loaders").create_loader()
    regions = [name for p in loader.load_data("partitions")["partitions"]
               for name in p["regions"] if not name.endswith("-global")]
    home = "us-east-1"  # the Region the samples are written in
    keys = {str(p.relative_to(SAMPLES)): awslogparse.detect(str(p.relative_to(SAMPLES))).format
            for p in SAMPLES.rglob("*") if p.is_file() and home in p.name}
    keys = {key: fmt for key, fmt in keys.items() if fmt is not None}
    assert keys
    wrong = [(region, key, fmt) for region in regions for key, fmt in keys.items()
             if awslogparse.detect(key.replace(home, region)).format != fmt]
    assert not wrong, wrong[:5]


def _appended_column_heads() -> list[tuple[str, str]]:
    """Per sample of a line format whose lines may carry columns newer than its spec (a
    ``min_columns`` layout without a header line): the sample's data lines, each with a column
    appended as AWS announces new ones (a trailing ``-``), and the sample's format."""
    from awslogparse.parsers.delimited import DelimitedFormat

    heads = []
    for golden in sorted((Path(__file__).resolve().parent / "golden").glob("*.jsonl")):
        docs = [json.loads(line) for line in golden.read_text().splitlines()]
        fmt = docs[0]["format"]
        if "units" in docs[0]["stats"] or not isinstance(registry.get(fmt).format(),
                                                             DelimitedFormat):
            continue
        spec = load_spec(registry.get(fmt).spec_name)
        if not spec.min_columns or spec.header:
            continue
        raw = (SAMPLES / docs[0]["path"]).read_bytes()
        text = (gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw).decode()
        lines = text.splitlines()
        good = [lines[d["line"] - 1] for d in docs if d["kind"] == "record"]
        heads.append((fmt, "".join(f"{line} -\n" for line in good)))
    return heads


@pytest.mark.parametrize(("fmt", "head"), _appended_column_heads(),
                         ids=[fmt for fmt, _ in _appended_column_heads()])
def test_lines_with_a_column_newer_than_the_spec_are_recognised(fmt: str, head: str) -> None:
    """AWS appends columns to these logs (announcing them with a trailing ``-``) and asks
    readers to keep reading: a file whose every line has one column more than the spec knows
    is still recognised by its content alone (a Firehose key, a renamed file)."""
    found = awslogparse.detect(None, head)
    assert found.format == fmt, found
    assert found.score >= 0.5


def _headerless_delimited_samples() -> list[tuple[str, str, str]]:
    """(key, format, text) of each sample whose format is a delimited one without a header
    line (its lines alone say what they are) that keeps columns after its layout
    (``min_columns``: lines of older and newer layouts), read as that format by key and
    content."""
    from awslogparse.parsers.delimited import DelimitedFormat

    found = []
    for path in sorted(p for p in SAMPLES.rglob("*") if p.is_file()
                       and p.suffix not in (".py", ".md", ".json", ".parquet")):
        key = str(path.relative_to(SAMPLES))
        fmt = awslogparse.detect(key, path.read_bytes()[: registry.HEAD_BYTES]).format
        if fmt is None:
            continue
        made = registry.get(fmt).format()
        if isinstance(made, DelimitedFormat) and not made.spec.header and \
                made.spec.min_columns > 0:
            text = registry.head_text(path.read_bytes()[: 4 * registry.HEAD_BYTES])
            found.append((key, fmt, text))
    return found


@pytest.mark.parametrize(("key", "fmt", "text"), _headerless_delimited_samples(),
                         ids=lambda v: v if "\n" not in v else "")
def test_a_column_appended_to_every_line_keeps_the_format(key: str, fmt: str,
                                                          text: str) -> None:
    """AWS appends fields to its line formats (ALB in 2018, 2020, 2024, 2025; it says to
    expect it): a file whose lines all end in a column the spec does not know yet is still
    its format, by key and content and by content alone (the new column read as
    ``field_<n>``), not another format's (a CloudWatch Logs export: a time and a message)."""
    separator = "\t" if load_spec(registry.get(fmt).spec_name).tokenizer == "tab" else " "
    lines = [line + separator + "new-field" if line.strip() and not line.startswith("#")
             else line for line in text.split("\n")[:-1]]
    longer = "\n".join(lines) + "\n"
    assert awslogparse.detect(key, longer).format == fmt
    assert awslogparse.detect(None, longer).format == awslogparse.detect(None, text).format
    before = awslogparse.iter_records(text.encode(), name=key, errors="collect")
    after = awslogparse.iter_records(longer.encode(), name=key, errors="collect")
    assert len(list(after)) == len(list(before)) > 0
    assert after.stats.format == fmt and len(after.errors) == len(before.errors)


def test_of_layouts_fitting_with_columns_after_them_the_closest_wins() -> None:
    """A headerless line of CloudFront v2's default layout with a column appended also fits
    the legacy layout (a prefix of v2's) and, loosely, others with many more unknown columns:
    the layout leaving the fewest columns unknown is the one detected."""
    sample = next(p for p in sorted(SAMPLES.rglob("*.gz")) if "CloudFront" in p.parts and
                  awslogparse.detect(str(p.relative_to(SAMPLES)), p.read_bytes()).format
                  == "cloudfront_v2")
    record = next(iter(awslogparse.iter_records(sample.read_bytes(), "cloudfront_v2")))
    line = awslogparse.format_line(record, "cloudfront_v2") + "\tnew-field\n"
    found = awslogparse.detect(None, line)
    assert found.format == "cloudfront_v2", found.candidates[:3]


@pytest.mark.parametrize("text", ["-\n", "-\n-\n", "-\t-\n"])
def test_lines_of_null_markers_are_no_format_s_content(text: str) -> None:
    """A line of only ``-`` fits any layout whose lines may be short (CloudFront v2's, one
    column and up): such lines are no sign of a format, so content never overrides a key with
    them, and alone they name none."""
    key = ("2015/01/01/00/amazon-apigateway-0-1-2015-01-01-00-00-00-"
           "cd613e30-d8f1-6adf-91b7-584a2265b1f5")
    assert awslogparse.detect(key, text).format == "apigateway"
    assert awslogparse.detect(None, text).format is None
