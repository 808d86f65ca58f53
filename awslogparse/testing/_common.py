"""What every family's strategies share: AWS-wide values, files of lines, and damage.

A family module (``flowlog.py``, later ``elb.py``, ``cloudfront.py``, ...) builds on this one:

- values: :func:`timestamps`, :func:`ipv4_addresses`, :func:`ipv6_addresses`,
  :func:`account_ids`, :func:`az_ids`, :func:`documented_values` (fields whose names say what
  AWS documents them to hold: ports, status codes, account ids, ...) and the helpers
  :func:`rarely`, :func:`fixed`, :func:`tokens`, :func:`resource_ids`;
- whole files: the family renders its lines (and says which are headers, data or blank), then
  :func:`deliver` adds what is not format-specific (blank lines, CRLF, a BOM, gzip members) and
  builds the family's subclass of :class:`LinesFile`;
- damage: :func:`damaged_files` spoils bytes, inserts binary junk lines and corrupts gzip for any
  family; the family adds its own line damage (wrong field count, bad port, ...) as
  :class:`LineDamage`.

Names in ``__all__`` are public (``awslogparse.testing`` re-exports them); the other public-looking
names here are the toolkit for family modules and may change.
"""

from __future__ import annotations

import functools
import gzip
import itertools
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar

from hypothesis import strategies as st

from awslogparse.model import Field, FieldType, Record

if TYPE_CHECKING:  # jsonrec imports this module
    from awslogparse.testing.jsonrec import JsonFile

T = TypeVar("T")

TIME_MIN: Final = 1420070400
"""2015-01-01: the earliest generated time (flow logs began in 2015; older dates add nothing)."""
TIME_MAX: Final = 2051222400
"""2035-01-01: far enough ahead for any log written while this code is maintained."""

HEX: Final = "0123456789abcdef"
DIGITS: Final = "0123456789"
NAME_CHARS: Final = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"
"""Characters of user-chosen AWS resource names."""
REGIONS: Final = (
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
    "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "eu-south-1",
    "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ap-northeast-2",
    "af-south-1", "me-south-1", "il-central-1", "us-gov-west-1", "cn-north-1",
)
AZ_PREFIXES: Final = (
    "use1", "use2", "usw1", "usw2", "cac1", "sae1", "euw1", "euw2", "euw3", "euc1", "eun1",
    "aps1", "apse1", "apse2", "apne1", "apne2", "afs1", "mes1",
)
UTF8_BOM: Final = b"\xef\xbb\xbf"


# ---- value helpers


def rarely(common: st.SearchStrategy[T], rare: st.SearchStrategy[T],
           one_in: int = 10) -> st.SearchStrategy[T]:
    """``common``, and ``rare`` about once in ``one_in`` draws (shrinks towards ``common``)."""
    return st.integers(0, one_in - 1).flatmap(lambda n: rare if n == one_in - 1 else common)


@functools.cache
def chance(one_in: int) -> st.SearchStrategy[bool]:
    """True about once in ``one_in`` draws (shrinks to False): ``rarely(just(False),
    just(True))`` built once, for the draws made per field or per record (a strategy built
    anew for each draw is validated anew, which made whole files slow to draw)."""
    return rarely(st.just(False), st.just(True), one_in)


def fixed(alphabet: str, size: int) -> st.SearchStrategy[str]:
    """Text of exactly ``size`` characters from ``alphabet`` (ids, hashes)."""
    return st.text(alphabet, min_size=size, max_size=size)


def resource_ids(prefix: str) -> st.SearchStrategy[str]:
    """``prefix`` + 8 (older resources) or 17 (current) hex digits, as EC2 ids are."""
    return rarely(fixed(HEX, 17), fixed(HEX, 8), 4).map(lambda h: prefix + h)


