"""Production-like CloudTrail log files and CloudWatch Logs Lambda payloads for the JSON benchmarks.

Deterministic (seeded), written the way AWS writes them, and varied the way a real trail and a
real flow log subscription are, so that no reader is timed on one record repeated:

CloudTrail (``write_cloudtrail``): ``files`` gzip files under S3's key layout for an organization
trail (``AWSLogs/o-.../<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_
<YYYYMMDDTHHmmZ>_<16 alphanumerics>.json.gz``; three accounts, one with a leading zero, four
regions), each one compact line ``{"Records":[...]}`` of about ``records / files`` events (0.6x
to 1.4x of that, as busy and quiet 5-minute windows alternate), keys in CloudTrail's order:
- 25 event sources, 55 APIs (plus console sign-ins and service events) weighted the way a
  trail sees them (AssumeRole, KMS Decrypt, S3 and DynamoDB data events and Describe* calls
  first, then a long tail of writes), each with its own ``requestParameters`` /
  ``responseElements`` shape: flat, nested several levels deep (EC2's ``items`` sets, Route 53
  change batches, Lambda function configurations, metric queries), lists, ints, floats,
  booleans, nulls (Describe* calls write no response, some calls no parameters), JSON text
  inside a string (IAM policy documents), SQL with quotes and newlines, non-ASCII S3 keys,
  ``HIDDEN_DUE_TO_SECURITY_REASONS``;
- identities: assumed roles (workloads, SSO users, CI with web identity federation, forward
  access sessions with ``invokedBy``), IAM users (keys and console sessions), AWS services,
  cross-account ``AWSAccount`` callers (with ``sharedEventID``), federated users and the root
  user signing in to the console;
- ``sourceIPAddress`` as IPv4, IPv6, private addresses behind VPC endpoints
  (``vpcEndpointId``), a service's DNS name and ``AWS Internal``; SDK, CLI, Terraform, console
  and service user agents;
- about 5% failed calls (``errorCode`` + ``errorMessage``, no response), ``resources`` lists,
  ``additionalEventData``, ``tlsDetails`` (TLS 1.2 and 1.3, some with ``keyExchange``) on calls
  from clients, ``AwsServiceEvent`` records with ``serviceEventDetails``, console sign-ins,
  ``eventVersion`` 1.08 to 1.11, management and data events.

``write_cloudtrail_single`` writes one such file of a given uncompressed size (the memory case).

CloudWatch Logs (``write_cwl_vpc``): ``files`` Lambda events ``{"awslogs":{"data":...}}`` (base64
of a gzip envelope, as Lambda receives them), each one log stream's batch of about
``events / files`` VPC flow log lines in the default (v2) format: 160 interfaces in three log
groups and accounts, each stream ``eni-...-all``; IPv4 and some IPv6 peers from a pool of
30,000 addresses (public, private, IPv6), inbound and outbound flows, a skewed service port mix,
TCP/UDP/ICMP, 10% REJECT, about 1% NODATA and 0.1% SKIPDATA lines (``-`` in the flow fields);
56-digit event ids; each event's millisecond timestamp is its record's start time, as VPC flow
logs deliver to CloudWatch Logs (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-cwl.html),
so the flows of one capture window share it.

    python -m bench.gen_json cloudtrail OUT_DIR --records 200000
    python -m bench.gen_json cwl-vpc OUT_DIR --records 200000
    python -m bench.gen_json cloudtrail-single OUT_DIR --mb 50
"""

from __future__ import annotations

import argparse
import base64
import gzip
import ipaddress
import json
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

DATA_VERSION = 2
"""Bumped whenever what a seed writes changes: benchmarks regenerate data of another version.
2: a flow log event's time is its record's start (was the start plus random milliseconds)."""

Event = dict[str, Any]
START = datetime(2025, 3, 14, tzinfo=UTC)
ORG = "o-a1b2c3d4e5"
ACCOUNTS = ("123456789012", "012345678901", "210987654321")
REGIONS = ("us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2")
VERSIONS = ("1.08", "1.09", "1.09", "1.10", "1.11")
ORDER = (
    "eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion",
    "sourceIPAddress", "userAgent", "errorCode", "errorMessage", "requestParameters",
    "responseElements", "additionalEventData", "requestID", "eventID", "readOnly", "resources",
    "eventType", "apiVersion", "managementEvent", "recipientAccountId", "serviceEventDetails",
    "sharedEventID", "vpcEndpointId", "vpcEndpointAccountId", "eventCategory", "tlsDetails",
    "sessionCredentialFromConsole",
)
"""CloudTrail's own key order in a record."""
HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS"

# ---- shared helpers ----------------------------------------------------------------------------


def _ipv4(rng: random.Random) -> str:
    while True:
        first = rng.randrange(1, 224)
        if first not in (10, 100, 127, 169, 172, 192):
            return f"{first}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


def _ipv6(rng: random.Random) -> str:
    return str(ipaddress.IPv6Address((0x2001 + rng.randrange(0x0E00)) << 112
                                     | rng.getrandbits(112)))


def _private(rng: random.Random) -> str:
    return f"10.{rng.randrange(0, 32)}.{rng.randrange(256)}.{rng.randrange(2, 255)}"


def _hex(rng: random.Random, n: int) -> str:
    return f"{rng.getrandbits(4 * n):0{n}x}"


_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def _chars(rng: random.Random, n: int, alphabet: str = _ALNUM) -> str:
    return "".join(rng.choices(alphabet, k=n))


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _token(rng: random.Random, size: int) -> str:
    return base64.b64encode(rng.randbytes(size)).decode("ascii")


