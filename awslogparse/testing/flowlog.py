"""Hypothesis strategies for VPC and Transit Gateway flow logs, derived from the format specs.

Field names, order, types, integer widths, enums and null markers all come from
``formats/*.toml`` (through :func:`awslogparse.specs.load_spec`), so a field added to a spec is
generated without touching this module. Lines are written by :func:`render_line`, a serializer
independent of the library's ``format_line``, so round-trip tests compare two implementations.

This module is also the model for other families' modules (``elb.py``, ...): see
``awslogparse/testing/__init__.py`` for what one must provide. What is not flow-log specific
(AWS-wide values, delivery of lines as files, damage) comes from :mod:`._common`; the names moved
there are still importable from here.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, Literal

from hypothesis import strategies as st

from awslogparse import registry
from awslogparse.model import Field, FieldType, Record
from awslogparse.parsers.flowlog import FAMILY
from awslogparse.specs import FormatSpec, load_spec
from awslogparse.testing._common import (
    AZ_PREFIXES,
    BYTE_DAMAGE,
    DIGITS,
    GZIP_DAMAGE,
    HEX,
    NAME_CHARS,
    REGIONS,
    TIME_MAX,
    TIME_MIN,
    DamagedFile,
    LineDamage,
    LineKind,
    LinesFile,
    account_ids,
    az_ids,
    damaged_files,
    deliver,
    encode_lines,
    fixed,
    gzip_members,
    ipv4_addresses,
    ipv6_addresses,
    rarely,
    resource_ids,
    timestamps,
    tokens,
)

Layout = tuple[Field, ...]
"""The fields of one line, in wire order."""
Status = Literal["OK", "NODATA", "SKIPDATA"]



def _wire_names(presence: str) -> frozenset[str]:
    return frozenset(f.wire_name for fmt in FAMILY for f in load_spec(fmt).schema
                     if f.presence == presence)


TRAFFIC: Final = _wire_names("flow")
"""Wire names that are ``-`` on NODATA / SKIPDATA lines (no flow was seen, only the window):
the specs' ``presence = "flow"``."""

ALWAYS: Final = _wire_names("always")
"""Wire names AWS always fills in (``presence = "always"``); any other may be ``-`` on an OK
line."""

_TAG_CHARS: Final = NAME_CHARS + ".:/=+@"
_CITIES: Final = ("bos", "sfo", "lax", "nyc", "mia", "den", "atl", "dfw", "phx", "las", "tpe1")
_PORTS: Final = (443, 80, 22, 53, 123, 3389, 3306, 5432, 6379, 8080, 9200, 0)
_PROTOCOLS: Final = (6, 17, 1, 58, 47, 50)
_TCP_FLAGS: Final = (0, 1, 2, 3, 4, 16, 18, 19, 20, 24, 25, 27, 28, 31)
_INTERFACE_TYPES: Final = (
    "interface", "nat_gateway", "regional_nat_gateway", "vpc_endpoint", "transit_gateway",
    "network_load_balancer", "gateway_load_balancer", "lambda", "efa",
)


# ---- specs and layouts


def flowlog_spec(format: str) -> FormatSpec:
    """The spec of a flow log format (``vpcflow``, ``tgwflow`` or an alias of either)."""
    spec = load_spec(registry.get(format).spec_name)
    if spec.family != "flowlog":
        raise ValueError(f"{format!r} is not a flow log format (family {spec.family!r})")
    return spec


def default_layout(format: str) -> Layout:
    """The layout AWS writes when no custom format is chosen."""
    spec = flowlog_spec(format)
    return spec.layout_fields(spec.default_layout)


@functools.cache
def field_names() -> frozenset[str]:
    """Every field name (wire and snake_case) of the family: a value equal to one of them could
    make a line read as a header, so generated free text avoids them."""
    names: set[str] = set()
    for fmt in FAMILY:
        for f in load_spec(fmt).schema:
            names.update((f.name, f.wire_name))
    return frozenset(names)


def layout_version(layout: Iterable[Field]) -> int:
    """The ``version`` AWS writes for a layout: the highest version among its fields."""
    return max((f.version for f in layout if f.version is not None), default=2)


def format_string(layout: Iterable[Field]) -> str:
    """The ``${a} ${b}`` form of a layout, as the flow log configuration states it."""
    return " ".join(f"${{{f.wire_name}}}" for f in layout)


def header_line(layout: Iterable[Field]) -> str:
    """The header line S3-delivered files start with (hyphenated wire names)."""
    return " ".join(f.wire_name for f in layout)


