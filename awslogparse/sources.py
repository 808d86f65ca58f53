"""Open a source, decompress it, and cut it into blocks of whole lines with bounded memory.

Gzip is recognised by its magic bytes, not the file name. Decompression uses ``isal`` when it is
installed (2-4x faster than the standard library), else ``zlib-ng``, else :mod:`gzip`; all three
read multi-member files (Firehose concatenates members).
"""

from __future__ import annotations

import io
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO

from awslogparse.model import SourceError

Source = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes]

BLOCK_SIZE = 1024 * 1024
MAX_LINE = 1024 * 1024
"""A line longer than this is reported as an error and skipped, never held whole in memory."""

GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class StreamEnd:
    """Marks an abnormal end of the stream: ``tail`` is the partial line cut by it."""

    reason: str
    tail: bytes


@dataclass
class LongLine:
    """A line over :data:`MAX_LINE` bytes, skipped; ``head`` keeps its first bytes for the error."""

    head: bytes
    length: int


Block = bytes | StreamEnd | LongLine


def source_name(source: Any) -> str:
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return "<bytes>"
    return str(getattr(source, "name", None) or "<stream>")


def open_binary(source: Source) -> tuple[BinaryIO, bool]:
    """A readable binary stream for ``source``, and whether we opened it (and must close it)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return io.BytesIO(bytes(source)), True
    if isinstance(source, (str, os.PathLike)):
        text = os.fspath(source)
        if "://" in text:
            scheme = text.split("://", 1)[0]
            raise SourceError(
                f"{scheme}:// URLs are not read directly yet: open the object yourself and pass "
                "the binary stream (e.g. boto3's get_object(...)['Body'])")
        path = Path(text)
        if not path.exists():
            raise SourceError(f"no such file: {text}")
        if path.is_dir():
            raise SourceError(f"is a directory: {text}")
        return path.open("rb"), True
    if hasattr(source, "read"):
        return source, False  # type: ignore[return-value]
    raise SourceError(f"cannot read from a {type(source).__name__}")


def gzip_reader(raw: BinaryIO) -> BinaryIO:
    """The fastest installed gzip decompressor over ``raw``."""
    try:
        from isal import igzip

        return igzip.IGzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value,no-untyped-call]
    except ImportError:
        pass
    try:
        from zlib_ng import gzip_ng

        return gzip_ng.GzipNGFile(fileobj=raw, mode="rb")  # type: ignore[return-value,no-untyped-call]
    except ImportError:
        pass
    import gzip

    return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]


class _Prefixed(io.RawIOBase):
    """Replays bytes already read (to sniff magic numbers) before the rest of a stream."""

    def __init__(self, prefix: bytes, rest: BinaryIO) -> None:
        self._prefix = prefix
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._rest.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        return n


def decompressed(raw: BinaryIO) -> BinaryIO:
    """Wrap ``raw`` in a gzip decoder when it starts with the gzip magic bytes."""
    prefix = b""
    while len(prefix) < 2:
        chunk = raw.read(2 - len(prefix))
        if not chunk:
            break
        prefix += chunk
    stream: BinaryIO = io.BufferedReader(_Prefixed(prefix, raw), 1 << 20)
    if prefix == GZIP_MAGIC:
        return gzip_reader(stream)
    return stream


_STREAM_ERRORS: tuple[type[BaseException], ...] = (EOFError, zlib.error, OSError)


def iter_blocks(stream: BinaryIO, block_size: int = BLOCK_SIZE) -> Iterator[Block]:
    """Yield blocks of whole lines (each ending in ``\\n`` except maybe the last).

    A decompression failure (truncated or corrupt gzip) ends the stream with a :class:`StreamEnd`
    carrying the cut line; an over-long line is replaced by a :class:`LongLine`.
    """
    carry = b""
    skipping: LongLine | None = None
    while True:
        try:
            chunk = stream.read(block_size)
        except _STREAM_ERRORS as exc:
            if skipping is not None:
                yield skipping
                carry = b""
            yield StreamEnd(f"{type(exc).__name__}: {exc}".rstrip(": ") or "read error", carry)
            return
        if not chunk:
            break
        if skipping is not None:
            cut = chunk.find(b"\n")
            if cut < 0:
                skipping.length += len(chunk)
                continue
            skipping.length += cut
            yield skipping
            skipping = None
            chunk = chunk[cut + 1:]
        data = carry + chunk if carry else chunk
        cut = data.rfind(b"\n")
        if cut < 0:
            carry = data
        else:
            yield data[: cut + 1]
            carry = data[cut + 1:]
        if len(carry) > MAX_LINE:
            skipping = LongLine(carry[:200], len(carry))
            carry = b""
    if skipping is not None:
        yield skipping
    elif carry:
        yield carry


def prefetch(blocks: Iterator[Block], depth: int = 2) -> Iterator[Block]:
    """Read and decompress the next blocks in a thread while the caller parses this one.

    gzip decoders (isal, zlib-ng, zlib) and file reads release the GIL, so on two cores the
    decompression overlaps Arrow's parsing. Exceptions are re-raised in the caller's thread.
    """
    import queue
    import threading

    slots: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for block in blocks:
                while not stop.is_set():
                    try:
                        slots.put(("block", block), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            slots.put(("end", None))
        except BaseException as exc:  # handed to the consumer, never lost in the thread
            slots.put(("error", exc))

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