def tokens(alphabet: str, max_size: int, *, ascii_only: bool, avoid: Collection[str] = (),
           nulls: Collection[str] = ("-",)) -> st.SearchStrategy[str]:
    """Free text without whitespace that is neither a null marker nor in ``avoid`` (a family
    passes its field names, so a value cannot make a line read as a header)."""
    text = st.text(alphabet, min_size=1, max_size=max_size)
    if not ascii_only:  # free-text values may be any Unicode letters
        text = rarely(text, st.text(st.characters(categories=["L", "N"]), min_size=1,
                                    max_size=max_size), 5)
    return text.filter(lambda s: s not in nulls and s not in avoid
                       and not any(c.isspace() for c in s))


# ---- AWS-wide values


def account_ids() -> st.SearchStrategy[str]:
    """12-digit account ids (leading zeros kept), now and then AWS's literal ``unknown``."""
    return rarely(fixed(DIGITS, 12), st.just("unknown"), 12)


def az_ids() -> st.SearchStrategy[str]:
    """Availability Zone ids (``use1-az4``): the same zone in every account, unlike names."""
    return st.builds(lambda p, n: f"{p}-az{n}", st.sampled_from(AZ_PREFIXES), st.integers(1, 6))


def ipv4_addresses() -> st.SearchStrategy[str]:
    """IPv4 text, mostly private VPC addresses."""
    return st.one_of(
        st.ip_addresses(v=4, network="10.0.0.0/8"),
        st.ip_addresses(v=4, network="172.16.0.0/12"),
        st.ip_addresses(v=4, network="192.168.0.0/16"),
        st.ip_addresses(v=4),
    ).map(str)


def ipv6_addresses() -> st.SearchStrategy[str]:
    """IPv6 text in canonical compressed form."""
    return st.one_of(st.ip_addresses(v=6, network="2600:1f00::/24"),
                     st.ip_addresses(v=6)).map(str)


def timestamps(low: int = TIME_MIN, high: int = TIME_MAX) -> st.SearchStrategy[datetime]:
    """Whole-second UTC datetimes (the wire has epoch seconds)."""
    return st.integers(low, high).map(lambda s: datetime.fromtimestamp(s, UTC))


CLOUDTRAIL_EVENT_VERSIONS: Final = ("1.0", *(f"1.{n:02d}" for n in range(1, 12)))
"""CloudTrail's ``eventVersion`` values so far (1.0, 1.01 ... 1.11)."""
_PORTS: Final = st.integers(0, 65535)
_HTTP_STATUS: Final = rarely(st.sampled_from((200, 301, 304, 400, 403, 404, 500, 502, 503)),
                             st.integers(100, 599), 3)


def _snake(name: str) -> str:
    """``responseCodeSent`` and ``response-code-sent`` -> ``response_code_sent``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower().replace("-", "_")


_LOWER: Final = "abcdefghijklmnopqrstuvwxyz"
_ALNUM: Final = _LOWER + _LOWER.upper() + DIGITS
_UUIDS: Final = st.uuids().map(str)
_LB_NAMES: Final = st.text(_ALNUM + "-", min_size=1, max_size=32).filter(
    lambda s: s[0] != "-" and s[-1] != "-")
"""Load balancer names: 1-32 letters, digits and inner hyphens."""
_DNS_LABELS: Final = rarely(
    st.sampled_from(("www", "api", "example", "com", "net", "org", "internal", "in-addr",
                     "arpa", "amazonaws", "s3", "eu-west-1", "_dmarc", "xn--bcher-kva")),
    st.text(_LOWER + DIGITS + "-", min_size=1, max_size=63).filter(
        lambda s: s[0] != "-" and s[-1] != "-"), 3)
_DNS_NAMES: Final = st.lists(_DNS_LABELS, min_size=1, max_size=4).map(".".join)
"""Domain names: labels of letters, digits and inner hyphens (now and then ``_dmarc``-like
service labels and punycode)."""
_SERVICES: Final = ("s3", "ec2", "iam", "sts", "lambda", "kms", "dynamodb", "signin",
                    "cloudtrail", "logs", "monitoring", "elasticloadbalancing", "sso", "ssm",
                    "secretsmanager", "config", "sns", "sqs", "route53", "cloudformation")
_ARN_SERVICES: Final = ("iam", "sts", "s3", "lambda", "ec2", "kms", "sns", "sqs", "logs")
_HTTP_METHODS: Final = ("GET", "POST", "PUT", "HEAD", "DELETE", "OPTIONS", "PATCH")
_COUNTRIES: Final = ("US", "DE", "GB", "FR", "JP", "IN", "BR", "CA", "AU", "NL", "SG", "KR",
                     "IE", "SE", "ZA", "MX", "CN", "RU", "XK", "ZZ")
_ELB_IDS: Final = {"alb": "app", "alb_connection": "app", "nlb": "net"}
"""Formats whose ``elb`` is the load balancer's resource id, ``<kind>/<name>/<16 hex>``."""


