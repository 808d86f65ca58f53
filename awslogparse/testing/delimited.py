"""Hypothesis strategies for the spec-driven delimited formats: ALB (access, connection and
health check logs), NLB, Classic ELB, CloudFront (standard, v2, real-time) and S3 server access
logs; and the S3 keys Elastic Load Balancing writes its logs to.

Everything comes from ``formats/<name>.toml``: which columns a line has, how each is quoted,
split (``ip:port``, request lines) or joined (``date`` + ``time``), value types, timestamp wire
forms, null markers, percent-encoding and how many trailing columns may be missing. Lines are
written by :func:`render_delimited_line`, a serializer independent of the library's writer, so
round-trip tests compare two implementations.
"""

from __future__ import annotations

import functools
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final
from urllib.parse import quote

from hypothesis import strategies as st

from awslogparse import registry
from awslogparse.model import Field, FieldType, Record
from awslogparse.parsers.delimited import DelimitedFormat, compile_plan
from awslogparse.specs import FormatSpec, load_spec
from awslogparse.testing._common import (
    DIGITS,
    HEX,
    REGIONS,
    TIME_MAX,
    TIME_MIN,
    LineKind,
    LinesFile,
    ListedLinesFile,
    chance,
    deliver,
    documented_values,
    fixed,
    ipv4_addresses,
    ipv6_addresses,
    rarely,
)

Columns = tuple[str, ...]

_ENCODE_SAFE = "".join(chr(c) for c in range(33, 127) if chr(c) not in '<>"#%{}|\\^~[]`\'')
"""What CloudFront leaves unencoded (its documented rule); this module's own copy of the fact."""
_TOKEN_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp"),
                             exclude_characters='"[]\\')
_QUOTED_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"),
                              exclude_characters='"\\')
_URLS = {True: st.text(_QUOTED_CHARS, min_size=1, max_size=40).map(str.strip).filter(
    lambda s: bool(s) and s != "-"), False: st.text(_TOKEN_CHARS, min_size=1, max_size=40).filter(
    lambda s: s != "-")}
_ANY_CHARS = st.characters(codec="utf-8", exclude_categories=["Cs"])
_METHODS = ("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH")
_PROTOCOLS = ("HTTP/1.0", "HTTP/1.1", "HTTP/2.0")


@functools.cache
def delimited_formats() -> tuple[str, ...]:
    """Every registered format the spec-driven delimited parser reads."""
    return tuple(name for name in registry.formats()
                 if isinstance(registry.get(name).format(), DelimitedFormat))


def _spec(format: str) -> FormatSpec:
    return load_spec(registry.get(format).spec_name)


# ---- layouts


@st.composite
def delimited_layouts(draw: st.DrawFn, format: str) -> Columns:
    """Wire columns of a file: the default layout, a shorter older one (append-only formats),
    or for formats whose files or configuration choose fields (``#Fields:`` headers, real-time
    logs' catalogue) a subset in the catalogue's order. ``date`` and ``time`` come together or
    not at all."""
    spec = _spec(format)
    columns = spec.default_layout
    if spec.header == "w3c" or spec.catalogue_order:
        keep = draw(st.lists(st.booleans(), min_size=len(columns), max_size=len(columns)))
        chosen = [c for c, k in zip(columns, keep, strict=True) if k]
        together = {c for f in spec.schema if len(f.columns) > 1 for c in f.columns}
        if together & set(chosen):
            chosen = [c for c in columns if c in chosen or c in together]
        subset = tuple(chosen) or columns
        return draw(rarely(st.just(columns), st.just(subset), 2))
    if spec.min_columns:
        width = draw(rarely(st.just(len(columns)),
                            st.integers(spec.min_columns, len(columns)), 3))
        return columns[:width]
    return columns


# ---- values


def _text(chars: st.SearchStrategy[str], avoid: Sequence[str], min_size: int = 1,
          max_size: int = 24) -> st.SearchStrategy[str]:
    """Text without surrounding blanks that is not a null marker."""
    return st.text(chars, min_size=min_size, max_size=max_size).map(str.strip).filter(
        lambda s: bool(s) and s not in avoid)