def unknown_field_names() -> st.SearchStrategy[str]:
    """Wire names no spec knows: fields AWS may add after this library was released."""
    names = field_names()
    return st.from_regex(r"[a-z][a-z0-9]{2,8}(-[a-z0-9]{2,8}){0,2}", fullmatch=True).filter(
        lambda w: w not in names and w.replace("-", "_") not in names)


def unknown_field(wire: str) -> Field:
    """How a reader sees a field it does not know: text, under its snake_case name."""
    return Field(name=wire.replace("-", "_"), wire_name=wire, type=FieldType.STR,
                 description="not in the spec")


def flowlog_layouts(format: str = "vpcflow", *, custom: bool | None = None,
                    version: bool | None = None, min_size: int = 1,
                    max_size: int | None = None, unknown: int = 0) -> st.SearchStrategy[Layout]:
    """Layouts: the default one, or any subset of the spec's fields in spec or random order.

    ``custom=False`` gives only the default layout, ``True`` only custom ones. ``version``
    forces the ``version`` field in (``True``) or out (``False``) of custom layouts.
    ``unknown`` adds up to that many fields the spec does not know to custom layouts, never
    first and always fewer than the known ones (else a header line would not read as one).
    """
    spec = flowlog_spec(format)
    fields = spec.schema.fields
    top = len(fields) if max_size is None else min(max_size, len(fields))
    if not 1 <= min_size <= top:
        raise ValueError(f"need 1 <= min_size <= max_size <= {len(fields)}")
    version_field = spec.schema.get("version")

    @st.composite
    def custom_layouts(draw: st.DrawFn) -> Layout:
        chosen: list[Field] = draw(st.lists(st.sampled_from(fields), unique=True,
                                            min_size=min_size, max_size=top))
        if version_field is not None and version is not None:
            has = version_field in chosen
            if version and not has:
                chosen.insert(draw(st.integers(0, len(chosen))), version_field)
                if len(chosen) > top:
                    chosen.pop(next(i for i, f in enumerate(chosen) if f is not version_field))
            elif not version and has:
                chosen.remove(version_field)
                if len(chosen) < min_size:
                    chosen.append(draw(st.sampled_from(
                        [f for f in fields if f not in chosen and f is not version_field])))
        if draw(st.booleans()):  # the console lists fields in spec order; the API takes any
            order = {f.name: i for i, f in enumerate(fields)}
            chosen.sort(key=lambda f: order[f.name])
        extra = min(draw(st.integers(0, unknown)), len(chosen) - 1) if unknown else 0
        for wire in draw(st.lists(unknown_field_names(), unique=True, min_size=extra,
                                  max_size=extra)):
            chosen.insert(draw(st.integers(1, len(chosen))), unknown_field(wire))
        return tuple(chosen)

    default = default_layout(format)
    default_ok = (version is not False and min_size <= len(default) <= top)
    if custom is False:
        if not default_ok:
            raise ValueError("the default layout does not meet the given constraints")
        return st.just(default)
    if custom is True or not default_ok:
        return custom_layouts()
    return st.one_of(st.just(default), custom_layouts())


# ---- values


def _tokens(alphabet: str, max_size: int, *, ascii_only: bool) -> st.SearchStrategy[str]:
    """Free text without whitespace that is neither the null marker nor a field name."""
    return tokens(alphabet, max_size, ascii_only=ascii_only, avoid=field_names())


def _names() -> st.SearchStrategy[str]:
    return st.builds(lambda a, b: a + b, st.sampled_from("abcdefghijklmnopqrstuvwxyz"),
                     st.text(NAME_CHARS, max_size=20)).filter(lambda s: s not in field_names())


@st.composite
def sublocations(draw: st.DrawFn) -> tuple[str, str]:
    """(sublocation-type, sublocation-id) pairs of the shapes AWS uses."""
    kind = draw(st.sampled_from(("wavelength", "localzone", "outpost")))
    prefix = draw(st.sampled_from(AZ_PREFIXES))
    city = draw(st.sampled_from(_CITIES))
    n = draw(st.integers(1, 3))
    if kind == "outpost":
        return kind, "op-" + draw(fixed(HEX, 17))
    if kind == "wavelength":
        return kind, f"{prefix}-wl1-{city}-wlz{n}"
    return kind, f"{prefix}-{city}{n}-az1"