_PARTITIONS: Final = rarely(st.just("aws"), st.sampled_from(("aws-cn", "aws-us-gov")), 8)
_ACCOUNTS: Final = fixed(DIGITS, 12)
_REGION_NAMES: Final = st.sampled_from(REGIONS)
_HEX16: Final = fixed(HEX, 16)
_RESOURCES: Final = st.builds(
    lambda t, n: f"{t}/{n}", st.sampled_from(("role", "user", "function", "key", "bucket")),
    st.text(_ALNUM + "-_.", min_size=1, max_size=20))
_ARN_KINDS: Final = st.sampled_from(_ARN_SERVICES)


@st.composite
def _arns(draw: st.DrawFn, service: str | None = None,
          resource: st.SearchStrategy[str] = _RESOURCES) -> str:
    """ARNs, ``arn:<partition>:<service>:<region>:<account>:<resource>`` (IAM's global: no
    region; S3's: neither region nor account). Draws only strategies built once."""
    kind = service or draw(_ARN_KINDS)
    region = "" if kind in ("iam", "s3") else draw(_REGION_NAMES)
    account = "" if kind == "s3" else draw(_ACCOUNTS)
    return f"arn:{draw(_PARTITIONS)}:{kind}:{region}:{account}:{draw(resource)}"


def _trace_ids() -> st.SearchStrategy[str]:
    """X-Amzn-Trace-Id as an ALB logs it: ``Root=1-<8 hex>-<24 hex>``, now and then after a
    ``Self=`` (a load balancer before it) or with a ``Sampled`` flag after."""
    root = st.builds(lambda t, r: f"1-{t}-{r}", fixed(HEX, 8), fixed(HEX, 24))
    return st.builds(
        lambda self_, r, sampled: f"{self_}Root={r}{sampled}",
        rarely(st.just(""), root.map(lambda s: f"Self={s};"), 4), root,
        rarely(st.just(""), st.sampled_from((";Sampled=0", ";Sampled=1")), 4))