def _timestamp(unit: str) -> st.SearchStrategy[datetime]:
    seconds = st.integers(TIME_MIN, TIME_MAX).map(lambda s: datetime.fromtimestamp(s, UTC))
    if unit == "iso":
        return st.builds(lambda t, us: t + timedelta(microseconds=us), seconds,
                         st.integers(0, 999_999))
    if unit in ("ms", "epoch_frac"):
        return st.builds(lambda t, ms: t + timedelta(milliseconds=ms), seconds,
                         st.integers(0, 999))
    return seconds


def field_values(field: Field, spec: FormatSpec) -> st.SearchStrategy[Any]:
    """Non-null values of one field, as a record holds them."""
    return _field_values(spec.name, field.name)


@functools.cache
def _field_values(format: str, name: str) -> st.SearchStrategy[Any]:
    spec = load_spec(format)
    field = spec.schema[name]
    values = _values_of(spec, field)
    if spec.header == "w3c" and field.type is FieldType.STR and field.encoding != "url":
        # a line starting with `#` is a directive; AWS percent-encodes `#` where a URL may hold
        # one, and its ids, hosts and names hold none
        return values.filter(lambda v: not v.startswith("#"))
    return values


def _values_of(spec: FormatSpec, field: Field) -> st.SearchStrategy[Any]:
    nulls = field.nulls
    if field.enum and not field.open_enum:
        return st.sampled_from([v for v in field.enum if str(v) not in nulls])
    documented = documented_values(field, spec.name)
    if documented is not None:
        return documented.filter(lambda v: str(v) not in nulls)
    kind = field.type
    if kind is FieldType.INT:
        top = 65535 if field.part == "port" else (2**31 - 1 if field.bits <= 32 else 2**53)
        return st.integers(0, top).filter(lambda n: str(n) not in nulls)
    if kind is FieldType.FLOAT:
        return st.integers(0, 10**7).map(lambda n: n / 1000)
    if kind is FieldType.TIMESTAMP:
        return _timestamp(field.unit)
    if kind is FieldType.BOOL:
        return st.booleans()
    if kind is FieldType.IP:
        return rarely(ipv4_addresses(), ipv6_addresses(), 3)
    if field.enum:
        return rarely(st.sampled_from([str(v) for v in field.enum if str(v) not in nulls]),
                      _text(_TOKEN_CHARS, nulls), 4)
    if field.encoding == "url":
        return _text(_ANY_CHARS, nulls)
    if field.quoted or spec.tokenizer == "tab":
        chars = _QUOTED_CHARS if field.quoted else _TOKEN_CHARS
        if spec.escapes == "backslash" and field.quoted:
            chars = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"))
        return _text(chars, nulls)
    return _text(_TOKEN_CHARS, nulls)


@st.composite
def _request(draw: st.DrawFn, quoted: bool) -> tuple[str, str, str]:
    method = draw(st.sampled_from(_METHODS))
    url = draw(_URLS[quoted])
    return method, url, draw(st.sampled_from(_PROTOCOLS))


@st.composite
def delimited_records(draw: st.DrawFn, format: str, columns: Columns | None = None,
                      *, nulls: bool = True) -> Record:
    """A record as the parser must return it for a line of ``columns`` (the default layout
    when not given): the parts of a split column agree with each other, fields of columns the
    layout lacks are absent, and a column AWS always fills in (``presence = "always"``) is
    never its null marker."""
    spec = _spec(format)
    plan = compile_plan(spec.name, columns or spec.default_layout)
    record: Record = {}
    for fields in plan.column_fields:
        parts = {f.part: f for f in fields if f.part}
        always = any(f.presence == "always" for f in fields)
        null = nulls and not always and draw(chance(5))
        if {"method", "url", "protocol"} & parts.keys():
            quoted = any(f.quoted for f in fields)
            pieces = None if null else draw(_request(quoted))
            for f in fields:
                if f.part:
                    index = ("method", "url", "protocol").index(f.part)
                    record[f.name] = None if pieces is None else pieces[index]
                else:
                    record[f.name] = None if pieces is None else " ".join(pieces)
            continue
        for f in fields:
            if f.name in record or not all(c in plan.columns for c in f.columns):
                continue
            record[f.name] = None if null else draw(field_values(f, spec))
    return record


