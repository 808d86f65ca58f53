"""Hive partitioning of a converted dataset: which keys, their values per record, safe paths.

The default keys are ``format``, ``account_id``, ``region`` and ``date``. The last three are
*roles*: the spec's ``account_field``, ``region_field`` and ``time_field`` say which record field
holds each (``recipientAccountId`` in CloudTrail, ``account_id`` in flow logs), and the S3 key
layout fills in what a record lacks. Any other key is a field of the format, by name; a format
without it gets the default (null) partition.

Values are log content, so they are escaped before they become a path: every byte outside
``[A-Za-z0-9._-]`` is written ``%XX`` (as Hive escapes partition values), so no value can hold a
``/`` or a NUL; a segment always starts with ``<key>=``, so no value can make one that is ``.``
or ``..``; long values are cut and end with a hash of the whole value, so distinct values stay
distinct (where the files do not hold the key's column, a cut value is kept whole in the row's
``_extra``, under the column's name). A null or empty value is :data:`DEFAULT_PARTITION`,
which Hive, Spark and Athena read as null.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from awslogparse.conversion.keys import KeyFacts

DEFAULT_KEYS = ("format", "account_id", "region", "date")
DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__"
MAX_VALUE = 96
"""Longest escaped value kept whole; longer ones are cut and end with ``~<hash>``."""
_KEY = re.compile(r"[a-z_][a-z0-9_]{0,63}", re.IGNORECASE)
_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")
ROLES = {"account_id": "account_field", "region": "region_field", "date": "time_field"}
"""Partition keys whose column each format's spec names."""


def parse_keys(text: str | Sequence[str] | None) -> tuple[str, ...]:
    """``--partition-by``: comma-separated key names (the default when ``None``); an empty
    list means no partitioning. A key that is no role must be a field of some format (of a
    mixed tree's formats, those without it take its null partition)."""
    from awslogparse.registry import has_field

    if text is None:
        return DEFAULT_KEYS
    names = [n.strip() for n in (text.split(",") if isinstance(text, str) else text)]
    names = [n for n in names if n]
    for name in names:
        if not _KEY.fullmatch(name):
            raise ValueError(f"not a partition key name: {name!r} (letters, digits and _)")
    if len(set(names)) != len(names):
        raise ValueError(f"a partition key is named twice: {','.join(names)}")
    unknown = [n for n in names if n != "format" and n not in ROLES and not has_field(n)]
    if unknown:  # (a typo would put every row in the null partition of that key)
        raise ValueError(f"no format has a field named {unknown[0]!r} to partition by (keys: "
                         f"format, account_id, region, date, or a field's name)")
    return tuple(names)


def escape_value(value: Any) -> str:
    """A partition value as a path-safe string (see the module docstring)."""
    if value is None:
        return DEFAULT_PARTITION
    text = value.isoformat() if isinstance(value, date) else str(value)
    if not text:
        return DEFAULT_PARTITION
    raw = text.encode("utf-8", "surrogatepass")
    escaped = "".join(chr(b) if b in _SAFE else f"%{b:02X}" for b in raw)
    if len(escaped) > MAX_VALUE:  # (is_cut says so)
        digest = hashlib.sha256(raw).hexdigest()[:16]
        cut = escaped[:MAX_VALUE - 17]
        cut = cut[:cut.rfind("%")] if "%" in cut[-2:] else cut  # no half escape at the end
        escaped = f"{cut}~{digest}"
    return escaped


def is_cut(value: Any) -> bool:
    """Whether :func:`escape_value` cuts ``value``: its folder name then does not hold it."""
    if value is None:
        return False
    text = value.isoformat() if isinstance(value, date) else str(value)
    raw = text.encode("utf-8", "surrogatepass")
    return sum(1 if b in _SAFE else 3 for b in raw) > MAX_VALUE


def partition_path(keys: Sequence[str], values: Sequence[Any]) -> str:
    """``key=value/...`` for one partition (values escaped)."""
    return "/".join(f"{k}={escape_value(v)}" for k, v in zip(keys, values, strict=True))


@dataclass(frozen=True)
class KeyRule:
    """How one partition key gets its value in one format: a column (and the key's fact for
    its nulls), or a constant."""

    key: str
    column: str = ""
    fallback: Any = None
    is_date: bool = False
    carried: tuple[str, ...] = ()
    """``_extra`` keys that fill the column's nulls before the fallback: the context a
    CloudWatch Logs payload or export gives the records it carries (the event's time, the
    owner's account), kept in ``_extra`` by a conversion."""


