"""Open a source, decompress it, and cut it into blocks of whole lines with bounded memory.

Gzip is recognised by its magic bytes, not the file name. Decompression uses ``zlib-ng`` when it
is installed (about 3x faster than the standard library), else ``isal``, else :mod:`zlib`; members
are decoded one after another (Firehose concatenates them). A corrupt member does not end the
read: decoding goes on at the next member found after the damage (:class:`Gap`).
"""

from __future__ import annotations

import io
import os
import sys
import zlib
from collections import deque
from collections.abc import Generator, Iterator

from awslogparse.model import TYPE_CHECKING, SourceError

if TYPE_CHECKING:  # (typing is milliseconds of a cold start; see awslogparse/__init__.py)
    from typing import IO, Any, BinaryIO, Protocol

    class Opener(Protocol):
        """A source that opens itself when reading starts (an S3 object): the reader owns,
        and closes, the stream it returns."""

        name: str

        def open_stream(self) -> BinaryIO: ...

    Source = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes] | Opener
else:
    Source = object  # (what annotations name; they are not evaluated when running)

BLOCK_SIZE = 1024 * 1024
READ_SIZE = 1024 * 1024
GZIP_READ_SIZE = 16 * 1024
MAX_LINE = 1024 * 1024
"""A line longer than this is reported as an error and skipped, never held whole in memory."""

GZIP_MAGIC = b"\x1f\x8b"
MEMBER_START = GZIP_MAGIC + b"\x08"
"""How a gzip member starts: the magic bytes, then the compression method (8, deflate)."""
LOOKBACK = 4 * GZIP_READ_SIZE
"""Compressed bytes kept behind the decoder: after a corruption, the next member is looked for
from the damaged member's start (at most this far back), since a decoder misled by the damage
may read past the member's end, into the next one, before it fails (within a few bytes, as a
rule: a stored block's length that its complement must match, a reserved block type, a
distance too far back). A few slices only: with 1 MiB kept alive, gunzip measured 1-2% slower
here (the slices read no longer reuse memory still in the cache)."""
PROOF = 4096
"""Decoded bytes that prove a member found after a corruption (a candidate that ends, its
CRC-32 and length checked, before this many bytes proves itself too): the magic bytes also
occur inside deflate data by chance, where decoding what follows fails within a few bytes."""
PROOF_INPUT = 256 * 1024
"""Compressed bytes a candidate member may take to prove itself: a real one needs its header
(at most 64 KiB of extra field, and its names) and about :data:`PROOF` bytes of deflate data;
what takes more (empty stored blocks, one after another) is given up, so a search holds no
more than this."""


class _Marker:
    """What a block that is not text carries: compared and shown by its attributes, as a
    dataclass would be (without a dataclass's cost at import, see :class:`~awslogparse.model.
    Frozen`)."""

    __slots__: tuple[str, ...] = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self.__slots__)

    __hash__ = None  # type: ignore[assignment]  # (mutable, as a dataclass with eq)

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__)
        return f"{type(self).__qualname__}({shown})"


class StreamEnd(_Marker):
    """Marks an abnormal end of the stream: ``tail`` is the partial line cut by it;
    ``read_failed`` says the bytes stopped arriving (a dropped connection, an ``OSError``),
    where a damaged stream (truncated or corrupt gzip) would stop again at the same place."""

    __slots__ = ("read_failed", "reason", "tail")

    def __init__(self, reason: str, tail: bytes, read_failed: bool = False) -> None:
        self.reason = reason
        self.tail = tail
        self.read_failed = read_failed


class LongLine(_Marker):
    """A line over :data:`MAX_LINE` bytes, skipped; ``head`` keeps its first bytes for the error."""

    __slots__ = ("head", "length")

    def __init__(self, head: bytes, length: int) -> None:
        self.head = head
        self.length = length


