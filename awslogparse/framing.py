"""Framing beyond lines: decompressed bytes -> JSON values, with bounded memory.

A JSON source is a sequence of top-level values, with or without whitespace between them (one
document, NDJSON, or Firehose's concatenated objects). ``json_values`` walks it with the standard
decoder's ``raw_decode`` over a rolling text buffer, so it never holds more than one value (plus
one read) at a time. In a document whose first key is the format's records key (CloudTrail's
``Records``), that array is streamed entry by entry: a 300 MB log file is never one Python list.

Each item carries its locator: ``#<n>`` for the n-th top-level value, then a JSON pointer
(``#1/Records/17``), and the line its text starts on.
"""

from __future__ import annotations

import codecs
import itertools
import json
import sys
import zlib
from collections.abc import Callable, Generator, Iterator

from awslogparse.jsontext import SURROGATE_ESCAPE, lone_surrogate
from awslogparse.patterns import lazy
from awslogparse.sources import Chunk, Gap

# Not ``from typing import TYPE_CHECKING``: a cold start pays for importing typing (see
# awslogparse/model.py). Type checkers treat the name the same.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import IO, Any

MAX_VALUE = 32 * 1024 * 1024
"""Largest JSON unit (a record, an envelope) in characters; a longer one is an error."""
_WS = lazy(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_RAW_CUT = 4096
"""Characters of a bad value kept as its raw text."""
_NOT_UTF8_REASON = "not UTF-8 text (the raw text shows the bytes as \\xNN)"
_SKIPPED = object()


# The three items below are made per unit read: plain classes with slots (cheaper to make than
# dataclasses, and defining them imports nothing). Equal when their fields are.


class _Item:
    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def _key(self) -> tuple[object, ...]:
        return tuple([getattr(self, name) for name in self._fields])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, _Item)
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]  # mutable: unhashable, as the dataclasses were

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({shown})"


class Value(_Item):
    """One unit: a decoded top-level value, or an entry of a document's records array."""

    __slots__ = _fields = ("value", "pointer", "line")

    def __init__(self, value: Any, pointer: str, line: int) -> None:
        self.value = value
        self.pointer = pointer
        self.line = line


class Document(_Item):
    """A top-level value that holds records (counted as a container); its entries follow."""

    __slots__ = _fields = ("pointer", "line")

    def __init__(self, pointer: str, line: int) -> None:
        self.pointer = pointer
        self.line = line


class Built(_Item):
    """A whole document's records made into something else at once by the caller's ``at_once``
    (an Arrow batch): they are not framed one by one."""

    __slots__ = _fields = ("value", "count")

    def __init__(self, value: Any, count: int) -> None:
        self.value = value
        self.count = count


class Failure(_Item):
    """Text that is not a JSON value (or not a whole one): one error with its locator."""

    __slots__ = _fields = ("reason", "raw", "pointer", "line", "read_failed", "damaged")

    def __init__(self, reason: str, raw: str, pointer: str, line: int, read_failed: str = "",
                 *, damaged: bool = False) -> None:
        self.reason = reason
        self.raw = raw
        self.pointer = pointer
        self.line = line
        self.read_failed = read_failed
        """The read error (``OSError``: a dropped connection) that ended the source here, or
        "" (a value that failed, a damaged stream)."""
        self.damaged = damaged
        """A corrupt gzip member that the source goes on after (a :class:`~awslogparse.
        sources.Gap`): the value it cut, if any, is ``raw``; the values after it follow."""


class _Damage(Exception):  # noqa: N818  (not an error of the framer's: the stream's)
    """A :class:`~awslogparse.sources.Gap` reached: the value it cuts is lost, and framing
    goes on with the text after it."""

    def __init__(self, gap: Gap) -> None:
        super().__init__(gap)
        self.gap = gap


class _TooLongError(Exception):
    """A value still growing past the limit: the rest of the source cannot be framed."""


class _OverLimitError(Exception):
    """A whole value, decoded, longer than the limit: an error, and reading goes on after it."""

    def __init__(self, start: int, end: int) -> None:
        super().__init__(start, end)
        self.start, self.end = start, end