def _shaped(name: str, format: str) -> st.SearchStrategy[Any] | None:
    """Text fields whose shape AWS documents for one format, where the same name elsewhere is
    another thing (``elb``, ``version``) or not documented."""
    if name == "elb" and format in _ELB_IDS:
        return st.builds(lambda n, i: f"{_ELB_IDS[format]}/{n}/{i}", _LB_NAMES, _HEX16)
    if name == "elb" and format == "clb":
        return _LB_NAMES
    if name == "version" and format == "nlb":
        return st.just("2.0")
    if name == "version" and format == "route53_resolver":  # documented 1.1, written 1.100000
        return rarely(st.just("1.100000"), st.sampled_from(("1.1", "1.000000", "1.200000")), 4)
    if name == "query_name" and format == "route53_resolver":  # fully qualified
        return rarely(_DNS_NAMES.map(lambda n: n + "."), st.just("."), 20)
    if name == "query_name" and format == "route53_public":
        return _DNS_NAMES
    if name == "trace_id" and format == "alb":
        return _trace_ids()
    if name == "target_group_arn" and format == "alb":
        return _arns("elasticloadbalancing", st.builds(lambda n, i: f"targetgroup/{n}/{i}",
                                                       _LB_NAMES, _HEX16))
    if name == "chosen_cert_arn" and format in ("alb", "nlb"):  # ALB: session-reused, too
        certificate = _arns("acm", _UUIDS.map(lambda u: f"certificate/{u}"))
        return rarely(certificate, st.just("session-reused"), 8) if format == "alb" else \
            certificate
    if name == "event_type" and format == "network_firewall":
        return st.sampled_from(("alert", "netflow", "tls"))
    if name == "proto" and format == "network_firewall":  # Suricata's names, else the number
        return rarely(st.sampled_from(("TCP", "UDP", "ICMP")),
                      st.sampled_from(("IPv6-ICMP", "SCTP", "GRE", "ESP", "254")), 5)
    if name == "http_method" and format == "waf":
        return rarely(st.sampled_from(_HTTP_METHODS),
                      st.sampled_from(("PROPFIND", "CONNECT", "TRACE", "MKCOL")), 8)
    if name == "country" and format == "waf":
        return st.sampled_from(_COUNTRIES)
    if name == "event_source" and format == "cloudtrail":
        return rarely(st.sampled_from(_SERVICES), st.text(_LOWER + "-", min_size=2,
                                                          max_size=12), 8).map(
            lambda s: f"{s}.amazonaws.com")
    if name in ("event_id", "shared_event_id", "original_event_id") and format == "cloudtrail":
        return _UUIDS
    return None


@functools.cache
def documented_values(field: Field, format: str = "") -> st.SearchStrategy[Any] | None:
    """Values of a field whose name says what AWS documents it to hold, in any format: ports
    (0-65535), HTTP status codes (100-599; CloudFront's ``sc-status`` also 0, written ``000``,
    when the viewer left first), WAF's response codes (0 or an HTTP status), IP TTLs (0-255),
    12-digit account ids, regions, CloudTrail's ``eventVersion`` and WAF's ``formatVersion``
    (1), ARNs; and, given the ``format`` the field is of, text whose shape AWS documents for
    that format: load balancers' ``elb`` (``app/<name>/<id>``, ``net/...``, a name), ALB's
    ``trace_id`` (``Root=1-...``) and certificate and target group ARNs, NLB's and Route 53
    Resolver's ``version``, Route 53 query names, Network Firewall's ``event_type`` and
    ``proto``, WAF's ``httpMethod`` and ``country``, CloudTrail's ``eventSource``
    (``<service>.amazonaws.com``) and event ids (UUIDs). None for other fields and for fields
    with a closed enum (the spec says it all)."""
    if field.enum and not field.open_enum:
        return None
    name = _snake(field.name)
    if field.type is FieldType.STR and format:
        shaped = _shaped(name, format)
        if shaped is not None:
            return shaped
    if field.type is FieldType.INT:
        if name in ("port", "srcport", "dstport") or name.endswith("_port"):
            return _PORTS
        if name.endswith("_ttl"):
            return st.integers(0, 255)
        if name == "sc_status":
            return rarely(_HTTP_STATUS, st.just(0), 10)
        if name.endswith(("status_code", "_status")) or name == "status":
            return _HTTP_STATUS
        if name == "response_code_sent":
            return st.integers(200, 599)
        if name == "response_code":
            return st.one_of(st.just(0), _HTTP_STATUS)
        if name == "format_version":
            return st.just(1)
        return None
    if field.type is not FieldType.STR:
        return None
    if name == "account_id" or name.endswith("_account_id") or name == "source_account":
        return fixed(DIGITS, 12)
    if name in ("region", "aws_region", "source_region"):
        return st.sampled_from(REGIONS)
    if name == "event_version":
        return st.sampled_from(CLOUDTRAIL_EVENT_VERSIONS)
    if name == "arn" or name.endswith("_arn"):
        return _arns()
    return None


