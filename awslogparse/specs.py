"""Load ``formats/*.toml`` into :class:`FormatSpec` objects: the one source of truth per format.

The spec files ship inside the wheel as ``awslogparse/_formats``; in a source checkout they are read
from the top-level ``formats/`` folder. Specs are parsed on first use and cached.

Parsing TOML is slow in pure Python (5-20 ms a spec, a Lambda pays it on every cold start), so
``make mapping`` also writes each spec's parsed tables as JSON under ``awslogparse/_speccache``
(see :mod:`awslogparse.mapgen`). A cached copy is used only when it was made from the very bytes
of the spec file now on disk (size and CRC-32 checked on every load); an edited spec whose cache
was not regenerated is parsed from its TOML, as before, and a test says the cache is stale.
"""

from __future__ import annotations

import functools
import json
import os
import re
import zlib

from awslogparse.model import TYPE_CHECKING, Field, FieldType, Frozen, Schema, SourceError

if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

# Paths are plain text here: pathlib costs a cold start milliseconds to import, and only the
# public helpers that return a Path (specs_dir, cache_dir, FormatSpec.path) import it.
_PACKAGE_FOLDER = os.path.dirname(os.path.realpath(__file__))
_CACHE_FOLDER = os.path.join(_PACKAGE_FOLDER, "_speccache")


def cache_dir() -> Path:
    """Generated: ``<spec>.json`` per spec file, the parsed TOML (``make mapping``)."""
    from pathlib import Path

    return Path(_CACHE_FOLDER)


def cache_file(name: str) -> str:
    """The path of a file under :func:`cache_dir` (what family modules compile there)."""
    return os.path.join(_CACHE_FOLDER, name)


@functools.cache
def _specs_folder() -> str:
    packaged = os.path.join(_PACKAGE_FOLDER, "_formats")
    if os.path.isdir(packaged):
        return packaged
    checkout = os.path.join(os.path.dirname(_PACKAGE_FOLDER), "formats")
    if os.path.isdir(checkout):
        return checkout
    raise SourceError("format specs not found: the awslogparse installation is incomplete")


def specs_dir() -> Path:
    """Folder holding the format specs: packaged copy first, source checkout second."""
    from pathlib import Path

    return Path(_specs_folder())


