"""CloudTrail sample files (two trail log files and the digest that covers them), and what they
mean.

Every event is built first as typed values (UTC datetimes for `eventTime` and the session
`creationDate`, JSON booleans, ``None`` where AWS writes null), then rendered to the wire the way
CloudTrail writes a log file: one gzip-compressed line ``{"Records":[...]}`` with compact JSON,
keys in CloudTrail's order. The record each event must read back as is the same typed event with
every key the spec declares filled in (``None`` when absent), structs included; the declared keys
come from ``formats/cloudtrail.toml`` itself, never from awslogparse. The digest lists the two log
files with the SHA-256 of their uncompressed bytes, as CloudTrail's log file validation does.

Deterministic: a fixed seed per file, fixed times on 2026-11-21 (UTC), gzip with mtime 0.
Account 123456789012 (and 210987654321 for the other side of cross-account calls) are AWS's
documentation accounts; addresses are from the documentation ranges (RFC 5737, RFC 3849); ids,
keys and hashes are made up, most marked EXAMPLE as AWS marks its own.

    python samples/make_cloudtrail_samples.py [--out DIR]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import string
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

Event = dict[str, Any]

ACCOUNT = "123456789012"
OTHER = "210987654321"
REGION = "us-east-1"
BUCKET = "amzn-s3-demo-bucket"
TRAIL = "management-events"
T0 = datetime(2026, 11, 21, tzinfo=UTC)
CT_DIR = f"AWSLogs/{ACCOUNT}/CloudTrail/{REGION}/2026/11/21/"
DIGEST_DIR = f"AWSLogs/{ACCOUNT}/CloudTrail-Digest/{REGION}/2026/11/21/"
EVIDENCE = "key pattern and content agree"
HERE = Path(__file__).resolve().parent
SPECS = HERE.parent / "formats"

# CloudTrail's own key order in a record (keys it does not write are skipped).
ORDER = (
    "eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion",
    "sourceIPAddress", "userAgent", "errorCode", "errorMessage", "requestParameters",
    "responseElements", "additionalEventData", "requestID", "eventID", "readOnly", "resources",
    "eventType", "apiVersion", "managementEvent", "recipientAccountId", "serviceEventDetails",
    "sharedEventID", "vpcEndpointId", "vpcEndpointAccountId", "eventCategory", "addendum",
    "tlsDetails", "sessionCredentialFromConsole", "edgeDeviceDetails",
)

CLI = ("aws-cli/2.22.35 md/awscrt#0.23.8 ua/2.1 os/linux#6.1.115-126.197.amzn2023.x86_64 "
       "md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard "
       "md/installer#exe prompt/off command/{}")
BOTO = "Boto3/1.35.90 md/Botocore#1.35.90 ua/2.0 os/linux#6.1.115 md/arch#x86_64 lang/python#3.12.8"
BROWSER = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
           "Gecko) Version/18.1 Safari/605.1.15")
SSM_AGENT = "aws-sdk-go/1.55.5 (go1.22.8; linux; amd64) amazon-ssm-agent/3.3.1142.0"
JAVA = "aws-sdk-java/2.29.43 Linux/6.1.115 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS Java/21.0.5"


def at(minute: int, second: int = 0) -> datetime:
    """A time on 2026-11-21, minutes and seconds after midnight UTC."""
    return T0 + timedelta(minutes=minute, seconds=second)


def wire_time(value: datetime) -> str:
    """CloudTrail's time form: ISO 8601, UTC, to the second, with Z."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def render(value: Any) -> str:
    """Compact JSON as CloudTrail writes it; datetimes in its time form."""
    def default(obj: Any) -> str:
        if isinstance(obj, datetime):
            return wire_time(obj)
        raise TypeError(f"not JSON: {obj!r}")
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=default)


def spec_fields(name: str) -> list[dict[str, Any]]:
    """The ``[[fields]]`` tree of one of our spec files (declared keys and their children)."""
    with (SPECS / f"{name}.toml").open("rb") as fh:
        fields: list[dict[str, Any]] = tomllib.load(fh)["fields"]
    return fields