class _LongIntegerError(_OverLimitError):
    """A whole value holding an integer of more digits than Python converts to ``int``
    (``sys.get_int_max_str_digits``): valid JSON that no decoder here turns into a value (the
    standard library's raises, msgspec refuses it). An error, and reading goes on after it."""


def _long_integer_reason() -> str:
    return (f"a JSON integer of more than {sys.get_int_max_str_digits():,} digits (more than "
            "Python converts to int: sys.get_int_max_str_digits)")


_LONG_INTEGER = object()
_SPANNER = json.JSONDecoder(parse_int=len)
"""Finds where a value holding a too long integer ends: integers are not converted (only
called after the standard decoder refused one: a Python call per integer)."""


def _raw_decode(buf: str, pos: int) -> tuple[Any, int]:
    """``raw_decode`` at ``pos``; a value holding an integer longer than Python converts is
    :data:`_LONG_INTEGER`, with where it ends (a JSONDecodeError is the value's own)."""
    try:
        return _DECODER.raw_decode(buf, pos)
    except json.JSONDecodeError:
        raise
    except ValueError:  # "Exceeds the limit (4300 digits) for integer string conversion"
        return _LONG_INTEGER, _SPANNER.raw_decode(buf, pos)[1]


_NOT_UTF8 = lazy("[\udc80-\udcff]")
_NEAR_END = 1024
"""A decode error this close to the window's end may be a value cut by it (no JSON token the
decoder can cut mid-way is this long, short of a number of over a thousand digits)."""


def _has_undecoded(text: str) -> bool:
    """Whether decoding left bytes that were not UTF-8 in ``text`` (as lone surrogates). ASCII
    text (most AWS JSON) is answered by ``isascii`` in C; only other text is searched."""
    return not text.isascii() and _NOT_UTF8.search(text) is not None


_STREAM_FAILURES = (EOFError, zlib.error, OSError)
"""What a source's chunks raise when the stream breaks off: the values before it still count."""


