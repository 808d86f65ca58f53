"""The format table: aliases, key patterns, plugins through entry points."""

from __future__ import annotations

import importlib.metadata
from typing import Any

import pytest

import awslogparse
from awslogparse import registry


@pytest.mark.parametrize("key", [
    "AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/11/21/x.log.gz",
    "prefix/AWSLogs/o-abcdefghij/123456789012/vpcflowlogs/eu-west-1/2026/11/21/x.log.gz",
    "AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/year=2026/"
    "month=11/day=21/x.log.gz",
    "AWSLogs/aws-account-id=123456789012/service=vpcflowlogs/aws-region=us-east-1/x.log.gz",
    "/tmp/123456789012_vpcflowlogs_us-east-1_fl-0a1b2c3d4e5f67890_20261121T0005Z_3f2a9c1b.log.gz",
])
def test_flow_log_keys(key: str) -> None:
    assert awslogparse.detect(key).format == "vpcflow"


@pytest.mark.parametrize("key", [
    "AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/21/x.json.gz",
    "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/21/x.log.gz",
    "vpcflowlogs.txt",
])
def test_other_keys_are_not_flow_logs(key: str) -> None:
    assert awslogparse.detect(key).format is None


def test_plugin_formats_register_through_entry_points(monkeypatch: pytest.MonkeyPatch) -> None:
    info = registry.FormatInfo(name="acme", title="ACME appliance log",
                               module="awslogparse.parsers.flowlog", aliases=("acme-log",),
                               key_patterns=(r"/acme/",))

    class FakeEntryPoint:
        def __init__(self, value: Any) -> None:
            self.value = value

        def load(self) -> Any:
            if isinstance(self.value, Exception):
                raise self.value
            return self.value

    def fake_entry_points(group: str) -> list[FakeEntryPoint]:
        assert group == "awslogparse.formats"
        return [FakeEntryPoint(info), FakeEntryPoint(ImportError("broken plugin"))]

    monkeypatch.setattr(importlib.metadata, "entry_points", fake_entry_points)
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
    with pytest.raises(awslogparse.SourceError, match="known formats: vpcflow, tgwflow"):
        registry.get("cloudtrailz")