class Gap(_Marker):
    """A corrupt gzip member that decoding went on after: ``member`` (1-based, counting the
    members found) failed at compressed byte ``offset``, and decoding resumed at the next
    member found, whose header starts at compressed byte ``resumed``. :func:`gunzip_chunks`
    yields it between the bytes decoded before the damage and those of the next member;
    :func:`iter_blocks` gives it the partial line the damage cut (``tail``). What the skipped
    bytes held (the rest of the member, maybe more members) is unknown: lines or values may
    be missing there."""

    __slots__ = ("member", "offset", "reason", "resumed", "tail")

    def __init__(self, member: int, offset: int, resumed: int, reason: str,
                 tail: bytes = b"") -> None:
        self.member = member
        self.offset = offset
        self.resumed = resumed
        self.reason = reason
        self.tail = tail

    @property
    def skipped(self) -> int:
        """Compressed bytes not decoded: from the damage to the next member (0 when the
        decoder, misled by the damage, had read into that member before it failed)."""
        return max(0, self.resumed - self.offset)

    def describe(self, units: str) -> str:
        """The damage, for an error: ``units`` names what may be missing ("lines")."""
        return (f"gzip member {self.member} is corrupt at compressed byte {self.offset:,} "
                f"({self.reason}); reading resumes at the next gzip member, at compressed byte "
                f"{self.resumed:,} ({self.skipped:,} compressed bytes skipped): {units} may be "
                "missing here")

    def error(self) -> zlib.error:
        """The damage as the error that ends a read that cannot go on (a Parquet file)."""
        return zlib.error(f"corrupt gzip data in member {self.member} at compressed byte "
                          f"{self.offset:,} ({self.reason}); nothing after the damage is read")


Chunk = bytes | Gap
"""What a source's decoded stream is made of: bytes, and where a gzip member was corrupt, a
:class:`Gap` between the bytes before the damage and those after it."""
Block = bytes | StreamEnd | LongLine | Gap


def source_name(source: Any) -> str:
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return "<bytes>"
    return str(getattr(source, "name", None) or "<stream>")