class FormatSpec(Frozen):
    """Everything a spec file says about one format."""

    name: str
    title: str
    family: str
    framing: str
    parser: str
    doc: str
    see_also: tuple[str, ...]
    notes: str
    schema: Schema
    default_layout: tuple[str, ...]
    examples: tuple[dict[str, Any], ...]
    file: str
    """The spec file's path (:attr:`path` as a :class:`~pathlib.Path`)."""
    aliases: tuple[str, ...]
    key_patterns: tuple[str, ...]
    log_groups: tuple[str, ...]
    """Regular expressions matched against a CloudWatch Logs log group name (AWS's naming
    conventions, such as ``aws-waf-logs-``): evidence for routing its events here."""
    log_streams: tuple[str, ...]
    """The same for log stream names (CloudTrail's ``<account>_CloudTrail_<region>``)."""
    service_log_groups: tuple[str, ...]
    """Regular expressions matched against a log group name: every group the format's service
    writes, logs the format reads or not (RDS's ``/aws/rds/instance/<id>/<log>`` of any engine).
    A stream of such a group that the format does not take (its log is not one ``log_groups``
    names, or its content does not agree) gives generic records: no other format's by content."""
    tokenizer: str
    """How a line splits into columns: ``whitespace``, ``quoted`` or ``tab``."""
    escapes: str
    """Inside quoted columns: ``none``, ``backslash`` or ``raw`` (see formats/README.md)."""
    brackets: bool
    header: str
    """How a file names its layout: ``names`` (flow logs), ``w3c`` (CloudFront) or none."""
    min_columns: int
    """Fewer columns is an error; 0 means the whole layout is required."""
    rank: int
    """Order among formats whose key patterns match the same key (lower first)."""
    catalogue_order: bool
    """A caller's field list is sorted into ``default_layout`` order (the wire's order)."""
    records_key: str
    """``json_document``: the key of the array holding the records (``Records``); empty: the
    document itself is the record."""
    base: str
    """The format whose fields this one shares (``base`` in the spec)."""
    continuation: str
    """A regular expression matched at the start of a CloudWatch Logs event's message that
    continues the entry of the event before it in the same envelope (a PostgreSQL statement's
    tab-led lines): such events are joined to it, one unit."""
    templates: tuple[tuple[str, str], ...]
    """Named layouts a format's configuration offers (API Gateway's access log presets: CLF,
    JSON, XML, CSV), as (name, template text) in the spec's order."""
    default_templates: tuple[str, ...]
    """Names from ``templates`` a reader tries, in order, when the caller gives no layout."""
    shapes: tuple[dict[str, Any], ...]
    """``[[shapes]]`` tables as written (line shapes family: a line's possible forms, tried in
    order); the family module validates and compiles them."""
    log_stream_fields: str
    """A regular expression searched in a CloudWatch Logs log stream name whose named groups
    are record fields (ECS: container name and task id)."""
    time_field: str
    """The record field that says when a record happened: a converted dataset's ``date``
    partition and the order of rows within a file (empty: the first timestamp field)."""
    account_field: str
    """The record field naming the AWS account a record belongs to (``account_id`` partition)."""
    region_field: str
    """The record field naming the AWS Region a record comes from (``region`` partition)."""

    _fields = ("name", "title", "family", "framing", "parser", "doc", "see_also", "notes",
               "schema", "default_layout", "examples", "file", "aliases", "key_patterns",
               "log_groups", "log_streams", "service_log_groups", "tokenizer", "escapes",
               "brackets", "header",
               "min_columns", "rank", "catalogue_order", "records_key", "base", "continuation",
               "templates", "default_templates", "shapes", "log_stream_fields", "time_field",
               "account_field", "region_field")

    def __init__(self, *, name: str, title: str, family: str, framing: str, parser: str,
                 doc: str, see_also: tuple[str, ...], notes: str, schema: Schema,
                 default_layout: tuple[str, ...], examples: tuple[dict[str, Any], ...],
                 file: str, aliases: tuple[str, ...] = (), key_patterns: tuple[str, ...] = (),
                 log_groups: tuple[str, ...] = (), log_streams: tuple[str, ...] = (),
                 service_log_groups: tuple[str, ...] = (),
                 tokenizer: str = "whitespace", escapes: str = "none", brackets: bool = False,
                 header: str = "", min_columns: int = 0, rank: int = 100,
                 catalogue_order: bool = False, records_key: str = "", base: str = "",
                 continuation: str = "", templates: tuple[tuple[str, str], ...] = (),
                 default_templates: tuple[str, ...] = (),
                 shapes: tuple[dict[str, Any], ...] = (), log_stream_fields: str = "",
                 time_field: str = "", account_field: str = "", region_field: str = ""
                 ) -> None:
        self._init(name=name, title=title, family=family, framing=framing, parser=parser,
                   doc=doc, see_also=see_also, notes=notes, schema=schema,
                   default_layout=default_layout, examples=examples, file=file,
                   aliases=aliases, key_patterns=key_patterns, log_groups=log_groups,
                   log_streams=log_streams, service_log_groups=service_log_groups,
                   tokenizer=tokenizer, escapes=escapes,
                   brackets=brackets, header=header, min_columns=min_columns, rank=rank,
                   catalogue_order=catalogue_order, records_key=records_key, base=base,
                   continuation=continuation, templates=templates,
                   default_templates=default_templates, shapes=shapes,
                   log_stream_fields=log_stream_fields, time_field=time_field,
                   account_field=account_field, region_field=region_field)

    @property
    def path(self) -> Path:
        """The spec file."""
        from pathlib import Path

        return Path(self.file)

    @property
    def file_name(self) -> str:
        """The spec file's name (``vpcflow.toml``), for messages: :attr:`path` costs a cold
        start pathlib's import."""
        return os.path.basename(self.file)

    def layout_fields(self, names: tuple[str, ...] | list[str]) -> tuple[Field, ...]:
        """Record fields of a list of wire columns, in order (a column split in two gives
        both halves; a field written across columns comes once)."""
        out: dict[str, Field] = {}
        for column in names:
            for f in self.column_fields(column):
                out.setdefault(f.name, f)
        return tuple(out.values())

    def column_fields(self, column: str) -> tuple[Field, ...]:
        """The fields read from one wire column (empty for a column the spec lacks)."""
        return self._columns().get(column) or self._columns().get(column.replace("_", "-"), ())

    def _columns(self) -> dict[str, tuple[Field, ...]]:
        cached: dict[str, tuple[Field, ...]] | None = self.__dict__.get("_column_index")
        if cached is None:
            index: dict[str, list[Field]] = {}
            for f in self.schema:
                for column in f.columns:
                    index.setdefault(column, []).append(f)
                if not f.part and len(f.columns) == 1:
                    index.setdefault(f.name, []).append(f)
            cached = {k: tuple(v) for k, v in index.items()}
            self._init(_column_index=cached)
        return cached


_NOT_SNAKE = re.compile(r"[^a-z0-9]+")
_PARTS = ("", "host", "port", "method", "url", "protocol")