# ---- the serializer (this module's own, independent of the library's writer)


def _wire(field: Field, value: Any) -> str:
    if value is None:
        return field.nulls[0]
    if field.type is FieldType.TIMESTAMP:
        t: datetime = value
        unit = field.unit
        if unit == "iso":
            return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        if unit == "iso_plain":
            return t.strftime("%Y-%m-%dT%H:%M:%S")
        if unit == "clf":
            return t.strftime("[%d/%b/%Y:%H:%M:%S +0000]")
        if unit == "date time":
            return t.strftime("%Y-%m-%d\t%H:%M:%S")
        whole = int(t.replace(microsecond=0).timestamp())
        if unit == "ms":
            return str(whole * 1000 + t.microsecond // 1000)
        if unit == "epoch_frac":
            return f"{whole}.{t.microsecond // 1000:03d}"
        return str(whole)
    if field.type is FieldType.FLOAT:
        return f"{value:.3f}"
    if field.type is FieldType.BOOL:
        return "true" if value else "false"
    if field.type is FieldType.INT and field.name == "sc_status":
        return f"{value:03d}"  # CloudFront writes a status of 0 (the viewer left) as 000
    if field.encoding == "url":
        return quote(str(value), safe=_ENCODE_SAFE)
    return str(value)


def render_delimited_line(format: str, columns: Columns, record: Record,
                extra: Sequence[str] = ()) -> str:
    """One wire line for ``record`` in ``columns``, quoted and escaped as AWS writes it."""
    spec = _spec(format)
    plan = compile_plan(spec.name, columns)
    out: list[str] = []
    done: set[str] = set()
    for fields in plan.column_fields:
        whole = next((f for f in fields if not f.part and len(f.columns) == 1), None)
        joined = next((f for f in fields if len(f.columns) > 1), None)
        if joined is not None:
            if joined.name not in done:
                text = _wire(joined, record.get(joined.name))
                pieces = text.split("\t") if "\t" in text else [text] * len(joined.columns)
                out += pieces
                done.add(joined.name)
            continue
        if whole is not None:
            text = _wire(whole, record.get(whole.name))
        else:
            host = next(f for f in fields if f.part == "host")
            port = next(f for f in fields if f.part == "port")
            ip, number = record.get(host.name), record.get(port.name)
            text = "-" if ip is None else f"{ip}:{number}"
        if any(f.quoted for f in fields):
            if spec.escapes == "backslash":
                text = text.replace("\\", "\\\\").replace('"', '\\"')
            text = f'"{text}"'
        out.append(text)
    separator = "\t" if spec.tokenizer == "tab" else " "
    return separator.join([*out, *extra])


@st.composite
def delimited_lines(draw: st.DrawFn, format: str, columns: Columns | None = None) -> str:
    spec = _spec(format)
    layout = columns or spec.default_layout
    return render_delimited_line(format, layout, draw(delimited_records(format, layout)))


# ---- whole files


_NOT_BLANK: Final = bytes.maketrans(b" \t\r\x0b\x0c\x1c\x1d\x1e\x1f", b"xxxxxxxxx")
"""Turns every byte a tokenizer may split on into ``x``."""


@dataclass(frozen=True, repr=False)
class DelimitedFile(LinesFile):
    """A generated file of one delimited format, one layout (named in a ``#Fields:`` header
    for W3C formats, else passed as ``fields=`` when it is not the default)."""

    columns: Columns = ()
    header: bool = False
    expected: tuple[Record, ...] = ()

    @property
    def records(self) -> Sequence[Record]:
        return self.expected

    @property
    def reads_any_line(self) -> bool:
        """A layout that needs one column at most reads any line as a record, junk included."""
        spec = _spec(self.format)
        required = min(spec.min_columns, len(self.columns)) if spec.min_columns else \
            len(self.columns)
        return required <= 1

    def junk_guard(self, index: int, junk: bytes) -> bytes:
        """Junk of one column that is not a ``#`` directive: an error in every layout that needs
        two or more columns."""
        return b"x" + junk.translate(_NOT_BLANK)

    @property
    def fields(self) -> list[str] | None:
        """What to pass as ``fields=``: the layout, when no header states it and it is not
        just a shorter default (older lines need no layout)."""
        spec = _spec(self.format)
        if self.header or spec.default_layout[:len(self.columns)] == self.columns:
            return None
        return list(self.columns)


@st.composite
def delimited_files(draw: st.DrawFn, format: str, *, max_lines: int = 8,
                    compressed: bool | None = None, header: bool | None = None
                    ) -> DelimitedFile:
    """A whole file: a header for W3C formats (when ``header``, or the layout is not the default
    one; drawn when None), lines of one layout, some lines shorter (older) or longer (columns
    newer than the spec) where the format is append-only, blank lines, CRLF, gzip members."""
    spec = _spec(format)
    columns = draw(delimited_layouts(format))
    w3c = spec.header == "w3c"
    header = w3c and (columns != spec.default_layout or
                      (draw(st.booleans()) if header is None else header))
    lines: list[str] = []
    kinds: list[LineKind] = []
    if header:
        lines += ["#Version: 1.0", "#Fields: " + " ".join(columns)]
        kinds += ["header", "header"]
    expected: list[Record] = []
    tolerant = spec.min_columns > 0 and not header and columns == \
        spec.default_layout[:len(columns)]
    for _ in range(draw(st.integers(1, max_lines))):
        record = draw(delimited_records(format, columns))
        extra: list[str] = []
        if tolerant and len(columns) == len(spec.default_layout):
            extra = draw(rarely(st.just([]), st.lists(_text(_TOKEN_CHARS, ("-",), max_size=8),
                                                     min_size=1, max_size=2), 6))
        for i, token in enumerate(extra, len(columns) + 1):
            record[f"field_{i}"] = token
        if tolerant and len(columns) < len(spec.default_layout):
            full = compile_plan(spec.name, spec.default_layout)
            record.update({f.name: None for f in full.fields if f.name not in record})
        lines.append(render_delimited_line(format, columns, record, extra))
        kinds.append("data")
        expected.append(record)
    make = functools.partial(DelimitedFile, format=format, columns=columns, header=header,
                             expected=tuple(expected))
    return deliver(draw, make, lines, kinds, blank_lines=draw(st.booleans()),
                   compressed=compressed)


# ---- S3 keys of the load balancer logs, and files under them


@dataclass(frozen=True)
class _ElbNaming:
    """How Elastic Load Balancing names one log's files (this module's own copy of AWS's
    documented file name formats)."""

    prefix: str
    """What the file name starts with before the account id (``conn_log_``, ...)."""
    kind: str
    """``app.`` / ``net.`` before the load balancer's id; empty for Classic (its name)."""
    node: bool
    """Whether the name carries the node's IP address (not NLB's)."""
    suffix: str
    """``.log.gz``; Classic ELB delivers plain ``.log`` files."""


_ELB_NAMING: Final = {
    "alb": _ElbNaming("", "app.", True, ".log.gz"),
    "alb_connection": _ElbNaming("conn_log_", "app.", True, ".log.gz"),
    "alb_health": _ElbNaming("health_check_log_", "app.", True, ".log.gz"),
    "nlb": _ElbNaming("", "net.", False, ".log.gz"),
    "clb": _ElbNaming("", "", True, ".log"),
}
"""Per ELB log format: access logs of the three load balancer types, ALB connection and health
check logs."""
_LB_NAME: Final = st.from_regex(r"\A[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?\Z")
"""A load balancer's name: 1 to 32 letters, digits and hyphens, not at either end."""
_KEY_PREFIX: Final = st.lists(st.text("abcdefghijklmnopqrstuvwxyz0123456789-_.", min_size=1,
                                      max_size=12).filter(lambda s: s.strip(".") != ""),
                              max_size=2).map(lambda parts: "".join(f"{p}/" for p in parts))
"""The optional prefix a logging configuration puts before ``AWSLogs/`` (without it)."""


def elb_key_formats() -> tuple[str, ...]:
    """The registered formats :func:`elb_keys` names files of."""
    return tuple(name for name in registry.formats() if name in _ELB_NAMING)


@st.composite
def elb_keys(draw: st.DrawFn, format: str, *, account: str | None = None,
             region: str | None = None) -> str:
    """An S3 key Elastic Load Balancing writes a ``format`` file to, as AWS documents it:
    ``[prefix/]AWSLogs/<account>/elasticloadbalancing/<region>/yyyy/mm/dd/`` and the file name
    (``[conn_log_|health_check_log_]<account>_elasticloadbalancing_<region>_`` + ``app.`` or
    ``net.`` + the load balancer's name and id with ``.`` for ``/``, the 5-minute period's end
    time, the node's address, a random string); now and then the file name alone, as a copy
    someone downloaded is named."""
    naming = _ELB_NAMING.get(registry.get(format).name)
    if naming is None:
        raise ValueError(f"no ELB key layout for {format!r}; formats with one: "
                         f"{elb_key_formats()}")
    account = account or draw(fixed(DIGITS, 12))
    region = region or draw(st.sampled_from(REGIONS))
    end = datetime.fromtimestamp(draw(st.integers(TIME_MIN // 300, TIME_MAX // 300)) * 300, UTC)
    balancer = draw(_LB_NAME)
    if naming.kind:
        balancer = f"{naming.kind}{balancer}.{draw(fixed(HEX, 16))}"
    node = f"_{draw(ipv4_addresses())}" if naming.node else ""
    name = (f"{naming.prefix}{account}_elasticloadbalancing_{region}_{balancer}"
            f"_{end:%Y%m%dT%H%MZ}{node}_{draw(fixed(HEX + 'ghijklmnopqrstuvwxyz', 8))}"
            f"{naming.suffix}")
    if draw(rarely(st.just(False), st.just(True), 8)):
        return name
    return (f"{draw(_KEY_PREFIX)}AWSLogs/{account}/elasticloadbalancing/{region}/"
            f"{end:%Y/%m/%d}/{name}")


@st.composite
def elb_objects(draw: st.DrawFn, format: str, *, max_lines: int = 8
                ) -> tuple[str, DelimitedFile]:
    """An S3 object of an ELB log: its key (:func:`elb_keys`) and its content, a file of
    :func:`delimited_files` in the default layout (older and newer lines where AWS appended
    columns; no layout to pass: AWS's files state none), gzip-compressed as the key says."""
    key = draw(elb_keys(format))
    file = draw(delimited_files(format, max_lines=max_lines,
                                compressed=key.endswith(".gz")).filter(
        lambda f: f.fields is None))
    return key, file


# ---- other outputs of one delivery (CloudFront v2's JSON and Parquet)


_OUTPUT_FRAMINGS: Final = ("json_sequence", "parquet")
"""The framings :func:`delimited_json_files` and :func:`delimited_parquet_files` write."""


@functools.cache
def delimited_output_formats() -> tuple[str, ...]:
    """Every registered format that another output of a tab-separated delimited format's
    delivery writes: JSON lines or Parquet whose spec's ``base`` is such a format (CloudFront
    v2's; flow logs' Parquet output has its own strategies, in ``flowlog_parquet``)."""
    return tuple(name for name in registry.formats() if _spec(name).base in delimited_formats()
                 and _spec(_spec(name).base).tokenizer == "tab"
                 and _spec(name).framing in _OUTPUT_FRAMINGS)


def parquet_column(wire: str) -> str:
    """AWS's Parquet column name for a W3C field name: lower case, other characters ``_``
    (``cs(User-Agent)`` -> ``cs_user_agent``)."""
    return re.sub(r"[^0-9a-z]+", "_", wire.lower()).strip("_")


@st.composite
def _delivery(draw: st.DrawFn, format: str, max_lines: int
              ) -> tuple[Columns, list[list[str]], list[Record]]:
    """A field selection of the base format, its requests as the wire's text per column, and
    the records (those of the base's W3C lines under a ``#Fields:`` header)."""
    base = _spec(format).base
    if not base or _spec(base).tokenizer != "tab":
        raise ValueError(f"{format!r} is no other output of a tab-separated format")
    columns = draw(delimited_layouts(base))
    rows: list[list[str]] = []
    records: list[Record] = []
    for _ in range(draw(st.integers(1, max_lines))):
        record = draw(delimited_records(base, columns))
        rows.append(render_delimited_line(base, columns, record).split("\t"))
        records.append(record)
    return columns, rows, records


@dataclass(frozen=True, repr=False)
class DelimitedJsonFile(ListedLinesFile):
    """A file of a JSON lines output of a delimited format: one object per request, keyed by the
    wire's field names, its values the wire's text."""

    columns: Columns = ()


@st.composite
def delimited_json_files(draw: st.DrawFn, format: str, *, max_lines: int = 8,
                         compressed: bool | None = None) -> DelimitedJsonFile:
    """A JSON lines output (``cloudfront_v2_json``): a random field selection, one object per
    request (ASCII-escaped or not), blank lines, CRLF, gzip members."""
    if _spec(format).framing != "json_sequence":
        raise ValueError(f"{format!r} is no JSON lines output; see delimited_output_formats()")
    columns, rows, records = draw(_delivery(format, max_lines))
    escape = draw(st.booleans())
    lines = [json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=escape)
             for row in rows]
    kinds: list[LineKind] = ["data"] * len(lines)
    make = functools.partial(DelimitedJsonFile, format=format, columns=columns,
                             expected=tuple(records))
    return deliver(draw, make, lines, kinds, blank_lines=draw(st.booleans()),
                   compressed=compressed)


@dataclass(frozen=True, repr=False)
class ParquetFile:
    """A Parquet output of a delimited format: a row per request, a string column per field."""

    format: str
    data: bytes
    columns: Columns
    """The wire's field names, in column order (the Parquet names are :func:`parquet_column`'s)."""
    records: tuple[Record, ...]

    def __repr__(self) -> str:  # short: Hypothesis prints it for every failing example
        return (f"ParquetFile(format={self.format!r}, columns={self.columns!r}, "
                f"records={len(self.records)})")


@st.composite
def delimited_parquet_files(draw: st.DrawFn, format: str, *, max_lines: int = 8
                            ) -> ParquetFile:
    """A Parquet output (``cloudfront_v2_parquet``) of a random field selection, as AWS
    writes it: every column a string. Drawing one imports pyarrow."""
    if _spec(format).framing != "parquet":
        raise ValueError(f"{format!r} is no Parquet output; see delimited_output_formats()")
    try:  # only here: the package never loads pyarrow on import
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ImportError("drawing a Parquet file needs pyarrow: "
                          "pip install 'awslogparse[arrow]'") from exc

    columns, rows, records = draw(_delivery(format, max_lines))
    table = pa.table({parquet_column(c): pa.array([row[i] for row in rows], pa.string())
                      for i, c in enumerate(columns)})
    out = io.BytesIO()
    pq.write_table(table, out, compression=draw(st.sampled_from(("snappy", "none", "gzip"))))
    return ParquetFile(format=format, data=out.getvalue(), columns=columns,
                       records=tuple(records))


__all__ = [
    "DelimitedFile",
    "DelimitedJsonFile",
    "ParquetFile",
    "delimited_files",
    "delimited_formats",
    "delimited_json_files",
    "delimited_layouts",
    "delimited_lines",
    "delimited_output_formats",
    "delimited_parquet_files",
    "delimited_records",
    "elb_key_formats",
    "elb_keys",
    "elb_objects",
    "field_values",
    "parquet_column",
    "render_delimited_line",
]