def open_binary(source: Source) -> tuple[BinaryIO, bool]:
    """A readable binary stream for ``source``, and whether we opened it (and must close it).
    An ``s3://bucket/key`` URL is streamed with the default boto3 client (see
    :mod:`awslogparse.s3`)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return io.BytesIO(bytes(source)), True
    if isinstance(source, (str, os.PathLike)):
        text = os.fspath(source)
        if "://" in text:
            return _open_url(text), True
        path = text or "."  # (as pathlib reads "")
        if not os.path.exists(path):
            raise SourceError(f"no such file: {text}")
        if os.path.isdir(path):
            raise SourceError(f"is a directory: {text}")
        try:
            return open(path, "rb"), True  # (the reader closes it)
        except OSError as exc:  # (permission denied, ...): the whole source cannot be read
            raise SourceError(f"{text}: {exc.strerror or exc}") from exc
    if hasattr(source, "open_stream"):
        return source.open_stream(), True
    if hasattr(source, "read"):
        return source, False  # type: ignore[return-value]
    raise SourceError(f"cannot read from a {type(source).__name__}")


def _open_url(url: str) -> BinaryIO:
    from awslogparse import s3

    if not s3.is_s3_url(url):
        scheme = url.split("://", 1)[0]
        raise SourceError(f"{scheme}:// URLs are not read directly: open the object yourself and "
                          "pass the binary stream (s3:// URLs are read)")
    target = s3.parse_url(url)
    if target.is_prefix:
        raise SourceError(f"{url} is a prefix: iter_records, iter_batches and read_arrow read "
                          "every object under it")
    return s3.open_object(target.bucket, target.key)


def _decompressobj_factory(small: bool = False) -> Any:
    """``decompressobj`` of the fastest installed zlib that yields every decoded byte.

    zlib-ng first (0.7 GB/s here, and ``flush()`` on a truncated stream returns all it
    decoded), then isal (1.0 GB/s, but it withholds up to two bytes of a cut stream), then the
    standard library (0.25 GB/s). For a ``small`` input the standard library's, unless zlib-ng
    is loaded already: loading it (with the ``gzip`` module it imports) costs a cold start
    about 3 ms, and the standard library decodes a small object in less.
    """
    if small and "zlib_ng.zlib_ng" not in sys.modules:
        return zlib.decompressobj
    try:
        from zlib_ng import zlib_ng

        return zlib_ng.decompressobj
    except ImportError:
        pass
    try:
        from isal import isal_zlib

        return isal_zlib.decompressobj
    except ImportError:
        return zlib.decompressobj


class _Compressed:
    """A gzip stream's compressed bytes as read: how many so far (``total``), the last slices
    of them (:data:`LOOKBACK` bytes of full slices), and the read error that ended them
    (``broken``)."""

    __slots__ = ("broken", "history", "raw", "total")

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.total = 0
        self.history: deque[bytes] = deque(maxlen=LOOKBACK // GZIP_READ_SIZE)
        self.broken: OSError | None = None
        """A read that failed (a dropped connection): what arrived before it is decoded
        first."""

    def read(self) -> bytes:
        """The next slice, or b"" at the end (or once a read failed)."""
        if self.broken is not None:
            return b""
        try:
            data = self.raw.read(GZIP_READ_SIZE)
        except OSError as exc:
            self.broken = exc
            return b""
        if data:
            self.keep(data)
        return data

    def keep(self, data: bytes) -> None:
        self.total += len(data)
        self.history.append(data)  # (the oldest slice drops out: a bounded deque)

    def since(self, offset: int) -> bytes:
        """The bytes read from ``offset`` on (from the oldest one kept, if later)."""
        kept = b"".join(self.history)
        return kept[max(0, offset - (self.total - len(kept))):]


def gunzip_chunks(raw: BinaryIO, prefix: bytes = b"", out_size: int = 4 * READ_SIZE
                  ) -> Iterator[Chunk]:
    """Decompress a gzip stream incrementally, member after member.

    Unlike ``gzip.GzipFile.read``, what was decoded before a truncation or corruption is
    yielded first. A corrupt member does not end the stream: the next member is looked for
    after the damage (:func:`_next_member`), and when one is found, a :class:`Gap` saying
    where and how much was skipped comes before its bytes. ``EOFError`` (truncated) or
    ``zlib.error`` (corrupt, with no member after the damage: naming the member, and that
    nothing after the damage is read) ends the stream. Input goes in by
    :data:`GZIP_READ_SIZE`; a failed ``decompress`` call returns nothing, so the slice it
    failed on is decoded again up to the damage (:func:`salvage`: a damaged trailer costs no
    line). Output comes in pieces of at most ``out_size`` bytes, so a gzip bomb never lands
    in memory whole.
    """
    source = _Compressed(raw)
    head = bytearray(prefix)
    try:
        while len(head) < len(prefix) + GZIP_READ_SIZE:  # (a network stream may read short)
            more = raw.read(len(prefix) + GZIP_READ_SIZE - len(head))
            if not more:
                break
            head += more
    except OSError as exc:
        source.broken = exc
    pending = bytes(head)
    if pending:
        source.keep(pending)
    factory = _decompressobj_factory(small=len(pending) < len(prefix) + GZIP_READ_SIZE)
    decoder = factory(31)
    can_salvage = hasattr(decoder, "copy")
    fed = 0
    member = 1
    """The gzip member being decoded (Firehose objects are many), named by a corruption's
    error. Counted as found: members a corruption's skip passed over are not counted."""
    began = 0
    """Where that member starts in the compressed stream."""
    while True:
        data = pending or source.read()
        pending = b""
        if not data:
            break
        fed += len(data)
        while data:
            saved = decoder.copy() if can_salvage else None
            try:
                out = decoder.decompress(data, out_size)
            except Exception as exc:  # (zlib.error, also isal's IsalError)
                failed = 0
                if saved is not None:  # (what the slice decodes to before the damage first)
                    failed = yield from salvage(saved, data, out_size)
                at = source.total - len(data) + failed
                found = _next_member(source, began + 1, factory, out_size)
                if found is None:
                    if source.broken is not None:  # (the rest may hold a member: read again)
                        raise source.broken from exc
                    raise zlib.error(f"corrupt gzip data in member {member} at compressed byte "
                                     f"{at:,} ({exc}); no gzip member follows the damage: "
                                     "nothing after the damage is read") from exc
                decoder, outs, data, began = found
                yield Gap(member, at, began, str(exc))
                yield from outs
                fed, member = 1, member + 1
            else:
                if out:
                    yield out
                data = decoder.unconsumed_tail
            if decoder.eof:
                rest = decoder.unused_data + data
                decoder, fed, member = factory(31), 0, member + 1
                began = source.total - len(rest)
                if rest.strip(b"\x00"):  # another member follows (zero padding is allowed)
                    if not rest.startswith(GZIP_MAGIC[: len(rest)]):
                        found = _next_member(source, began, factory, out_size)
                        if found is None:
                            if source.broken is not None:
                                raise source.broken
                            raise zlib.error("data after the end of the gzip stream is not "
                                             "gzip")
                        at = began
                        decoder, outs, pending, began = found
                        yield Gap(member, at, began, "not a gzip member header")
                        yield from outs
                        fed, member = 1, member + 1
                        if decoder.eof:  # (a whole member proved itself: what follows it)
                            pending = decoder.unused_data + pending
                            decoder, fed, member = factory(31), 0, member + 1
                            began = source.total - len(pending)
                    else:
                        pending = rest
                break
    if fed and not decoder.eof:
        tail = decoder.flush()
        if tail:
            yield tail
    if source.broken is not None:
        raise source.broken
    if fed and not decoder.eof:
        raise EOFError("gzip stream is truncated (it ends before its end-of-stream marker)")