@st.composite
def ecs_contexts(draw: st.DrawFn, complete: bool = False) -> dict[str, str | None]:
    """Consistent ECS fields of one task (wire name -> value); Fargate tasks have no container
    instance, and the second container and service are optional, unless ``complete``."""
    region = draw(st.sampled_from(REGIONS))
    account = draw(fixed(DIGITS, 12))
    cluster = draw(_names())
    task = draw(fixed(HEX, 32))
    arn = f"arn:aws:ecs:{region}:{account}"
    fargate = not complete and draw(st.booleans())
    instance = None if fargate else draw(fixed(HEX, 32))
    second = draw(fixed(HEX, 64)) if complete or draw(st.booleans()) else None
    service = draw(_names()) if complete or draw(st.booleans()) else None
    family = draw(_names())
    return {
        "ecs-cluster-arn": f"{arn}:cluster/{cluster}",
        "ecs-cluster-name": cluster,
        "ecs-container-instance-arn":
            None if instance is None else f"{arn}:container-instance/{cluster}/{instance}",
        "ecs-container-instance-id": instance,
        "ecs-container-id": draw(fixed(HEX, 64)),
        "ecs-second-container-id": second,
        "ecs-service-name": service,
        "ecs-task-definition-arn": f"{arn}:task-definition/{family}:{draw(st.integers(1, 999))}",
        "ecs-task-arn": f"{arn}:task/{cluster}/{task}",
        "ecs-task-id": task,
    }


def _named_values(wire: str, field: Field, ascii_only: bool) -> st.SearchStrategy[Any] | None:
    """Realistic values for the fields whose meaning we know; None for the rest."""
    high = field.int_range[1]
    if wire.endswith("account-id"):
        return account_ids()
    if wire.endswith(("interface-id", "-eni")):
        return resource_ids("eni-")
    if wire.endswith("vpc-id"):
        return resource_ids("vpc-")
    if wire.endswith("subnet-id"):
        return resource_ids("subnet-")
    if wire.endswith("az-id"):
        return az_ids()
    if wire == "instance-id":
        return resource_ids("i-")
    if wire == "tgw-id":
        return resource_ids("tgw-")
    if wire.endswith("attachment-id"):
        return resource_ids("tgw-attach-")
    if wire == "resource-id":
        return st.one_of(resource_ids("nat-"), resource_ids("vpce-"), resource_ids("eni-"))
    if wire == "region":
        return st.sampled_from(REGIONS)
    if wire.endswith("interface-type"):
        return st.sampled_from(_INTERFACE_TYPES)
    if wire == "sublocation-id":
        return sublocations().map(lambda pair: pair[1])
    if wire.startswith("ecs-"):
        return ecs_contexts(complete=True).map(lambda ctx: ctx[wire])
    if wire.endswith("tag") or wire.endswith("tag-2"):
        return _tokens(_TAG_CHARS, 24, ascii_only=ascii_only)
    if wire in ("srcport", "dstport"):
        return st.one_of(st.sampled_from(_PORTS), st.integers(1024, 65535),
                         st.integers(0, 65535))
    if wire == "protocol":
        return rarely(st.sampled_from(_PROTOCOLS), st.integers(0, 255), 5)
    if wire == "tcp-flags":
        return rarely(st.sampled_from(_TCP_FLAGS), st.integers(0, 63), 5)
    if wire == "packets" or wire.startswith("packets-lost"):
        return rarely(st.integers(1, 10**7), st.sampled_from((0, high)), 20)
    if wire == "bytes":
        return rarely(st.integers(20, 10**12), st.sampled_from((0, high)), 20)
    return None


def flowlog_values(field: Field, *, ascii_only: bool = False) -> st.SearchStrategy[Any]:
    """Non-null typed values of one field: spec enums first, then what the name means, then
    the field's type (so a field new to the spec is generated without changes here)."""
    wire = field.wire_name
    if field.enum:
        values = st.sampled_from(field.enum)
        if field.open_enum:  # values AWS adds later are kept as they come
            extra = st.from_regex(r"[A-Z][A-Z0-9_]{1,20}", fullmatch=True)
            return rarely(values, extra, 8)
        return values
    named = _named_values(wire, field, ascii_only)
    if named is not None:
        return named
    if field.type is FieldType.INT:
        return st.integers(0, field.int_range[1])
    if field.type is FieldType.TIMESTAMP:
        return timestamps()
    if field.type is FieldType.IP:
        return st.one_of(ipv4_addresses(), ipv6_addresses())
    if field.type is FieldType.STR:
        return _tokens(_TAG_CHARS, 32, ascii_only=ascii_only)
    raise NotImplementedError(f"no flow log strategy for {field.type} field {wire!r}")