class _Scanner:
    """A text window over decoded chunks: ``pos`` is where reading goes on; ``line`` counts
    the newlines before it."""

    def __init__(self, chunks: Iterator[Chunk], limit: int) -> None:
        self._chunks = chunks
        # Invalid UTF-8 becomes lone surrogates (U+DC80..U+DCFF), so one bad byte costs only
        # the value holding it (an error), not the whole chunk.
        self._decode = codecs.getincrementaldecoder("utf-8")("surrogateescape").decode
        self.dirty = False
        """Some text read so far was not UTF-8."""
        self.escapes = False
        """Some text read so far holds an escape that may decode to a lone surrogate."""
        self.buf = ""
        self.pos = 0
        self.line = 1
        self._counted = 0  # buf offset up to which newlines are counted into ``line``
        self.eof = False
        self.limit = limit
        self._failure: BaseException | None = None
        """A stream error met after some text arrived (or a :class:`_Damage`): raised by the
        next read, so that the values wholly in the text before it are decoded first."""

    def fill(self, at_least: int = 1) -> bool:
        """Read until ``at_least`` more characters arrived (or the end); False at the end. A
        failing stream (a cut gzip, a dropped connection) raises its error once the text that
        arrived before it has been handed out."""
        if self.eof:
            return False
        if self._failure is not None:
            failure, self._failure = self._failure, None
            raise failure
        if self.pos > (1 << 20) and self.pos * 2 > len(self.buf):  # drop what was read
            self.advance_line(self.pos)
            self.buf = self.buf[self.pos:]
            self._counted -= self.pos
            self.pos = 0
        got = 0
        while got < at_least:
            try:
                chunk = next(self._chunks, None)
            except _STREAM_FAILURES as exc:
                if not got:
                    raise
                self._failure = exc
                return True
            if chunk is None:
                tail = self._decode(b"", final=True)
                self.dirty = self.dirty or _has_undecoded(tail)
                self.buf += tail
                self.eof = True
                return got > 0 or bool(tail)
            if isinstance(chunk, Gap):  # the text before it first, then the damage
                tail = self._decode(b"", final=True)  # (a character it cut: bytes escaped)
                self.dirty = self.dirty or _has_undecoded(tail)
                self.buf += tail
                got += len(tail)
                if not got:
                    raise _Damage(chunk)
                self._failure = _Damage(chunk)
                return True
            text = self._decode(chunk)
            self.dirty = self.dirty or _has_undecoded(text)
            seam = max(len(self.buf) - 5, 0)  # (an escape cut by the chunk's start)
            self.buf += text
            if not self.escapes:
                self.escapes = SURROGATE_ESCAPE.search(self.buf, seam) is not None
            got += len(text)
        return True

    def advance_line(self, upto: int) -> None:
        if upto > self._counted:
            self.line += self.buf.count("\n", self._counted, upto)
            self._counted = upto

    def skip_ws(self) -> str:
        """Skip blanks; the next character ('' at the end)."""
        while True:
            self.pos = _WS.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.fill():
                return ""

    def value(self) -> Any:
        """Decode the value at ``pos`` (refilling while it is cut by the window's end)."""
        start = self.pos
        while True:
            try:
                value, end = _raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                # A value cut by the window's end fails near the end (inside ``tr|ue``, ``1e+|5``
                # or ``\u00|e9``) or as an unterminated string: read on and decode again. An
                # error that is real stays where it was and is raised once the window has grown
                # past it (or at the end of the input).
                cut = exc.pos >= len(self.buf) - _NEAR_END \
                    or exc.msg.startswith("Unterminated string")
                if cut and not self.eof:
                    self._grow(start)
                    start = self.pos
                    continue
                raise
            if end == len(self.buf) and not self.eof and not isinstance(value, (dict, list, str)):
                self._grow(start)  # a number might go on in the next chunk
                start = self.pos
                continue
            if end - start > self.limit:
                self.pos = end
                raise _OverLimitError(start, end)
            self.pos = end
            if value is _LONG_INTEGER:
                raise _LongIntegerError(start, end)
            return value

    def bad_text(self, start: int, end: int) -> bool:
        """Whether ``buf[start:end]`` holds bytes that were not UTF-8."""
        return self.dirty and _NOT_UTF8.search(self.buf, start, end) is not None

    def surrogate(self, value: Any, start: int, end: int) -> str | None:
        """Why ``value``, decoded from ``buf[start:end]``, is no Unicode text (a string holding
        a lone surrogate, :func:`~awslogparse.jsontext.lone_surrogate`), or None. Only text
        holding such an escape is looked into."""
        if not self.escapes or SURROGATE_ESCAPE.search(self.buf, start, end) is None:
            return None
        return lone_surrogate(value)

    def raw(self, start: int, end: int) -> str:
        """``buf[start:end]`` for an error, cut, with bytes that were not UTF-8 as ``\\xNN``."""
        text = self.buf[start:min(end, start + _RAW_CUT)]
        if self.dirty:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        return text

    def _grow(self, start: int) -> None:
        size = len(self.buf) - start
        if size > self.limit:
            raise _TooLongError
        self.fill(max(size, 1 << 16))  # doubling: a long value is decoded O(log n) times