@functools.cache
def carried_names(role: str) -> tuple[str, ...]:
    """The context fields that the formats carrying other formats' records (CloudWatch Logs
    payloads and exports) add to them and that their specs give ``role`` (``time_field``,
    ``account_field``, ``region_field``): where a carried record's missing time or account
    is."""
    from awslogparse import registry

    names: list[str] = []
    for name in registry.formats():
        fmt = registry.get(name).format()
        if fmt.carries_formats:
            field = getattr(fmt.spec, role)
            if field and field in {f.name for f in fmt.context_fields()} and \
                    field not in names:
                names.append(field)
    return tuple(names)


def rules_for(keys: Sequence[str], fmt: str, spec: Any, facts: KeyFacts,
              names: Sequence[str]) -> list[KeyRule]:
    """The rule of each key for a format (``spec``: its FormatSpec; ``names``: its columns)."""
    rules = []
    for key in keys:
        if key == "format":
            rules.append(KeyRule(key, fallback=fmt))
        elif key == "account_id":
            rules.append(KeyRule(key, spec.account_field, facts.account,
                                 carried=carried_names("account_field")))
        elif key == "region":
            rules.append(KeyRule(key, spec.region_field, facts.region,
                                 carried=carried_names("region_field")))
        elif key == "date":
            rules.append(KeyRule(key, time_column(spec, names), facts.date, is_date=True,
                                 carried=carried_names("time_field")))
        else:
            field = spec.schema.get(key)
            if field is not None and field.nested:
                raise ValueError(f"cannot partition by {key}: a nested field of {fmt}")
            rules.append(KeyRule(key, key if key in names else ""))
    return rules


def time_column(spec: Any, names: Sequence[str] = ()) -> str:
    """The spec's ``time_field``, else its first timestamp field, else none (``names``: the
    dataset's columns, which hold it)."""
    if spec.time_field:
        return str(spec.time_field)
    return next((f.name for f in spec.schema if f.type == "timestamp" and (
        not names or f.name in names)), "")


def dropped_columns(keys: Sequence[str], names: Sequence[str]) -> list[str]:
    """Columns that become partition keys of the same name: the path holds them, so the files
    do not (Athena and Spark refuse a column that is both)."""
    return [k for k in keys if k in names]


def split(batch: Any, rules: Sequence[KeyRule], *, columns: Sequence[str] | None = None
          ) -> list[tuple[str, Any]]:
    """``batch`` (a RecordBatch, or a Table of several) cut by partition: (path, RecordBatch)
    pairs, one per path, rows in their original order, with the columns ``columns`` (default:
    all). All-null columns are slices of one shared array
    (:func:`awslogparse.arrow.null_array`), the others buffers of their own: a partition's
    rows keep no other rows' memory alive.

    (Sorting each partition's rows by time here too was measured: the writer's sort then
    gathers sorted runs, 0.3 s faster for 2M flow log rows, but the gather here reads in random
    order and costs as much more, on the thread that parses.)"""
    import pyarrow as pa
    import pyarrow.compute as pc

    consts: list[Any] = []
    arrays: list[tuple[int, Any]] = []
    cut: list[tuple[str, Any, Any]] = []
    for i, rule in enumerate(rules):
        consts.append(rule.fallback)
        column = _contiguous(batch.column(rule.column)) if rule.column else None
        if column is not None and rule.is_date:
            column = pc.cast(column, pa.date32())
        if rule.carried and (column is None or column.null_count):
            carried = _carried(batch, rule)
            if carried is not None:
                column = carried if column is None else pc.coalesce(column, carried)
        if column is None or column.null_count == len(column):
            continue  # the fallback for every row
        encoded = pc.dictionary_encode(column, null_encoding="encode")
        if columns is not None and rule.column and rule.column not in columns:  # (the path
            # alone holds it; a carried value stays in ``_extra``)
            flags = [is_cut(v) for v in encoded.dictionary.to_pylist()]
            if any(flags):
                cut.append((rule.column, column, pc.take(pa.array(flags), encoded.indices)))
        if len(encoded.dictionary) == 1 and not column.null_count:
            consts[i] = encoded.dictionary[0].as_py()
            continue
        arrays.append((i, encoded))
    if cut:
        batch = _kept_whole(batch, cut)
    keys = [r.key for r in rules]
    names = batch.schema.names if columns is None else list(columns)
    if not arrays:
        return [(partition_path(keys, consts), _grouped(batch, names, None, 1)[0])]
    code: Any = None
    dictionaries = []
    for i, encoded in arrays:  # (null is an entry of its own: no index is null)
        values = [v if v is not None else consts[i] for v in encoded.dictionary.to_pylist()]
        indices = pc.cast(encoded.indices, pa.int64())
        dictionaries.append((i, values))
        code = indices if code is None else pc.add(pc.multiply(code, len(values)), indices)
    combos = pc.dictionary_encode(code)  # each row's combination, numbered by first appearance
    paths: dict[str, int] = {}  # two entries may give one path (a value, and null filled in
    group_of = []  # with that same value from the key): each combination's path, numbered
    for combo in combos.dictionary.to_pylist():
        values = list(consts)
        rest = combo
        for i, dictionary in reversed(dictionaries):
            rest, index = divmod(rest, len(dictionary))
            values[i] = dictionary[index]
        group_of.append(paths.setdefault(partition_path(keys, values), len(paths)))
    if len(paths) == 1:
        return [(next(iter(paths)), _grouped(batch, names, None, 1)[0])]
    groups = combos.indices if len(group_of) == len(paths) else pc.take(
        pa.array(group_of, pa.int32()), combos.indices)
    return list(zip(paths, _grouped(batch, names, groups, len(paths)), strict=True))