def _next_member(source: _Compressed, start: int, factory: Any, out_size: int
                 ) -> tuple[Any, list[bytes], bytes, int] | None:
    """The first gzip member that starts at or after compressed byte ``start`` and proves
    itself (:data:`PROOF`): its header (:data:`MEMBER_START`, then a flag byte without the
    reserved bits) and the start of its data decode. Returns its decoder, what it decoded so
    far, the compressed bytes read but not fed to it, and where it starts; None when the input
    ends first. A candidate cut by the end of the input, which decodes without error as far
    as it goes, is taken (its truncation is reported as any other); one that takes more than
    :data:`PROOF_INPUT` bytes without proving itself is not."""
    buf = source.since(start)
    base = source.total - len(buf)
    at = 0
    while True:
        if at > PROOF_INPUT:  # (what was searched: candidates given up one after another)
            base, buf, at = base + at, buf[at:], 0
        hit = buf.find(MEMBER_START, at)
        if hit < 0 or hit + 3 >= len(buf):  # none here, or its flag byte not read yet
            keep = hit if hit >= 0 else max(at, len(buf) - len(MEMBER_START) + 1)
            more = source.read()
            if not more:
                return None
            base += keep
            buf = buf[keep:] + more
            at = 0
            continue
        if buf[hit + 3] & 0xE0:  # reserved flag bits: no gzip header
            at = hit + 1
            continue
        decoder = factory(31)
        outs: list[bytes] = []
        made = 0
        piece = buf[hit:]
        try:
            while True:
                out = decoder.decompress(piece, out_size)
                if out:
                    outs.append(out)
                    made += len(out)
                piece = decoder.unconsumed_tail
                if decoder.eof or made >= PROOF:
                    break
                if not piece:
                    if len(buf) - hit > PROOF_INPUT:
                        raise zlib.error("no proof within the input allowed")
                    piece = source.read()
                    if not piece:
                        break
                    buf += piece
        except Exception:  # (zlib.error, isal's IsalError): the magic bytes by chance
            at = hit + 1
            continue
        return decoder, outs, piece, base + hit


SALVAGE_STEP = 64
"""Compressed bytes fed at a time when a slice is decoded again up to its damage."""


def salvage(decoder: Any, data: bytes, out_size: int) -> Generator[bytes, None, int]:
    """What ``data`` decodes to before the damage that failed a ``decompress`` call on it (a
    failed call returns nothing, not even what it decoded before the damage: a damaged
    trailer cost a whole slice of good lines). ``decoder`` is a copy of the decoder as it was
    before that call; it is fed :data:`SALVAGE_STEP` bytes at a time, and the step that fails
    again one byte at a time from a copy, so every byte decodable before the damage is handed
    out. Returns where in ``data`` decoding failed (the byte it failed on). The caller raises
    the error then, or goes on after it."""
    start = 0
    while start < len(data):
        step = SALVAGE_STEP
        while True:
            saved = decoder.copy()
            piece, outs = data[start:start + step], []
            try:
                while piece:
                    outs.append(decoder.decompress(piece, out_size))
                    piece = decoder.unconsumed_tail
            except Exception:
                if step == 1:
                    return start
                decoder, step = saved, 1  # (again, a byte at a time)
                continue
            break
        yield from (out for out in outs if out)
        if decoder.eof:  # (not met: the failed call raised before this member's end)
            return start
        start += step
    return start