# ---- files of lines

LineKind = Literal["header", "data", "blank"]
"""What a physical line is: a header (or other directive) line, a record, or blank."""


@dataclass(frozen=True, repr=False)
class LinesFile:
    """A generated file of lines as delivered, and how it was framed. Each family subclasses it,
    adding what it knows about the content and overriding :attr:`records`."""

    format: str
    data: bytes
    """The bytes as delivered (gzip-compressed when ``compressed``)."""
    text: str
    """The decoded content (without the BOM)."""
    lines: tuple[str, ...]
    """Physical lines of ``text`` without their line endings."""
    kinds: tuple[LineKind, ...]
    """What each physical line is."""
    line_ending: str
    trailing_newline: bool
    compressed: bool
    member_offsets: tuple[int, ...]
    """Where each gzip member starts in ``data`` (empty when not compressed)."""
    bom: bool
    """Whether the content starts with a UTF-8 byte order mark."""

    def __repr__(self) -> str:  # short: Hypothesis prints it for every failing example
        return (f"{type(self).__name__}(format={self.format!r}, compressed={self.compressed}, "
                f"member_offsets={self.member_offsets}, bom={self.bom}, kinds={self.kinds}, "
                f"text={self.text!r})")

    @property
    def records(self) -> Sequence[Record]:
        """Every expected record, one per ``data`` line, in file order."""
        raise NotImplementedError(f"{type(self).__name__} must say what its records are")

    @property
    def reads_any_line(self) -> bool:
        """Whether the format reads any non-blank line as a record (a one-column layout, a
        catch-all shape): then no junk line can be an error, so :func:`damaged_files` draws
        none. Families whose formats can say so override it."""
        return False

    def junk_guard(self, index: int, junk: bytes) -> bytes:
        """``junk``, about to be inserted before physical line ``index``, changed as the format
        needs so that it must read as an error (families override it: too many or too few
        columns, no shape, ...)."""
        return junk

    @property
    def data_lines(self) -> int:
        return len(self.records)

    @property
    def record_lines(self) -> list[int]:
        """1-based line number of each record."""
        return [i for i, k in enumerate(self.kinds, 1) if k == "data"]

    @property
    def content(self) -> bytes:
        """The decompressed bytes (BOM included)."""
        return (UTF8_BOM if self.bom else b"") + encode_lines(self.lines, self.line_ending,
                                                             self.trailing_newline)


@dataclass(frozen=True, repr=False)
class ListedLinesFile(LinesFile):
    """A file whose strategy lists its records (``expected``), in a format that reads a line
    starting with a NUL as no record (JSON lines, ``(request id)`` lines, ``<time> <message>``
    lines): the families' JSON-lines, execution-log and export files."""

    expected: tuple[Record, ...] = ()

    @property
    def records(self) -> Sequence[Record]:
        return self.expected

    def junk_guard(self, index: int, junk: bytes) -> bytes:
        """Junk starting with a NUL is none of those lines; a CR inside would end it early."""
        return b"\x00" + junk.replace(b"\r", b"")
def encode_lines(lines: Sequence[str | bytes], line_ending: str, trailing_newline: bool) -> bytes:
    """Join physical lines (text or raw bytes) into file content."""
    ending = line_ending.encode()
    raw = ending.join(s.encode("utf-8") if isinstance(s, str) else s for s in lines)
    return raw + ending if lines and trailing_newline else raw


def gzip_members(parts: Sequence[bytes]) -> tuple[bytes, tuple[int, ...]]:
    """Concatenated gzip members (as Firehose writes them) and where each one starts."""
    data = b""
    offsets = []
    for part in parts:
        offsets.append(len(data))
        data += gzip.compress(part, compresslevel=6, mtime=0)
    return data, tuple(offsets)