def _carried(batch: Any, rule: KeyRule) -> Any:
    """The rule's carried values of each row (``_extra``'s text; a date from an ISO time), or
    None when no row has one."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from awslogparse.arrow import EXTRA

    at = batch.schema.get_field_index(EXTRA)
    if at < 0:
        return None
    extra = _contiguous(batch.column(at))
    if extra.null_count == len(extra):
        return None
    values: Any = None
    for name in rule.carried:
        found = pc.map_lookup(extra, pa.scalar(name, pa.string()), "first")
        values = found if values is None else pc.coalesce(values, found)
    if values is None or values.null_count == len(values):
        return None
    if rule.is_date:
        try:  # (``_extra`` writes times as ISO 8601 with Z)
            values = pc.cast(pc.cast(values, pa.timestamp("us", tz="UTC")), pa.date32())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
    return values


def _kept_whole(batch: Any, cut: list[tuple[str, Any, Any]]) -> Any:
    """``batch`` with each value a folder name cuts (the rows flagged true of each
    ``(column, values, flags)``) added to the row's ``_extra`` under its column's name: the
    files do not hold that column, and the cut name does not hold the value."""
    import pyarrow as pa

    from awslogparse.arrow import EXTRA, extra_text

    at = batch.schema.get_field_index(EXTRA)
    if at < 0:
        return batch
    extra = _contiguous(batch.column(at)).to_pylist()
    for name, values, flags in cut:
        for row, flag in enumerate(flags.to_pylist()):
            if flag:
                extra[row] = [*(extra[row] or []), (name, extra_text(values[row].as_py()))]
    field = batch.schema.field(at)
    return batch.set_column(at, field, pa.array(extra, field.type))


def _contiguous(column: Any) -> Any:
    """A Table's column as one array (a RecordBatch's already is)."""
    import pyarrow as pa

    if isinstance(column, pa.ChunkedArray):
        return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
    return column


def _grouped(data: Any, names: list[str], groups: Any, count: int) -> list[Any]:
    """``data``'s rows of each group ``0 .. count-1`` (all rows when ``groups`` is ``None``),
    as RecordBatches of the columns ``names``. One stable sort by group, then a gather per group
    of its run of the sorted row numbers, all its columns at once: every row is copied once, as
    filtering once per group would not (it reads every column once per partition). Each group
    gets buffers of its own (slices of one gathered batch would keep the whole batch alive until
    every partition's buffer is written). All-null columns (most of a format's full schema) are
    not gathered: a slice of one shared all-null array per type serves every such column."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from awslogparse.arrow import null_array

    rows = data.num_rows
    schema = pa.schema([data.schema.field(n) for n in names])
    source = [data.column(n) for n in names]
    filled = [i for i, c in enumerate(source) if c.null_count != rows]
    empty = [(i, source[i].type) for i in range(len(names)) if source[i].null_count == rows]
    order = None if groups is None else pc.sort_indices(groups)
    if groups is None:
        counts = [rows]
    else:
        counts = [0] * count
        for item in pc.value_counts(groups).to_pylist():
            counts[item["values"]] = item["counts"]
    # (a gather from many chunks costs several times more: one array each)
    values = pa.RecordBatch.from_arrays([_contiguous(source[i]) for i in filled],
                                        names=[names[i] for i in filled])
    out, start = [], 0
    for size in counts:
        arrays: list[Any] = [None] * len(names)
        nulls: dict[Any, Any] = {}
        for i, kind in empty:
            found = nulls.get(kind)
            if found is None:
                found = nulls[kind] = null_array(kind, size)
            arrays[i] = found
        picked = values if order is None else values.take(order.slice(start, size))
        for i, column in zip(filled, picked.columns, strict=True):
            arrays[i] = column
        out.append(pa.RecordBatch.from_arrays(arrays, schema=schema))
        start += size
    return out