# ---- records and lines

_ECS_WIRES: Final = (
    "ecs-cluster-arn", "ecs-cluster-name", "ecs-container-instance-arn",
    "ecs-container-instance-id", "ecs-container-id", "ecs-second-container-id",
    "ecs-service-name", "ecs-task-definition-arn", "ecs-task-arn", "ecs-task-id",
)


_STATUS: Final = st.integers(0, 9).map(lambda n: "NODATA" if n == 8 else
                                       "SKIPDATA" if n == 9 else "OK")


@st.composite
def flowlog_records(draw: st.DrawFn, format: str = "vpcflow", layout: Layout | None = None, *,
                    status: Status | None = None, nulls: bool = True,
                    ascii_only: bool = False) -> Record:
    """One record (snake_case keys in layout order, typed values) as the parser should return it.

    Coupled fields stay consistent: ``type`` and the address family, ``start`` <= ``end`` within
    the aggregation interval, ``version`` from the layout, sublocation and ECS fields, and
    ``reject-reason`` only on REJECT. NODATA / SKIPDATA rows have every traffic field null;
    ``nulls`` lets other optional fields be null on OK rows too.
    """
    spec = flowlog_spec(format)
    if layout is None:
        layout = spec.layout_fields(spec.default_layout)
    wires = {f.wire_name for f in layout}
    kind: str = status or draw(_STATUS)
    ok = kind == "OK"
    family = draw(rarely(st.sampled_from(("IPv4", "IPv6")), st.just("EFA"), 20))
    addresses = ipv6_addresses() if family == "IPv6" else ipv4_addresses()
    start = draw(st.integers(TIME_MIN, TIME_MAX))
    window = 60 if spec.name == "tgwflow" else 600  # TGW aggregates over a fixed minute
    end = start + draw(st.integers(0, window))
    coupled: dict[str, Any] = {
        "version": layout_version(layout),
        "start": datetime.fromtimestamp(start, UTC),
        "end": datetime.fromtimestamp(end, UTC),
        "log-status": kind,
        "type": family,
    }
    if wires & {"sublocation-type", "sublocation-id"}:
        place = draw(rarely(st.none(), sublocations(), 4))
        coupled["sublocation-type"], coupled["sublocation-id"] = place or (None, None)
        if place is not None:
            coupled["az-id"] = None  # AWS writes `-` for the AZ of a sublocation
    if any(w.startswith("ecs-") for w in wires):
        coupled.update(draw(rarely(st.just({}), ecs_contexts(), 3))
                       or dict.fromkeys(_ECS_WIRES))
    record: Record = {}
    for f in layout:
        wire = f.wire_name
        if not ok and wire in TRAFFIC:
            record[f.name] = None
            continue
        if wire in coupled:
            value = coupled[wire]
        elif f.type is FieldType.IP and not f.enum:
            value = draw(addresses)
        else:
            value = draw(flowlog_values(f, ascii_only=ascii_only))
        if nulls and wire not in ALWAYS and value is not None and draw(st.integers(0, 9)) == 9:
            value = None
        record[f.name] = value
    if record.get("action", "REJECT") != "REJECT" and "reject_reason" in record:
        record["reject_reason"] = None
    if record.get("flow_direction") == "ingress" and "traffic_path" in record:
        record["traffic_path"] = None  # only egress flows have a traffic path
    return record


def render_value(field: Field, value: Any) -> str:
    """One wire token; refuses values a flow log cannot carry (so generated lines are valid)."""
    if value is None:
        return field.nulls[0]
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"{field.wire_name}: naive datetime {value!r}")
        return str(calendar.timegm(value.utctimetuple()))
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"{field.wire_name}: cannot write {type(value).__name__} {value!r}")
    text = str(value)
    if not text or text in field.nulls or any(c.isspace() for c in text):
        raise ValueError(f"{field.wire_name}: {text!r} is empty, a null marker or has spaces")
    return text


def render_line(record: Record, layout: Sequence[Field]) -> str:
    """A record as AWS writes it: values in layout order, single spaces, ``-`` for null."""
    return " ".join(render_value(f, record.get(f.name)) for f in layout)


def flowlog_lines(format: str = "vpcflow", layout: Layout | None = None, *,
                  status: Status | None = None, nulls: bool = True,
                  ascii_only: bool = False) -> st.SearchStrategy[str]:
    """Data lines (no newline) of a layout (the default one when not given)."""
    if layout is None:
        layout = default_layout(format)
    fixed: Layout = layout
    return flowlog_records(format, fixed, status=status, nulls=nulls,
                           ascii_only=ascii_only).map(lambda r: render_line(r, fixed))