F = TypeVar("F", bound=LinesFile)


def deliver(draw: st.DrawFn, make: Callable[..., F], lines: list[str], kinds: list[LineKind], *,
            blank_lines: bool = False, crlf: bool | None = None,
            compressed: bool | None = None, max_members: int = 3, bom: bool = False) -> F:
    """Turn a family's rendered lines into a delivered file: optional blank lines, CRLF endings,
    a missing final newline, a UTF-8 BOM and gzip (one or several members).

    ``lines`` and ``kinds`` are extended in place with the blank lines. ``make`` builds the
    family's file (e.g. ``functools.partial(FlowLogFile, format=..., sections=...)``) from the
    :class:`LinesFile` fields other than ``format``.
    """
    if blank_lines:
        spots = draw(st.lists(st.integers(0, len(lines)), max_size=3))
        for spot in sorted(spots, reverse=True):
            lines.insert(spot, draw(st.sampled_from(("", " ", "  "))))
            kinds.insert(spot, "blank")
    ending = "\r\n" if (draw(rarely(st.just(False), st.just(True), 4)) if crlf is None
                        else crlf) else "\n"
    trailing = draw(rarely(st.just(True), st.just(False), 4))
    if lines and lines[-1] == "":
        trailing = True  # else the final blank line would not exist at all
    raw = encode_lines(lines, ending, trailing)
    mark = UTF8_BOM if bom else b""
    gz = draw(st.booleans()) if compressed is None else compressed
    offsets: tuple[int, ...] = ()
    data = mark + raw
    if gz:
        members = draw(st.integers(1, max(1, min(max_members, len(lines)))))
        cuts = sorted(draw(st.sets(st.integers(1, len(lines) - 1), min_size=members - 1,
                                   max_size=members - 1))) if members > 1 else []
        bounds = [0, *cuts, len(lines)]
        parts = []
        for a, b in itertools.pairwise(bounds):
            last = b == len(lines)
            parts.append(encode_lines(lines[a:b], ending, trailing or not last))
        parts[0] = mark + parts[0]
        data, offsets = gzip_members(parts)
    return make(data=data, text=raw.decode("utf-8"), lines=tuple(lines), kinds=tuple(kinds),
                line_ending=ending, trailing_newline=trailing, compressed=gz,
                member_offsets=offsets, bom=bom)


# ---- damaged files

BYTE_DAMAGE: Final = ("flip", "insert", "delete", "junk-line")
"""Damage any family's decoded text can take (recompressed when the file was gzip): a flipped,
inserted or deleted run of bytes, or a line of binary junk."""
GZIP_DAMAGE: Final = ("gzip-cut", "gzip-flip")
"""Damage to the compressed stream: a cut (never at a member boundary) or a flipped byte."""

Spoiler = Callable[[st.DrawFn, int], tuple[str | bytes, str]]
"""Draws a replacement for physical line ``index`` (0-based) that must read as an error, and
text the error's reason must contain."""


@dataclass(frozen=True)
class LineDamage:
    """A family-specific way to turn one data line into an error (wrong field count, a port that
    is not a number, ...): the data lines it applies to, and how."""

    rows: tuple[int, ...]
    """0-based physical lines, all of kind ``data``; the damage does not apply when empty."""
    spoil: Spoiler


@dataclass(frozen=True, repr=False)
class DamagedFile:
    """A generated file after one kind of damage, with what is still known about it."""

    original: LinesFile | JsonFile
    kind: str
    data: bytes
    """The damaged bytes as delivered."""
    text_bytes: bytes | None
    """The damaged decoded content, when the damage was done to it (None for gzip damage)."""
    bad_lines: tuple[int, ...] | None
    """Exact 1-based line numbers that must be errors, when the damage pins them down."""
    records: tuple[Record, ...] | None
    """Exact records that must come out, when known."""
    reason_hint: str = ""
    """Text the error reason must contain, when known."""
    cut: int | None = None
    """For ``gzip-cut``: how many bytes of ``original.data`` were kept."""

    def __repr__(self) -> str:
        return (f"DamagedFile(kind={self.kind!r}, data={self.data!r}, "
                f"bad_lines={self.bad_lines}, reason_hint={self.reason_hint!r}, "
                f"cut={self.cut})")


