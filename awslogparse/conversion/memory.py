"""The Arrow memory pool a conversion allocates from: jemalloc where pyarrow has it.

pyarrow's default pool is mimalloc. Converting a 2M-line VPC flow log object with it, the
kernel spent a fifth of the process's CPU time zeroing pages: the dataset writer hands freed
memory back after each file (so a long conversion's RSS stays bounded), and mimalloc's
(transparent huge) pages then fault in again, zeroed, for the next one. jemalloc gives the
memory back without that cost. Measured on that object (``awslogparse convert``, three
interleaved runs each): 2.48-2.75 s and 0.87-1.03 s of system time with mimalloc, 2.14-2.21 s
and 0.26-0.30 s with jemalloc, at a lower peak RSS (336-347 MB against 351-369 MB).

A process that only converts (the command, a worker process) sets ``ARROW_DEFAULT_MEMORY_POOL``
before pyarrow loads, which moves every allocation, Arrow's own C++ ones included; a conversion
called from a program that has pyarrow loaded already sets pyarrow's default pool while it
runs, which moves those made through pyarrow's API (most of them). A user's choice stands:
nothing changes when ``ARROW_DEFAULT_MEMORY_POOL`` is set, or when the default pool is not
mimalloc (``pyarrow.set_memory_pool``), or when this pyarrow has no jemalloc.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any

POOL_VARIABLE = "ARROW_DEFAULT_MEMORY_POOL"


def _chosen() -> Any:
    """jemalloc's pool when a conversion should use it, else None."""
    if POOL_VARIABLE in os.environ:
        return None
    import pyarrow as pa

    if pa.default_memory_pool().backend_name != "mimalloc":
        return None
    try:
        return pa.jemalloc_memory_pool()
    except NotImplementedError:
        return None


def use_in_this_process(*, worker: bool) -> None:
    """Before converting: jemalloc for all of this process when pyarrow is not loaded yet
    (Linux, whose wheels build it in: elsewhere Arrow would warn when it is missing). Else, in a
    ``worker`` process (it only converts), as pyarrow's default pool for good; the command
    (``cli.main`` may run inside another program) leaves the pool to each conversion's
    :func:`conversion_pool`."""
    if POOL_VARIABLE in os.environ:
        return
    if "pyarrow" not in sys.modules and sys.platform.startswith("linux"):
        os.environ[POOL_VARIABLE] = "jemalloc"  # (worker processes inherit it)
        return
    if not worker:
        return
    try:
        import pyarrow as pa
    except ImportError:  # (the conversion will say that it needs pyarrow)
        return
    pool = _chosen()
    if pool is not None:
        pa.set_memory_pool(pool)


@contextlib.contextmanager
def conversion_pool() -> Iterator[None]:
    """jemalloc as the default pool while a conversion runs in the caller's process, the
    caller's pool again afterwards (buffers keep the pool they came from)."""
    import pyarrow as pa

    pool = _chosen()
    if pool is None:
        yield
        return
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pool)
    try:
        yield
    finally:
        pa.set_memory_pool(previous)