def snake_case(wire: str) -> str:
    """AWS's wire name as a record key: ``account-id`` -> ``account_id``,
    ``cs(User-Agent)`` -> ``cs_user_agent``."""
    return _NOT_SNAKE.sub("_", wire.lower()).strip("_")


def _field(raw: dict[str, Any], nulls: tuple[str, ...], *, as_written: bool = False) -> Field:
    """One ``[[fields]]`` table. ``as_written``: JSON formats keep AWS's key as the record name
    (``eventTime``), where line formats snake_case it."""
    wire_raw = raw.get("wire", raw["name"])
    wires = tuple(wire_raw) if isinstance(wire_raw, list) else (wire_raw,)
    name = raw["name"] if "wire" in raw or as_written else snake_case(raw["name"])
    kind = FieldType(raw["type"])
    children = tuple(_field(child, nulls, as_written=as_written)
                     for child in raw.get("children", ()))
    items = FieldType(raw["items"]) if "items" in raw else None
    if kind is FieldType.STRUCT and not children:
        raise SourceError(f"field {name!r}: a struct names its children")
    if items is FieldType.STRUCT and not children:
        raise SourceError(f"field {name!r}: a list of structs names the struct's children")
    if children and kind is not FieldType.STRUCT and items is not FieldType.STRUCT:
        raise SourceError(f"field {name!r}: only a struct (or a list of them) has children")
    part = str(raw.get("part", ""))
    if part not in _PARTS:
        raise SourceError(f"field {name!r}: part must be one of {_PARTS[1:]}")
    return Field(
        name=name,
        wire_name=wires[0],
        wires=wires if len(wires) > 1 else (),
        part=part,
        quoted=bool(raw.get("quoted", False)),
        encoding=str(raw.get("encoding", "")),
        added=str(raw.get("added", "")),
        word=bool(raw.get("word", False)),
        type=kind,
        bits=int(raw.get("bits", 64)),
        unit=raw.get("unit", ""),
        version=raw.get("version"),
        nulls=tuple(raw.get("null", nulls)),
        description=" ".join(raw.get("description", "").split()),
        enum=tuple(raw.get("enum", ())),
        open_enum=bool(raw.get("open_enum", False)),
        source=raw.get("source", ""),
        presence=_presence(raw),
        children=children,
        items=items,
    )


_PRESENCE = ("always", "flow", "optional")


def _presence(raw: dict[str, Any]) -> str:
    value = str(raw.get("presence", "optional"))
    if value not in _PRESENCE:
        raise SourceError(f"field {raw['name']!r}: presence must be one of {_PRESENCE}")
    return value


# ---- the compiled cache of parsed spec files

def source_stamp(raw: bytes) -> dict[str, int]:
    """What identifies a spec file's bytes: its size and CRC-32."""
    return {"size": len(raw), "crc32": zlib.crc32(raw)}


def cache_entry(raw: bytes) -> dict[str, Any]:
    """The cache entry of a spec file's bytes: its stamp, its parsed tables as JSON values, and
    where TOML dates and times were written as ISO 8601 text (``revive``)."""
    import tomllib
    from datetime import date, datetime, time

    revive: list[list[Any]] = []

    def jsonable(value: Any, path: list[Any]) -> Any:
        if isinstance(value, dict):
            return {k: jsonable(v, [*path, k]) for k, v in value.items()}
        if isinstance(value, list):
            return [jsonable(v, [*path, i]) for i, v in enumerate(value)]
        if isinstance(value, (date, time)):  # a datetime is a date too
            kind = "datetime" if isinstance(value, datetime) else type(value).__name__
            revive.append([path, kind])
            return value.isoformat()
        return value

    data = jsonable(tomllib.loads(raw.decode("utf-8")), [])
    return {"source": source_stamp(raw), "revive": revive, "data": data}


def _revived(entry: dict[str, Any]) -> dict[str, Any]:
    """A cache entry's tables with its dates and times as TOML gives them."""
    data: dict[str, Any] = entry["data"]
    if not entry["revive"]:
        return data
    from datetime import date, datetime, time

    parse = {"datetime": datetime.fromisoformat, "date": date.fromisoformat,
             "time": time.fromisoformat}
    for path, kind in entry["revive"]:
        *parents, last = path
        holder: Any = data
        for step in parents:
            holder = holder[step]
        holder[last] = parse[kind](holder[last])
    return data


def _cached_tables(name: str, raw: bytes) -> dict[str, Any] | None:
    """The cached parse of ``raw`` (spec ``name``'s bytes), or None when there is none for
    exactly these bytes."""
    try:
        with open(os.path.join(_CACHE_FOLDER, f"{name}.json"), "rb") as fh:
            entry = json.loads(fh.read())
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("source") != source_stamp(raw):
        return None
    return _revived(entry)