def complete(obj: dict[str, Any], fields: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The record a typed event reads back as: every declared key (absent -> None), structs and
    lists of structs filled in the same way, undeclared keys kept as written."""
    out: dict[str, Any] = {}
    for f in fields:
        out[f["name"]] = _complete_value(obj.get(f["name"]), f)
    for key, value in obj.items():
        out.setdefault(key, value)
    return out


def _complete_value(value: Any, f: dict[str, Any]) -> Any:
    if value is None:
        return None
    if f["type"] == "struct":
        return complete(value, f["children"])
    if f["type"] == "list" and f.get("items") == "struct":
        return [complete(item, f["children"]) for item in value]
    return value


@dataclass
class Sample:
    """One sample file: its key under samples/, its units (the elements of ``Records``, or the
    whole document for a digest), and what each means."""

    key: str
    format: str
    title: str
    compressed: bool = True
    evidence: str = EVIDENCE
    document: bool = False
    """True: the file is one JSON object that is itself the record (digest files)."""
    units: list[Any] = field(default_factory=list)
    records: list[tuple[int, Event]] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    fields: list[dict[str, Any]] = field(default_factory=list, repr=False)

    @property
    def name(self) -> str:
        return self.key.rsplit("/", 1)[-1]

    def add(self, event: Event) -> None:
        """A well-formed unit: its wire form and the record it must read back as."""
        wire = {k: event[k] for k in ORDER if k in event}
        wire.update((k, v) for k, v in event.items() if k not in wire)
        self.units.append(wire)
        self.records.append((len(self.units), complete(wire, self.fields)))

    def broken(self, value: Any, reason: str) -> None:
        """A damaged unit and a substring of the reason the reader must give."""
        self.units.append(value)
        self.errors.append((len(self.units), reason, render(value)))

    def data(self) -> bytes:
        """The file content, uncompressed (one line, as CloudTrail writes it)."""
        body = self.units[0] if self.document else {"Records": self.units}
        return render(body).encode("utf-8")

    def stats(self) -> dict[str, int]:
        return {"units": len(self.units), "records": len(self.records),
                "errors": len(self.errors)}


class Ids:
    """Made-up identifiers, reproducible from a seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def chars(self, n: int, alphabet: str) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def hex(self, n: int) -> str:
        return self.chars(n, "0123456789abcdef")

    def uuid(self) -> str:
        h = self.hex(32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:]}"

    def upper(self, n: int) -> str:
        return self.chars(n, string.ascii_uppercase + string.digits)

    def alnum(self, n: int) -> str:
        return self.chars(n, string.ascii_letters + string.digits)


# --- identities ----------------------------------------------------------------------------------

def iam_user(name: str, principal: str, key: str = "AKIAIOSFODNN7EXAMPLE") -> Event:
    return {"type": "IAMUser", "principalId": principal,
            "arn": f"arn:aws:iam::{ACCOUNT}:user/{name}", "accountId": ACCOUNT,
            "accessKeyId": key, "userName": name}


def console_user(name: str, principal: str, since: datetime, mfa: bool) -> Event:
    """An IAM user working in the console: temporary keys and an (empty) session issuer."""
    user = iam_user(name, principal, "ASIA3EXAMPLEBOBKEY02")
    user["sessionContext"] = {
        "sessionIssuer": {}, "webIdFederationData": {},
        "attributes": {"creationDate": since, "mfaAuthenticated": "true" if mfa else "false"},
    }
    return user


def role_session(role: str, session: str, since: datetime, *, role_id: str,
                 key: str = "ASIAIOSFODNN7EXAMPLE", account: str = ACCOUNT,
                 path: str = "", **context: Any) -> Event:
    """An assumed-role identity; ``context`` adds sessionContext members (sourceIdentity,
    ec2RoleDelivery, webIdFederationData, ...)."""
    ctx: Event = {
        "sessionIssuer": {"type": "Role", "principalId": role_id,
                          "arn": f"arn:aws:iam::{account}:role/{path}{role}",
                          "accountId": account, "userName": role},
    }
    if "webIdFederationData" in context:
        ctx["webIdFederationData"] = context.pop("webIdFederationData")
    ctx["attributes"] = {"creationDate": since, "mfaAuthenticated": "false"}
    ctx.update(context)
    return {"type": "AssumedRole", "principalId": f"{role_id}:{session}",
            "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
            "accountId": account, "accessKeyId": key, "sessionContext": ctx}


ALICE = iam_user("alice", "AIDACKCEVSQ6C2EXAMPLE")
GITHUB_OIDC = f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"


def ci_deploy(since: datetime) -> Event:
    return role_session("ci-deploy", "GitHubActions-4821", since, role_id="AROA3EXAMPLECIDEPLOY1",
                        key="ASIA3EXAMPLECIKEY7Q2Z",
                        webIdFederationData={"federatedProvider": GITHUB_OIDC, "attributes": {}},
                        sourceIdentity="deploy-bot")


def instance_role(since: datetime) -> Event:
    return role_session("app-server", "i-0a1b2c3d4e5f67890", since, role_id="AROA3EXAMPLEAPPSRV01",
                        key="ASIA3EXAMPLEEC2KEY4H", ec2RoleDelivery="2.0")


def lambda_role(since: datetime) -> Event:
    ident = role_session("orders-api-exec", "orders-api", since, role_id="AROA3EXAMPLELAMBDA01",
                         key="ASIA3EXAMPLELMBKEY9T", path="service-role/")
    ident["inScopeOf"] = {
        "issuerType": "AWS::Lambda::Function",
        "credentialsIssuedTo": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:orders-api",
    }
    return ident


def tls(version: str = "TLSv1.3", host: str = "", exchange: str | None = None) -> Event:
    suite = "TLS_AES_128_GCM_SHA256" if version == "TLSv1.3" else "ECDHE-RSA-AES128-GCM-SHA256"
    out: Event = {"tlsVersion": version, "cipherSuite": suite, "clientProvidedHostHeader": host}
    if exchange:
        out["keyExchange"] = exchange
    return out


def _api(api: str) -> tuple[str, str]:
    """``ec2:RunInstances`` -> (``ec2.amazonaws.com``, ``RunInstances``)."""
    service, _, action = api.partition(":")
    return f"{service}.amazonaws.com", action


