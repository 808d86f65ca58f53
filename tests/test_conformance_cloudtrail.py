"""Conformance: CloudTrail log records and digest files.

Three kinds of evidence. AWS's own example records, kept as ``[[examples]]`` in
formats/cloudtrail.toml and formats/cloudtrail_digest.toml, must read back to the values listed
with them. Other projects' fixtures (tests/conformance/, listed in SOURCES_cloudtrail.md: elastic
integrations' pipeline inputs, the OpenTelemetry awslogs encoding extension's CloudWatch Logs
payload, OCSF's raw CloudTrail samples) must read with the values they carry; where they bend
AWS's documented shape (OCSF's ``"resources": ""``), the test says what AWS documents and expects
an error. Finally the generated samples (samples/make_cloudtrail_samples.py) must read back
exactly as their generator says, damaged entries included.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import sys
import tomllib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import awslogparse
from awslogparse.model import Record

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).parent / "conformance"
ELASTIC = HERE / "elastic"
OCSF = HERE / "ocsf"
OWN_FORMATS = ("cloudtrail", "cloudtrail_digest")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0,
        second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def spec(name: str) -> dict[str, Any]:
    with (ROOT / "formats" / f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


def mismatches(actual: Any, expected: Any, path: str = "$") -> list[str]:
    """Where ``actual`` differs from ``expected``, compared as a nested subset: a mapping checks
    only the keys ``expected`` lists, a list checks its length and each element, a datetime must
    be the same instant and in UTC, a bool or number must also have the same type."""
    if isinstance(expected, Mapping):
        if not isinstance(actual, Mapping):
            return [f"{path}: expected an object, got {actual!r}"]
        out: list[str] = []
        for key, value in expected.items():
            if key not in actual:
                out.append(f"{path}.{key}: missing")
            else:
                out += mismatches(actual[key], value, f"{path}.{key}")
        return out
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: expected {len(expected)} elements, got {actual!r}"]
        return [m for i, (a, e) in enumerate(zip(actual, expected, strict=True))
                for m in mismatches(a, e, f"{path}[{i}]")]
    if isinstance(expected, datetime):
        if not isinstance(actual, datetime) or actual.utcoffset() != timedelta(0) \
                or actual != expected:
            return [f"{path}: expected {expected.isoformat()} (UTC), got {actual!r}"]
        return []
    if isinstance(expected, (bool, int, float)) and type(actual) is not type(expected):
        return [f"{path}: expected {type(expected).__name__} {expected!r}, got {actual!r}"]
    return [] if actual == expected else [f"{path}: expected {expected!r}, got {actual!r}"]


def read(source: Path | bytes, fmt: str) -> tuple[list[Record], Any]:
    """Every record of a source, errors collected; the counts must add up."""
    it = awslogparse.iter_records(source, fmt, errors="collect")
    records = list(it)
    stats = it.stats
    assert stats.records == len(records)
    assert stats.errors == len(it.errors)
    assert stats.records + stats.errors == stats.units, stats
    return records, it


def read_clean(source: Path | bytes, fmt: str) -> list[Record]:
    records, it = read(source, fmt)
    assert not it.errors, [str(e) for e in it.errors]
    return records


def epoch_ms(value: datetime) -> int:
    return round(value.timestamp() * 1000)


def test_mismatches_reports_differences_and_ignores_unlisted_keys() -> None:
    record = {"a": 1, "b": {"c": utc(2024, 1, 2), "d": "x"}, "e": [{"f": True, "g": 0.5}]}
    assert mismatches(record, {"b": {"c": utc(2024, 1, 2)}, "e": [{"f": True}]}) == []
    assert mismatches(record, {"a": True}) == ["$.a: expected bool True, got 1"]
    assert mismatches(record, {"b": {"c": utc(2024, 1, 3)}})[0].startswith("$.b.c: expected")
    assert mismatches(record, {"e": [{}, {}]})[0].startswith("$.e: expected 2 elements")
    assert mismatches(record, {"z": None}) == ["$.z: missing"]
    naive = {"t": datetime(2024, 1, 2)}  # a naive time must not pass as UTC
    assert mismatches(naive, {"t": utc(2024, 1, 2)})


# --- AWS's documented examples -------------------------------------------------------------------

EXAMPLES = [(name, example) for name in OWN_FORMATS for example in spec(name)["examples"]]


@pytest.mark.parametrize(("fmt", "example"), EXAMPLES,
                         ids=[f"{n}:{e['title']}" for n, e in EXAMPLES])
def test_documented_example(fmt: str, example: dict[str, Any]) -> None:
    record = awslogparse.parse_line(example["json"], fmt)
    assert mismatches(record, example["expected"]) == []
    for key in example.get("expected_null", ()):
        assert record[key] is None, key


def test_cloudtrail_examples_cover_the_documented_event_kinds() -> None:
    """IAM user, assumed role, network activity and Insights records are all among the examples
    (the brief for this format; a lost example would silently narrow the checks)."""
    kinds = {(e["expected"].get("userIdentity", {}).get("type"), e["expected"].get("eventType"))
             for e in spec("cloudtrail")["examples"]}
    assert ("IAMUser", "AwsApiCall") in kinds
    assert ("AssumedRole", "AwsVpceEvent") in kinds
    assert (None, "AwsCloudTrailInsight") in kinds


# --- S3 key layout -------------------------------------------------------------------------------

LOG_KEYS = [
    "AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/21/"
    "123456789012_CloudTrail_us-east-1_20261121T0005Z_E1jfVtN0V8RPRSKz.json.gz",
    "trail-prefix/AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/eu-west-1/2025/01/31/"
    "111122223333_CloudTrail_eu-west-1_20250131T2355Z_l2pGqVS53QcGdAkp.json.gz",
    "AWSLogs/123456789012/CloudTrail-Insight/us-gov-west-1/2026/11/21/"
    "123456789012_CloudTrail-Insight_us-gov-west-1_20261121T0105Z_9nYN7gp2eWAJHIfT.json.gz",
    "123456789012_CloudTrail_us-west-1_20140620T1255ZHdkvFTXOA3Vnhbc.json.gz",  # AWS's example
]
DIGEST_KEYS = [
    "AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2026/11/21/123456789012_CloudTrail-Digest_"
    "us-east-1_management-events_us-east-1_20261121T010131Z.json.gz",
    "AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_"
    "CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.json.gz",
]
OTHER_KEYS = [
    "AWSLogs/123456789012/CloudTrail-Aggregated/us-east-1/2026/11/21/x.json.gz",
    "AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/11/21/123456789012_vpcflowlogs_us-east-1_"
    "fl-0a1b2c3d4e5f67890_20261121T0000Z_3f2a9c1b.log.gz",
]


@pytest.mark.parametrize("key", LOG_KEYS)
def test_log_file_keys(key: str) -> None:
    assert awslogparse.detect(key).format == "cloudtrail"


@pytest.mark.parametrize("key", DIGEST_KEYS)
def test_digest_keys_are_not_log_files(key: str) -> None:
    assert awslogparse.detect(key).format == "cloudtrail_digest"


@pytest.mark.parametrize("key", OTHER_KEYS)
def test_other_keys_are_neither(key: str) -> None:
    assert awslogparse.detect(key).format not in OWN_FORMATS


# --- elastic/integrations: CloudTrail events one per line, and a digest ----------------------

def test_elastic_console_logins() -> None:
    first, failed, role = read_clean(ELASTIC / "test-console-login-json.log", "cloudtrail")
    assert first["eventName"] == "ConsoleLogin"
    assert first["eventSource"] == "signin.amazonaws.com"
    assert first["eventTime"] == utc(2014, 7, 16, 15, 49, 27)
    assert first["userIdentity"]["type"] == "IAMUser"
    assert first["userIdentity"]["arn"] == "arn:aws:iam::111122223333:user/JohnDoe"
    assert first["userIdentity"]["sessionContext"] is None
    assert first["sourceIPAddress"] == "89.160.20.156"
    assert first["requestParameters"] is None
    assert first["responseElements"] == {"ConsoleLogin": "Success"}
    assert first["additionalEventData"]["MFAUsed"] == "No"
    assert first["errorMessage"] is None
    assert first["eventType"] is None  # eventVersion 1.05 sample written without it
    assert failed["userIdentity"]["userName"] == "JaneDoe"
    assert failed["errorMessage"] == "Failed authentication"
    assert failed["responseElements"] == {"ConsoleLogin": "Failure"}
    assert role["userIdentity"]["type"] == "AssumedRole"
    assert role["userIdentity"]["arn"] == \
        "arn:aws:sts::123456789012:assumed-role/RoleToBeAssumed/MySessionName"
    session = role["userIdentity"]["sessionContext"]
    # creationDate in ISO 8601 basic form, as AWS's userIdentity page documents it.
    assert session["attributes"] == {"creationDate": utc(2013, 11, 2, 1, 6, 28),
                                     "mfaAuthenticated": "false"}
    assert session["sessionIssuer"]["userName"] == "RoleToBeAssumed"
    assert session["sessionIssuer"]["arn"] == "arn:aws:iam::123456789012:role/RoleToBeAssumed"


def test_elastic_tls_details() -> None:
    alice, saml, sso = read_clean(ELASTIC / "test-tls-details-json.log", "cloudtrail")
    assert alice["eventName"] == "UploadSSHPublicKey"
    assert alice["eventTime"] == utc(2020, 1, 10, 16, 6, 40)
    assert alice["tlsDetails"] == {"tlsVersion": "TLSv1.2",
                                   "cipherSuite": "ECDHE-RSA-AES128-GCM-SHA256",
                                   "clientProvidedHostHeader": "ssm.us-west-2.amazonaws.com",
                                   "keyExchange": None}
    assert alice["userIdentity"]["accountId"] == "0123456789012"  # text: the zero stays
    assert alice["userIdentity"]["invokedBy"] == "signin.amazonaws.com"
    assert alice["userIdentity"]["sessionContext"]["attributes"] == {
        "creationDate": utc(2020, 1, 10, 14, 38, 30), "mfaAuthenticated": "true"}
    assert alice["responseElements"]["sSHPublicKey"]["uploadDate"] == "Jan 10, 2020 4:06:40 PM"
    assert alice["recipientAccountId"] == "0123456789012"

    assert saml["userIdentity"]["type"] == "SAMLUser"
    assert saml["userIdentity"]["userName"] == "some.user@my.company.com"
    assert saml["sourceIPAddress"] == "81.2.69.142, 192.168.10.10"  # a list, kept as text
    assert saml["errorCode"] == "200"
    assert saml["readOnly"] is False
    assert saml["managementEvent"] is True
    assert saml["eventCategory"] == "Management"
    assert saml["additionalEventData"]["user"]["userId"] == 13
    assert saml["tlsDetails"]["cipherSuite"] == "cipherSuite"

    assert sso["eventVersion"] == "1.10"
    assert sso["eventName"] == "ListDirectoryBuckets"
    assert sso["readOnly"] is True
    assert sso["sessionCredentialFromConsole"] == "true"  # a string, as AWS writes it
    assert sso["tlsDetails"]["tlsVersion"] == "1.3"
    assert sso["userIdentity"]["sessionContext"]["sessionIssuer"]["arn"] == (
        "arn:aws:iam::001122334455:role/aws-reserved/sso.amazonaws.com/eu-west-1/SomeRole")
    assert sso["userIdentity"]["sessionContext"]["attributes"]["creationDate"] == \
        utc(2025, 1, 14, 13, 24, 52)


def test_elastic_digest() -> None:
    (digest,) = read_clean(ELASTIC / "test-cloudtrail-digest-json.log", "cloudtrail_digest")
    assert digest["awsAccountId"] == "123456789123"
    assert digest["digestStartTime"] == utc(2020, 9, 11, 18, 36, 49)
    assert digest["digestEndTime"] == utc(2020, 9, 11, 19, 36, 49)
    assert digest["oldestEventTime"] == utc(2020, 9, 11, 18, 32, 4)
    assert digest["digestSignatureAlgorithm"] == "SHA256withRSA"
    assert digest["digestPublicKeyFingerprint"] == "47aaa19f7eec22e9bd0b5e58cfade8cb"
    assert digest["previousDigestHashAlgorithm"] == "SHA-256"
    assert len(digest["previousDigestSignature"]) == 512
    assert [f["s3Object"].rsplit("_", 2)[-2] for f in digest["logFiles"]] == \
        ["20200911T1930Z", "20200911T1915Z", "20200911T1835Z"]
    last = digest["logFiles"][2]
    assert last["hashValue"] == "2695aeb3b4c1f021fe76e0b36f5ac15e557c41c58af6eef282d77ef056210d70"
    assert last["hashAlgorithm"] == "SHA-256"
    assert (last["oldestEventTime"], last["newestEventTime"]) == \
        (utc(2020, 9, 11, 18, 32, 4), utc(2020, 9, 11, 19, 26, 24))


# --- OpenTelemetry: a CloudTrail event in a CloudWatch Logs subscription payload ---------------

def test_otel_cloudwatch_payload() -> None:
    (event,) = read_clean(HERE / "otel" / "cloudtrail_log_cw.json", "cloudwatch")
    assert event["log_group"] == "/aws/cloudtrail/logs"
    assert event["log_stream"] == "123456789010_CloudTrail_us-east-1"
    assert event["owner"] == "123456789010"
    assert event["eventVersion"] == "1.11"
    assert event["eventName"] == "PutObject"
    assert event["eventTime"] == utc(2026, 1, 28, 9, 26, 59)
    assert event["userIdentity"]["type"] == "AWSService"
    assert event["userIdentity"]["invokedBy"] == "s3.amazonaws.com"
    assert event["sourceIPAddress"] == "s3.amazonaws.com"  # a service name, not an address
    assert event["readOnly"] is False
    assert event["managementEvent"] is False
    assert event["eventCategory"] == "Data"
    assert event["additionalEventData"]["bytesTransferredIn"] == 576
    assert [r["type"] for r in event["resources"]] == ["AWS::S3::Bucket", "AWS::S3::Object"]
    assert event["resources"][1]["accountId"] is None
    assert event["vpcEndpointId"] == "AWS Internal"
    assert event["vpcEndpointAccountId"] == "AWS Internal"
    assert event["sharedEventID"] == "ed5bfe2a-b8d8-4a7a-9267-fb58ca3b2f77"


# --- OCSF examples: raw CloudTrail records (pretty-printed, one per file) ----------------------

def test_ocsf_api_activity() -> None:
    (event,) = read_clean(OCSF / "cloudtrail_v1.5.0_generic_api_activity.raw", "cloudtrail")
    assert event["eventName"] == "DescribeDirectConnectGateways"
    assert event["eventTime"] == utc(2023, 9, 21, 22, 22, 52)
    assert epoch_ms(event["eventTime"]) == 1695334972000  # OCSF's `time`
    assert event["userIdentity"]["type"] == "IAMUser"
    assert event["userIdentity"]["arn"] == "arn:aws:iam::1111111111111:user/Level6"
    assert event["userIdentity"]["accessKeyId"] == "AKIA3Z2XBVEXAMPLE"
    assert event["sourceIPAddress"] == "205.8.181.128"
    assert event["requestParameters"] is None
    assert event["responseElements"] == {"directConnectGateways": []}
    assert event["eventCategory"] is None


def test_ocsf_identity_center_sign_in() -> None:
    (event,) = read_clean(OCSF / "cloudtrail_v1.5.0_authentication.raw", "cloudtrail")
    assert event["eventName"] == "CredentialChallenge"
    assert epoch_ms(event["eventTime"]) == 1726763566000  # OCSF's `time`
    identity = event["userIdentity"]
    assert identity["type"] == "IdentityCenterUser"
    assert identity["onBehalfOf"] == {
        "userId": "e3644802-3061-7018-86c3-USERID",
        "identityStoreArn": "arn:aws:identitystore::123456789012:identitystore/d-9911111111"}
    assert identity["credentialId"] == "da3f6703-d424-sasf-848d-b0f3384681d64"
    assert identity["arn"] is None
    assert event["eventType"] == "AwsServiceEvent"
    assert event["serviceEventDetails"] == {"CredentialChallenge": "Success"}
    assert event["readOnly"] is False
    assert event["sourceIPAddress"] == "0.0.0.0"


def test_ocsf_create_user_from_console() -> None:
    (event,) = read_clean(OCSF / "cloudtrail_v1.1.0_account_change.raw", "cloudtrail")
    assert event["eventName"] == "CreateUser"
    assert event["eventTime"] == utc(2023, 3, 17, 17, 7, 59)
    session = event["userIdentity"]["sessionContext"]
    assert session["webIdFederationData"] == {"federatedProvider": None, "attributes": None}
    assert session["sessionIssuer"]["arn"] == "arn:aws:iam::112233445566:role/Admin"
    assert session["attributes"]["creationDate"] == utc(2023, 11, 17, 16, 43, 57)
    assert event["sessionCredentialFromConsole"] == "true"
    assert event["responseElements"]["user"]["createDate"] == "Mar 17, 2023 5:07:59 PM"
    assert event["userAgent"] == "AWS Internal"


def test_ocsf_console_login_with_mfa() -> None:
    (event,) = read_clean(OCSF / "cloudtrail_v1.1.0_authentication.raw", "cloudtrail")
    assert event["eventType"] == "AwsConsoleSignIn"
    assert event["eventTime"] == utc(2023, 11, 10, 16, 24, 34)
    assert event["userIdentity"]["userName"] == "anaya"
    assert event["additionalEventData"]["MFAUsed"] == "Yes"
    assert event["responseElements"] == {"ConsoleLogin": "Success"}
    assert event["sourceIPAddress"] == "192.0.2.0"


def test_ocsf_resources_written_as_empty_string() -> None:
    """OCSF's 1.5.0 sample writes ``"resources": ""``; AWS documents a list of resource
    objects, so the record is an error naming the field, not a silently emptied list."""
    records, it = read(OCSF / "cloudtrail_v1.5.0_account_change.raw", "cloudtrail")
    assert records == []
    (error,) = it.errors
    assert "resources" in error.reason
    assert "DescribeTargetHealth" in error.raw


# --- the generated samples -----------------------------------------------------------------------

def _generator() -> ModuleType:
    path = ROOT / "samples" / "make_cloudtrail_samples.py"
    loaded = importlib.util.spec_from_file_location("make_cloudtrail_samples", path)
    assert loaded is not None and loaded.loader is not None
    module = importlib.util.module_from_spec(loaded)
    sys.modules.setdefault(loaded.name, module)
    loaded.loader.exec_module(module)
    return module


SAMPLES = _generator().build()


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name for s in SAMPLES])
def test_generated_sample_reads_back(sample: Any) -> None:
    data = gzip.compress(sample.data(), mtime=0)
    assert awslogparse.detect(sample.key, data).format == sample.format
    records, it = read(data, sample.format)
    assert records == [record for _, record in sample.records]
    assert len(it.errors) == len(sample.errors)
    for error, (unit, reason, _raw) in zip(it.errors, sample.errors, strict=True):
        assert reason in error.reason, (error.reason, reason)
        if not sample.document:
            assert error.pointer.endswith(f"/Records/{unit - 1}"), error.pointer


def test_generated_digest_hashes_the_log_files() -> None:
    """The digest names each log file with the SHA-256 of its uncompressed bytes, and the
    time span of its events."""
    logs = {s.key: s for s in SAMPLES if s.format == "cloudtrail"}
    (digest_sample,) = (s for s in SAMPLES if s.format == "cloudtrail_digest")
    (digest,) = read_clean(digest_sample.data(), "cloudtrail_digest")
    listed: Sequence[Mapping[str, Any]] = digest["logFiles"]
    assert {f["s3Object"] for f in listed} == set(logs)
    for entry in listed:
        log = logs[entry["s3Object"]]
        assert entry["hashValue"] == hashlib.sha256(log.data()).hexdigest()
        records, _ = read(log.data(), "cloudtrail")  # the damaged entries are no events
        times = [r["eventTime"] for r in records]
        assert (entry["oldestEventTime"], entry["newestEventTime"]) == (min(times), max(times))
