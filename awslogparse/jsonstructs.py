"""A one-line ``{"Records": [...]}`` document -> one Arrow batch, through msgspec's typed decoder
(the ``fast`` extra): the fast path of CloudTrail-like formats.

:class:`~awslogparse.jsoncolumns.ColumnBuilder` starts from decoded Python objects: every open
object (``requestParameters``) is decoded into dicts and lists only to be encoded again as JSON
text, and fixed-shape objects (``userIdentity``) go through Arrow's type inference of dicts.
Here msgspec decodes the document into generated ``Struct`` types made from the spec: open JSON
stays :class:`msgspec.Raw` (the bytes as written, never decoded), fixed shapes are Structs
whose children are gathered a column at a time, scalars are typed by the decoder.

Exactness: this path gives the batch the reference path would, or declines the document (the
caller then frames it as before, which also names the errors). It declines whatever msgspec
refuses (a key the spec does not know, as ``_extra`` needs the reference path; a value of
another JSON type than the spec's, a number beyond a float, ``NaN``), a record holding none of
the keys every record has, and anything a column's own checks refuse (the conformers of
:mod:`awslogparse.jsoncolumns`, shared). Raw JSON text is kept as written only when it is
what :func:`~awslogparse.jsontext.json_text` would write for its value (:data:`CANONICAL`:
compact, integers only, no escapes but the short ones); other values are decoded and written
by ``json_text``, as the reference path does. One known difference: an open object that
repeats a key keeps both as written, where decoding keeps the last.
"""

from __future__ import annotations

import itertools
import operator
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

import msgspec
import pyarrow as pa
import pyarrow.compute as pc

from awslogparse.arrow import EXTRA, EXTRA_TYPE, SOURCE, arrow_type, null_array
from awslogparse.jsoncolumns import NotExactError, conformer, field_column
from awslogparse.jsontext import json_text
from awslogparse.model import Field, FieldType, Schema

CANONICAL = (r'^(?:"(?:[^"\\\x00-\x1f]|\\["\\bfnrt])*"|true|false|null|0|-?[1-9][0-9]*'
             r"|[{}\[\],:])*$")
"""Raw JSON text that ``json_text`` writes the same for its decoded value (RE2, whole text):
no whitespace between tokens, strings whose only escapes are the short forms both encoders
write, integers without ``-0`` (numbers with a fraction or exponent are spelt differently by
the two encoders: those are decoded and written again)."""

Gather = Callable[[list[Any]], pa.Array]


def _typed(field: Field) -> bool:
    """Whether the decoder can type the field itself: no null markers at any depth."""
    return not field.nulls and all(_typed(c) for c in field.children)


class DocumentBuilder:
    """Decodes one document of a JSON record format (a records key) into one batch of
    ``target``, or declines it (``None``)."""

    def __init__(self, schema: Schema, target: pa.Schema, records_key: str,
                 always: Sequence[str]) -> None:
        self.target = target
        self.names = frozenset(target.names)
        counter = itertools.count()
        record, self._gather, attrs = _struct_plan(schema.fields, "Record", counter,
                                                   always=always)
        # the records key alone: a document holding other keys is framed as before
        envelope = msgspec.defstruct("Document", [(records_key, list[record])],  # type: ignore[valid-type]
                                     forbid_unknown_fields=True)
        self._decoder = msgspec.json.Decoder(envelope)
        self._records = operator.attrgetter(records_key)
        self._present = [operator.attrgetter(attrs[name]) for name in always]

    def build(self, data: bytes, source: str = "") -> tuple[pa.RecordBatch, int] | None:
        """The batch of every record of the one-line document ``data`` (each on line 1) and
        its row count, or None for the reference path."""
        try:
            records = self._records(self._decoder.decode(data))
        except (msgspec.ValidationError, msgspec.DecodeError, RecursionError,
                UnicodeDecodeError):  # (msgspec's error for a key that is not UTF-8)
            return None
        if self._present and not self._each_has_one(records):
            return None  # (a record with none of the keys every one has: the reference names it)
        try:
            arrays = self._gather(records)
        except (NotExactError, pa.ArrowInvalid, pa.ArrowTypeError, OverflowError, TypeError,
                ValueError):
            return None
        rows = len(records)
        if EXTRA in self.names:  # (unknown keys made msgspec refuse the document)
            arrays.append(null_array(EXTRA_TYPE, rows))
        if SOURCE in self.names:
            arrays.append(pa.repeat(pa.scalar(source, pa.string()), rows))
            arrays.append(pa.repeat(pa.scalar(1, pa.int64()), rows))
        return pa.RecordBatch.from_arrays(arrays, schema=self.target), rows


    def _each_has_one(self, records: list[Any]) -> bool:
        """Whether every record holds one of the keys every record has. A key that no record
        lacks answers it with one pass in C (the usual case); else record by record."""
        unset = msgspec.UNSET
        columns = [list(map(get, records)) for get in self._present]
        if any(unset not in column for column in columns):
            return True
        return all(any(column[i] is not unset for column in columns)
                   for i in range(len(records)))