def redeliver(original: LinesFile | JsonFile, raw: bytes) -> bytes:
    """Damaged content as ``original`` was delivered: gzip (one member) when it was."""
    return gzip_members([raw])[0] if original.compressed else raw


def byte_damage(draw: st.DrawFn, original: LinesFile | JsonFile, kind: str,
                raw: bytes) -> DamagedFile:
    """Damage of a kind whose errors no family can predict: ``flip``, ``insert`` or ``delete``
    in the decoded content ``raw`` (recompressed when the file was gzip), or one of
    :data:`GZIP_DAMAGE`."""
    if kind in GZIP_DAMAGE:
        data = original.data
        if kind == "gzip-cut":
            # Cutting exactly at a member boundary leaves a valid, shorter file: not damage.
            cut = draw(st.integers(2, len(data) - 1).filter(
                lambda n: n not in original.member_offsets))
            return DamagedFile(original, kind, data[:cut], None, None, None, cut=cut)
        at = draw(st.integers(0, len(data) - 1))
        flipped = bytes([data[at] ^ draw(st.integers(1, 255))])
        return DamagedFile(original, kind, data[:at] + flipped + data[at + 1:], None, None, None)
    at = draw(st.integers(0, len(raw) - (0 if kind == "insert" else 1)))
    if kind == "flip":
        text = raw[:at] + bytes([raw[at] ^ draw(st.integers(1, 255))]) + raw[at + 1:]
    elif kind == "insert":
        text = raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    elif kind == "delete":
        text = raw[:at] + raw[at + draw(st.integers(1, 8)):]
    else:
        raise ValueError(f"{kind!r} is no byte damage")
    return DamagedFile(original, kind, redeliver(original, text), text, None, None)


def binary_junk(draw: st.DrawFn) -> bytes:
    """A line of binary junk (no line break), ending in bytes no text format holds."""
    junk = draw(st.binary(min_size=0, max_size=40)).replace(b"\n", b"")
    return junk + draw(st.sampled_from((b"\x00", b"\xff", b"\xfe\xfd", b"\x89PNG\x1a")))


def damage_kind(possible: Sequence[str], applicable: dict[str, bool]
                ) -> st.SearchStrategy[str]:
    """One of the ``possible`` damage kinds that ``applicable`` says fit the file; a kind it
    does not know, or none fitting, is the caller's mistake (ValueError)."""
    unknown = [k for k in possible if k not in applicable]
    if unknown:
        raise ValueError(f"unknown damage kinds {unknown}; known: {sorted(applicable)}")
    choices = [k for k in possible if applicable[k]]
    if not choices:
        raise ValueError(f"none of {list(possible)} applies to this file")
    return st.sampled_from(choices)


class NoDamageError(ValueError, TypeError):
    """:func:`damaged_files` was given a file it has no damage for (a Parquet output, a
    CloudWatch Logs payload); a TypeError too, as it was before it said which formats have
    damage."""


