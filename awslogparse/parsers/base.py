"""What every format offers generic code: the :class:`Format` interface, and the line parsers
readers drive (one line at a time, or a block of lines)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from awslogparse.model import Columns, Field, LogFormats, ParseError, Record

# Not ``from typing import TYPE_CHECKING``: a cold start pays for importing typing (see
# awslogparse/model.py). Type checkers treat the name the same.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any, TypeVar

    from awslogparse.specs import FormatSpec

    F = TypeVar("F", bound="Format")

LineFailure = tuple[int, int, str, str]
"""A bad line: (records parsed before it in the block, line number, reason, raw text)."""


class RecordRun(list["Record"]):
    """The records of consecutive units, each of which gave one, handed over as a single
    outcome of a value parser (``(pointer of the first unit, run)``): an envelope's thousands
    of log events would otherwise cost a locator string, a pair and a reader step each.
    ``locators()`` builds each unit's locator, in order, only when asked (readers need
    locators for errors, never for records)."""

    __slots__ = ("locators",)

    def __init__(self, records: Iterable[Record], locators: Callable[[], list[str]]) -> None:
        super().__init__(records)
        self.locators = locators


Outcome = tuple[str, "Record | RecordRun | ParseError | None"]
"""What a value parser gives per unit or run of units: see :meth:`Format.value_parser`."""


def plain_text(text: str) -> bool:
    """True when ``int`` can only see decimal integers in ``text``'s tokens (ASCII, no ``+``,
    no ``_``), so the generated code may call it directly; otherwise it checks each value."""
    return text.isascii() and "+" not in text and "_" not in text


class LineParserBase:
    """Stateful per-source parser. ``__call__`` takes one line (no newline) and returns a
    record, or ``None`` for a line that holds none (blank, header); it raises ParseError."""

    headers = 0
    blank = 0
    layout: tuple[Field, ...] = ()
    """Record fields of the layout in effect (Arrow output's default columns)."""

    def __call__(self, line: str) -> Record | None:
        raise NotImplementedError

    def parse_many(self, lines: list[str], first_line: int, records: list[Record],
                   failures: list[LineFailure], *, with_lines: bool = False,
                   plain: bool = False) -> None:
        """Parse a block of lines into ``records`` and ``failures`` (``first_line`` is the
        number of ``lines[0]``); with ``with_lines`` each record gets its ``_line``. ``plain``
        says the text is printable ASCII without ``+`` or ``_`` (a hint for faster code).
        Parsers override this with a tighter loop; the result must be the same."""
        for offset, line in enumerate(lines):
            self.reference_step(line, first_line + offset, records, failures, with_lines)

    def parse_events(self, lines: list[str], ids: list[Any], times: list[Any], *,
                     context: Record, id_name: str, time_name: str, format_name: str,
                     plain: bool = False) -> list[Record] | None:
        """The records of a CloudWatch Logs envelope's events, each the record of its line
        with ``context``'s items, its id, its time and ``_format`` added, when every line gives
        one by the parser's fastest way; None (here: always) when the caller is to read the
        lines with :meth:`parse_many` instead (nothing has changed then)."""
        return None

    def reference_step(self, line: str, lineno: int, records: list[Record],
                       failures: list[LineFailure], with_lines: bool) -> None:
        """One line through :meth:`__call__` into ``records`` or ``failures``: the step a
        tighter :meth:`parse_many` loop falls back to for any line off its common case."""
        try:
            found = self(line)
        except ParseError as exc:
            failures.append((len(records), lineno, exc.reason, line.rstrip("\r")))
            return
        if found is not None:
            if with_lines:
                found["_line"] = lineno
            records.append(found)


class ExactRaw:
    """Bad lines' raw text without the U+FFFD that UTF-8 decoding put in for invalid bytes:
    those bytes come back as ``\\xNN`` escapes, so an error keeps what the input held. Asked
    once per slice of a block, it decodes the block again at most once."""

    def __init__(self, block: bytes, text: str, first_line: int) -> None:
        self.block, self.text, self.first_line = block, text, first_line
        self._lines: list[str] | None = None

    def __call__(self, failures: list[LineFailure]) -> list[LineFailure]:
        if not failures or "\ufffd" not in self.text:
            return failures
        if self._lines is None:
            self._lines = self.block.decode("utf-8", "backslashreplace").split("\n")
        lines, out = self._lines, []
        for before, line, reason, raw in failures:
            index = line - self.first_line
            exact = lines[index].rstrip("\r") if "\ufffd" in raw and 0 <= index < len(lines) \
                else raw
            out.append((before, line, reason, exact))
        return out


def exact_raw(block: bytes, text: str, failures: list[LineFailure], first_line: int
              ) -> list[LineFailure]:
    """:class:`ExactRaw` for one list of failures."""
    return ExactRaw(block, text, first_line)(failures)


def one_per_format(make: Callable[[FormatSpec], F]) -> Callable[[FormatSpec], F]:
    """A family module's ``family(spec)``: ``make``'s format object, one per format name (its
    compiled layouts and memos are built once, whoever asks: the registry, docgen, a parser)."""
    made: dict[str, F] = {}

    def family(spec: FormatSpec) -> F:
        found = made.get(spec.name)
        if found is None:
            found = made[spec.name] = make(spec)
        return found
    return family


def sample_lines(head: str, count: int = 8) -> list[str]:
    """The first non-blank lines of a source's head (of its first 20), what sniffers judge."""
    return [ln.rstrip("\r") for ln in head.split("\n")[:20] if ln.strip()][:count]


Gate = tuple[str, bool]
"""(characters, any decimal digit): a head's first character, as one of
:func:`awslogparse.registry.head_starts` gives it, must be one of ``characters`` (or, with
the flag, a decimal digit: what ``\\d`` matches) for the format's sniffer to score 0.5 or
more. Detection asks a format only when its gate lets the head through."""

Words = tuple[tuple[str, ...], ...]
"""Alternatives, each of texts that a head must all name (within its first
:data:`WORD_WINDOW` characters) for the format's sniffer to score 0.5 or more: a JSON format's
always-present keys, quoted. Detection asks a format only when one alternative is all there."""

Width = tuple[str, int]
"""(separator, columns): a head's first non-blank line must hold at least ``columns - 1``
separators (``"\\t"``: tab characters; ``" "``: whitespace characters of any kind) for the
format's sniffer to score 0.5 or more: a fixed layout's required columns, each boundary between
two of them at least one separator. Detection asks a format only when its line has them."""

WORD_WINDOW = 16384
"""Characters of a head that sniffers looking for words (keys) read, and no more."""


class Format:
    """What one format offers the generic code (readers, Arrow, filter patterns, docs).

    A family module exposes ``family(spec) -> Format``; generic modules call only these methods,
    never probe modules for attributes. Subclasses override what their family does differently.
    """

    tokens_are_columns = False
    """True when every whitespace-separated token of a line is one field, in layout order (flow
    logs). Filter patterns answer space-delimited patterns from Arrow columns only then; for
    quoted formats the tokens CloudWatch sees differ from the fields."""
    fast_path = ""
    """Dotted path of a module whose ``BlockParser`` parses whole blocks with Arrow; empty when
    Arrow output is built from the per-line parser."""
    line_based = True
    """Units are lines; term, regex and space-delimited patterns read the line text."""
    value_is_container = False
    """Each framed JSON value holds several units (a CloudWatch Logs envelope)."""
    carries_formats = False
    """Its records are mostly records of other formats, each marked with ``_format`` (the
    CloudWatch Logs envelope and export formats): Arrow output per inner format is possible."""

    @property
    def records_of(self) -> str:
        """The format whose records this one's are: its own name, or, for another output of
        a format's deliveries (CloudFront v2's JSON and Parquet, flow logs as Parquet), that
        format's. Their records have the same fields and Arrow schema, so a conversion writes
        them to one dataset."""
        return self.name

    def table_refused(self, columns: Sequence[str]) -> str | None:
        """For a format AWS also delivers as Parquet: why a table (a Parquet file's columns)
        holds no records of it, else None (a sniff sees only a file's first bytes, which every
        Parquet file shares)."""
        return None

    def table_reason(self, columns: Sequence[str]) -> str:
        """Why a table this format takes (:meth:`table_refused` is None) is this format's, for
        detection's reason."""
        return f"Parquet columns are {self.name}'s"

    def context_fields(self) -> tuple[Field, ...]:
        """Fields this format adds to the inner records it carries (log group, event time)."""
        return ()

    routes_by_name = False
    """In a CloudWatch Logs payload, a stream its spec's log group / stream names claim is read
    as this format without a content check (lines with no signature of their own: ECS)."""

    def stream_parser(self, fields: str | Sequence[str] | None, log_group: str,
                      log_stream: str) -> LineParserBase:
        """The parser of one CloudWatch Logs stream's events: the group and stream names may
        narrow what a line can be or add fields (RDS log kinds, ECS task ids). By default the
        plain line parser."""
        return self.line_parser(fields)

    def __init__(self, spec: FormatSpec) -> None:
        self.spec = spec

    @property
    def name(self) -> str:
        return self.spec.name

    def layout(self, fields: str | Sequence[str] | None = None) -> tuple[Field, ...]:
        """Record fields of a line in the default layout, or in the one ``fields`` names."""
        raise NotImplementedError

    def line_parser(self, fields: str | Sequence[str] | None = None) -> LineParserBase:
        """A fresh stateful parser for one source."""
        raise NotImplementedError

    def source_parser(self, fields: str | Sequence[str] | None, source: str) -> LineParserBase:
        """The parser of one whole source (a file, an S3 object) named ``source``: the name may
        tell what its lines are (a CloudWatch Logs export's key names its log stream). By default
        the plain line parser."""
        return self.line_parser(fields)

    def parse_line(self, line: str, fields: str | Sequence[str] | None = None) -> Record:
        """One data line on its own (a header line is an error here: it holds no record)."""
        record = self.line_parser(fields)(line)
        if record is None:
            raise ParseError("not a data line (blank or header)", line)
        return record

    def parse_value(self, value: Any, pointer: str
                    ) -> Iterator[Outcome]:
        """JSON framing: the records of one framed value, each with its unit's pointer (or the
        ParseError of a unit that is no record)."""
        raise NotImplementedError(f"{self.name} is not a JSON format")

    def value_parser(self, fields: str | Sequence[str] | None = None,
                     log_formats: LogFormats | None = None, routes: Any = None
                     ) -> Callable[[Any, str], Iterable[Outcome]]:
        """JSON framing: a fresh per-source ``(value, pointer) -> outcomes`` (each unit's
        pointer with its record or ParseError; ``None``: a container skipped by design; a
        :class:`RecordRun`: the records of consecutive units, with the first one's pointer).
        ``log_formats`` (envelope formats): log group glob -> format of its events; ``routes``
        (envelope formats): a :class:`~awslogparse.parsers.cloudwatch.RouteMemory` kept across
        reads."""
        return self.parse_value

    def arrow_value_parser(self, fields: str | Sequence[str] | None = None
                           ) -> Callable[[Any, str], Iterable[tuple[str, Any]]] | None:
        """JSON framing for Arrow output: :meth:`value_parser` whose records already hold open
        JSON as text (as Arrow does), so batches skip that preparation; ``None`` where the
        format has no such parser (the records are prepared when batched)."""
        return None

    def arrow_columns(self, target: Any) -> Any:
        """JSON framing, fast path: a builder of ``target`` batches from decoded values a
        column at a time (:class:`awslogparse.jsoncolumns.ColumnBuilder`), which declines what
        it cannot convert exactly as :meth:`arrow_value_parser` would; ``None`` where the
        format has none."""
        return None

    def arrow_document(self, target: Any) -> Any:
        """JSON framing, fast path for a whole one-line document of records (CloudTrail's log
        files): a builder of its ``target`` batch (:class:`awslogparse.jsonstructs.
        DocumentBuilder`, which needs msgspec), declining what it cannot convert exactly as
        :meth:`arrow_columns` would; ``None`` where the format has none."""
        return None

    def writer(self, fields: str | Sequence[str] | None = None
               ) -> Callable[[Mapping[str, Any]], str]:
        """``record -> line`` in the wire syntax (the inverse of parsing)."""
        raise NotImplementedError

    def sniff(self, head: str) -> tuple[float, str]:
        """How much the first decoded lines look like this format (0..1), and why."""
        return 0.0, "no content sniffer"

    def content_gate(self) -> Gate | None:
        """What a head's first character must be for :meth:`sniff` to score 0.5 or more (see
        :data:`Gate`); ``None``: anything. Build time only (``make mapping`` writes it to the
        format table, so that detection skips a format without loading its spec)."""
        return None

    def content_words(self) -> Words:
        """Texts a head must name, within its first :data:`WORD_WINDOW` characters, for
        :meth:`sniff` to score 0.5 or more (see :data:`Words`); ``()``: none known. Build time
        only, as :meth:`content_gate`."""
        return ()

    def content_width(self) -> Width | None:
        """The columns a head's first line must hold for :meth:`sniff` to score 0.5 or more
        (see :data:`Width`); ``None``: any number. Build time only, as :meth:`content_gate`."""
        return None

    def block_parser(self, fields: str | Sequence[str] | None = None, columns: Columns = None,
                     *, source: str = "", with_source: bool = False, fast: bool = True
                     ) -> Any:
        """The Arrow block parser (needs pyarrow): the fast path where the format has one."""
        import importlib

        module = importlib.import_module(self.fast_path or "awslogparse.blocks")
        return module.BlockParser(self, fields, columns, source=source,
                                  with_source=with_source, fast=fast)