def _struct_plan(fields: Sequence[Field], name: str, counter: Any, *,
                 always: Sequence[str] = ()
                 ) -> tuple[type, Callable[[list[Any]], list[pa.Array]], dict[str, str]]:
    """A msgspec Struct for an object of ``fields``, ``structs -> one array per field`` and
    each wire name's attribute. The record and every fixed-shape object in it refuse keys the
    spec does not know: they belong in ``_extra`` (:mod:`awslogparse.unknownkeys`), which needs
    the decoded record, so the document goes the column way."""
    members: list[tuple[str, Any, Any]] = []
    attrs: dict[str, str] = {}
    gathers: list[tuple[Callable[[Any], Any], Gather, bool]] = []
    for field in fields:
        kind, gather = _member(field, name, counter)
        unset = field.wire_name in always
        default = msgspec.UNSET if unset else None
        if unset:
            kind = kind | msgspec.UnsetType
        attr = f"f{next(counter)}"  # (a wire name need not be an identifier)
        members.append((attr, kind, msgspec.field(default=default, name=field.wire_name)))
        attrs[field.wire_name] = attr
        gathers.append((operator.attrgetter(attr), gather, unset))
    # gc=False: the collector does not track the decoded objects. They form a tree (decoded
    # JSON has no cycles) and live only until gathered; tracked, their hundreds of thousands
    # kept the collector scanning: 200 CloudTrail files through iter_batches and ParquetSink
    # 3.26 -> 3.04 s, 8% less CPU (interleaved A/B, 6 rounds).
    struct = msgspec.defstruct(name, members, forbid_unknown_fields=True, gc=False,
                               omit_defaults=False)

    def gather_all(structs: list[Any]) -> list[pa.Array]:
        out = []
        for get, gather, unset in gathers:
            values = list(map(get, structs))
            if unset:
                values = [None if v is msgspec.UNSET else v for v in values]
            out.append(gather(values))
        return out
    return struct, gather_all, attrs


def _member(field: Field, owner: str, counter: Any) -> tuple[Any, Gather]:
    """The decoder's type for one field's value, and ``values -> its Arrow array``."""
    target = arrow_type(field)
    if not _typed(field):  # decoded as JSON, converted as the column builder does
        return Any, field_column(field, field.name)
    kind = field.type
    if kind is FieldType.JSON:
        return msgspec.Raw, _json_texts  # (a JSON null is Raw too; msgspec takes no union)
    if kind is FieldType.STRUCT:
        struct, gather, _ = _struct_plan(field.children, f"{owner}_{field.name}", counter)
        return struct | None, _structs(gather, struct(), target)
    if kind is FieldType.LIST and field.items is FieldType.STRUCT:
        struct, gather, _ = _struct_plan(field.children, f"{owner}_{field.name}", counter)
        return list[struct] | None, _lists(gather, target)  # type: ignore[valid-type]
    found = _SCALARS.get(kind)
    if kind is FieldType.TIMESTAMP and field.unit in ("iso", "iso_plain", ""):
        found = _SCALARS[FieldType.STR]  # ISO text: the conformer checks and casts it
    if found is None:  # (epoch times, lists of scalars: as decoded JSON)
        return Any, field_column(field, field.name)
    scalar, wire = found
    conform = conformer(field)
    return scalar | None, lambda values: conform(pa.array(values, wire))


