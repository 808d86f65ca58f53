"""Run Python code in a subprocess where pyarrow cannot be imported, as in an install without
the ``arrow`` extra (this process has pyarrow; the subprocess gets this tree's code the same
way, through the inherited ``PYTHONPATH``)."""

from __future__ import annotations

import subprocess
import sys

WITHOUT_PYARROW = (
    "import sys\n"
    "class Block:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name.split('.')[0] == 'pyarrow':\n"
    "            raise ImportError(f'No module named {name!r}')\n"
    "sys.meta_path.insert(0, Block())\n")
"""Prepended to the code: every ``import pyarrow...`` raises ImportError."""


def run_without_pyarrow(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", WITHOUT_PYARROW + code], capture_output=True,
                          text=True, check=False)