def json_values(chunks: Iterator[Chunk], records_key: str = "", *, limit: int | None = None,
                at_once: Callable[[bytes], tuple[Any, int] | None] | None = None,
                containers: bool = False) -> Iterator[Value | Document | Failure | Built]:
    """The units of a JSON source: each top-level value, or, in a document whose records key
    comes first (``{"Records": [...]}``), each entry of that array (after a :class:`Document`).
    A value that does not decode is a :class:`Failure`; the scan goes on after the next newline
    (NDJSON) when there is one, and ends the source when there is not.

    ``at_once(data)``, for a document with a records key that is one line of up to
    :data:`FAST_DOCUMENT` bytes (and the limit): ``(its records made at once, how many)``, or
    None to frame it here; what it makes is one :class:`Built` after the ``Document``.

    Without a records key, a source of up to :data:`FAST_DOCUMENT` bytes that is one object (a
    Lambda payload, a CloudWatch Logs envelope) is decoded whole where msgspec is worth it
    (:func:`whole_object`): the same value as the streaming framer's, or the framer reads it.

    A unit holding a lone surrogate (``"\\ud800"``: JSON, but no Unicode text) is a Failure,
    unless the values are ``containers`` of units (CloudWatch Logs envelopes), whose parser
    then makes each unit holding one an error. (msgspec refuses such text: the streaming framer
    reads it.)"""
    limit = MAX_VALUE if limit is None else limit
    if records_key:  # a small one-line document is read once, and taken whole where it can be
        data, chunks = _one_line_document(chunks, min(limit, FAST_DOCUMENT), records_key)
        made = at_once(data) if data is not None and at_once is not None else None
        if made is not None:
            yield Document("#1", 1)
            yield Built(*made)
            return
        decoded = _whole_records(data, records_key) if data is not None else None
        if decoded is not None:
            yield Document("#1", 1)
            where = f"#1/{records_key}/"
            for number, entry in enumerate(decoded):
                yield Value(entry, f"{where}{number}", 1)
            return
    else:  # a small source of one object is taken whole where it can be
        data, chunks = _all_bytes(chunks, min(limit, FAST_DOCUMENT))
        single = _one_object(data) if data is not None else None
        if single is not None:
            yield single
            return
    scan = _Scanner(chunks, limit)
    state = _Progress()
    while True:
        try:
            yield from _framed_values(scan, records_key, limit, containers, state)
            return
        except _Damage as damage:  # a corrupt gzip member, skipped: framing goes on after it
            if not state.open:  # (between values: the damage takes a number of its own)
                state.index += 1
            state.open = False
            scan.advance_line(scan.pos)
            raw = scan.raw(scan.pos, len(scan.buf)).strip()
            scan.pos = len(scan.buf)
            yield Failure(damage.gap.describe("values") + " (the value it cut, if any, is this "
                          "error's raw text)", raw, f"#{state.index}", scan.line, damaged=True)
        except _STREAM_FAILURES as exc:  # a truncated or corrupt gzip stream, a dropped
            why = f"{type(exc).__name__}: {exc}"  # connection
            yield Failure(f"the stream ends early ({why}); the value it cuts is lost",
                          scan.raw(scan.pos, scan.pos + _RAW_CUT), f"#{max(state.index, 1)}",
                          scan.line, why if isinstance(exc, OSError) else "")
            return


class _Progress:
    """Where :func:`_framed_values` is: the number of the last top-level value begun, and
    whether it is still being read (a damage then cuts it, and takes its number)."""

    __slots__ = ("index", "open")

    def __init__(self) -> None:
        self.index = 0
        self.open = False


def _framed_values(scan: _Scanner, records_key: str, limit: int, containers: bool,
                   state: _Progress) -> Iterator[Value | Document | Failure]:
    """:func:`json_values`' streaming framer, from where ``scan`` is."""
    while True:
        state.open = False
        char = scan.skip_ws()
        if not char:
            return
        state.index = index = state.index + 1
        state.open = True
        scan.advance_line(scan.pos)
        line, start = scan.line, scan.pos
        pointer = f"#{index}"
        try:
            if char == "{" and records_key and _opens_records(scan, records_key):
                yield Document(pointer, line)
                where = f"{pointer}/{records_key}"
                after = yield from _entries(scan, where)
                if after >= 0:  # (after a bad entry the rest of the document is that error)
                    yield from _close_document(scan, records_key, where, after)
                continue
            scan.pos = start
            value = scan.value()
        except _OverLimitError as exc:
            yield Failure(_skipped_reason(exc, limit), scan.raw(exc.start, exc.end),
                          pointer, line)
            continue
        except _TooLongError:  # (a failed decode leaves ``pos`` at the value's start)
            yield Failure(f"a JSON value over {limit:,} characters: the rest of the source "
                          "is not read", scan.raw(scan.pos, scan.pos + _RAW_CUT), pointer,
                          line)
            return
        except (json.JSONDecodeError, RecursionError) as exc:
            reason = "nested too deeply" if isinstance(exc, RecursionError) \
                else f"not JSON: {exc.msg}"
            raw = _resync(scan, scan.pos)
            yield Failure(reason, raw, pointer, line)
            continue
        if scan.bad_text(start, scan.pos):
            yield Failure(_NOT_UTF8_REASON, scan.raw(start, scan.pos), pointer, line)
            continue
        if not containers and (problem := scan.surrogate(value, start, scan.pos)):
            yield Failure(problem, scan.raw(start, scan.pos), pointer, line)
            continue
        yield Value(value, pointer, line)