_SCALARS: dict[FieldType, tuple[type, pa.DataType]] = {
    FieldType.STR: (str, pa.string()), FieldType.IP: (str, pa.string()),
    FieldType.BOOL: (bool, pa.bool_()), FieldType.INT: (int, pa.int64()),
    FieldType.FLOAT: (float, pa.float64())}
"""Scalar types the decoder checks, and the Arrow type its values are read as (the field's
conformer then holds them to the spec: integer ranges and widths)."""


def _json_texts(values: list[Any]) -> pa.Array:
    """Raw JSON values as text: as written where that is what ``json_text`` writes, else
    decoded and written by it."""
    raws = [None if v is None else bytes(v) for v in values]
    texts = pa.array(raws, pa.binary()).cast(pa.string())  # (msgspec checked UTF-8)
    _decline_long_integers(texts, raws)
    literal_null = pc.equal(texts, "null")
    if pc.any(literal_null).as_py():  # ``"key": null``: no value, as the reference has it
        texts = pc.if_else(literal_null, pa.scalar(None, pa.string()), texts)
    written = pc.fill_null(pc.match_substring_regex(texts, CANONICAL), True)
    if pc.all(written).as_py():
        return texts
    other = pc.invert(written)
    redone = [json_text(msgspec.json.decode(raws[i]))
              for i in pc.indices_nonzero(other).to_pylist()]
    return pc.replace_with_mask(texts, other, pa.array(redone, pa.string()))


def _decline_long_integers(texts: pa.Array, raws: list[bytes | None]) -> None:
    """NotExactError when a raw value may hold an integer of more digits than Python converts
    (``sys.get_int_max_str_digits``): msgspec keeps raw values undecoded, where the reference
    path's decoder refuses the record (an error). Only values longer than the limit can; a run
    of digits inside a string also declines, and the reference path then reads it the same."""
    limit = sys.get_int_max_str_digits()
    if not limit:
        return
    long = pc.greater(pc.utf8_length(texts), limit)
    if not pc.any(long).as_py():
        return
    digits = re.compile(b"[0-9]{%d}" % (limit + 1))
    for i in pc.indices_nonzero(pc.fill_null(long, False)).to_pylist():
        raw = raws[i]
        if raw is not None and digits.search(raw) is not None:
            raise NotExactError


def _structs(gather: Callable[[list[Any]], list[pa.Array]], empty: Any,
             target: pa.DataType) -> Gather:
    fields = list(target)

    def build(values: list[Any]) -> pa.Array:
        absent = values.count(None)
        if absent == len(values):  # (most objects are rare: Insights, addenda; no walk down)
            return null_array(target, absent)
        if not absent:
            return pa.StructArray.from_arrays(gather(values), fields=fields)
        mask = pa.array([v is None for v in values], pa.bool_())
        children = gather([empty if v is None else v for v in values])
        return pa.StructArray.from_arrays(children, fields=fields, mask=mask)
    return build


def _lists(gather: Callable[[list[Any]], list[pa.Array]], target: pa.DataType) -> Gather:
    fields = list(target.value_type)

    def build(values: list[Any]) -> pa.Array:
        if values.count(None) == len(values):
            return null_array(target, len(values))
        lengths = [0 if v is None else len(v) for v in values]
        offsets = pa.array(itertools.accumulate(lengths, initial=0), pa.int32())
        flat = [s for v in values if v is not None for s in v]
        children = gather(flat)
        inner = pa.StructArray.from_arrays(children, fields=fields)
        mask = pa.array([v is None for v in values], pa.bool_())
        return pa.ListArray.from_arrays(offsets, inner, type=target, mask=mask)
    return build


__all__ = ["CANONICAL", "DocumentBuilder"]