class Builder:
    """Builds events for one file; ids come from the file's seed."""

    def __init__(self, seed: int) -> None:
        self.ids = Ids(seed)

    def call(self, who: Event | None, when: datetime, api: str, ip: str, agent: str | None,
             *, request: Any = None, response: Any = None,
             read_only: bool | None = None, category: str = "Management",
             event_type: str = "AwsApiCall", version: str = "1.11", s3_ids: bool = False,
             **extra: Any) -> Event:
        """A management or data event (``api`` is ``service:Action``), with AWS's explicit
        nulls for request and response."""
        source, name = _api(api)
        request_id = self.ids.upper(16) if s3_ids else self.ids.uuid()
        event: Event = {"eventVersion": version}
        if who is not None:
            event["userIdentity"] = who
        event |= {"eventTime": when, "eventSource": source, "eventName": name,
                  "awsRegion": REGION, "sourceIPAddress": ip}
        if agent is not None:
            event["userAgent"] = agent
        event |= {"requestParameters": request, "responseElements": response,
                  "requestID": request_id, "eventID": self.ids.uuid()}
        if read_only is not None:
            event["readOnly"] = read_only
        event |= {"eventType": event_type, "managementEvent": category == "Management",
                  "recipientAccountId": ACCOUNT, "eventCategory": category}
        event.update(extra)
        return event

    def vpce(self, who: Event, when: datetime, api: str, ip: str, **extra: Any) -> Event:
        """A network activity event: no request, response or read-only flag."""
        source, name = _api(api)
        event: Event = {
            "eventVersion": "1.11", "userIdentity": who, "eventTime": when,
            "eventSource": source, "eventName": name, "awsRegion": REGION,
            "sourceIPAddress": ip, "requestID": self.ids.uuid(), "eventID": self.ids.uuid(),
            "eventType": "AwsVpceEvent", "recipientAccountId": ACCOUNT,
            "sharedEventID": self.ids.uuid(), "vpcEndpointId": "vpce-0f1e2d3c4b5a69788",
            "vpcEndpointAccountId": ACCOUNT, "eventCategory": "NetworkActivity",
        }
        event.update(extra)
        return event

    def s3_response(self) -> Event:
        return {"x-amz-request-id": self.ids.upper(16), "x-amz-id-2": self.ids.alnum(76)}

    def s3_extra(self, size_in: int, size_out: int) -> Event:
        return {"SignatureVersion": "SigV4", "CipherSuite": "TLS_AES_128_GCM_SHA256",
                "bytesTransferredIn": size_in, "AuthenticationMethod": "AuthHeader",
                "x-amz-id-2": self.ids.alnum(76), "bytesTransferredOut": size_out}