def arrow_row(record: Record, format: str) -> Record:
    """What an Arrow row of ``format`` holds for a reference record: every schema field (None
    where the record's layout lacks it) and ``_extra`` for keys the schema does not know."""
    schema = flowlog_spec(format).schema
    row: Record = {name: record.get(name) for name in schema.names}
    extra = [(k, None if v is None else str(v)) for k, v in record.items()
             if k not in schema and not k.startswith("_")]
    row["_extra"] = extra or None
    return row


# ---- whole files


@dataclass(frozen=True, repr=False)
class FlowLogSection:
    """A run of lines in one layout: an optional header line, then records."""

    layout: Layout
    header: bool
    records: tuple[Record, ...]

    def __repr__(self) -> str:  # short: Hypothesis prints it for every failing example
        names = " ".join(f.wire_name for f in self.layout)
        return (f"FlowLogSection(layout={names!r}, header={self.header}, "
                f"records={list(self.records)!r})")


@dataclass(frozen=True, repr=False)
class FlowLogFile(LinesFile):
    """A generated flow log file and everything a test needs to know about it."""

    sections: tuple[FlowLogSection, ...]

    def __repr__(self) -> str:
        return (f"FlowLogFile(format={self.format!r}, compressed={self.compressed}, "
                f"member_offsets={self.member_offsets}, fields={self.fields!r}, "
                f"kinds={self.kinds}, text={self.text!r}, sections={list(self.sections)!r})")

    @property
    def records(self) -> list[Record]:
        """Every expected record, in file order."""
        return [r for s in self.sections for r in s.records]

    def junk_guard(self, index: int, junk: bytes) -> bytes:
        """Junk that splits into as many tokens as the layout has fields might parse."""
        width = len(self.layout_at(index))
        return junk + b" \x00" if len(junk.decode("utf-8", "replace").split()) == width else junk

    @property
    def layouts(self) -> list[Layout]:
        return [s.layout for s in self.sections]

    @property
    def fields(self) -> list[str] | None:
        """What to pass as ``fields=``: the first layout when no header line states it."""
        first = self.sections[0]
        return None if first.header else [f.wire_name for f in first.layout]

    @property
    def initial_layout(self) -> Layout:
        """The layout in force before the first header line."""
        first = self.sections[0]
        return default_layout(self.format) if first.header else first.layout

    def layout_at(self, index: int) -> Layout:
        """The layout in force at physical line ``index`` (0-based; may equal ``len(lines)``)."""
        layout = self.initial_layout
        section = -1 if self.sections[0].header else 0
        for kind in self.kinds[:index]:
            if kind == "header":
                section += 1
                layout = self.sections[section].layout
        return layout


@st.composite
def flowlog_files(draw: st.DrawFn, format: str = "vpcflow", *,
                  layouts: st.SearchStrategy[Layout] | None = None,
                  sections: tuple[int, int] = (1, 3), min_records: int = 0,
                  max_records: int = 20,
                  header: bool | None = None, compressed: bool | None = None,
                  max_members: int = 3, blank_lines: bool = False, crlf: bool | None = None,
                  status: Status | None = None, nulls: bool = True,
                  ascii_only: bool = False, bom: bool = False) -> FlowLogFile:
    """Whole files: optional header line, more header-switched sections (as concatenated S3
    objects have), optional blank lines, CRLF endings, a UTF-8 BOM (only when ``bom``) and gzip
    (one or several members). ``min_records`` and ``max_records`` bound each section (the first
    has at least one record when it is the only section and has no header: no file is empty)."""
    spec = flowlog_spec(format)
    pick = layouts if layouts is not None else flowlog_layouts(spec.name)
    count = draw(st.integers(*sections))
    first_header = draw(st.booleans()) if header is None else header
    built: list[FlowLogSection] = []
    lines: list[str] = []
    kinds: list[LineKind] = []
    for i in range(count):
        layout = draw(pick)
        has_header = first_header if i == 0 else True
        least = max(min_records, 1 if count == 1 and not has_header else 0)
        records = draw(st.lists(flowlog_records(spec.name, layout, status=status, nulls=nulls,
                                                ascii_only=ascii_only),
                                min_size=least, max_size=max(least, max_records)))
        if has_header:
            lines.append(header_line(layout))
            kinds.append("header")
        for record in records:
            lines.append(render_line(record, layout))
            kinds.append("data")
        built.append(FlowLogSection(layout, has_header, tuple(records)))
    make = functools.partial(FlowLogFile, format=spec.name, sections=tuple(built))
    return deliver(draw, make, lines, kinds, blank_lines=blank_lines, crlf=crlf,
                   compressed=compressed, max_members=max_members, bom=bom)