def gunzip_head(data: bytes, most: int) -> bytes:
    """Up to ``most`` decoded bytes of gzip ``data`` (possibly a cut prefix of it), member after
    member as :func:`gunzip_chunks` reads them: a corrupt member is skipped, the text on both
    sides of it kept; where the data is cut, or nothing follows the damage, the text ends.
    What detection and the Lambda decoders look at, so that they see what the readers read."""
    out = bytearray()
    try:
        for chunk in gunzip_chunks(io.BytesIO(data), out_size=most):
            if not isinstance(chunk, Gap):
                out += chunk
                if len(out) >= most:
                    break
    except (EOFError, zlib.error):  # (cut, or corrupt with nothing after: what came before)
        pass
    return bytes(out[:most])


def raw_chunks(raw: BinaryIO, prefix: bytes = b"") -> Iterator[bytes]:
    if prefix:
        yield prefix
    while data := raw.read(READ_SIZE):
        yield data


def decompressed_chunks(raw: BinaryIO) -> Iterator[Chunk]:
    """The decoded bytes of ``raw``: gunzipped when it starts with the gzip magic bytes (with
    a :class:`Gap` where a corrupt member was skipped)."""
    prefix = b""
    while len(prefix) < 2:
        try:
            chunk = raw.read(2 - len(prefix))
        except UnicodeDecodeError as exc:  # (a text stream of bytes that are no text: gzip)
            raise SourceError(f"{source_name(raw)}: a text stream whose bytes are not text "
                              f"({exc.reason}); open it in binary mode ('rb')") from exc
        if not chunk:
            break
        if not isinstance(chunk, bytes):  # (a text stream: a str, which no byte joins)
            raise SourceError(f"{source_name(raw)}: a text stream ({type(chunk).__name__}); "
                              "open it in binary mode ('rb')")
        prefix += chunk
    if prefix == GZIP_MAGIC:
        return gunzip_chunks(raw, prefix)
    return raw_chunks(raw, prefix)


_STREAM_ERRORS: tuple[type[BaseException], ...] = (EOFError, zlib.error, OSError)


PEEK_BYTES = 64 * 1024
"""How much of a source's decoded start :func:`peek_chunks` reads for detection."""


def peek_chunks(chunks: Iterator[Chunk], size: int = PEEK_BYTES
                ) -> tuple[bytes, Iterator[Chunk], BaseException | None]:
    """The first ``size`` decoded bytes (for format detection), an iterator over all of them,
    and the decompression or read error met while peeking, if any: the iterator raises it
    again where it occurred, and a head it cut short is no input's whole content. A
    :class:`Gap` goes to the iterator; the head is the decoded bytes on both sides of it."""
    got: list[Chunk] = []
    total = 0
    error: BaseException | None = None
    try:
        for chunk in chunks:
            got.append(chunk)
            if isinstance(chunk, Gap):
                continue
            total += len(chunk)
            if total >= size:
                break
    except _STREAM_ERRORS as exc:
        error = exc

    def replay() -> Iterator[Chunk]:
        yield from got
        if error is not None:
            raise error
        yield from chunks
    head = b"".join([c for c in got if not isinstance(c, Gap)])
    return head[:size], replay(), error