def spec_tables(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A spec file's parsed TOML: from the compiled cache when it was made from these bytes."""
    with open(path, "rb") as fh:
        raw = fh.read()
    cached = _cached_tables(os.path.splitext(os.path.basename(path))[0], raw)
    if cached is not None:
        return cached
    import tomllib

    return tomllib.loads(raw.decode("utf-8"))


@functools.cache
def load_spec(name: str) -> FormatSpec:
    """Parse ``formats/<name>.toml`` (cached)."""
    path = os.path.join(_specs_folder(), f"{name}.toml")
    if not os.path.isfile(path):
        raise SourceError(f"no spec file for format {name!r}")
    data = spec_tables(path)
    file_name = os.path.basename(path)
    meta = data["format"]
    json_family = meta.get("framing", "lines") != "lines" or meta.get("family") == "json"
    # JSON has null: marker strings are for line formats (where "-" means no value)
    nulls = tuple(meta.get("null", () if json_family else ("-",)))
    own = [_field(raw, nulls, as_written=json_family) for raw in data.get("fields", [])]
    by_wire = {f.wire_name: f for f in own}
    layout = tuple(meta.get("default_layout", ()))
    base_name = meta.get("base")
    if base_name:
        # Fields shared with another format come from that format's spec; the default layout
        # gives the order, own fields override the base (e.g. TGW's 64-bit protocol).
        base = load_spec(base_name).schema
        ordered = [] if layout else [*base.fields, *(f for f in own if f.name not in base)]
        for wire in layout:
            f = by_wire.get(wire) or base.get(wire)
            if f is None:
                raise SourceError(f"{file_name}: layout field {wire!r} is defined nowhere")
            ordered.append(f)
        fields = tuple(ordered)
    else:
        fields = tuple(own)
    return FormatSpec(
        name=meta["name"],
        title=meta.get("title", meta["name"]),
        family=meta.get("family", meta["name"]),
        framing=meta.get("framing", "lines"),
        parser=meta["parser"],
        doc=meta.get("doc", ""),
        see_also=tuple(meta.get("see_also", ())),
        notes=" ".join(meta.get("notes", "").split()),
        schema=Schema(meta["name"], fields),
        default_layout=layout,
        examples=tuple(data.get("examples", ())),
        file=path,
        aliases=tuple(meta.get("aliases", ())),
        log_groups=tuple(meta.get("log_groups", ())),
        log_streams=tuple(meta.get("log_streams", ())),
        service_log_groups=tuple(meta.get("service_log_groups", ())),
        key_patterns=tuple(meta.get("key_patterns", ())),
        tokenizer=meta.get("tokenizer", "whitespace"),
        escapes=meta.get("escapes", "none"),
        brackets=bool(meta.get("brackets", False)),
        header=meta.get("header", ""),
        min_columns=int(meta.get("min_columns", 0)),
        rank=int(meta.get("rank", 100)),
        catalogue_order=bool(meta.get("catalogue_order", False)),
        records_key=str(meta.get("records_key", "")),
        base=str(base_name or ""),
        continuation=str(meta.get("continuation", "")),
        templates=tuple((str(k), str(v)) for k, v in meta.get("templates", {}).items()),
        default_templates=tuple(str(n) for n in meta.get("default_templates", ())),
        shapes=tuple(data.get("shapes", ())),
        log_stream_fields=str(meta.get("log_stream_fields", "")),
        **_roles(meta, fields, file_name),
    )


_ROLES = ("time_field", "account_field", "region_field")


def _roles(meta: dict[str, Any], fields: tuple[Field, ...], file_name: str
           ) -> dict[str, str]:
    """``time_field`` / ``account_field`` / ``region_field``: each must name a field."""
    names = {f.name for f in fields}
    out = {}
    for key in _ROLES:
        value = str(meta.get(key, ""))
        if value and value not in names:
            raise SourceError(f"{file_name}: {key} {value!r} is not a field of the format")
        out[key] = value
    return out


def spec_names() -> list[str]:
    """Every format that has a spec file."""
    return sorted(name[:-5] for name in os.listdir(_specs_folder())
                  if name.endswith(".toml") and not name.startswith("."))


def family_spec_names(family: str) -> list[str]:
    """The spec files that may be of ``family``, without parsing the others: those the generated
    table (``make mapping``) puts in it, and any spec file it does not list yet. Callers still
    check ``load_spec(name).family``."""
    from awslogparse._mapping import SPEC_FAMILIES

    known = dict(SPEC_FAMILIES)
    return [name for name in spec_names() if known.get(name, family) == family]
