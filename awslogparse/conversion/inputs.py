"""Inputs of a conversion: files, folders, globs (and ``s3://`` prefixes), each with an identity.

An input's *location* (its absolute path, or ``s3://bucket/key``) names it in the manifest; its
*identity* adds what changes when the object does (size and mtime, or the S3 ETag), so a rerun
skips what it finished and replaces what changed since.
"""

from __future__ import annotations

import glob
import hashlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from awslogparse.conversion.keys import in_range, key_facts
from awslogparse.model import SourceError

GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class InputFile:
    """One object to convert. ``rel`` is its path below the input it was found under."""

    location: str
    rel: str
    size: int
    version: str = ""
    """What changes when the content does: ``mtime_ns`` of a file, the ETag of an S3 object."""
    shown: str = ""
    """The path as the user's input spelled it (messages); empty: the location."""

    @property
    def is_s3(self) -> bool:
        return self.location.startswith("s3://")

    @property
    def path(self) -> Path:
        """The local path (for files)."""
        return Path(self.location)

    @property
    def display(self) -> str:
        return self.shown or self.location

    @property
    def key(self) -> str:
        """What AWS's key layout is read from: the S3 key, or the local path."""
        if self.is_s3:
            return self.location[len("s3://"):].partition("/")[2]
        return self.location

    @property
    def location_id(self) -> str:
        """A fixed-length name for the location (manifest file names)."""
        return hashlib.sha256(self.location.encode("utf-8", "surrogatepass")).hexdigest()[:32]

    @property
    def identity(self) -> str:
        """Location, size and version, hashed: output names and the manifest carry it."""
        text = f"{self.location}\0{self.size}\0{self.version}"
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _is_under(path: Path, parent: Path | None) -> bool:
    if parent is None:
        return False
    try:
        path.resolve().relative_to(parent)
    except ValueError:
        return False
    return True


def _local(path: Path, rel: Path) -> InputFile:
    info = path.stat()
    location = path.resolve()
    if not location.exists():  # a pipe named by a path (the shell's <(...): /dev/fd/N) resolves
        location = path.absolute()  # to its name (pipe:[...]), which is no file to open
    return InputFile(str(location), rel.as_posix(), info.st_size, str(info.st_mtime_ns),
                     shown=str(path))


DATASET_MARK = "_awslogparse"
"""The folder that holds a dataset's manifest (:mod:`.manifest`): a folder holding one is a
converted dataset, never logs to read (its Parquet files, manifest and error files)."""


def _walk(root: Path, skip: Path | None) -> Iterator[InputFile]:
    """Files under ``root``, sorted, without hidden files and folders, anything under
    ``skip`` and datasets this library wrote (a folder holding ``_awslogparse/``)."""
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        if _is_under(here, skip) or DATASET_MARK in dirnames:
            dirnames[:] = []
            continue
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__"
                             and not _is_under(here / d, skip))
        for name in sorted(filenames):
            if not name.startswith("."):
                path = here / name
                try:
                    yield _local(path, path.relative_to(root))
                except FileNotFoundError:  # vanished while we walked: not an input any more
                    continue


def local_inputs(raw: str | os.PathLike[str], skip: Path | None) -> list[InputFile]:
    """A file, a folder (walked recursively) or a glob (``**`` allowed)."""
    root = Path(raw)
    if root.is_dir():
        return list(_walk(root, skip))
    if root.exists():
        return [_local(root, Path(root.name))]
    text = os.fspath(raw)
    if GLOB_CHARS & set(text):
        found: list[InputFile] = []
        for match in sorted(glob.glob(text, recursive=True)):
            path = Path(match)
            if path.is_file() and not _is_under(path, skip):
                found.append(_local(path, Path(path.name)))
        if found:
            return found
        raise SourceError(f"no files match {text}")
    raise SourceError(f"no such file or directory: {text}")


def collect_inputs(inputs: Sequence[str | os.PathLike[str]], *,
                   exclude: str | os.PathLike[str] | None = None,
                   since: date | None = None, until: date | None = None) -> list[InputFile]:
    """Expand every input (files, folders, globs, ``s3://`` prefixes) into objects, in order,
    each once; ``since``/``until`` keep the objects whose key date is in range (objects whose
    key has no date are kept). A missing input raises :class:`SourceError`."""
    skip = None if exclude is None or _is_s3(exclude) else Path(exclude).resolve()
    found: list[InputFile] = []
    seen: set[str] = set()
    for raw in inputs:
        if _is_s3(raw):
            from awslogparse.conversion.s3io import s3_inputs

            items = s3_inputs(os.fspath(raw), since=since, until=until)
        else:
            items = local_inputs(raw, skip)
        for item in items:
            if item.location in seen:
                continue
            dated = since is not None or until is not None
            if dated and not in_range(key_facts(item.key).date, since, until):
                continue
            seen.add(item.location)
            found.append(item)
    return found


def _is_s3(raw: str | os.PathLike[str]) -> bool:
    from awslogparse.s3 import is_s3_url

    return is_s3_url(os.fspath(raw))


def detect_head(name: str | None, head: bytes, whole: Callable[[], BinaryIO]
                ) -> tuple[str | None, str]:
    """The format of an input and why, from its name and ``head`` (its first bytes). A
    Parquet file is read whole (``whole()``, closed here), as reading it would be: its first
    bytes are every Parquet file's, its footer names the columns that tell its format
    (``reader.detect_source``)."""
    from awslogparse import registry

    found = registry.detect(name, head)
    if not found.format or registry.get(found.format).format().spec.framing != "parquet":
        return found.format, found.reason
    from awslogparse.reader import detect_source

    stream = whole()
    try:
        return detect_source(stream, name=name)
    finally:
        stream.close()


def detect_input(item: InputFile, head: bytes | None = None) -> tuple[str | None, str]:
    """:func:`detect_head` of an input (``head`` read when None)."""
    return detect_head(item.location, read_head(item) if head is None else head,
                       lambda: open_item(item))


def open_item(item: InputFile) -> BinaryIO:
    """An input's bytes as a stream (an S3 object's GET, conditional on its listed ETag, or the
    file)."""
    if item.is_s3:
        from awslogparse.conversion.s3io import open_input

        return open_input(item.location, item.version)
    return open(item.location, "rb")


def read_head(item: InputFile, size: int = 64 * 1024) -> bytes:
    """The first bytes of an input (format detection)."""
    stream = open_item(item)
    try:
        return bytes(stream.read(size))
    finally:
        stream.close()