def _when(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _human_time(value: datetime) -> str:
    """The ``Mar 14, 2025, 1:05:00 AM`` form some services write into responses."""
    hour = value.hour % 12 or 12
    return f"{value:%b} {value.day}, {value.year}, {hour}:{value:%M:%S} {value:%p}"


def _split_counts(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` counts of 0.6x to 1.4x the mean, summing to ``total``."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % parts] += 1
    return counts


# ---- CloudTrail: identities --------------------------------------------------------------------

CLI = ("aws-cli/2.{m}.{p} md/awscrt#0.23.8 ua/2.1 os/linux#6.1.{p}-126.amzn2023.x86_64 "
       "md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard "
       "md/installer#exe prompt/off command/{cmd}")
AGENTS = (
    "Boto3/1.35.{p} md/Botocore#1.35.{p} ua/2.0 os/linux#6.1.{p} md/arch#x86_64 "
    "lang/python#3.12.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.{p}",
    "aws-sdk-java/2.29.{p} Linux/6.1.{p} OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS Java/21.0.5 "
    "vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/standard",
    "aws-sdk-go-v2/1.32.{p} os/linux lang/go#1.23.4 md/GOOS#linux md/GOARCH#arm64 "
    "api/{svc}#1.{m}.0",
    "aws-sdk-js/3.7{m}0.0 ua/2.1 os/linux#5.10.{p} lang/js md/nodejs#20.18.1 api/{svc}#3.7{m}0.0",
    "APN/1.0 HashiCorp/1.0 Terraform/1.9.{m} (+https://www.terraform.io) terraform-provider-aws/"
    "5.8{m}.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.{p}",
    "aws-sdk-go/1.55.5 (go1.22.8; linux; amd64) amazon-ssm-agent/3.3.1142.0",
)
BROWSERS = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/13{m}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:13{m}.0) Gecko/20100101 Firefox/13{m}.0",
)
SERVICE_CALLERS = ("lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "ec2.amazonaws.com",
                   "cloudformation.amazonaws.com", "s3.amazonaws.com",
                   "secretsmanager.amazonaws.com", "autoscaling.amazonaws.com",
                   "elasticloadbalancing.amazonaws.com", "config.amazonaws.com",
                   "guardduty.amazonaws.com")
ROLE_KINDS = (
    # (role name pattern, session name pattern, path, weight)
    ("orders-api-exec", "orders-api", "service-role/", 10),
    ("payments-worker-exec", "payments-worker", "service-role/", 6),
    ("app-server", "i-0{h}", "", 10),
    ("ecs-task-{n}", "{h}", "", 8),
    ("eks-node-group-{n}", "i-0{h}", "", 5),
    ("ci-deploy", "GitHubActions-{n}", "", 4),
    ("AWSReservedSSO_AdministratorAccess_{h}", "{user}@example.com",
     "aws-reserved/sso.amazonaws.com/", 5),
    ("AWSReservedSSO_ReadOnlyAccess_{h}", "{user}@example.com",
     "aws-reserved/sso.amazonaws.com/", 4),
    ("OrganizationAccountAccessRole", "{user}", "", 1),
    ("datadog-integration", "DatadogAWSIntegration", "", 4),
    ("AWSServiceRoleForConfig", "AWSConfig-Describe", "aws-service-role/config.amazonaws.com/", 3),
)
USERS = ("alice", "bob", "carol", "dmitri", "eve", "fatima", "gao", "hiro", "ines", "jamal",
         "kofi", "lena", "mateo", "nadia", "oskar", "priya", "quinn", "rosa", "sven", "tariq",
         "svc-backup", "svc-reporting", "svc-legacy-ftp", "terraform", "jenkins")


@dataclass
class Identity:
    """Who calls: the ``userIdentity`` object and where such a caller comes from."""

    kind: str
    user_identity: Event | None
    source: str
    """"ip" (a client), "private" (inside a VPC), "service" (an AWS service's DNS name)."""
    agent: str
    console: bool = False
    invoked_by: str | None = None


class Pools:
    """The callers, clients and resources of one organization trail (built once per seed)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.ipv4 = [_ipv4(rng) for _ in range(400)]
        self.ipv6 = [_ipv6(rng) for _ in range(150)]
        self.private = [_private(rng) for _ in range(300)]
        self.endpoints = [f"vpce-0{_hex(rng, 16)}" for _ in range(6)]
        self.keys = {a: [f"{_uuid(rng)}" for _ in range(8)] for a in ACCOUNTS}
        self.buckets = [f"{p}-{_hex(rng, 6)}" for p in (
            "orders-data", "app-logs", "ml-training", "static-site", "backups", "athena-results",
            "cloudtrail-archive", "partner-exchange")]
        self.tables = ("orders", "customers", "sessions", "inventory", "idempotency-keys",
                       "feature-flags")
        self.functions = ("orders-api", "payments-worker", "thumbnailer", "auth-authorizer",
                          "log-shipper", "nightly-report")
        self.instances = [f"i-0{_hex(rng, 16)}" for _ in range(60)]
        self.groups = [f"sg-0{_hex(rng, 16)}" for _ in range(20)]
        self.subnets = [f"subnet-0{_hex(rng, 16)}" for _ in range(12)]
        self.roles: list[tuple[str, str, str, str, int]] = []
        for pattern, session, path, weight in ROLE_KINDS:
            for _ in range(3 if "{" in pattern else 1):
                name = pattern.format(n=rng.randrange(1, 9), h=_hex(rng, 16))
                self.roles.append((name, session, path, f"AROA{_chars(rng, 17, _UPPER)}", weight))
        self.user_ids = {u: (f"AIDA{_chars(rng, 17, _UPPER)}", f"AKIA{_chars(rng, 16, _UPPER)}")
                         for u in USERS}

    def agent(self, svc: str, cmd: str) -> str:
        rng = self.rng
        p, m = rng.randrange(10, 99), rng.randrange(0, 9)
        if rng.random() < 0.2:
            return CLI.format(m=m + 15, p=p, cmd=cmd)
        return rng.choice(AGENTS).format(p=p, m=m, svc=svc)

    def browser(self) -> str:
        return self.rng.choice(BROWSERS).format(m=self.rng.randrange(0, 9))

    def identity(self, account: str, svc: str, cmd: str, service_ok: bool) -> Identity:
        rng = self.rng
        roll = rng.random()
        if service_ok and roll < 0.12:
            caller = rng.choice(SERVICE_CALLERS)
            return Identity("AWSService", {"type": "AWSService", "invokedBy": caller}, "service",
                            caller, invoked_by=caller)
        if roll < 0.66:
            return self._role(account, svc, cmd)
        if roll < 0.84:
            return self._user(account, svc, cmd)
        if roll < 0.88:  # a forward access session: a service acting with the caller's role
            ident = self._role(account, svc, cmd)
            caller = rng.choice(SERVICE_CALLERS)
            assert ident.user_identity is not None
            ident.user_identity["invokedBy"] = caller
            return Identity("AssumedRole", ident.user_identity, "service", caller,
                            invoked_by=caller)
        if roll < 0.93:
            other = "999988887777"
            return Identity("AWSAccount", {"type": "AWSAccount",
                                           "principalId": f"AIDA{_chars(rng, 17, _UPPER)}",
                                           "accountId": other}, "ip", self.agent(svc, cmd))
        if roll < 0.97:
            user = rng.choice(USERS)
            return Identity("FederatedUser", {
                "type": "FederatedUser", "principalId": f"{account}:{user}",
                "arn": f"arn:aws:sts::{account}:federated-user/{user}", "accountId": account,
                "accessKeyId": f"ASIA{_chars(rng, 16, _UPPER)}",
                "sessionContext": {"sessionIssuer": {
                    "type": "IAMUser", "principalId": self.user_ids["svc-legacy-ftp"][0],
                    "arn": f"arn:aws:iam::{account}:user/svc-legacy-ftp", "accountId": account,
                    "userName": "svc-legacy-ftp"},
                    "attributes": {"creationDate": _when(START), "mfaAuthenticated": "false"}},
            }, "ip", self.agent(svc, cmd))
        return self._user(account, svc, cmd, console=True)

    def _role(self, account: str, svc: str, cmd: str) -> Identity:
        rng = self.rng
        name, session, path, role_id, _ = rng.choices(self.roles, [r[4] for r in self.roles])[0]
        session = session.format(n=rng.randrange(1000, 9999), h=_hex(rng, 16),
                                 user=rng.choice(USERS))
        ctx: Event = {"sessionIssuer": {"type": "Role", "principalId": role_id,
                                        "arn": f"arn:aws:iam::{account}:role/{path}{name}",
                                        "accountId": account, "userName": name}}
        sso = name.startswith("AWSReservedSSO")
        if name == "ci-deploy":
            ctx["webIdFederationData"] = {
                "federatedProvider": f"arn:aws:iam::{account}:oidc-provider/"
                                     "token.actions.githubusercontent.com", "attributes": {}}
        else:
            ctx["webIdFederationData"] = {}
        ctx["attributes"] = {"creationDate": _when(START - timedelta(minutes=rng.randrange(600))),
                             "mfaAuthenticated": "false"}
        if session.startswith("i-0"):
            ctx["ec2RoleDelivery"] = rng.choice(("2.0", "2.0", "2.0", "1.0"))
        if name == "ci-deploy":
            ctx["sourceIdentity"] = "deploy-bot"
        ident: Event = {"type": "AssumedRole", "principalId": f"{role_id}:{session}",
                        "arn": f"arn:aws:sts::{account}:assumed-role/{name}/{session}",
                        "accountId": account, "accessKeyId": f"ASIA{_chars(rng, 16, _UPPER)}",
                        "sessionContext": ctx}
        if name.endswith("-exec"):
            ident["inScopeOf"] = {"issuerType": "AWS::Lambda::Function",
                                  "credentialsIssuedTo": f"arn:aws:lambda:{REGIONS[0]}:"
                                                         f"{account}:function:{session}"}
        if sso and rng.random() < 0.5:
            return Identity("AssumedRole", ident, "ip", self.browser(), console=True)
        where = "private" if session.startswith(("i-0", "orders", "payments")) or \
            len(session) == 16 else "ip"
        return Identity("AssumedRole", ident, where, self.agent(svc, cmd))

    def _user(self, account: str, svc: str, cmd: str, *, console: bool = False) -> Identity:
        rng = self.rng
        user = rng.choice(USERS)
        principal, key = self.user_ids[user]
        ident: Event = {"type": "IAMUser", "principalId": principal,
                        "arn": f"arn:aws:iam::{account}:user/{user}", "accountId": account,
                        "accessKeyId": key, "userName": user}
        if console:
            ident["accessKeyId"] = f"ASIA{_chars(rng, 16, _UPPER)}"
            ident["sessionContext"] = {"sessionIssuer": {}, "webIdFederationData": {},
                                       "attributes": {"creationDate": _when(START),
                                                      "mfaAuthenticated": "true"}}
            return Identity("IAMUser", ident, "ip", self.browser(), console=True)
        return Identity("IAMUser", ident, "ip", self.agent(svc, cmd))

    def root(self, account: str) -> Identity:
        return Identity("Root", {"type": "Root", "principalId": account,
                                 "arn": f"arn:aws:iam::{account}:root", "accountId": account,
                                 "accessKeyId": ""}, "ip", self.browser(), console=True)


# ---- CloudTrail: APIs --------------------------------------------------------------------------


@dataclass
class Ctx:
    """What an API's builder may use: the generator, the pools and where the call happens."""

    rng: random.Random
    pools: Pools
    account: str
    region: str
    when: datetime

    def arn(self, service: str, resource: str, region: bool = True) -> str:
        return f"arn:aws:{service}:{self.region if region else ''}:{self.account}:{resource}"

    def key_arn(self) -> str:
        return self.arn("kms", f"key/{self.rng.choice(self.pools.keys[self.account])}")


Parts = tuple[Any, Any, list[Event] | None, Any]
"""(requestParameters, responseElements, resources, additionalEventData)."""


def _s3_key(rng: random.Random) -> str:
    return rng.choice((
        f"orders/2025/03/14/{_uuid(rng)}.json",
        f"AWSLogs/{rng.choice(ACCOUNTS)}/elasticloadbalancing/us-east-1/2025/03/14/"
        f"{_hex(rng, 12)}.log.gz",
        f"models/run-{rng.randrange(900)}/checkpoint-{rng.randrange(99):02d}.pt",
        f"reports/été/ventes-{rng.randrange(1, 13):02d}.csv",
        f"uploads/user {rng.randrange(9999)}/photo ({rng.randrange(9)}).jpg",
        f"static/js/app.{_hex(rng, 8)}.js",
        f"backups/db/orders-{rng.randrange(30):02d}.sql.gz",
    ))


def s3_object(c: Ctx, name: str) -> Parts:
    rng = c.rng
    bucket, key = rng.choice(c.pools.buckets), _s3_key(rng)
    req: Event = {"bucketName": bucket, "Host": f"{bucket}.s3.{c.region}.amazonaws.com",
                  "key": key}
    if name == "PutObject" and rng.random() < 0.5:
        req["x-amz-server-side-encryption"] = "aws:kms"
    resp: Event | None = None
    if name == "PutObject":
        resp = {"x-amz-server-side-encryption": "aws:kms",
                "x-amz-server-side-encryption-aws-kms-key-id": c.key_arn(),
                "x-amz-version-id": _chars(rng, 32)}
    out = rng.randrange(0, 5_000_000) if name == "GetObject" else 0
    extra = {"SignatureVersion": "SigV4", "CipherSuite": "TLS_AES_128_GCM_SHA256",
             "bytesTransferredIn": float(rng.randrange(1, 900_000) if name == "PutObject" else 0),
             "AuthenticationMethod": "AuthHeader", "x-amz-id-2": _token(rng, 48),
             "bytesTransferredOut": float(out)}
    res = [{"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{key}"},
           {"accountId": c.account, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"}]
    return req, resp, res, extra


def s3_list(c: Ctx, name: str) -> Parts:
    rng = c.rng
    bucket = rng.choice(c.pools.buckets)
    req = {"list-type": "2", "bucketName": bucket, "encoding-type": "url", "max-keys": "1000",
           "prefix": rng.choice(("", "orders/2025/", "AWSLogs/", "reports/été/")),
           "delimiter": "/", "Host": f"{bucket}.s3.{c.region}.amazonaws.com"}
    res = [{"accountId": c.account, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"}]
    return req, None, res, {"SignatureVersion": "SigV4", "CipherSuite": "TLS_AES_128_GCM_SHA256",
                            "bytesTransferredIn": 0, "AuthenticationMethod": "AuthHeader",
                            "x-amz-id-2": _token(c.rng, 48), "bytesTransferredOut": 2417}


def s3_bucket_policy(c: Ctx, name: str) -> Parts:
    bucket = c.rng.choice(c.pools.buckets)
    return ({"bucketName": bucket, "Host": f"{bucket}.s3.amazonaws.com", "policy": ""}, None,
            [{"accountId": c.account, "type": "AWS::S3::Bucket",
              "ARN": f"arn:aws:s3:::{bucket}"}],
            {"SignatureVersion": "SigV4", "AuthenticationMethod": "AuthHeader"})


def sts_assume_role(c: Ctx, name: str) -> Parts:
    rng = c.rng
    role, session, path, role_id, _ = rng.choice(c.pools.roles)
    session = session.format(n=rng.randrange(1000, 9999), h=_hex(rng, 16), user="alice")
    arn = f"arn:aws:iam::{c.account}:role/{path}{role}"
    req: Event = {"roleArn": arn, "roleSessionName": session}
    if rng.random() < 0.4:
        req["durationSeconds"] = rng.choice((900, 3600, 43200))
    if name == "AssumeRoleWithWebIdentity":
        req["providerId"] = "token.actions.githubusercontent.com"
    key = f"ASIA{_chars(rng, 16, _UPPER)}"
    resp: Event = {
        "credentials": {"accessKeyId": key, "sessionToken": _token(rng, 330),
                        "expiration": _human_time(c.when + timedelta(hours=1))},
        "assumedRoleUser": {"assumedRoleId": f"{role_id}:{session}",
                            "arn": f"arn:aws:sts::{c.account}:assumed-role/{role}/{session}"}}
    if name == "AssumeRoleWithWebIdentity":
        resp.update({"subjectFromWebIdentityToken": "repo:example/orders:ref:refs/heads/main",
                     "audience": "sts.amazonaws.com", "provider": "arn:aws:iam::"
                     f"{c.account}:oidc-provider/token.actions.githubusercontent.com"})
    res = [{"accountId": c.account, "type": "AWS::IAM::Role", "ARN": arn}]
    return req, resp, res, None


def sts_caller(c: Ctx, name: str) -> Parts:
    return None, None, None, None


def kms_crypto(c: Ctx, name: str) -> Parts:
    rng = c.rng
    key = c.key_arn()
    ctx = rng.choice((
        {"aws:lambda:FunctionArn": c.arn("lambda", f"function:{rng.choice(c.pools.functions)}")},
        {"aws:s3:arn": f"arn:aws:s3:::{rng.choice(c.pools.buckets)}/{_s3_key(rng)}"},
        {"SecretARN": c.arn("secretsmanager", f"secret:prod/db-{_chars(rng, 6)}"),
         "SecretVersionId": _uuid(rng)},
        {"aws:ebs:id": f"vol-0{_hex(rng, 16)}"},
        {},
    ))
    req: Event = {"encryptionAlgorithm": "SYMMETRIC_DEFAULT"}
    if ctx:
        req["encryptionContext"] = ctx
    if name != "Decrypt" or rng.random() < 0.3:
        req["keyId"] = key if rng.random() < 0.6 else "alias/aws/s3"
    if name == "GenerateDataKey":
        req["keySpec"] = "AES_256"
    return req, None, [{"accountId": c.account, "type": "AWS::KMS::Key", "ARN": key}], None


def ec2_describe_instances(c: Ctx, name: str) -> Parts:
    rng = c.rng
    req: Event = {"instancesSet": {}, "filterSet": {}}
    if rng.random() < 0.5:
        req["instancesSet"] = {"items": [{"instanceId": i} for i in
                                         rng.sample(c.pools.instances, rng.randrange(1, 4))]}
    else:
        req["filterSet"] = {"items": [
            {"name": "tag:Name", "valueSet": {"items": [{"value": "web-*"}]}},
            {"name": "instance-state-name", "valueSet": {"items": [{"value": "running"},
                                                                   {"value": "pending"}]}}]}
    if rng.random() < 0.5:
        req["maxResults"] = 1000
    return req, None, None, None


def ec2_describe_groups(c: Ctx, name: str) -> Parts:
    rng = c.rng
    return ({"securityGroupSet": {}, "securityGroupIdSet": {"items": [
        {"groupId": g} for g in rng.sample(c.pools.groups, rng.randrange(1, 5))]},
        "filterSet": {}}, None, None, None)


def ec2_describe_plain(c: Ctx, name: str) -> Parts:
    rng = c.rng
    return rng.choice(({"maxResults": 500}, {"filterSet": {"items": [
        {"name": "vpc-id", "valueSet": {"items": [{"value": f"vpc-0{_hex(rng, 16)}"}]}}]}},
        {"regionSet": {}, "allRegions": False})), None, None, None


def ec2_authorize(c: Ctx, name: str) -> Parts:
    rng = c.rng
    port = rng.choice((22, 443, 5432, 6379, 8080))
    req = {"groupId": rng.choice(c.pools.groups), "ipPermissions": {"items": [{
        "ipProtocol": "tcp", "fromPort": port, "toPort": port, "groups": {},
        "ipRanges": {"items": [{"cidrIp": rng.choice(("0.0.0.0/0", "10.0.0.0/8",
                                                      f"{_ipv4(rng)}/32")),
                                "description": rng.choice(("office", "vpn", "temp debug ☕"))}]},
        "ipv6Ranges": {}, "prefixListIds": {}}]}}
    resp = {"requestId": _uuid(rng), "_return": True, "securityGroupRuleSet": {"items": [{
        "groupOwnerId": c.account, "groupId": req["groupId"], "securityGroupRuleId":
        f"sgr-0{_hex(rng, 16)}", "isEgress": False, "ipProtocol": "tcp", "fromPort": port,
        "toPort": port, "cidrIpv4": "0.0.0.0/0"}]}}
    return req, resp, None, None


def ec2_run_instances(c: Ctx, name: str) -> Parts:
    rng = c.rng
    count = rng.randrange(1, 4)
    subnet = rng.choice(c.pools.subnets)
    req: Event = {
           "instancesSet": {"items": [{"imageId": f"ami-0{_hex(rng, 16)}", "minCount": count,
                                       "maxCount": count}]},
           "instanceType": rng.choice(("m7g.large", "c7i.xlarge", "t3.micro")),
           "blockDeviceMapping": {}, "monitoring": {"enabled": False},
           "disableApiTermination": False, "disableApiStop": False, "clientToken": _uuid(rng),
           "networkInterfaceSet": {"items": [{"deviceIndex": 0, "subnetId": subnet,
                                              "groupSet": {"items": [{"groupId": g} for g in
                                                                     rng.sample(c.pools.groups,
                                                                                2)]}}]},
           "iamInstanceProfile": {"name": "app-server"},
           "tagSpecificationSet": {"items": [{"resourceType": "instance", "tags": [
               {"key": "Name", "value": "web"}, {"key": "team", "value": "orders"}]}]},
           "metadataOptions": {"httpTokens": "required", "httpPutResponseHopLimit": 2}}
    items = []
    for i in range(count):
        ip = _private(rng)
        items.append({
            "instanceId": f"i-0{_hex(rng, 16)}", "imageId": req["instancesSet"]["items"][0]
            ["imageId"], "currentInstanceBootMode": "uefi",
            "instanceState": {"code": 0, "name": "pending"}, "privateDnsName":
            f"ip-{ip.replace('.', '-')}.ec2.internal", "amiLaunchIndex": i,
            "productCodes": {}, "instanceType": req["instanceType"],
            "launchTime": int(c.when.timestamp() * 1000),
            "placement": {"availabilityZone": f"{c.region}a", "tenancy": "default"},
            "monitoring": {"state": "disabled"}, "subnetId": subnet, "privateIpAddress": ip,
            "groupSet": req["networkInterfaceSet"]["items"][0]["groupSet"],
            "stateReason": {"code": "pending", "message": "pending"}, "architecture": "arm64",
            "rootDeviceType": "ebs", "blockDeviceMapping": {}, "ebsOptimized": True,
            "networkInterfaceSet": {"items": [{"networkInterfaceId": f"eni-0{_hex(rng, 16)}",
                                               "subnetId": subnet, "privateIpAddress": ip,
                                               "sourceDestCheck": True, "attachment": {
                                                   "deviceIndex": 0, "status": "attaching",
                                                   "deleteOnTermination": True}}]},
            "cpuOptions": {"coreCount": 2, "threadsPerCore": 1},
            "metadataOptions": {"state": "pending", "httpTokens": "required",
                                "httpPutResponseHopLimit": 2, "httpEndpoint": "enabled"}})
    resp = {"requestId": _uuid(rng), "reservationId": f"r-0{_hex(rng, 16)}",
            "ownerId": c.account, "groupSet": {}, "instancesSet": {"items": items}}
    return req, resp, None, None


def ec2_create_tags(c: Ctx, name: str) -> Parts:
    rng = c.rng
    return ({"resourcesSet": {"items": [{"resourceId": rng.choice(c.pools.instances)}]},
             "tagSet": {"items": [{"key": "owner", "value": rng.choice(USERS)},
                                  {"key": "cost-center", "value": str(rng.randrange(1000))}]}},
            {"requestId": _uuid(rng), "_return": True}, None, None)


def iam_call(c: Ctx, name: str) -> Parts:
    rng = c.rng
    role = rng.choice(c.pools.roles)[0]
    if name == "PutRolePolicy":
        policy = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
            "Resource": f"arn:aws:s3:::{rng.choice(c.pools.buckets)}/*",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": ORG}}}]}
        return ({"roleName": role, "policyName": f"inline-{_chars(rng, 6)}",
                 "policyDocument": json.dumps(policy, indent=4)}, None, None, None)
    if name == "AttachRolePolicy":
        return ({"roleName": role, "policyArn": rng.choice((
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"))},
            None, None, None)
    if name == "ListRoles":
        return {"maxItems": 100, "pathPrefix": "/"}, None, None, None
    if name == "CreateAccessKey":
        user = rng.choice(USERS)
        return ({"userName": user}, {"accessKey": {
            "userName": user, "accessKeyId": f"AKIA{_chars(rng, 16, _UPPER)}",
            "status": "Active", "createDate": _human_time(c.when)}}, None, None)
    return {"roleName": role}, None, None, None


def lambda_call(c: Ctx, name: str) -> Parts:
    rng = c.rng
    fn = rng.choice(c.pools.functions)
    arn = c.arn("lambda", f"function:{fn}")
    if name == "Invoke":
        return ({"functionName": arn, "invocationType": rng.choice(("RequestResponse", "Event")),
                 "logType": "None"}, None,
                [{"accountId": c.account, "type": "AWS::Lambda::Function", "ARN": arn}],
                {"functionVersion": f"{arn}:$LATEST"})
    if name == "GetFunction20150331v2":
        return {"functionName": fn}, None, None, None
    config = {"functionName": fn, "functionArn": arn, "runtime": rng.choice(
        ("python3.12", "nodejs20.x", "java21", "provided.al2023")),
        "role": f"arn:aws:iam::{c.account}:role/service-role/{fn}-exec",
        "handler": "app.handler", "codeSize": rng.randrange(2_000, 50_000_000),
        "description": "", "timeout": rng.choice((3, 30, 900)),
        "memorySize": rng.choice((128, 512, 1769, 3008)),
        "lastModified": c.when.strftime("%Y-%m-%dT%H:%M:%S.000+0000"),
        "codeSha256": _token(rng, 32), "version": "$LATEST",
        "vpcConfig": {"subnetIds": rng.sample(c.pools.subnets, 2),
                      "securityGroupIds": [rng.choice(c.pools.groups)],
                      "ipv6AllowedForDualStack": False},
        "tracingConfig": {"mode": "PassThrough"}, "revisionId": _uuid(rng),
        "state": "Active", "lastUpdateStatus": "InProgress",
        "lastUpdateStatusReason": "The function is being created.",
        "packageType": "Zip", "architectures": [rng.choice(("arm64", "x86_64"))],
        "ephemeralStorage": {"size": 512}, "snapStart": {"applyOn": "None",
                                                         "optimizationStatus": "Off"},
        "loggingConfig": {"logFormat": "Text", "logGroup": f"/aws/lambda/{fn}"}}
    return {"functionName": fn, "publish": False, "dryRun": False, "s3Bucket":
            rng.choice(c.pools.buckets), "s3Key": f"builds/{fn}/{_hex(rng, 40)}.zip"}, \
        config, None, None


def dynamodb_item(c: Ctx, name: str) -> Parts:
    rng = c.rng
    table = rng.choice(c.pools.tables)
    key: Event = {"pk": f"{table[:-1].upper()}#{rng.randrange(10**9)}"}
    if rng.random() < 0.6:
        key["sk"] = rng.choice(("META", f"ITEM#{rng.randrange(50)}", f"V#{rng.randrange(9)}"))
    req: Event = {"tableName": table, "key": key}
    if name == "Query":
        req = {"tableName": table, "keyConditionExpression": "#pk = :pk AND begins_with(#sk, :p)",
               "expressionAttributeNames": {"#pk": "pk", "#sk": "sk"}, "limit": 100,
               "scanIndexForward": False}
    elif name == "UpdateItem":
        req["updateExpression"] = "SET #s = :s, updatedAt = :t ADD version :one"
        req["conditionExpression"] = "attribute_exists(pk)"
    elif name == "GetItem":
        req["consistentRead"] = rng.random() < 0.2
    arn = c.arn("dynamodb", f"table/{table}")
    return req, None, [{"accountId": c.account, "type": "AWS::DynamoDB::Table", "ARN": arn}], None


def logs_call(c: Ctx, name: str) -> Parts:
    rng = c.rng
    group = f"/aws/lambda/{rng.choice(c.pools.functions)}"
    if name == "CreateLogStream":
        return ({"logGroupName": group, "logStreamName":
                 f"2025/03/14/[$LATEST]{_hex(rng, 32)}"}, None, None, None)
    if name == "DescribeLogGroups":
        return {"logGroupNamePrefix": "/aws/lambda/", "limit": 50}, None, None, None
    return {"logGroupName": group, "retentionInDays": rng.choice((7, 30, 365))}, None, None, None


def monitoring_call(c: Ctx, name: str) -> Parts:
    rng = c.rng
    if name == "DescribeAlarms":
        return ({"alarmNames": [f"{rng.choice(c.pools.functions)}-errors"],
                 "maxRecords": 100}, None, None, None)
    queries = [{"id": f"m{i}", "metricStat": {"metric": {
        "namespace": ns, "metricName": metric,
        "dimensions": [{"name": dim, "value": value}]}, "period": 300, "stat": "Average"},
        "returnData": True}
        for i, (ns, metric, dim, value) in enumerate(rng.sample([
            ("AWS/EC2", "CPUUtilization", "InstanceId", rng.choice(c.pools.instances)),
            ("AWS/Lambda", "Duration", "FunctionName", rng.choice(c.pools.functions)),
            ("AWS/DynamoDB", "ConsumedReadCapacityUnits", "TableName",
             rng.choice(c.pools.tables)),
            ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer",
             f"app/prod-web/{_hex(rng, 16)}")], rng.randrange(1, 4)))]
    return ({"metricDataQueries": queries,
             "startTime": _human_time(c.when - timedelta(hours=3)),
             "endTime": _human_time(c.when)}, None, None, None)


def sqs_call(c: Ctx, name: str) -> Parts:
    rng = c.rng
    queue = rng.choice(("orders", "orders-dlq", "payments.fifo", "thumbnails"))
    url = f"https://sqs.{c.region}.amazonaws.com/{c.account}/{queue}"
    arn = c.arn("sqs", queue)
    res = [{"accountId": c.account, "type": "AWS::SQS::Queue", "ARN": arn}]
    if name == "SendMessage":
        return ({"queueUrl": url, "messageBody": HIDDEN, "messageAttributes": {
            "type": {"dataType": "String", "stringValue": "order.created"},
            "attempt": {"dataType": "Number", "stringValue": str(rng.randrange(1, 4))}}},
            {"mD5OfMessageBody": _hex(rng, 32), "mD5OfMessageAttributes": _hex(rng, 32),
             "messageId": _uuid(rng)}, res, None)
    if name == "ReceiveMessage":
        return ({"queueUrl": url, "maxNumberOfMessages": 10, "waitTimeSeconds": 20,
                 "messageSystemAttributeNames": ["All"]}, None, res, None)
    return {"queueUrl": url, "attributeNames": ["All"]}, None, res, None


def sns_publish(c: Ctx, name: str) -> Parts:
    rng = c.rng
    topic = c.arn("sns", rng.choice(("alerts", "order-events", "ops-pager")))
    return ({"topicArn": topic, "message": HIDDEN, "subject": rng.choice(
        (None, "ALARM: \"orders-api-errors\" in US East (N. Virginia)", "Order shipped"))},
        {"messageId": _uuid(rng)}, [{"accountId": c.account, "type": "AWS::SNS::Topic",
                                     "ARN": topic}], None)


def secrets_get(c: Ctx, name: str) -> Parts:
    rng = c.rng
    secret = rng.choice(("prod/orders/db", "prod/payments/stripe", "rds!db-" + _uuid(rng)))
    req: Event = {"secretId": secret if rng.random() < 0.5 else
                  c.arn("secretsmanager", f"secret:{secret}-{_chars(rng, 6)}")}
    if rng.random() < 0.2:
        req["versionStage"] = "AWSCURRENT"
    return req, None, None, None


def ssm_call(c: Ctx, name: str) -> Parts:
    rng = c.rng
    if name == "UpdateInstanceInformation":
        ip = _private(rng)
        return ({"instanceId": rng.choice(c.pools.instances), "agentVersion": "3.3.1142.0",
                 "agentStatus": "Active", "platformType": "Linux",
                 "platformName": "Amazon Linux", "platformVersion": "2023",
                 "iPAddress": ip, "computerName": f"ip-{ip.replace('.', '-')}.ec2.internal",
                 "agentName": "amazon-ssm-agent", "availabilityZone": f"{c.region}b",
                 "availabilityZoneId": "use1-az4"}, None, None, None)
    return ({"name": rng.choice(("/prod/orders/db-url", "/prod/feature-flags",
                                 "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1"
                                 "-x86_64")), "withDecryption": rng.random() < 0.5},
            None, None, None)


def ecr_call(c: Ctx, name: str) -> Parts:
    rng = c.rng
    if name == "GetAuthorizationToken":
        return None, None, None, None
    repo = rng.choice(("orders-api", "payments-worker", "base/python"))
    arn = c.arn("ecr", f"repository/{repo}")
    return ({"imageIds": [{"imageTag": rng.choice(("latest", "v1.42.0", f"sha-{_hex(rng, 7)}"))}],
             "acceptedMediaTypes": ["application/vnd.docker.distribution.manifest.v1+json",
                                    "application/vnd.docker.distribution.manifest.v2+json",
                                    "application/vnd.oci.image.manifest.v1+json"],
             "repositoryName": repo, "registryId": c.account}, None,
            [{"accountId": c.account, "ARN": arn}], None)


def ecs_describe(c: Ctx, name: str) -> Parts:
    rng = c.rng
    return ({"cluster": "prod", "tasks": [c.arn("ecs", f"task/prod/{_hex(rng, 32)}")
                                          for _ in range(rng.randrange(1, 4))],
             "include": ["TAGS"]}, None, None, None)


def elb_call(c: Ctx, name: str) -> Parts:
    rng = c.rng
    return ({"targetGroupArn": c.arn("elasticloadbalancing",
                                     f"targetgroup/tg-{rng.randrange(6)}/{_hex(rng, 16)}")},
            None, None, None)


def autoscaling_call(c: Ctx, name: str) -> Parts:
    return {"autoScalingGroupNames": ["web-asg"], "maxRecords": 100}, None, None, None


def cloudformation_call(c: Ctx, name: str) -> Parts:
    rng = c.rng
    stack = rng.choice(("orders-prod", "network-base", "observability"))
    if name == "DescribeStacks":
        return {"stackName": stack}, None, None, None
    stack_id = c.arn("cloudformation", f"stack/{stack}/{_uuid(rng)}")
    return ({"stackName": stack, "templateURL": f"https://s3.amazonaws.com/cf-templates/"
             f"{_hex(rng, 12)}-{stack}.yaml", "parameters": [
                 {"parameterKey": "Env", "parameterValue": "prod"},
                 {"parameterKey": "DesiredCount", "parameterValue": str(rng.randrange(2, 9))},
                 {"parameterKey": "DbPassword", "usePreviousValue": True}],
             "capabilities": ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"],
             "tags": [{"key": "team", "value": "platform"}]},
            {"stackId": stack_id}, None, None)


def route53_change(c: Ctx, name: str) -> Parts:
    rng = c.rng
    record: Event = {"name": rng.choice(("api.example.com.", "_acme-challenge.example.com.",
                                         "db.internal.example.com.")),
                     "type": rng.choice(("A", "TXT", "CNAME"))}
    if record["type"] == "A":
        record["aliasTarget"] = {"hostedZoneId": "Z35SXDOTRQ7X7K", "dNSName":
                                 f"dualstack.prod-web-{rng.randrange(99)}.{c.region}"
                                 ".elb.amazonaws.com.", "evaluateTargetHealth": True}
    else:
        record["tTL"] = 300
        record["resourceRecords"] = [{"value": f"\"{_token(rng, 30)}\""}]
    zone = f"Z0{_chars(rng, 18, _UPPER)}"
    return ({"hostedZoneId": zone, "changeBatch": {"changes": [
        {"action": "UPSERT", "resourceRecordSet": record}]}},
        {"changeInfo": {"id": f"/change/C0{_chars(rng, 18, _UPPER)}", "status": "PENDING",
                        "submittedAt": _human_time(c.when)}},
        [{"type": "AWS::Route53::HostedZone", "ARN": f"arn:aws:route53:::hostedzone/{zone}"}],
        None)


def cloudtrail_lookup(c: Ctx, name: str) -> Parts:
    rng = c.rng
    return ({"maxResults": 50, "lookupAttributes": [{"attributeKey": "EventName",
                                                      "attributeValue": rng.choice(
                                                          ("ConsoleLogin", "RunInstances"))}],
             "startTime": _human_time(c.when - timedelta(days=1))}, None, None, None)


def rds_describe(c: Ctx, name: str) -> Parts:
    return {"dBInstanceIdentifier": c.rng.choice(("orders-db", "reporting-replica"))}, None, \
        None, None


def events_put(c: Ctx, name: str) -> Parts:
    rng = c.rng
    n = rng.randrange(1, 5)
    return ({"entries": [{"source": "com.example.orders", "detailType": "OrderCreated",
                          "detail": HIDDEN, "eventBusName": "default"} for _ in range(n)]},
            {"failedEntryCount": 0, "entries": [{"eventId": _uuid(rng)} for _ in range(n)]},
            None, None)


def athena_query(c: Ctx, name: str) -> Parts:
    rng = c.rng
    query = ("SELECT useridentity.arn, eventname, count(*) AS n\nFROM \"cloudtrail_logs\"\n"
             f"WHERE \"timestamp\" >= '2025/03/{rng.randrange(1, 14):02d}' AND errorcode = "
             "'AccessDenied'\nGROUP BY 1, 2 ORDER BY n DESC LIMIT 100")
    return ({"queryString": query, "queryExecutionContext": {"database": "security",
                                                             "catalog": "AwsDataCatalog"},
             "resultConfiguration": {"outputLocation": f"s3://{c.pools.buckets[5]}/"},
             "workGroup": "primary"}, {"queryExecutionId": _uuid(rng)}, None, None)


def glue_get(c: Ctx, name: str) -> Parts:
    rng = c.rng
    return ({"databaseName": rng.choice(("security", "sales")),
             "name": rng.choice(("cloudtrail_logs", "alb_logs", "orders"))}, None, None, None)


@dataclass(frozen=True)
class Api:
    """One API as a trail records it."""

    source: str
    name: str
    weight: float
    build: Callable[[Ctx, str], Parts]
    read_only: bool
    category: str = "Management"
    service_ok: bool = False
    """Whether AWS services call it under their own identity (type AWSService)."""
    api_version: str | None = None


APIS = (
    Api("sts", "AssumeRole", 14, sts_assume_role, True, service_ok=True),
    Api("sts", "AssumeRoleWithWebIdentity", 1, sts_assume_role, True),
    Api("sts", "GetCallerIdentity", 3, sts_caller, True),
    Api("kms", "Decrypt", 12, kms_crypto, True, service_ok=True),
    Api("kms", "GenerateDataKey", 5, kms_crypto, True, service_ok=True),
    Api("kms", "Encrypt", 1, kms_crypto, True),
    Api("s3", "GetObject", 10, s3_object, True, "Data"),
    Api("s3", "PutObject", 5, s3_object, False, "Data"),
    Api("s3", "HeadObject", 3, s3_object, True, "Data"),
    Api("s3", "ListObjects", 2, s3_list, True, "Data"),
    Api("s3", "GetBucketPolicy", 1, s3_bucket_policy, True, service_ok=True),
    Api("dynamodb", "GetItem", 6, dynamodb_item, True, "Data", api_version="2012-08-10"),
    Api("dynamodb", "PutItem", 3, dynamodb_item, False, "Data", api_version="2012-08-10"),
    Api("dynamodb", "UpdateItem", 2, dynamodb_item, False, "Data", api_version="2012-08-10"),
    Api("dynamodb", "Query", 3, dynamodb_item, True, "Data", api_version="2012-08-10"),
    Api("ec2", "DescribeInstances", 4, ec2_describe_instances, True, service_ok=True),
    Api("ec2", "DescribeSecurityGroups", 2, ec2_describe_groups, True),
    Api("ec2", "DescribeVpcs", 1, ec2_describe_plain, True),
    Api("ec2", "DescribeRegions", 1, ec2_describe_plain, True),
    Api("ec2", "AuthorizeSecurityGroupIngress", 0.3, ec2_authorize, False),
    Api("ec2", "RunInstances", 0.4, ec2_run_instances, False, service_ok=True),
    Api("ec2", "CreateTags", 0.6, ec2_create_tags, False, service_ok=True),
    Api("iam", "GetRole", 2, iam_call, True, service_ok=True),
    Api("iam", "ListRoles", 1, iam_call, True),
    Api("iam", "AttachRolePolicy", 0.2, iam_call, False),
    Api("iam", "PutRolePolicy", 0.3, iam_call, False),
    Api("iam", "CreateAccessKey", 0.1, iam_call, False),
    Api("lambda", "Invoke", 4, lambda_call, False, "Data", api_version="2015-03-31"),
    Api("lambda", "GetFunction20150331v2", 1, lambda_call, True, api_version="2015-03-31"),
    Api("lambda", "UpdateFunctionCode20150331v2", 0.3, lambda_call, False,
        api_version="2015-03-31"),
    Api("logs", "CreateLogStream", 3, logs_call, False, service_ok=True),
    Api("logs", "DescribeLogGroups", 1, logs_call, True),
    Api("logs", "PutRetentionPolicy", 0.2, logs_call, False),
    Api("monitoring", "GetMetricData", 3, monitoring_call, True),
    Api("monitoring", "DescribeAlarms", 2, monitoring_call, True, service_ok=True),
    Api("sqs", "SendMessage", 2, sqs_call, False, "Data"),
    Api("sqs", "ReceiveMessage", 3, sqs_call, True, "Data"),
    Api("sqs", "GetQueueAttributes", 1, sqs_call, True),
    Api("sns", "Publish", 1.5, sns_publish, False, service_ok=True),
    Api("secretsmanager", "GetSecretValue", 3, secrets_get, True),
    Api("ssm", "GetParameter", 2, ssm_call, True),
    Api("ssm", "UpdateInstanceInformation", 2, ssm_call, False),
    Api("ecr", "GetAuthorizationToken", 1.5, ecr_call, True),
    Api("ecr", "BatchGetImage", 1.5, ecr_call, True, service_ok=True),
    Api("ecs", "DescribeTasks", 1, ecs_describe, True),
    Api("elasticloadbalancing", "DescribeTargetHealth", 1.5, elb_call, True, service_ok=True),
    Api("autoscaling", "DescribeAutoScalingGroups", 1, autoscaling_call, True,
        service_ok=True),
    Api("cloudformation", "DescribeStacks", 1, cloudformation_call, True),
    Api("cloudformation", "UpdateStack", 0.1, cloudformation_call, False),
    Api("route53", "ChangeResourceRecordSets", 0.2, route53_change, False),
    Api("cloudtrail", "LookupEvents", 0.5, cloudtrail_lookup, True),
    Api("rds", "DescribeDBInstances", 1, rds_describe, True, service_ok=True),
    Api("events", "PutEvents", 1, events_put, False),
    Api("athena", "StartQueryExecution", 0.3, athena_query, False),
    Api("glue", "GetTable", 0.7, glue_get, True, service_ok=True),
)
ERRORS = {
    "ec2": (("Client.UnauthorizedOperation", "You are not authorized to perform this operation. "
             "User: {arn} is not authorized to perform: ec2:{name} because no identity-based "
             "policy allows the ec2:{name} action."),
            ("Client.RequestLimitExceeded", "Request limit exceeded.")),
    "s3": (("AccessDenied", "Access Denied"), ("NoSuchKey", "The specified key does not exist.")),
    "iam": (("AccessDenied", "User: {arn} is not authorized to perform: iam:{name} on resource: "
             "role because no identity-based policy allows the iam:{name} action"),
            ("NoSuchEntityException", "The role with name ghost cannot be found.")),
    "": (("AccessDenied", "User: {arn} is not authorized to perform: {svc}:{name}"),
         ("AccessDeniedException", "User: {arn} is not authorized to perform: {svc}:{name} "
          "because no resource-based policy allows the {svc}:{name} action"),
         ("ThrottlingException", "Rate exceeded"),
         ("ResourceNotFoundException", "Requested resource not found"),
         ("ValidationException", "1 validation error detected: Value null at 'name' failed to "
          "satisfy constraint: Member must not be null")),
}
SERVICE_EVENTS = (("kms", "RotateKey"), ("s3", "LifecycleExpiration"),
                  ("ec2", "SharedSnapshotVolumeCreated"))


def _host(api: Api, region: str) -> str:
    if api.source in ("iam", "route53"):
        return f"{api.source}.amazonaws.com"
    return f"{api.source}.{region}.amazonaws.com"


class CloudTrailGen:
    """Builds CloudTrail events, deterministically from a seed."""

    def __init__(self, seed: int = 11) -> None:
        self.rng = random.Random(seed)
        self.pools = Pools(self.rng)
        self.weights = [api.weight for api in APIS]

    def source_ip(self, ident: Identity) -> str:
        rng = self.rng
        if ident.source == "service":
            return ident.invoked_by or "AWS Internal"
        if ident.source == "private":
            return rng.choice(self.pools.private)
        roll = rng.random()
        if roll < 0.02:
            return "AWS Internal"
        if roll < 0.25:
            return rng.choice(self.pools.ipv6)
        return rng.choice(self.pools.ipv4)

    def event(self, account: str, region: str, when: datetime) -> Event:
        rng = self.rng
        roll = rng.random()
        if roll < 0.004:
            return self._console_login(account, region, when)
        if roll < 0.01:
            return self._service_event(account, region, when)
        api = rng.choices(APIS, self.weights)[0]
        svc = api.source
        ident = self.pools.identity(account, svc, f"{svc}.{api.name.lower()}", api.service_ok)
        if svc in ("iam", "route53"):
            region = "us-east-1"
        ctx = Ctx(rng, self.pools, account, region, when)
        req, resp, res, extra = api.build(ctx, api.name)
        ev: Event = {"eventVersion": rng.choice(VERSIONS), "userIdentity": ident.user_identity,
                     "eventTime": _when(when), "eventSource": f"{svc}.amazonaws.com",
                     "eventName": api.name, "awsRegion": region,
                     "sourceIPAddress": self.source_ip(ident), "userAgent": ident.agent}
        if rng.random() < 0.05:
            code, message = rng.choice(ERRORS.get(svc, ERRORS[""]))
            arn = (ident.user_identity or {}).get("arn", "")
            ev["errorCode"], ev["errorMessage"] = code, message.format(arn=arn, name=api.name,
                                                                       svc=svc)
            resp = None
        ev["requestParameters"] = req
        ev["responseElements"] = resp
        if extra is not None:
            ev["additionalEventData"] = extra
        ev["requestID"] = _uuid(rng)
        ev["eventID"] = _uuid(rng)
        ev["readOnly"] = api.read_only
        if res:
            ev["resources"] = res
        ev["eventType"] = "AwsApiCall"
        if api.api_version:
            ev["apiVersion"] = api.api_version
        ev["managementEvent"] = api.category == "Management"
        ev["recipientAccountId"] = account
        if ident.kind == "AWSAccount":
            ev["sharedEventID"] = _uuid(rng)
        if ident.source == "private" and rng.random() < 0.4:
            ev["vpcEndpointId"] = rng.choice(self.pools.endpoints)
            ev["vpcEndpointAccountId"] = account
        ev["eventCategory"] = api.category
        if ident.source != "service":
            ev["tlsDetails"] = self._tls(_host(api, region))
        if ident.console:
            ev["sessionCredentialFromConsole"] = "true"
        return ev

    def _tls(self, host: str) -> Event:
        rng = self.rng
        if rng.random() < 0.7:
            out: Event = {"tlsVersion": "TLSv1.3", "cipherSuite": rng.choice(
                ("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384")),
                "clientProvidedHostHeader": host}
            if rng.random() < 0.4:
                out["keyExchange"] = rng.choice(("x25519", "X25519MLKEM768", "secp256r1"))
            return out
        return {"tlsVersion": "TLSv1.2", "cipherSuite": "ECDHE-RSA-AES128-GCM-SHA256",
                "clientProvidedHostHeader": host}

    def _console_login(self, account: str, region: str, when: datetime) -> Event:
        rng = self.rng
        ident = self.pools.root(account) if rng.random() < 0.15 else \
            self.pools.identity(account, "signin", "", False)
        ok = rng.random() < 0.9
        ev: Event = {"eventVersion": "1.09", "userIdentity": ident.user_identity,
                     "eventTime": _when(when), "eventSource": "signin.amazonaws.com",
                     "eventName": "ConsoleLogin", "awsRegion": region,
                     "sourceIPAddress": rng.choice(self.pools.ipv4 + self.pools.ipv6),
                     "userAgent": self.pools.browser()}
        if not ok:
            ev["errorMessage"] = "Failed authentication"
        ev["requestParameters"] = None
        ev["responseElements"] = {"ConsoleLogin": "Success" if ok else "Failure"}
        ev["additionalEventData"] = {
            "LoginTo": "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true"
                       f"&state=hashArgsFromTB_{region}_{_hex(rng, 16)}",
            "MobileVersion": "No", "MFAUsed": rng.choice(("Yes", "No"))}
        ev.update({"eventID": _uuid(rng), "readOnly": False, "eventType": "AwsConsoleSignIn",
                   "managementEvent": True, "recipientAccountId": account,
                   "eventCategory": "Management",
                   "tlsDetails": self._tls("signin.aws.amazon.com")})
        return ev

    def _service_event(self, account: str, region: str, when: datetime) -> Event:
        rng = self.rng
        svc, name = rng.choice(SERVICE_EVENTS)
        details: Event = {"keyId": rng.choice(self.pools.keys[account])} if svc == "kms" else \
            {"bucketName": rng.choice(self.pools.buckets), "objectsExpired": rng.randrange(10**5)} \
            if svc == "s3" else {"snapshotId": f"snap-0{_hex(rng, 16)}", "source": "999988887777"}
        return {"eventVersion": "1.08", "userIdentity": {"accountId": account,
                                                         "invokedBy": f"{svc}.amazonaws.com"},
                "eventTime": _when(when), "eventSource": f"{svc}.amazonaws.com",
                "eventName": name, "awsRegion": region,
                "sourceIPAddress": f"{svc}.amazonaws.com",
                "userAgent": f"{svc}.amazonaws.com", "requestParameters": None,
                "responseElements": None, "eventID": _uuid(rng), "readOnly": False,
                "eventType": "AwsServiceEvent", "managementEvent": True,
                "recipientAccountId": account, "serviceEventDetails": details,
                "eventCategory": "Management"}

    def records(self, count: int, account: str, region: str, window: datetime) -> list[Event]:
        """``count`` events of one account and region within a 5-minute window, unordered
        (CloudTrail keeps no order inside a file), keys in CloudTrail's order."""
        out = []
        for _ in range(count):
            ev = self.event(account, region, window + timedelta(seconds=self.rng.randrange(300)))
            out.append({k: ev[k] for k in ORDER if k in ev})
        return out

    def key(self, account: str, region: str, window: datetime) -> str:
        """S3 key of a log file, as an organization trail writes it."""
        return (f"AWSLogs/{ORG}/{account}/CloudTrail/{region}/{window:%Y/%m/%d}/{account}_"
                f"CloudTrail_{region}_{window:%Y%m%dT%H%MZ}_{_chars(self.rng, 16)}.json.gz")


def document(records: list[Event]) -> bytes:
    """A log file's content: one compact line, UTF-8, as CloudTrail writes it."""
    return json.dumps({"Records": records}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def write_cloudtrail(out: Path, records: int, files: int = 200, seed: int = 11) -> list[Path]:
    """``files`` log files holding ``records`` events in all, under ``out`` (S3's layout)."""
    gen = CloudTrailGen(seed)
    paths = []
    counts = _split_counts(gen.rng, records, files)
    for i, count in enumerate(counts):
        account, region = ACCOUNTS[i % len(ACCOUNTS)], REGIONS[(i // 3) % len(REGIONS)]
        window = START + timedelta(minutes=5 * (i // 12))
        path = out / gen.key(account, region, window)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = document(gen.records(count, account, region, window))
        path.write_bytes(gzip.compress(data, compresslevel=6, mtime=0))
        paths.append(path)
    return paths


def write_cloudtrail_single(out: Path, size: int, seed: int = 13) -> tuple[Path, int]:
    """One log file of at least ``size`` uncompressed bytes (a busy account's 5 minutes):
    its path and record count."""
    gen = CloudTrailGen(seed)
    account, region, window = ACCOUNTS[0], REGIONS[0], START
    records: list[Event] = []
    total = 14
    while total < size:
        batch = gen.records(500, account, region, window)
        total += sum(len(json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode()) + 1
                     for r in batch)
        records += batch
    path = out / gen.key(account, region, window)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(document(records), compresslevel=6, mtime=0))
    return path, len(records)


# ---- CloudWatch Logs: VPC flow log lines in Lambda payloads ------------------------------------

PORTS = ((443, 6, 40), (80, 6, 6), (53, 17, 12), (123, 17, 3), (22, 6, 3), (3306, 6, 3),
         (5432, 6, 4), (6379, 6, 3), (8080, 6, 3), (2049, 6, 2), (0, 1, 3), (9092, 6, 2))
"""(service port, protocol, weight); protocol 1 is ICMP (ports 0)."""
LOG_GROUPS = (("/aws/vpc/flowlogs/prod", ACCOUNTS[0]), ("/aws/vpc/flowlogs/staging",
                                                        ACCOUNTS[1]),
              ("vpc-flow-logs", ACCOUNTS[2]))


class FlowGen:
    """Interfaces, peers and flow log lines of three VPCs (one log group each)."""

    def __init__(self, seed: int = 17) -> None:
        rng = self.rng = random.Random(seed)
        self.enis = []
        for i in range(160):
            group, account = LOG_GROUPS[i % len(LOG_GROUPS)]
            v6 = _ipv6(rng) if rng.random() < 0.2 else None
            self.enis.append((f"eni-0{_hex(rng, 16)}", group, account, _private(rng), v6))
        self.peers_v4 = [(_ipv4(rng) if rng.random() < 0.75 else _private(rng))
                         for _ in range(27_000)]
        self.peers_v6 = [_ipv6(rng) for _ in range(3_000)]
        self.ports = [(p, proto) for p, proto, _ in PORTS]
        self.weights = [w for _, _, w in PORTS]

    def line(self, eni: tuple[str, str, str, str, str | None], start: int) -> str:
        rng = self.rng
        name, _, account, mine, mine6 = eni
        end = start + rng.randrange(1, 61)
        roll = rng.random()
        if roll < 0.01:
            return f"2 {account} {name} - - - - - - - {start} {end} - NODATA"
        if roll < 0.011:
            return f"2 {account} {name} - - - - - - - {start} {end} - SKIPDATA"
        if mine6 is not None and rng.random() < 0.3:
            mine, other = mine6, rng.choice(self.peers_v6)
        else:
            other = rng.choice(self.peers_v4)
        port, proto = rng.choices(self.ports, self.weights)[0]
        ephemeral = 0 if proto == 1 else rng.randrange(32768, 65536)
        packets = max(1, int(rng.paretovariate(1.2)))
        size = packets * rng.randrange(40, 1500)
        action = "REJECT" if rng.random() < 0.1 else "ACCEPT"
        way = rng.randrange(4)  # requests and their replies, in both directions
        if way == 0:  # this interface calls a service
            src, dst, sport, dport = mine, other, ephemeral, port
        elif way == 1:  # the service's replies
            src, dst, sport, dport = other, mine, port, ephemeral
        elif way == 2:  # a client calls this interface
            src, dst, sport, dport = other, mine, ephemeral, port
        else:
            src, dst, sport, dport = mine, other, port, ephemeral
        return (f"2 {account} {name} {src} {dst} {sport} {dport} {proto} {packets} {size} "
                f"{start} {end} {action} OK")

    def envelope(self, index: int, count: int) -> Event:
        """One subscription delivery: ``count`` events of one interface's log stream."""
        rng = self.rng
        eni = self.enis[index % len(self.enis)]
        name, group, account, _, _ = eni
        base = int((START + timedelta(minutes=index)).timestamp())
        events = []
        for _ in range(count):
            start = base + rng.randrange(0, 60)
            line = self.line(eni, start)
            events.append({"id": str(rng.getrandbits(185)).zfill(56)[:56],
                           "timestamp": start * 1000, "message": line})
        return {"messageType": "DATA_MESSAGE", "owner": account, "logGroup": group,
                "logStream": f"{name}-all", "subscriptionFilters": ["flowlogs-to-lambda"],
                "logEvents": events}


def lambda_event(envelope: Event) -> bytes:
    """The event Lambda hands a subscribed function: base64 of the gzip envelope."""
    packed = gzip.compress(json.dumps(envelope, separators=(",", ":")).encode(), mtime=0)
    return json.dumps({"awslogs": {"data": base64.b64encode(packed).decode("ascii")}}).encode()


def write_cwl_vpc(out: Path, events: int, files: int = 200, seed: int = 17) -> list[Path]:
    """``files`` Lambda payloads holding ``events`` flow log events in all."""
    gen = FlowGen(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, count in enumerate(_split_counts(gen.rng, events, files)):
        path = out / f"payload-{i:04d}.json"
        path.write_bytes(lambda_event(gen.envelope(i, count)))
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("kind", choices=("cloudtrail", "cwl-vpc", "cloudtrail-single"))
    ap.add_argument("out", type=Path)
    ap.add_argument("--records", type=int, default=200_000)
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--mb", type=float, default=50.0)
    args = ap.parse_args()
    if args.kind == "cloudtrail":
        print(len(write_cloudtrail(args.out, args.records, args.files)), "files")
    elif args.kind == "cwl-vpc":
        print(len(write_cwl_vpc(args.out, args.records, args.files)), "files")
    else:
        print(*write_cloudtrail_single(args.out, int(args.mb * 1e6)))


if __name__ == "__main__":
    main()