def s3_resources(bucket: str, key: str | None = None, owner: str = ACCOUNT) -> list[Event]:
    out: list[Event] = []
    if key is not None:
        out.append({"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{key}"})
    out.append({"accountId": owner, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"})
    return out


# --- file 1: 00:00-00:05 ------------------------------------------------------------------------

def first_file() -> Sample:
    b = Builder(4401)
    name = f"{ACCOUNT}_CloudTrail_{REGION}_20261121T0005Z_{b.ids.alnum(16)}.json.gz"
    s = Sample(CT_DIR + name, "cloudtrail",
               "CloudTrail log file: IAM users, roles, services and network activity",
               fields=spec_fields("cloudtrail"))
    bob_since = at(-23, 14)
    bob = console_user("bob", "AIDA3EXAMPLEBOBUSER01", bob_since, mfa=True)
    ci = ci_deploy(at(-2, 41))
    ec2 = instance_role(at(-47, 5))
    lam = lambda_role(at(-12, 30))

    s.add(b.call(ALICE, at(0, 7), "ec2:DescribeInstances", "203.0.113.10",
                 CLI.format("ec2.describe-instances"),
                 request={"instancesSet": {}, "filterSet": {"items": [
                     {"name": "tag:env", "valueSet": {"items": [{"value": "prod"}]}}]}},
                 read_only=True, tlsDetails=tls(host="ec2.us-east-1.amazonaws.com",
                                                exchange="X25519MLKEM768")))
    s.add(b.call(ALICE, at(0, 19), "ec2:RunInstances", "203.0.113.10",
                 CLI.format("ec2.run-instances"),
                 errorCode="Client.UnauthorizedOperation",
                 errorMessage="You are not authorized to perform this operation. User: "
                              f"arn:aws:iam::{ACCOUNT}:user/alice is not authorized to perform: "
                              "ec2:RunInstances on resource: "
                              f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/* because no "
                              "identity-based policy allows the ec2:RunInstances action.",
                 request={"instancesSet": {"items": [{"imageId": "ami-0abcdef1234567890",
                                                      "minCount": 1, "maxCount": 2}]},
                          "instanceType": "m7g.large", "monitoring": {"enabled": False},
                          "disableApiTermination": False},
                 read_only=False, tlsDetails=tls(host="ec2.us-east-1.amazonaws.com",
                                                 exchange="X25519MLKEM768")))
    key = "releases/orders-api-1.42.0.zip"
    s.add(b.call(ci, at(0, 33), "s3:PutObject", "198.51.100.23",
                 "[aws-cli/2.22.35 md/awscrt#0.23.8 ua/2.1 os/linux#6.5.0-1025-azure "
                 "command/s3.cp]",
                 request={"bucketName": BUCKET, "Host": f"{BUCKET}.s3.us-east-1.amazonaws.com",
                          "key": key, "x-amz-server-side-encryption": "aws:kms"},
                 response={"x-amz-server-side-encryption-aws-kms-key-id":
                           f"arn:aws:kms:{REGION}:{ACCOUNT}:key/"
                           "1234abcd-12ab-34cd-56ef-1234567890ab",
                           "x-amz-server-side-encryption": "aws:kms"},
                 additionalEventData=b.s3_extra(18342775, 0), read_only=False,
                 resources=s3_resources(BUCKET, key), category="Data", s3_ids=True,
                 tlsDetails=tls(host=f"{BUCKET}.s3.us-east-1.amazonaws.com", exchange="x25519")))
    s.add(b.call(ec2, at(0, 48), "s3:GetObject", "192.0.2.41",
                 "[aws-sdk-java/2.29.43 Linux/6.1.115 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS]",
                 errorCode="NoSuchKey", errorMessage="The specified key does not exist.",
                 request={"bucketName": BUCKET, "Host": f"{BUCKET}.s3.us-east-1.amazonaws.com",
                          "key": "config/feature-flags.json"},
                 additionalEventData=b.s3_extra(0, 243), read_only=True,
                 resources=s3_resources(BUCKET, "config/feature-flags.json"), category="Data",
                 s3_ids=True, vpcEndpointId="vpce-0f1e2d3c4b5a69788",
                 vpcEndpointAccountId=ACCOUNT,
                 tlsDetails=tls("TLSv1.2", f"{BUCKET}.s3.us-east-1.amazonaws.com",
                                "secp256r1")))
    role = f"arn:aws:iam::{ACCOUNT}:role/service-role/orders-api-exec"
    s.add(b.call({"type": "AWSService", "invokedBy": "lambda.amazonaws.com"}, at(1, 2),
                 "sts:AssumeRole", "lambda.amazonaws.com",
                 "lambda.amazonaws.com",
                 request={"roleArn": role, "roleSessionName": "orders-api",
                          "durationSeconds": 43200},
                 response={"credentials": {"accessKeyId": "ASIA3EXAMPLELMBKEY9T",
                                           "sessionToken": "IQoJb3JpZ2luX2VjEXAMPLE",
                                           "expiration": "Nov 21, 2026, 12:01:02 PM"}},
                 read_only=True, resources=[{"accountId": ACCOUNT, "type": "AWS::IAM::Role",
                                             "ARN": role}]))
    s.add(b.call(bob, at(1, 26), "iam:CreateUser", "2001:db8:4f1a::20",
                 "AWS Internal", request={"userName": "carol", "tags": [
                     {"key": "team", "value": "payments"}]},
                 response={"user": {"path": "/", "userName": "carol",
                                    "userId": "AIDA3EXAMPLECAROL0001",
                                    "arn": f"arn:aws:iam::{ACCOUNT}:user/carol",
                                    "createDate": "Nov 21, 2026, 12:01:26 AM",
                                    "tags": [{"key": "team", "value": "payments"}]}},
                 read_only=False, sessionCredentialFromConsole="true"))
    s.add(b.call(bob, at(1, 40), "iam:AttachUserPolicy", "2001:db8:4f1a::20",
                 "AWS Internal",
                 request={"userName": "carol",
                          "policyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"},
                 read_only=False, sessionCredentialFromConsole="true"))
    s.add(b.call({"type": "Root", "principalId": ACCOUNT,
                  "arn": f"arn:aws:iam::{ACCOUNT}:root", "accountId": ACCOUNT,
                  "accessKeyId": ""}, at(1, 55), "signin:ConsoleLogin",
                 "203.0.113.77", BROWSER, response={"ConsoleLogin": "Success"},
                 additionalEventData={"LoginTo": "https://console.aws.amazon.com/console/home",
                                      "MobileVersion": "No", "MFAIdentifier":
                                      f"arn:aws:iam::{ACCOUNT}:mfa/root-account-mfa-device",
                                      "MFAUsed": "Yes"},
                 read_only=False, event_type="AwsConsoleSignIn"))
    s.add(b.call({"type": "IAMUser", "accountId": ACCOUNT, "accessKeyId": "",
                  "userName": "HIDDEN_DUE_TO_SECURITY_REASONS"}, at(2, 3),
                 "signin:ConsoleLogin", "198.51.100.201", BROWSER,
                 errorMessage="No username found in supplied account",
                 response={"ConsoleLogin": "Failure"},
                 additionalEventData={"LoginTo": "https://console.aws.amazon.com/console/home",
                                      "MobileVersion": "No", "MFAUsed": "No"},
                 read_only=False, event_type="AwsConsoleSignIn"))
    key_arn = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    via_s3 = dict(ec2, invokedBy="s3.amazonaws.com")
    s.add(b.call(via_s3, at(2, 11), "kms:Decrypt", "s3.amazonaws.com",
                 "s3.amazonaws.com",
                 request={"encryptionContext": {"aws:s3:arn": f"arn:aws:s3:::{BUCKET}/"
                                                              "exports/2026-11-20.parquet"},
                          "encryptionAlgorithm": "SYMMETRIC_DEFAULT"},
                 read_only=True, resources=[{"accountId": ACCOUNT, "type": "AWS::KMS::Key",
                                             "ARN": key_arn}]))
    s.add(b.call(ci, at(2, 29), "sts:GetCallerIdentity", "198.51.100.23",
                 CLI.format("sts.get-caller-identity"), read_only=True,
                 tlsDetails=tls(host="sts.us-east-1.amazonaws.com", exchange="x25519")))
    s.add(b.call({"type": "IdentityCenterUser", "accountId": ACCOUNT,
                  "onBehalfOf": {"userId": "94482488-3041-7026-18f3-EXAMPLE8e2b1",
                                 "identityStoreArn": f"arn:aws:identitystore::{ACCOUNT}:"
                                                     "identitystore/d-9067EXAMPLE"},
                  "credentialId": "EXAMPLEVHULjJdTUdPJfofVa1sufHDoj7aYcOYcxFVllWR_Whr1fEXAMPLE"},
                 at(2, 44), "signin:CredentialChallenge", "203.0.113.150",
                 BROWSER, additionalEventData={"AuthWorkflowID": b.ids.uuid(),
                                               "CredentialType": "PASSWORD",
                                               "UserName": "dana"},
                 read_only=False, event_type="AwsServiceEvent", version="1.08",
                 serviceEventDetails={"CredentialChallenge": "Success"}))
    saml_role = f"arn:aws:iam::{ACCOUNT}:role/Finance-ReadOnly"
    s.add(b.call({"type": "SAMLUser", "principalId": "Gn8EXAMPLEqz6Q/N6l3IC4Q=:eve@example.com",
                  "userName": "eve@example.com",
                  "identityProvider": "Gn8EXAMPLEqz6Q/N6l3IC4Q="}, at(3, 0),
                 "sts:AssumeRoleWithSAML", "198.51.100.60", BROWSER,
                 request={"sAMLAssertionID": "_a1b2c3d4e5f6EXAMPLE", "roleSessionName":
                          "eve@example.com", "principalTags": {"CostCenter": "0815"},
                          "roleArn": saml_role, "principalArn":
                          f"arn:aws:iam::{ACCOUNT}:saml-provider/ExampleIdP",
                          "durationSeconds": 3600},
                 response={"credentials": {"accessKeyId": "ASIA3EXAMPLESAMLKEY2",
                                           "sessionToken": "IQoJb3JpZ2luX2VjEXAMPLE2",
                                           "expiration": "Nov 21, 2026, 1:03:00 AM"},
                           "subjectType": "persistent", "audience":
                           "https://signin.aws.amazon.com/saml"},
                 read_only=True, resources=[{"accountId": ACCOUNT, "type": "AWS::IAM::Role",
                                             "ARN": saml_role}], version="1.08"))
    other_role = role_session("billing-batch", "nightly", at(-30), role_id="AROA6EXAMPLEOTHER01",
                              key="ASIA6EXAMPLEOTHERKEY", account=OTHER)
    s.add(b.call(other_role, at(3, 17), "kms:Encrypt", "198.51.100.9",
                 BOTO, request={"keyId": key_arn, "encryptionAlgorithm": "SYMMETRIC_DEFAULT"},
                 read_only=True, resources=[{"accountId": ACCOUNT, "type": "AWS::KMS::Key",
                                             "ARN": key_arn}],
                 sharedEventID=b.ids.uuid(),
                 tlsDetails=tls("TLSv1.2", "kms.us-east-1.amazonaws.com", "secp256r1")))
    s.add(b.vpce({"type": "AWSAccount", "principalId": "AROA6EXAMPLEOTHER01:nightly",
                  "accountId": OTHER}, at(3, 31), "secretsmanager:GetSecretValue", "192.0.2.88",
                 errorCode="VpceAccessDenied",
                 errorMessage="The request was denied due to a VPC endpoint policy"))
    s.add(b.vpce(ec2, at(3, 44), "secretsmanager:GetSecretValue",
                 "192.0.2.41"))
    fn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:orders-api"
    s.add(b.call(ci, at(4, 2), "lambda:Invoke", "198.51.100.23",
                 CLI.format("lambda.invoke"),
                 request={"functionName": fn, "invocationType": "RequestResponse",
                          "logType": "None"},
                 additionalEventData={"functionVersion": f"{fn}:$LATEST"}, read_only=False,
                 resources=[{"accountId": ACCOUNT, "type": "AWS::Lambda::Function",
                             "ARN": fn}], category="Data",
                 tlsDetails=tls(host="lambda.us-east-1.amazonaws.com", exchange="x25519")))
    table = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders"
    s.add(b.call(lam, at(4, 3), "dynamodb:GetItem", "192.0.2.130", JAVA,
                 request={"tableName": "orders", "key": {"pk": "HIDDEN_DUE_TO_SECURITY_REASONS"},
                          "consistentRead": False, "projectionExpression":
                          "HIDDEN_DUE_TO_SECURITY_REASONS"},
                 read_only=True, resources=[{"accountId": ACCOUNT,
                                             "type": "AWS::DynamoDB::Table", "ARN": table}],
                 category="Data",
                 tlsDetails=tls(host="dynamodb.us-east-1.amazonaws.com", exchange="x25519")))
    s.add(b.call(ALICE, at(4, 21), "ec2:DescribeRegions", "203.0.113.10",
                 CLI.format("ec2.describe-regions"), errorCode="Client.RequestLimitExceeded",
                 errorMessage="Request limit exceeded.",
                 request={"regionSet": {}, "allRegions": True}, read_only=True,
                 tlsDetails=tls(host="ec2.us-east-1.amazonaws.com", exchange="X25519MLKEM768")))
    ecs = role_session("AWSServiceRoleForECS", "ecs-service-scheduler", at(-58, 40),
                       role_id="AROA3EXAMPLEECSSLR01", key="ASIA3EXAMPLEECSKEY11",
                       path="aws-service-role/ecs.amazonaws.com/")
    ecs["invokedBy"] = "ecs.amazonaws.com"
    tg = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/orders-api/73e2d6bc24d8a067"
    s.add(b.call(ecs, at(4, 50), "elasticloadbalancing:DescribeTargetHealth",
                 "ecs.amazonaws.com", "ecs.amazonaws.com", request={"targetGroupArn": tg},
                 read_only=True, apiVersion="2015-12-01"))
    return s


# --- file 2: 00:05-00:10, two damaged entries ---------------------------------------------------

def second_file() -> Sample:
    b = Builder(4402)
    name = f"{ACCOUNT}_CloudTrail_{REGION}_20261121T0010Z_{b.ids.alnum(16)}.json.gz"
    s = Sample(CT_DIR + name, "cloudtrail",
               "CloudTrail log file: root session, addenda, Outposts, and two damaged entries",
               fields=spec_fields("cloudtrail"))
    ci = ci_deploy(at(4, 55))
    ec2 = instance_role(at(-47, 5))
    lam = lambda_role(at(-12, 30))
    bob = console_user("bob", "AIDA3EXAMPLEBOBUSER01", at(-23, 14), mfa=True)

    root_session = {"type": "Root", "principalId": ACCOUNT,
                    "arn": f"arn:aws:iam::{ACCOUNT}:root", "accountId": ACCOUNT,
                    "accessKeyId": "ASIA3EXAMPLEROOTKEY5",
                    "sessionContext": {"attributes": {"creationDate": at(5, 1),
                                                      "mfaAuthenticated": "false"},
                                       "assumedRoot": "true"}}
    s.add(b.call(root_session, at(5, 9), "s3:DeleteBucketPolicy",
                 "198.51.100.14", CLI.format("s3api.delete-bucket-policy"),
                 request={"bucketName": "amzn-s3-demo-bucket1", "Host":
                          "amzn-s3-demo-bucket1.s3.us-east-1.amazonaws.com", "policy": ""},
                 response=None, additionalEventData=b.s3_extra(0, 0), read_only=False,
                 resources=s3_resources("amzn-s3-demo-bucket1"), s3_ids=True,
                 tlsDetails=tls(host="amzn-s3-demo-bucket1.s3.us-east-1.amazonaws.com",
                                exchange="x25519")))
    s.add(b.call(ALICE, at(5, 40), "iam:CreateAccessKey", "203.0.113.10",
                 CLI.format("iam.create-access-key"), request={"userName": "carol"},
                 response={"accessKey": {"userName": "carol",
                                         "accessKeyId": "AKIA3EXAMPLECAROLKEY",
                                         "status": "Active",
                                         "createDate": "Nov 21, 2026, 12:05:40 AM"}},
                 read_only=False,
                 tlsDetails=tls(host="iam.amazonaws.com", exchange="X25519MLKEM768")))
    s.add(b.call(ci, at(6, 2), "lambda:UpdateFunctionCode20150331v2",
                 "198.51.100.23", CLI.format("lambda.update-function-code"),
                 request={"functionName": "orders-api", "publish": True,
                          "s3Bucket": BUCKET, "s3Key": "releases/orders-api-1.42.0.zip"},
                 response={"functionName": "orders-api", "functionArn":
                           f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:orders-api:43",
                           "runtime": "java21", "codeSize": 18342775, "version": "43",
                           "lastUpdateStatus": "InProgress"},
                 read_only=False, apiVersion="2015-03-31",
                 tlsDetails=tls(host="lambda.us-east-1.amazonaws.com", exchange="x25519")))
    # Damaged: the record arrives as a JSON string holding an event, not as an object.
    inner = b.call(ALICE, at(6, 30), "iam:ListUsers", "203.0.113.10",
                   CLI.format("iam.list-users"), read_only=True)
    s.broken(render(inner), "JSON object")
    s.add(b.call(ec2, at(6, 48), "ssm:UpdateInstanceInformation", "192.0.2.41",
                 SSM_AGENT,
                 request={"instanceId": "i-0a1b2c3d4e5f67890", "agentVersion": "3.3.1142.0",
                          "agentStatus": "Active", "platformType": "Linux",
                          "platformName": "Amazon Linux", "platformVersion": "2023",
                          "iPAddress": "192.0.2.41", "computerName": "ip-192-0-2-41.ec2.internal",
                          "agentName": "amazon-ssm-agent"},
                 read_only=False,
                 tlsDetails=tls("TLSv1.2", "ssm.us-east-1.amazonaws.com", "secp256r1")))
    s.add(b.call(bob, T0 - timedelta(minutes=7, seconds=50), "s3:CreateBucket",
                 "2001:db8:4f1a::20", "AWS Internal",
                 request={"bucketName": "amzn-s3-demo-bucket2", "Host":
                          "amzn-s3-demo-bucket2.s3.us-east-1.amazonaws.com",
                          "x-amz-object-ownership": "BucketOwnerEnforced"},
                 additionalEventData=b.s3_extra(0, 0), read_only=False,
                 resources=s3_resources("amzn-s3-demo-bucket2"), s3_ids=True,
                 addendum={"reason": "DELIVERY_DELAY"}, sessionCredentialFromConsole="true"))
    original_request, original_event = b.ids.uuid(), b.ids.uuid()
    s.add(b.call(lam, at(7, 12), "kms:GenerateDataKey", "192.0.2.130", JAVA,
                 errorCode="AccessDenied",
                 errorMessage=f"User: arn:aws:sts::{ACCOUNT}:assumed-role/orders-api-exec/"
                              "orders-api is not authorized to perform: kms:GenerateDataKey on "
                              "this resource because the resource does not exist in this "
                              "Region, no resource-based policies allow access, or a "
                              "resource-based policy explicitly denies access",
                 request={"keyId": "alias/orders", "keySpec": "AES_256"}, read_only=True,
                 addendum={"reason": "UPDATED_DATA",
                           "updatedFields": "userIdentity.sessionContext.sessionIssuer",
                           "originalRequestID": original_request,
                           "originalEventID": original_event},
                 tlsDetails=tls(host="kms.us-east-1.amazonaws.com", exchange="x25519")))
    # Damaged: a second past 59 is no time at all.
    bad = b.call(ALICE, at(7, 20), "iam:GetUser", "203.0.113.10",
                 CLI.format("iam.get-user"), read_only=True)
    bad["eventTime"] = "2026-11-21T00:07:61Z"
    s.broken({k: bad[k] for k in ORDER if k in bad}, "not an ISO 8601 time")
    s.add(b.call({"type": "WebIdentityUser",
                  "principalId": f"{GITHUB_OIDC}:sts.amazonaws.com:"
                                 "repo:example-org/orders-api:ref:refs/heads/main",
                  "userName": "repo:example-org/orders-api:ref:refs/heads/main",
                  "identityProvider": "token.actions.githubusercontent.com"},
                 at(7, 35), "sts:AssumeRoleWithWebIdentity", "198.51.100.23",
                 "aws-sdk-js/3.693.0 ua/2.1 os/linux#6.5.0-1025-azure lang/js md/nodejs#20.18.0 "
                 "api/sts#3.693.0 configure-aws-credentials-for-github-actions",
                 request={"roleArn": f"arn:aws:iam::{ACCOUNT}:role/ci-deploy",
                          "roleSessionName": "GitHubActions-4822", "durationSeconds": 3600},
                 response={"credentials": {"accessKeyId": "ASIA3EXAMPLECIKEY8R3",
                                           "sessionToken": "IQoJb3JpZ2luX2VjEXAMPLE3",
                                           "expiration": "Nov 21, 2026, 1:07:35 AM"},
                           "subjectFromWebIdentityToken":
                           "repo:example-org/orders-api:ref:refs/heads/main",
                           "provider": GITHUB_OIDC, "audience": "sts.amazonaws.com"},
                 read_only=True,
                 resources=[{"accountId": ACCOUNT, "type": "AWS::IAM::Role",
                             "ARN": f"arn:aws:iam::{ACCOUNT}:role/ci-deploy"}],
                 tlsDetails=tls(host="sts.us-east-1.amazonaws.com", exchange="x25519")))
    public_key = "public/brochure-été-2027.pdf"
    s.add(b.call({"type": "AWSAccount", "principalId": "", "accountId": "anonymous"},
                 at(8, 1), "s3:GetObject", "2001:db8:1234::5e",
                 "curl/8.11.0",
                 request={"bucketName": "amzn-s3-demo-bucket2", "Host":
                          "amzn-s3-demo-bucket2.s3.amazonaws.com", "key": public_key},
                 additionalEventData={k: v for k, v in b.s3_extra(0, 1048576).items()
                                      if k != "AuthenticationMethod"},
                 read_only=True, resources=s3_resources("amzn-s3-demo-bucket2", public_key),
                 category="Data", s3_ids=True,
                 tlsDetails=tls(host="amzn-s3-demo-bucket2.s3.amazonaws.com",
                                exchange="X25519MLKEM768")))
    outpost_bucket = f"arn:aws:s3-outposts:{REGION}:{ACCOUNT}:outpost/op-01ac5d28a6a232904/" \
                     "bucket/plant-telemetry"
    s.add(b.call(ec2, at(8, 27), "s3-outposts:PutObject", "192.0.2.41",
                 JAVA, request={"bucketName": "plant-telemetry", "key": "line-4/2026/11/21.csv",
                                "Host": "plant-telemetry-123456789012.op-01ac5d28a6a232904"
                                        ".s3-outposts.us-east-1.amazonaws.com"},
                 response={"x-amz-server-side-encryption": "AES256"},
                 additionalEventData=b.s3_extra(58211, 0), read_only=False,
                 resources=[{"type": "AWS::S3Outposts::Object",
                             "ARN": f"{outpost_bucket}/object/line-4/2026/11/21.csv"},
                            {"accountId": ACCOUNT, "type": "AWS::S3Outposts::Bucket",
                             "ARN": outpost_bucket}],
                 category="Data", s3_ids=True, version="1.08",
                 edgeDeviceDetails={"type": "outposts", "deviceID": "op-01ac5d28a6a232904"}))
    s.add(b.call(ALICE, at(8, 44), "s3:ListBuckets",
                 "2001:db8:85a3::8a2e:370:7334", CLI.format("s3api.list-buckets"),
                 request={"Host": "s3.us-east-1.amazonaws.com"},
                 additionalEventData=b.s3_extra(0, 1411), read_only=True, s3_ids=True,
                 tlsDetails=tls(host="s3.us-east-1.amazonaws.com", exchange="X25519MLKEM768")))
    s.add(b.call(ci, at(9, 3), "ec2:CreateTags", "198.51.100.23", BOTO,
                 request={"resourcesSet": {"items": [{"resourceId": "i-0a1b2c3d4e5f67890"},
                                                     {"resourceId": "vol-049df61146c4d7901"}]},
                          "tagSet": {"items": [{"key": "env", "value": "prod"},
                                               {"key": "release", "value": "1.42.0"}]}},
                 response={"requestId": b.ids.uuid(), "_return": True}, read_only=False,
                 tlsDetails=tls(host="ec2.us-east-1.amazonaws.com", exchange="x25519")))
    audit_role = f"arn:aws:iam::{ACCOUNT}:role/OrganizationAuditor"
    auditor = role_session("security-tooling", "scanner", at(-120), role_id="AROA6EXAMPLESECTOOL1",
                           key="ASIA6EXAMPLESECKEY01", account=OTHER)
    s.add(b.call(auditor, at(9, 18), "sts:AssumeRole", "198.51.100.9", BOTO,
                 request={"roleArn": audit_role, "roleSessionName": "scanner",
                          "externalId": "HIDDEN_DUE_TO_SECURITY_REASONS"},
                 response={"credentials": {"accessKeyId": "ASIA3EXAMPLEAUDITKEY",
                                           "sessionToken": "IQoJb3JpZ2luX2VjEXAMPLE4",
                                           "expiration": "Nov 21, 2026, 1:09:18 AM"},
                           "assumedRoleUser": {"assumedRoleId": "AROA3EXAMPLEAUDITOR1:scanner",
                                               "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/"
                                                      "OrganizationAuditor/scanner"}},
                 read_only=True, resources=[{"accountId": ACCOUNT, "type": "AWS::IAM::Role",
                                             "ARN": audit_role}],
                 sharedEventID=b.ids.uuid(),
                 tlsDetails=tls("TLSv1.2", "sts.us-east-1.amazonaws.com", "secp256r1")))
    sso = role_session("AWSReservedSSO_Admin_0123456789abcdef", "dana", at(9, 40),
                       role_id="AROA3EXAMPLESSOADMIN",
                       path="aws-reserved/sso.amazonaws.com/")
    sso.pop("accessKeyId")
    s.add(b.call(sso, at(9, 41), "signin:ConsoleLogin", "203.0.113.150",
                 BROWSER, response={"ConsoleLogin": "Success"},
                 additionalEventData={"MobileVersion": "No", "MFAUsed": "No"},
                 read_only=False, event_type="AwsConsoleSignIn"))
    return s


# --- digest -------------------------------------------------------------------------------------

def digest(logs: Sequence[Sample]) -> Sample:
    """The hourly digest covering the log files: their keys, SHA-256 and event time span."""
    ids = Ids(4403)
    end = T0 + timedelta(hours=1, minutes=1, seconds=31)
    start = end - timedelta(hours=1)

    def name(t: datetime) -> str:
        return (f"{ACCOUNT}_CloudTrail-Digest_{REGION}_{TRAIL}_{REGION}_"
                f"{t.strftime('%Y%m%dT%H%M%SZ')}.json.gz")

    files: list[Event] = []
    for log in sorted(logs, key=lambda s: s.key, reverse=True):
        times = [rec["eventTime"] for _, rec in log.records]
        files.append({"s3Bucket": BUCKET, "s3Object": log.key,
                      "hashValue": hashlib.sha256(log.data()).hexdigest(),
                      "hashAlgorithm": "SHA-256",
                      "newestEventTime": max(times), "oldestEventTime": min(times)})
    doc: Event = {
        "awsAccountId": ACCOUNT,
        "digestStartTime": start,
        "digestEndTime": end,
        "digestS3Bucket": BUCKET,
        "digestS3Object": DIGEST_DIR + name(end),
        "digestPublicKeyFingerprint": ids.hex(32),
        "digestSignatureAlgorithm": "SHA256withRSA",
        "newestEventTime": max(f["newestEventTime"] for f in files),
        "oldestEventTime": min(f["oldestEventTime"] for f in files),
        "previousDigestS3Bucket": BUCKET,
        "previousDigestS3Object": DIGEST_DIR + name(start),
        "previousDigestHashValue": ids.hex(64),
        "previousDigestHashAlgorithm": "SHA-256",
        "previousDigestSignature": ids.hex(512),
        "logFiles": files,
    }
    s = Sample(DIGEST_DIR + name(end), "cloudtrail_digest",
               "CloudTrail digest file for the hour of both log files",
               document=True, fields=spec_fields("cloudtrail_digest"))
    s.add(doc)
    return s


def build() -> list[Sample]:
    """Every CloudTrail sample, in a fixed order."""
    logs = [first_file(), second_file()]
    return [*logs, digest(logs)]


def file_bytes(sample: Sample) -> bytes:
    """A sample's bytes on disk: gzip (mtime 0) or plain."""
    data = sample.data()
    return gzip.compress(data, mtime=0) if sample.compressed else data


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE,
                        help="folder to write under (default: samples/)")
    args = parser.parse_args(argv)
    for sample in build():
        path = args.out / sample.key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file_bytes(sample))
        stats = sample.stats()
        print(f"{sample.key}: {stats['records']} records, {stats['errors']} errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