FAST_DOCUMENT = 4 * 1024 * 1024
"""A one-line document of up to this many bytes (CloudTrail writes them so) is decoded whole
by msgspec where it is installed (the ``fast`` extra): about 1.5x the standard library's decoder
on CloudTrail files here (docs/benchmarks_json.md). Its records then exist as Python objects at
once (about ten times the bytes); larger documents are streamed entry by entry."""
FAST_IMPORT = 1024 * 1024
"""A smaller document is decoded by msgspec only when something imported it already: importing
it (with the ``dataclasses`` and ``inspect`` it loads) costs a fresh interpreter about 50 ms
here, more than decoding a small CloudTrail file takes, and a Lambda function's cold start pays
for it. The streaming framer gives the same records."""


_standard_bytes = [0]
"""Bytes of smaller documents this process decoded without msgspec: past :data:`FAST_IMPORT`
(a warm Lambda function reading payload after payload) msgspec is worth its import."""


def _fast_loads(size: int = FAST_IMPORT) -> Any:
    """msgspec's decoder for a document of ``size`` bytes, or None (not installed, or not worth
    its import yet).

    msgspec, not orjson (which writes open JSON as text, :mod:`awslogparse.jsontext`): where
    it decodes a document at all, it gives the standard library's values, and it refuses what
    the standard library reads differently (``NaN``, ``1e400``, lone surrogates), which the
    streaming framer then reads. orjson turns an integer beyond 64 bits into a float."""
    if size < FAST_IMPORT and _standard_bytes[0] < FAST_IMPORT and "msgspec" not in sys.modules:
        _standard_bytes[0] += size
        return None
    try:
        import msgspec
    except ImportError:
        return None
    return msgspec.json.decode


def whole_object(data: bytes) -> dict[str, Any] | None:
    """``data`` decoded at once by msgspec when it is one JSON object and msgspec is worth
    using (see :func:`_fast_loads`); None otherwise, and the caller's streaming framer, which
    gives the same value or the precise error, reads it."""
    loads = _fast_loads(len(data))
    if loads is None:
        return None
    try:
        value = loads(data)
    except Exception:  # msgspec.DecodeError, RecursionError: the streaming framer says why
        return None
    return value if isinstance(value, dict) else None


def _all_bytes(chunks: Iterator[Chunk], most: int) -> tuple[bytes | None, Iterator[Chunk]]:
    """All of a source's bytes when there are at most ``most``, else None; either way the
    chunks to frame it from (every chunk read is in them; a stream that fails is reported
    when they are read, and so is a corrupt gzip member skipped, a :class:`~awslogparse.
    sources.Gap`: the streaming framer goes on after it)."""
    read: list[Chunk] = []
    size = 0
    try:
        for chunk in chunks:
            read.append(chunk)
            if isinstance(chunk, Gap):
                return None, itertools.chain(read, chunks)
            size += len(chunk)
            if size > most:
                return None, itertools.chain(read, chunks)
    except (EOFError, zlib.error, OSError) as exc:  # the streaming framer reports it
        return None, _replay(read, exc)
    data = b"".join(read)  # type: ignore[arg-type]  # (no Gap: it returned above)
    return data, iter([data])


def _one_object(data: bytes) -> Value | None:
    """A source that is one JSON object (a CloudWatch Logs payload, a Lambda event) decoded
    at once, as :func:`whole_object` decodes; None for the streaming framer (several values,
    anything msgspec refuses, msgspec not worth its import yet)."""
    value = whole_object(data)
    if value is None:
        return None
    return Value(value, "#1", 1 + data.count(b"\n", 0, data.find(b"{")))