@st.composite
def damaged_files(draw: st.DrawFn, original: LinesFile | JsonFile,
                  kinds: Sequence[str] | None = None, *,
                  line_damage: Mapping[str, LineDamage] | None = None,
                  junk_guard: Callable[[int, bytes], bytes] | None = None,
                  junk_hint: str = "") -> DamagedFile:
    """One damage to ``original``, for any family: one of :data:`BYTE_DAMAGE`, of the family's
    ``line_damage`` kinds, or (gzip files) of :data:`GZIP_DAMAGE`; all of them by default.
    Kinds that cannot apply to this file are left out: a junk line where the file's format
    reads any line as a record (:attr:`LinesFile.reads_any_line`), so that ``bad_lines`` is
    always exact.

    A junk line goes through the file's own :meth:`LinesFile.junk_guard`, then through
    ``junk_guard(index, junk)`` when given (a caller's further change, before physical line
    ``index``, so that it cannot read as a valid line); ``junk_hint`` is text the error reason
    for a junk line contains.

    A :class:`~awslogparse.testing.JsonFile` takes the JSON family's own damage instead (see
    :func:`~awslogparse.testing.damaged_json_files`; no ``line_damage`` or ``junk_guard``).
    Any other file (a Parquet output, a CloudWatch Logs payload) has none:
    :class:`NoDamageError` (a ValueError) naming the formats that have
    (:func:`~awslogparse.testing.damage_formats`).
    """
    if not isinstance(original, LinesFile):
        from awslogparse.testing.jsonrec import JsonFile, damaged_json_files  # imports this module

        if not isinstance(original, JsonFile):  # a ParquetFile, say: no lines to damage
            from awslogparse.testing.events import damage_formats

            raise NoDamageError(
                f"damaged_files has no damage for a {type(original).__name__} (it takes a "
                f"LinesFile or a JsonFile); formats with damage: {', '.join(damage_formats())}")
        if line_damage or junk_guard is not None:
            raise TypeError("a JsonFile takes no line_damage or junk_guard: the JSON family's "
                            "damage is its own (damaged_json_files)")
        return draw(damaged_json_files(original, kinds))
    extra = dict(line_damage or {})
    possible = list(kinds if kinds is not None else (*BYTE_DAMAGE, *extra, *GZIP_DAMAGE))
    data_rows = [i for i, k in enumerate(original.kinds) if k == "data"]
    raw = original.content
    applicable = {
        "flip": bool(raw), "insert": True, "delete": bool(raw),
        "junk-line": not original.reads_any_line,
        "gzip-cut": original.compressed, "gzip-flip": original.compressed,
        **{k: bool(d.rows) for k, d in extra.items()},
    }
    kind = draw(damage_kind(possible, applicable))
    if kind in ("flip", "insert", "delete", *GZIP_DAMAGE):
        return byte_damage(draw, original, kind, raw)
    lines: list[str | bytes] = list(original.lines)
    records = tuple(original.records)
    mark = UTF8_BOM if original.bom else b""
    if kind == "junk-line":
        at = draw(st.integers(0, len(lines)))
        junk = original.junk_guard(at, binary_junk(draw))
        if junk_guard is not None:
            junk = junk_guard(at, junk)
        lines.insert(at, junk)
        text = mark + encode_lines(lines, original.line_ending, original.trailing_newline)
        return DamagedFile(original, kind, redeliver(original, text), text, (at + 1,), records,
                           reason_hint=junk_hint)
    damage = extra[kind]
    at = draw(st.sampled_from(damage.rows))
    lines[at], hint = damage.spoil(draw, at)
    lost = data_rows.index(at)
    text = mark + encode_lines(lines, original.line_ending, original.trailing_newline)
    return DamagedFile(original, kind, redeliver(original, text), text, (at + 1,),
                       records[:lost] + records[lost + 1:], reason_hint=hint)


__all__ = [
    "BYTE_DAMAGE",
    "CLOUDTRAIL_EVENT_VERSIONS",
    "DamagedFile",
    "GZIP_DAMAGE",
    "LineDamage",
    "LineKind",
    "LinesFile",
    "ListedLinesFile",
    "NoDamageError",
    "TIME_MAX",
    "TIME_MIN",
    "account_ids",
    "az_ids",
    "damaged_files",
    "documented_values",
    "encode_lines",
    "gzip_members",
    "ipv4_addresses",
    "ipv6_addresses",
    "timestamps",
]
