"""Open a source, decompress it, and cut it into blocks of whole lines with bounded memory.

Gzip is recognised by its magic bytes, not the file name. Decompression uses ``zlib-ng`` when it
is installed (about 3x faster than the standard library), else ``isal``, else :mod:`zlib`; members
are decoded one after another (Firehose concatenates them).
"""

from __future__ import annotations

import io
import os
import sys
import zlib
from collections.abc import Iterator

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


Block = bytes | StreamEnd | LongLine


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


def gunzip_chunks(raw: BinaryIO, prefix: bytes = b"", out_size: int = 4 * READ_SIZE
                  ) -> Iterator[bytes]:
    """Decompress a gzip stream incrementally, member after member.

    Unlike ``gzip.GzipFile.read``, what was decoded before a truncation or corruption is
    yielded first; then ``EOFError`` (truncated) or ``zlib.error`` (corrupt, naming the member
    and that nothing after the damage is read) is raised. Input
    goes in by :data:`GZIP_READ_SIZE`; a failed ``decompress`` call returns nothing, so the
    slice it failed on is decoded again up to the damage (:func:`salvage`: a damaged trailer
    costs no line). Output comes in pieces of at most ``out_size`` bytes, so a gzip bomb never
    lands in memory whole.
    """
    head = bytearray(prefix)
    broken: OSError | None = None
    """A read that failed (a dropped connection): what arrived before it is decoded first."""
    try:
        while len(head) < len(prefix) + GZIP_READ_SIZE:  # (a network stream may read short)
            more = raw.read(len(prefix) + GZIP_READ_SIZE - len(head))
            if not more:
                break
            head += more
    except OSError as exc:
        broken = exc
    pending = bytes(head)
    factory = _decompressobj_factory(small=len(pending) < len(prefix) + GZIP_READ_SIZE)
    decoder = factory(31)
    can_salvage = hasattr(decoder, "copy")
    fed = 0
    member = 1
    """The gzip member being decoded (Firehose objects are many), named by a corruption's
    error, which ends the read: the members after a damaged one are not looked for."""
    while True:
        data = pending
        if not data and broken is None:
            try:
                data = raw.read(GZIP_READ_SIZE)
            except OSError as exc:
                broken = exc
        pending = b""
        if not data:
            break
        fed += len(data)
        while data:
            saved = decoder.copy() if can_salvage else None
            try:
                out = decoder.decompress(data, out_size)
            except Exception as exc:
                if saved is not None:  # (what the slice decodes to before the damage first)
                    yield from salvage(saved, data, out_size)
                raise zlib.error(f"corrupt gzip data in member {member} ({exc}); nothing after "
                                 "the damage is read") from exc  # (also isal's IsalError)
            if out:
                yield out
            data = decoder.unconsumed_tail
            if decoder.eof:
                rest = decoder.unused_data + data
                decoder, fed, member = factory(31), 0, member + 1
                if rest.strip(b"\x00"):  # another member follows (zero padding is allowed)
                    if not rest.startswith(GZIP_MAGIC[: len(rest)]):
                        raise zlib.error("data after the end of the gzip stream is not gzip")
                    pending = rest
                break
    if fed and not decoder.eof:
        tail = decoder.flush()
        if tail:
            yield tail
    if broken is not None:
        raise broken
    if fed and not decoder.eof:
        raise EOFError("gzip stream is truncated (it ends before its end-of-stream marker)")


SALVAGE_STEP = 64
"""Compressed bytes fed at a time when a slice is decoded again up to its damage."""


def salvage(decoder: Any, data: bytes, out_size: int) -> Iterator[bytes]:
    """What ``data`` decodes to before the damage that failed a ``decompress`` call on it (a
    failed call returns nothing, not even what it decoded before the damage: a damaged
    trailer cost a whole slice of good lines). ``decoder`` is a copy of the decoder as it was
    before that call; it is fed :data:`SALVAGE_STEP` bytes at a time, and the step that fails
    again one byte at a time from a copy, so every byte decodable before the damage is handed
    out. The caller raises the error then."""
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
                    return
                decoder, step = saved, 1  # (again, a byte at a time)
                continue
            break
        yield from (out for out in outs if out)
        if decoder.eof:  # (not met: the failed call raised before this member's end)
            return
        start += step


def raw_chunks(raw: BinaryIO, prefix: bytes = b"") -> Iterator[bytes]:
    if prefix:
        yield prefix
    while data := raw.read(READ_SIZE):
        yield data


def decompressed_chunks(raw: BinaryIO) -> Iterator[bytes]:
    """The decoded bytes of ``raw``: gunzipped when it starts with the gzip magic bytes."""
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


def peek_chunks(chunks: Iterator[bytes], size: int = PEEK_BYTES
                ) -> tuple[bytes, Iterator[bytes], BaseException | None]:
    """The first ``size`` decoded bytes (for format detection), an iterator over all of them,
    and the decompression or read error met while peeking, if any: the iterator raises it
    again where it occurred, and a head it cut short is no input's whole content."""
    got: list[bytes] = []
    total = 0
    error: BaseException | None = None
    try:
        for chunk in chunks:
            got.append(chunk)
            total += len(chunk)
            if total >= size:
                break
    except _STREAM_ERRORS as exc:
        error = exc

    def replay() -> Iterator[bytes]:
        yield from got
        if error is not None:
            raise error
        yield from chunks
    return b"".join(got)[:size], replay(), error


def iter_blocks(chunks: Iterator[bytes], block_size: int = BLOCK_SIZE) -> Iterator[Block]:
    """Regroup decoded chunks into blocks of whole lines (each ending in a newline except maybe
    the last) of about ``block_size`` bytes.

    A decompression failure (truncated or corrupt gzip) ends the stream with a :class:`StreamEnd`
    carrying the cut line; an over-long line is replaced by a :class:`LongLine`.
    """
    parts: list[bytes] = []
    size = 0
    skipping: LongLine | None = None
    try:
        for chunk in chunks:
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