def _one_line_document(chunks: Iterator[Chunk], most: int, key: str
                       ) -> tuple[bytes | None, Iterator[Chunk]]:
    """All of a source's bytes when they are one line of at most ``most`` bytes (how CloudTrail
    writes a log file) writing ``"key"`` once, else None; either way the chunks to frame it
    from (every chunk read is in them; a stream that fails is reported when they are read).

    ``"key"`` once: a decoder of the whole document keeps only the last of a repeated key's
    values, where the streaming framer reads them all. The count runs in C (well under a
    millisecond a megabyte); the key inside a string also says no, which only costs the fast
    way."""
    data, chunks = _all_bytes(chunks, most)
    if data is None:
        return None, chunks
    newline = data.find(b"\n")  # (a search, not ``rstrip``: that copied the document)
    several_lines = newline >= 0 and not data[newline:].isspace()
    if several_lines or data.count(f'"{key}"'.encode()) != 1:
        return None, iter([data])
    return data, iter([data])


def _whole_records(data: bytes, key: str) -> list[Any] | None:
    """The records of a one-line ``{key: [...]}`` document decoded at once, or None for the
    streaming framer (anything else, any doubt, any decode error: the streaming framer gives
    the same records, or the precise errors)."""
    document = whole_object(data)
    if document and next(iter(document)) == key and isinstance(document[key], list):
        records: list[Any] = document[key]
        return records
    return None


def _replay(read: list[Chunk], error: BaseException) -> Iterator[Chunk]:
    yield from read
    raise error


def _opens_records(scan: _Scanner, key: str) -> bool:
    """At ``{``: is the first key the records key (then ``pos`` is after its ``[``)?"""
    start = scan.pos
    scan.pos += 1
    if scan.skip_ws() == '"':
        name = scan.value()
        if name == key and scan.skip_ws() == ":":
            scan.pos += 1
            if scan.skip_ws() == "[":
                scan.pos += 1
                return True
    scan.pos = start
    return False


def _entries(scan: _Scanner, pointer: str, first: int = 0
             ) -> Generator[Value | Failure, None, int]:
    """The entries of an open array, up to and including its ``]``, numbered from ``first``;
    returns the number after the last, or -1 when a bad entry ended it (the rest of the source
    was skipped: it cannot be framed reliably)."""
    index = first
    if scan.skip_ws() == "]":
        scan.pos += 1
        return index
    while True:
        scan.advance_line(scan.pos)
        line, start = scan.line, scan.pos
        where = f"{pointer}/{index}"
        try:
            value = scan.value()
        except _OverLimitError as exc:
            yield Failure(_skipped_reason(exc, scan.limit), scan.raw(exc.start, exc.end), where,
                          line)
            value = _SKIPPED
        except (json.JSONDecodeError, RecursionError) as exc:
            reason = "nested too deeply" if isinstance(exc, RecursionError) \
                else f"not JSON: {exc.msg}"
            yield Failure(f"{reason}; the rest of the document is not read",
                          scan.raw(scan.pos, scan.pos + _RAW_CUT), where, line)
            _skip_rest(scan)
            return -1
        if value is _SKIPPED:
            pass
        elif scan.bad_text(start, scan.pos):
            yield Failure(_NOT_UTF8_REASON, scan.raw(start, scan.pos), where, line)
        elif problem := scan.surrogate(value, start, scan.pos):
            yield Failure(problem, scan.raw(start, scan.pos), where, line)
        else:
            yield Value(value, where, line)
        index += 1
        char = scan.skip_ws()
        if char == ",":
            scan.pos += 1
            scan.skip_ws()
            continue
        if char == "]":
            scan.pos += 1
            return index
        # (counted as the entry it would have been)
        yield Failure("expected ',' or ']' after a records entry; the rest of the document is "
                      "not read", scan.raw(scan.pos, scan.pos + _RAW_CUT), f"{pointer}/{index}",
                      scan.line)
        _skip_rest(scan)
        return -1