def iter_blocks(chunks: Iterator[Chunk], block_size: int = BLOCK_SIZE) -> Iterator[Block]:
    """Regroup decoded chunks into blocks of whole lines (each ending in a newline except maybe
    the last) of about ``block_size`` bytes.

    A decompression failure (truncated or corrupt gzip) ends the stream with a :class:`StreamEnd`
    carrying the cut line; an over-long line is replaced by a :class:`LongLine`. A corrupt
    gzip member that decoding went on after is a :class:`Gap` carrying the line the damage
    cut (``tail``), between the whole lines before it and those after it.
    """
    parts: list[bytes] = []
    size = 0
    skipping: LongLine | None = None
    try:
        for chunk in chunks:
            if isinstance(chunk, Gap):
                if skipping is not None:  # (the long line the damage cut: its own error)
                    yield skipping
                    skipping, parts = None, []
                block, data = _cut_after_last_line(parts)
                if block:
                    yield from _long_lines_apart(block)
                yield Gap(chunk.member, chunk.offset, chunk.resumed, chunk.reason, data)
                parts, size = [], 0
                continue
            piece = chunk
            if skipping is not None:
                cut = piece.find(b"\n")
                if cut < 0:
                    skipping.length += len(piece)
                    continue
                skipping.length += cut
                yield skipping
                skipping = None
                piece = piece[cut + 1:]
            parts.append(piece)
            size += len(piece)
            if size < block_size:
                continue
            block, data = _cut_after_last_line(parts)
            if block:
                yield from _long_lines_apart(block)
            parts, size = [data], len(data)
            if size > MAX_LINE:
                skipping = LongLine(data[:200], size)
                parts, size = [], 0
    except _STREAM_ERRORS as exc:
        if skipping is not None:
            yield skipping
            parts = []
        block, data = _cut_after_last_line(parts)
        if block:
            yield from _long_lines_apart(block)
        yield StreamEnd(f"{type(exc).__name__}: {exc}", data, isinstance(exc, OSError))
        return
    if skipping is not None:
        yield skipping
        return
    data = b"".join(parts)
    if data:
        yield from _long_lines_apart(data)


def _cut_after_last_line(parts: list[bytes]) -> tuple[bytes, bytes]:
    """``parts`` joined up to their last newline (empty without one), and what follows it.
    Cut in the piece that holds that newline, so the block is copied once, by the join
    (cutting the joined block would copy it again)."""
    for i in range(len(parts) - 1, -1, -1):
        cut = parts[i].rfind(b"\n")
        if cut >= 0:
            return (b"".join([*parts[:i], parts[i][:cut + 1]]),
                    b"".join([parts[i][cut + 1:], *parts[i + 1:]]))
    return b"", b"".join(parts)


def _long_lines_apart(block: bytes) -> Iterator[Block]:
    """``block``, with every line over :data:`MAX_LINE` bytes inside it replaced by a
    :class:`LongLine`. Jumps a line limit at a time, so a block of short lines costs one
    ``rfind`` per megabyte."""
    if len(block) <= MAX_LINE:
        yield block
        return
    start = done = 0
    size = len(block)
    while size - start > MAX_LINE:
        last = block.rfind(b"\n", start, start + MAX_LINE + 1)
        if last >= 0:
            start = last + 1
            continue
        end = block.find(b"\n", start)
        end = size if end < 0 else end
        if start > done:
            yield block[done:start]
        yield LongLine(block[start:start + 200], end - start)
        start = done = min(end + 1, size)
    if done < size:
        yield block[done:]


def prefetch(blocks: Iterator[Block], depth: int = 2) -> Iterator[Block]:
    """Read and decompress the next blocks in a thread while the caller parses this one.

    gzip decoders (isal, zlib-ng, zlib) and file reads release the GIL, so on two cores the
    decompression overlaps Arrow's parsing. Exceptions are re-raised in the caller's thread.
    """
    import queue
    import threading

    slots: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def hand_over(item: tuple[str, Any]) -> bool:
        """Queue ``item`` unless the consumer has gone away; False when it has."""
        while not stop.is_set():
            try:
                slots.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for block in blocks:
                if not hand_over(("block", block)):
                    return
            hand_over(("end", None))
        except BaseException as exc:  # handed to the consumer, never lost in the thread
            hand_over(("error", exc))

    worker = threading.Thread(target=produce, name="awslogparse-prefetch", daemon=True)
    worker.start()
    try:
        while True:
            kind, item = slots.get()
            if kind == "end":
                return
            if kind == "error":
                raise item
            yield item
    finally:
        stop.set()
        worker.join(timeout=5)