# ---- damaged files

DamageKind = Literal["flip", "insert", "delete", "junk-line", "field-count", "port",
                     "gzip-cut", "gzip-flip"]
TEXT_DAMAGE: Final[tuple[DamageKind, ...]] = (*BYTE_DAMAGE, "field-count", "port")
"""Damage to the decoded text (recompressed when the file was gzip)."""


NOT_PORTS: Final = ("http", "ssh", "80a", "1.5", "NaN", "port", "443/tcp", "1e3", "0x50",
                    "0X1BB")
"""Port values that are not decimal integers: names, suffixes, floats and hex literals (which
some CSV readers take for numbers)."""

_PORT_WIRES: Final = ("srcport", "dstport")


def flowlog_line_damage(original: FlowLogFile, *,
                        bad_ports: Sequence[str] = NOT_PORTS) -> dict[str, LineDamage]:
    """The flow-log-specific damage :func:`damaged_files` can do to one data line:
    ``field-count`` (a token dropped or repeated) and ``port`` (one of ``bad_ports``)."""
    data_rows = [i for i, k in enumerate(original.kinds) if k == "data"]
    port_rows = [i for i in data_rows
                 if any(f.wire_name in _PORT_WIRES for f in original.layout_at(i))]

    def field_count(draw: st.DrawFn, at: int) -> tuple[str, str]:
        tokens = original.lines[at].split(" ")
        width = len(tokens)
        if width > 1 and draw(st.booleans()):
            del tokens[draw(st.integers(0, width - 1))]
        else:
            tokens.insert(draw(st.integers(0, width)), draw(st.sampled_from(tokens)))
        return " ".join(tokens), f"expected {width} fields, got {len(tokens)}"

    def port(draw: st.DrawFn, at: int) -> tuple[str, str]:
        layout = original.layout_at(at)
        tokens = original.lines[at].split(" ")
        spots = [i for i, f in enumerate(layout) if f.wire_name in _PORT_WIRES]
        spot = draw(st.sampled_from(spots))
        tokens[spot] = draw(st.sampled_from(tuple(bad_ports)))
        return " ".join(tokens), f"{layout[spot].wire_name}: not an integer"

    return {"field-count": LineDamage(tuple(data_rows), field_count),
            "port": LineDamage(tuple(port_rows), port)}


def damaged_flowlog_files(original: FlowLogFile, kinds: Sequence[DamageKind] | None = None, *,
                          bad_ports: Sequence[str] = NOT_PORTS) -> st.SearchStrategy[DamagedFile]:
    """One damage to ``original``: random byte flips / inserts / deletes, a binary junk line, a
    line with the wrong number of fields, a non-numeric port (one of ``bad_ports``), or (gzip
    files) a cut or a flipped byte in the compressed stream. Kinds that cannot apply to this
    file are left out."""
    return damaged_files(original, kinds if kinds is not None else (*TEXT_DAMAGE, *GZIP_DAMAGE),
                         line_damage=flowlog_line_damage(original, bad_ports=bad_ports),
                         junk_hint="fields, got")


__all__ = [
    "ALWAYS",
    "DamageKind",
    "FAMILY",
    "FlowLogFile",
    "FlowLogSection",
    "Layout",
    "NOT_PORTS",
    "Status",
    "TEXT_DAMAGE",
    "TRAFFIC",
    "arrow_row",
    "damaged_flowlog_files",
    "default_layout",
    "ecs_contexts",
    "field_names",
    "flowlog_files",
    "flowlog_layouts",
    "flowlog_line_damage",
    "flowlog_lines",
    "flowlog_records",
    "flowlog_spec",
    "flowlog_values",
    "format_string",
    "header_line",
    "layout_version",
    "render_line",
    "render_value",
    "sublocations",
    "unknown_field",
    "unknown_field_names",
]
# Names that moved to _common, still exported from here for imports written before the move.
__all__ += [
    "DamagedFile",
    "TIME_MAX",
    "TIME_MIN",
    "account_ids",
    "az_ids",
    "encode_lines",
    "gzip_members",
    "ipv4_addresses",
    "ipv6_addresses",
    "timestamps",
]