def _close_document(scan: _Scanner, key: str, pointer: str, after: int
                    ) -> Generator[Value | Failure, None, None]:
    """After the records array: the document's other keys (ignored), then its ``}``. The
    records key written again (which a decoder that keeps the last would lose one array of)
    holds more entries: they are read too, numbered on from ``after``."""
    while True:
        char = scan.skip_ws()
        if char == "}":
            scan.pos += 1
            return
        if char != ",":
            raise json.JSONDecodeError("expected ',' or '}' after the records",
                                       scan.buf, scan.pos)
        scan.pos += 1
        if scan.skip_ws() != '"':
            raise json.JSONDecodeError("expected a key", scan.buf, scan.pos)
        name = scan.value()
        if scan.skip_ws() != ":":
            raise json.JSONDecodeError("expected ':'", scan.buf, scan.pos)
        scan.pos += 1
        if scan.skip_ws() == "[" and name == key:
            scan.pos += 1
            after = yield from _entries(scan, pointer, after)
            if after < 0:
                return
            continue
        scan.value()


def _skipped_reason(exc: _OverLimitError, limit: int) -> str:
    """Why a whole value read past is an error."""
    if isinstance(exc, _LongIntegerError):
        return _long_integer_reason()
    return f"a JSON value of {exc.end - exc.start:,} characters, over the limit of {limit:,}"


def _resync(scan: _Scanner, start: int) -> str:
    """After a bad top-level value: skip to the next newline (NDJSON's next record) or, in
    text without one, to the end; the skipped text, cut, is the error's raw text."""
    while True:
        cut = scan.buf.find("\n", start)
        if cut >= 0:
            scan.pos = cut + 1
            return scan.raw(start, cut).rstrip("\r")
        if len(scan.buf) - start > scan.limit or not scan.fill(1 << 16):
            raw = scan.raw(start, start + _RAW_CUT)
            scan.pos = len(scan.buf)
            while scan.fill(1 << 20):  # drain (counted as this one error)
                scan.pos = len(scan.buf)
            return raw


def _skip_rest(scan: _Scanner) -> None:
    scan.pos = len(scan.buf)
    while scan.fill(1 << 20):
        scan.pos = len(scan.buf)


__all__ = ["MAX_VALUE", "Built", "Document", "Failure", "Value", "json_values"]


PARQUET_MAGIC = b"PAR1"
TABLE_IN_MEMORY = 64 * 1024 * 1024
"""A Parquet input is read whole (its footer comes last): up to this many decoded bytes in
memory, a larger one (or a gzip bomb) in a temporary file, so memory stays bounded."""
TABLE_BATCH = 8192
"""Rows of a Parquet input converted to Python at a time."""


def table_rows(chunks: Iterator[Chunk],
               refused: Callable[[list[str]], str | None] = lambda columns: None
               ) -> Iterator[Value | Document | Failure]:
    """The rows of a Parquet file as units (each row a dict of its columns; pointer ``#row``),
    for formats AWS also delivers as Parquet. Parquet needs its footer, so the file is held
    whole (in memory up to :data:`TABLE_IN_MEMORY` bytes, else in a temporary file; AWS's
    Parquet log objects are written per delivery period); its rows are converted a batch at a
    time. A file that is not Parquet, whose columns ``refused`` says are not the format's, or
    that awslogparse wrote (:func:`~awslogparse.arrow.written_format`), is one failure."""
    try:
        import pyarrow.parquet as pq
    except ImportError:  # (no part of the file can be read: the source fails, as a missing
        from awslogparse.model import SourceError  # file does, not one unit of it)

        raise SourceError("reading Parquet needs pyarrow: pip install 'awslogparse[arrow]'"
                          ) from None
    held, broken = gather(chunks)
    with held:
        ended = "" if broken is None else f"{type(broken).__name__}: {broken}"
        read_failed = ended if isinstance(broken, OSError) else ""
        held.seek(0)
        raw = held.read(200).decode("latin-1")
        try:
            parquet = pq.ParquetFile(held)
        except Exception as exc:  # pyarrow's ArrowInvalid and friends: no readable Parquet
            reason = f"not a readable Parquet file: {exc}" if broken is None else \
                f"the stream ends early ({ended}); what arrived is no whole Parquet file"
            yield Failure(reason, raw, "#", 0, read_failed)
            return
        from awslogparse.arrow import written_format

        made = written_format(parquet.schema_arrow.metadata)
        why = refused(parquet.schema_arrow.names) if made is None else written_reason(made)
        if why is not None:
            yield Failure(why, raw, "#", 0)
        else:
            yield Document("#", 0)
            row = 0
            for batch in parquet.iter_batches(batch_size=TABLE_BATCH):
                for values in batch.to_pylist():
                    row += 1
                    yield Value(values, f"#{row}", row)
        if broken is not None:  # (a whole file arrived, then the stream broke: one error more)
            yield Failure(f"the stream ends early ({ended}) after a whole Parquet file", "",
                          "#", 0, read_failed)


