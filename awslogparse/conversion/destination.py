"""Where a dataset is written: a local folder (here) or an ``s3://`` prefix (``s3io``).

A Parquet file must never be seen half-written. Locally it is written under a name query
engines skip (``.<name>.parquet.tmp-<pid>``: hidden, and not ending in ``.parquet``, since
DuckDB's globs match hidden files too) and renamed when complete. Small manifest files are
replaced the same way.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol


class DestinationError(Exception):
    """The destination cannot be written: the run stops (what is finished stays finished)."""


class Output(Protocol):
    """A file being written: ``local_path`` takes the bytes; ``commit`` publishes them under
    the final name, ``abort`` drops them."""

    local_path: str

    def commit(self) -> None: ...

    def abort(self) -> None: ...


class Destination(Protocol):
    """The few operations a conversion needs, on paths relative to the dataset root."""

    root: str
    appends_in_place: bool
    """Whether :meth:`append_file` writes at once (a local file) or at :meth:`close` (S3)."""

    def url(self, rel: str) -> str: ...

    def create(self, rel: str) -> Output: ...

    def write_text(self, rel: str, text: str) -> None: ...

    def read_text(self, rel: str) -> str | None: ...

    def append_file(self, rel: str, local: str) -> None: ...

    def put_file(self, rel: str, local: str) -> None: ...

    def list(self, prefix: str) -> list[str]: ...

    def delete(self, rel: str) -> None: ...

    def close(self) -> None: ...


def temp_name(final: Path) -> Path:
    return final.with_name(f".{final.name}.tmp-{os.getpid()}")


@contextlib.contextmanager
def _writing(what: str) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        where = f": {exc.filename}" if getattr(exc, "filename", None) else ""
        raise DestinationError(f"cannot write {what}: {exc.strerror or exc}{where}") from exc


class LocalOutput:
    def __init__(self, final: Path) -> None:
        self.final = final
        self.local_path = str(temp_name(final))
        with _writing(str(final.parent)):
            final.parent.mkdir(parents=True, exist_ok=True)

    def commit(self) -> None:
        with _writing(str(self.final)):
            os.replace(self.local_path, self.final)

    def abort(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.local_path)


class LocalDestination:
    """A dataset in a local folder."""

    appends_in_place = True

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.path = Path(root)
        self.root = str(self.path)
        if self.path.exists() and not self.path.is_dir():
            raise DestinationError(f"output is not a directory: {self.path}")

    def url(self, rel: str) -> str:
        return str(self.path / rel)

    def create(self, rel: str) -> LocalOutput:
        return LocalOutput(self.path / rel)

    def write_text(self, rel: str, text: str) -> None:
        out = self.create(rel)
        with _writing(rel):
            Path(out.local_path).write_text(text, encoding="utf-8")
        out.commit()

    def read_text(self, rel: str) -> str | None:
        try:
            return (self.path / rel).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None

    def append_file(self, rel: str, local: str) -> None:
        """Append a local file's bytes to ``rel`` (run sidecars grow input by input)."""
        target = self.path / rel
        with _writing(rel):
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(local, "rb") as src, target.open("ab") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)

    def put_file(self, rel: str, local: str) -> None:
        """A local file's bytes as ``rel``, whole (written aside, then renamed)."""
        out = self.create(rel)
        with _writing(rel):
            shutil.copyfile(local, out.local_path)
        out.commit()

    def list(self, prefix: str) -> list[str]:
        """Names (relative to the root) of the files whose path starts with ``prefix``."""
        folder, _, start = prefix.rpartition("/")
        base = self.path / folder
        try:
            names = os.listdir(base)
        except (FileNotFoundError, NotADirectoryError):
            return []
        return sorted(f"{folder}/{n}" if folder else n for n in names if n.startswith(start))

    def delete(self, rel: str) -> None:
        """Delete a file and any temporary file of it a killed run left."""
        target = self.path / rel
        with _writing(rel):
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
            with contextlib.suppress(FileNotFoundError, NotADirectoryError):
                for name in os.listdir(target.parent):
                    if name.startswith(f".{target.name}.tmp-"):
                        with contextlib.suppress(FileNotFoundError):
                            os.unlink(target.parent / name)


    def close(self) -> None:
        """Nothing to flush: every write above is already in place."""


def open_destination(where: str | os.PathLike[str]) -> Destination:
    """A destination for a local folder or an ``s3://bucket/prefix``."""
    from awslogparse.s3 import is_s3_url

    text = os.fspath(where)
    if is_s3_url(text):
        from awslogparse.conversion.s3io import S3Destination

        return S3Destination(text)
    return LocalDestination(text)
