"""Run Python code in a subprocess where some packages cannot be imported, as in an install
without the extra that brings them (this process has them; the subprocess gets this tree's code
the same way, through the inherited ``PYTHONPATH``)."""

from __future__ import annotations

import subprocess
import sys


def blocking(*packages: str) -> str:
    """Code to prepend: every import of ``packages`` (top-level names) or their submodules
    raises ModuleNotFoundError."""
    return ("import sys\n"
            "class Block:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            f"        if name.split('.')[0] in {packages!r}:\n"
            "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
            "sys.meta_path.insert(0, Block())\n")


def run_without(code: str, *packages: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", blocking(*packages) + code],
                          capture_output=True, text=True, check=False)


def run_without_pyarrow(code: str) -> subprocess.CompletedProcess[str]:
    return run_without(code, "pyarrow")