def gather(chunks: Iterator[Chunk]) -> tuple[IO[bytes], BaseException | None]:
    """Every decoded byte of a source read whole (a Parquet file), held in memory up to
    :data:`TABLE_IN_MEMORY` bytes, else in a temporary file (the caller closes it); and the
    stream error that ended it early (a cut or corrupt gzip wrapping, a dropped connection),
    if any: what arrived before it is still read. A corrupt gzip member skipped (a
    :class:`~awslogparse.sources.Gap`) ends it too: a file's bytes with a hole are no
    Parquet file, and whatever follows the hole is not read."""
    import tempfile

    # (closed by the caller, not here)
    held = tempfile.SpooledTemporaryFile(max_size=TABLE_IN_MEMORY)  # noqa: SIM115
    try:
        for chunk in chunks:
            if isinstance(chunk, Gap):
                raise chunk.error()
            held.write(chunk)
    except _STREAM_FAILURES as exc:  # (also a temporary file that cannot grow)
        _drop_after_footer(held)
        return held, exc
    return held, None


FOOTER_SEARCH = 4 * 1024 * 1024
"""How far from the end of a damaged Parquet source its footer is looked for."""


def _drop_after_footer(held: IO[bytes]) -> None:
    """Cut what a damaged stream decoded after a whole Parquet file (a cut gzip member that
    follows the file's own decodes to a few bytes, and Parquet reads its footer from the end):
    the file ends at the last ``PAR1`` preceded by a footer length that fits before it."""
    size = held.seek(0, 2)
    start = max(0, size - FOOTER_SEARCH)
    held.seek(start)
    tail = held.read()
    if tail.endswith(PARQUET_MAGIC):
        return
    at = len(tail)
    while (at := tail.rfind(PARQUET_MAGIC, 0, at)) >= 4:
        end = start + at + len(PARQUET_MAGIC)
        footer = int.from_bytes(tail[at - 4:at], "little")
        if footer > 0 and footer + 12 <= end:  # (magic, footer, its length, magic)
            held.truncate(end)
            return


def replay(held: IO[bytes], error: BaseException | None) -> Iterator[bytes]:
    """What :func:`gather` gave, as chunks again (raising its error after them); closes it."""
    with held:
        held.seek(0)
        while chunk := held.read(1 << 20):
            yield chunk
    if error is not None:
        raise error


def table_columns(held: IO[bytes]) -> tuple[list[str], str | None] | None:
    """The column names the footer of a Parquet file (as :func:`gather` holds it) gives, and
    the format of the records in it when awslogparse wrote it
    (:func:`~awslogparse.arrow.written_format`); or
    None: not a readable Parquet file, or no pyarrow to read it with (reading it then says
    why)."""
    held.seek(0)
    if held.read(len(PARQUET_MAGIC)) != PARQUET_MAGIC:
        return None
    try:
        import pyarrow.parquet as pq

        from awslogparse.arrow import written_format

        schema = pq.ParquetFile(held).schema_arrow
    except Exception:  # ImportError, pyarrow's ArrowInvalid and friends
        return None
    return schema.names, written_format(schema.metadata)


def written_reason(records_format: str) -> str:
    """Why a Parquet file awslogparse wrote is not read as a delivery: its rows are typed
    records already (a dataset's times are timestamps, where AWS's Parquet holds epoch
    seconds; its partition columns are in its path), so reading them as AWS's rows would fail
    every row."""
    return (f"a Parquet file awslogparse wrote (its rows are {records_format} records, typed "
            f"already), not one AWS delivered: read it with pyarrow, DuckDB or Athena "
            f"(docs/conversion.md)")
