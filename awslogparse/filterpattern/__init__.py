"""CloudWatch Logs filter patterns, offline: the syntax of metric filters, subscription filters,
FilterLogEvents and Live Tail, applied to records and raw lines that awslogparse reads.

    >>> from awslogparse import filterpattern
    >>> p = filterpattern.compile('{ ($.eventName = ConsoleLogin) && '
    ...                           '($.errorMessage = "Failed authentication") }')
    >>> p.matches({"eventName": "ConsoleLogin", "errorMessage": "Failed authentication"})
    True

Four kinds of pattern, told apart by their first character as CloudWatch does:

* terms (``ERROR``, ``"exact phrase"``, ``-excluded``, ``?either ?or``) search the raw message
  text, case-sensitively; ``" "`` (or the empty pattern) matches everything; ``?`` terms are
  ignored when the pattern also has plain or ``-`` terms (AWS documents this);
* ``%regex%`` alone: a regular expression restricted as AWS restricts it (ASCII letters, digits,
  a few symbols and the operators ``^ $ ? [ ] { } | \\ * + .``; no parentheses);
* ``{ ... }`` JSON patterns test fields by selector (``$.a.b``, ``$.list[0]``, ``$.*``,
  ``$.list[*]``, ``$.['dotted.key']``) with ``= != < <= > >=``, ``IS NULL``, ``IS TRUE``,
  ``IS FALSE``, ``NOT EXISTS``, ``&&``, ``||`` and parentheses (``&&`` binds tighter);
* ``[ ... ]`` space-delimited patterns name the fields of a space-separated message
  (``[ip, user, ..., status = 4*, bytes > 1000]``), ``...`` standing for any number of fields;
  without ``...`` the last field takes the rest of the message (AWS: ``[w1=ERROR, w2]`` matches
  lines whose first word is ERROR).

What a pattern is matched against: JSON patterns take a dict record (``$.dstport`` reaches the
``dstport`` key; ``$.log-status`` also finds ``log_status``) or JSON text. Term, regex and
space-delimited patterns take the raw message: a ``str`` line, or a dict record when the pattern
was compiled with ``format=`` (the line is rebuilt with the format's ``format_line``, in the
layout ``fields=``). Without a format, term and regex patterns see a dict as its compact JSON
text; space-delimited patterns need the raw line. Datetimes compare as epoch seconds in numeric
tests and as ISO 8601 UTC text (``2014-12-14T04:06:50Z``) in text tests. The full rules, and what
the Arrow translation covers, are in ``docs/filterpattern.md``.

Sources (AWS documentation; the wording here is our own):

* https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
  (syntax, regex restrictions and quotas, the examples the tests use)
* https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/MonitoringPolicyExamples.html
  (metric filter examples: counting terms, HTTP 404s, Apache fields)
* https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
  and .../cloudwatch-alarms-for-cloudtrail-additional-examples.html (CloudTrail alarm patterns)
* https://docs.aws.amazon.com/vpc/latest/userguide/process-records-cwl.html (the flow log
  SSH-reject metric filter)

pyparsing is imported by :func:`compile` only, and pyarrow by the Arrow methods only.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from awslogparse.filterpattern._nodes import (
    ArrowUnsupportedError,
    DelimitedPattern,
    FilterPatternError,
    JsonPattern,
    Pattern,
    RegexPattern,
)

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.compute as pc

__all__ = [
    "ArrowUnsupportedError",
    "FilterPattern",
    "FilterPatternError",
    "MetricCounts",
    "compile",
    "count_matches",
    "line_writer",
]

Kind = Literal["terms", "regex", "json", "delimited"]
Fields = str | Sequence[str] | None


def compile(pattern: str, *, format: str | None = None, fields: Fields = None) -> FilterPattern:
    """Parse a filter pattern (cached). Raises :class:`FilterPatternError` if it does not parse.

    ``format`` (e.g. ``"vpcflow"``) and ``fields`` (its layout, as ``iter_records`` takes it) say
    how to rebuild the raw line of a dict record for term, regex and space-delimited patterns.
    """
    key = fields if fields is None or isinstance(fields, str) else tuple(fields)
    return _compile(pattern, format, key)


@functools.lru_cache(maxsize=256)
def _compile(pattern: str, format: str | None, fields: str | tuple[str, ...] | None
             ) -> FilterPattern:
    from awslogparse.filterpattern._grammar import parse

    return FilterPattern(pattern, parse(pattern), format, fields)


class FilterPattern:
    """A compiled filter pattern. Immutable; compare and hash by canonical text and format."""

    def __init__(self, source: str, node: Pattern, format: str | None = None,
                 fields: Fields = None) -> None:
        self.source = source
        self.node = node
        self.format = None if format is None else _format_name(format)
        self.fields = fields
        self.kind: Kind = _kind(node)
        self._line: Callable[[Mapping[str, Any]], str] | None = None
        self._test = self._build()

    # ---- text and identity

    def __str__(self) -> str:
        """The canonical pattern: parses back to an equal pattern."""
        return str(self.node)

    def __repr__(self) -> str:
        extra = f", format={self.format!r}" if self.format else ""
        return f"FilterPattern({str(self)!r}{extra})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FilterPattern):
            return NotImplemented
        return (self.node, self.format, self.fields) == (other.node, other.format, other.fields)

    def __hash__(self) -> int:
        return hash((self.node, self.format, str(self.fields)))

    # ---- row evaluation

    def matches(self, item: Mapping[str, Any] | str | bytes) -> bool:
        """Whether one record (dict), raw line / JSON text (str) or bytes matches."""
        return self._test(item)

    def __call__(self, item: Mapping[str, Any] | str | bytes) -> bool:
        return self._test(item)

    def filter(self, items: Iterable[Any]) -> Iterator[Any]:
        """The items that match, lazily (records stay the objects given)."""
        test = self._test
        return (item for item in items if test(item))

    def _build(self) -> Callable[[Any], bool]:
        from awslogparse.filterpattern import _rows

        node = self.node
        if isinstance(node, JsonPattern):
            doc_test = _rows.json_test(node.expr)
            return _on_docs(doc_test)
        if isinstance(node, DelimitedPattern):
            return self._on_text(_rows.delimited_test(node), json_ok=False)
        if isinstance(node, RegexPattern):
            return self._on_text(_rows.regex_test(node), json_ok=True)
        return self._on_text(_rows.terms_test(node), json_ok=True)

    def _on_text(self, text_test: Callable[[str], bool], *, json_ok: bool
                 ) -> Callable[[Any], bool]:
        """Adapt a test of the message text to take records too."""
        from awslogparse.filterpattern import _rows

        if self.format is not None:
            to_line = line_writer(self.format, self.fields)
        elif json_ok:
            to_line = _rows.json_text
        else:
            to_line = _needs_line
        self._line = to_line

        def slow(item: Any) -> str:
            if isinstance(item, Mapping):
                return to_line(item)
            if isinstance(item, bytes | bytearray):
                return bytes(item).decode("utf-8", "replace")
            if isinstance(item, str):
                return str(item)
            raise TypeError(f"a filter pattern tests a dict record or a str/bytes message, not "
                            f"{type(item).__name__}")

        def test(item: Any) -> bool:
            kind = type(item)
            if kind is str:
                return text_test(item)
            if kind is dict:
                return text_test(to_line(item))
            return text_test(slow(item))
        return test

    def message(self, record: Mapping[str, Any]) -> str:
        """The message text a record stands for, as this pattern sees it (for term, regex and
        space-delimited patterns; JSON patterns read the record itself)."""
        if self._line is None:
            from awslogparse.filterpattern import _rows

            return _rows.json_text(record)
        return self._line(record)

    # ---- Arrow

    def to_arrow_expression(self, schema: pa.Schema | None = None) -> pc.Expression:
        """A ``pyarrow.compute.Expression`` selecting the matching rows of a table of ``schema``
        (default: the Arrow schema of ``format``). Raises :class:`ArrowUnsupportedError` (a
        ``NotImplementedError``) where the pattern cannot be written as one; SourceError
        without the ``arrow`` extra."""
        from awslogparse.reader import require_arrow

        require_arrow()
        from awslogparse.filterpattern._arrow import expression

        if schema is None:
            if self.format is None:
                raise ArrowUnsupportedError("to_arrow_expression needs the table schema (or a "
                                            "pattern compiled with format=...)")
            from awslogparse.api import schema as format_schema

            schema = format_schema(self.format).to_arrow()
        return expression(self, schema)

    def filter_table(self, table: pa.Table) -> pa.Table:
        """The rows of an Arrow table that match: one compute expression where the pattern has
        one (:meth:`to_arrow_expression`), otherwise row evaluation of ``table.to_pylist()``."""
        pattern = self._for_table(table.schema)
        try:
            expr = pattern.to_arrow_expression(table.schema)
        except NotImplementedError:
            return pattern.filter_rows(table)
        return table.filter(expr)

    def filter_rows(self, table: pa.Table) -> pa.Table:
        """:meth:`filter_table` by row evaluation only (the reference the Arrow path must equal)."""
        import pyarrow as pa

        from awslogparse.filterpattern._tables import record_maker

        pattern = self._for_table(table.schema)
        test = pattern._test
        # rows as the records: open JSON decoded, _extra put back (JSON patterns read them, and
        # the other kinds test the line or JSON text written from them)
        record = record_maker(_table_fields(pattern.format, table.schema), table.schema.names)
        mask = [test(record(row)) for batch in table.to_batches() for row in batch.to_pylist()]
        return table.filter(pa.array(mask, type=pa.bool_()))

    def _for_table(self, schema: pa.Schema) -> FilterPattern:
        """Tables written by awslogparse name their format in the schema metadata: a line-based
        pattern compiled without ``format=`` borrows it."""
        if self.format is not None or self.kind == "json":
            return self
        from awslogparse.arrow import written_format

        name = written_format(schema.metadata)
        if name is None:
            return self
        try:
            return compile(self.source, format=name, fields=self.fields)
        except (KeyError, ValueError):
            return self


def _kind(node: Pattern) -> Kind:
    if isinstance(node, JsonPattern):
        return "json"
    if isinstance(node, DelimitedPattern):
        return "delimited"
    if isinstance(node, RegexPattern):
        return "regex"
    return "terms"


def _table_fields(format: str | None, schema: pa.Schema) -> tuple[Any, ...] | None:
    """The fields of the format a table holds (``format``, else the one its metadata names),
    or None when neither names one."""
    from awslogparse import registry
    from awslogparse.arrow import written_format

    name = format if format is not None else written_format(schema.metadata)
    if name is None:
        return None
    try:
        return tuple(registry.get(name).format().spec.schema.fields)
    except KeyError:
        return None


def _on_docs(doc_test: Callable[[Any], bool]) -> Callable[[Any], bool]:
    import json

    def test(item: Any) -> bool:
        if type(item) is dict or isinstance(item, Mapping):
            return doc_test(item)
        if isinstance(item, bytes | bytearray):
            item = bytes(item).decode("utf-8", "replace")
        if isinstance(item, str):
            text = item.strip()
            if not text.startswith("{"):
                return False
            try:
                doc = json.loads(text)
            except (ValueError, RecursionError):  # not JSON, or nested beyond Python's limit
                return False
            return isinstance(doc, dict) and doc_test(doc)
        raise TypeError(f"a filter pattern tests a dict record or a str/bytes message, not "
                        f"{type(item).__name__}")
    return test


def _needs_line(record: Mapping[str, Any]) -> str:
    raise ValueError("a space-delimited pattern tests the raw message: pass the line (str), or "
                     "compile the pattern with format= (and fields=) so records can be written "
                     "back as lines")


def _format_name(format: str) -> str:
    from awslogparse import registry

    return registry.get(format).name


@functools.lru_cache(maxsize=64)
def _writer(format: str, fields: str | tuple[str, ...] | None
            ) -> Callable[[Mapping[str, Any]], str]:
    from awslogparse import registry

    fmt = registry.get(format).format()
    if fmt.carries_formats:
        return _event_message(format, fmt, fields)
    if not fmt.line_based:
        from awslogparse.filterpattern import _rows

        return _rows.json_text  # a JSON-shaped format: the message is the JSON text
    return fmt.writer(fields)


def _event_message(name: str, fmt: Any, fields: str | tuple[str, ...] | None
                   ) -> Callable[[Mapping[str, Any]], str]:
    """``record -> message`` for a format whose records are log events carrying other formats
    (CloudWatch Logs payloads and exports): a generic event's ``message``; a record of the
    format its ``_format`` names written back as that format's line (in ``fields``, or its own
    keys' order) or JSON text, without the event's context (log group, stream, time, ...)."""
    from awslogparse import registry
    from awslogparse.filterpattern import _rows

    names = frozenset(fmt.spec.schema.names)
    message = next(f.name for f in fmt.spec.schema.fields if f.wire_name == "message")

    @functools.cache
    def event_keys(inner: str) -> frozenset[str]:
        """The keys of the event, not of the record it carries (a table row has every one)."""
        try:
            return names - frozenset(registry.get(inner).format().spec.schema.names)
        except KeyError:
            return names

    @functools.cache
    def inner_writer(inner: str, layout: str | tuple[str, ...]
                     ) -> Callable[[Mapping[str, Any]], str]:
        try:
            return line_writer(inner, layout)
        except ValueError:  # a format of fixed shapes or layout takes none
            return line_writer(inner)

    def write(record: Mapping[str, Any]) -> str:
        inner = record.get("_format")
        if not isinstance(inner, str) or inner == name:
            text = record.get(message)
            return text if isinstance(text, str) else _rows.json_text(record)
        drop = event_keys(inner)
        own = {k: v for k, v in record.items() if k not in drop and not k.startswith("_")}
        layout = fields if fields is None or isinstance(fields, str) else tuple(
            k for k in fields if k not in drop)
        return inner_writer(inner, layout or tuple(own))(own)
    return write


def line_writer(format: str, fields: Fields = None) -> Callable[[Mapping[str, Any]], str]:
    """``record -> raw line`` for a line-based format and layout (the format's
    ``line_writer`` where it has one, else its ``format_line``)."""
    key = fields if fields is None or isinstance(fields, str) else tuple(fields)
    return _writer(_format_name(format), key)


# ---- the metric-filter view --------------------------------------------------------------------

TIME_FIELDS = ("start", "event_time", "eventTime", "timestamp", "time", "@timestamp")
"""Record keys :func:`count_matches` tries, in order, when no ``time_field`` is given."""
_PERIODS = {"minute": 60, "hour": 3600, "day": 86400}


@dataclass
class MetricCounts:
    """Matches per period, as a metric filter with value 1 and default value 0 would report:
    every period in which records arrived appears, with 0 when none of them matched."""

    by: str
    time_field: str | None
    periods: dict[datetime, int] = field(default_factory=dict)
    matched: int = 0
    total: int = 0
    untimed: int = 0
    """Records without a usable time (counted in ``matched`` / ``total``, in no period)."""

    def as_rows(self) -> list[tuple[datetime, int]]:
        return sorted(self.periods.items())


def count_matches(records: Iterable[Any], pattern: str | FilterPattern, *,
                  by: Literal["minute", "hour", "day"] = "minute",
                  time_field: str | Callable[[Mapping[str, Any]], str | None] | None = None,
                  format: str | None = None, fields: Fields = None,
                  matcher: Callable[[Any], bool] | None = None) -> MetricCounts:
    """Count the records matching ``pattern`` per minute / hour / day of ``time_field`` (default:
    the first of :data:`TIME_FIELDS` the first record has; a callable names each record's own,
    for records of several formats). Times may be datetimes, ISO 8601 text or epoch seconds.
    ``matcher`` replaces the pattern's own test (the command line passes one that follows each
    record's layout)."""
    if by not in _PERIODS:
        raise ValueError(f"by must be 'minute', 'hour' or 'day', not {by!r}")
    step = _PERIODS[by]
    fp = pattern if isinstance(pattern, FilterPattern) else compile(
        pattern, format=format, fields=fields)
    test = matcher or fp._test
    per_record = time_field if callable(time_field) else None
    chosen = None if callable(time_field) else time_field
    counts = MetricCounts(by=by, time_field=chosen)
    periods: dict[int, int] = {}
    names: dict[str, None] = {}  # (per_record: the fields used, in order, for time_field)
    for record in records:
        counts.total += 1
        hit = test(record)
        counts.matched += hit
        if per_record is not None and isinstance(record, Mapping):
            chosen = per_record(record)
            if chosen is not None and chosen not in names:
                names[chosen] = None
                counts.time_field = ", ".join(names)
        elif chosen is None and isinstance(record, Mapping):
            chosen = next((k for k in TIME_FIELDS if k in record), None)
            counts.time_field = chosen
        when = _seconds(record.get(chosen)) if chosen and isinstance(record, Mapping) else None
        if when is None:
            counts.untimed += 1
            continue
        bucket = when - when % step
        periods[bucket] = periods.get(bucket, 0) + hit
    counts.periods = {datetime.fromtimestamp(k, UTC): v for k, v in sorted(periods.items())}
    return counts


_FIRST_SECOND = int(datetime(1, 1, 1, tzinfo=UTC).timestamp())
_AFTER_LAST_SECOND = int(datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp()) + 1
"""Epoch seconds a datetime can hold (years 1 to 9999)."""


def _seconds(value: Any) -> int | None:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return int(value.timestamp() // 1)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if not _FIRST_SECOND <= value < _AFTER_LAST_SECOND:  # (NaN fails the test too)
            return None  # no datetime holds it: epoch milliseconds, for instance
        return int(value // 1)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
        return _seconds(parsed)
    return None
