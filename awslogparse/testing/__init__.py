"""Hypothesis strategies for awslogparse's formats (public API; needs ``hypothesis``).

Generated from the same specs the parsers use, so tests built on them follow the specs as they
grow. Import this package only in tests: ``import awslogparse`` never loads Hypothesis.

    from awslogparse.testing import flowlog_files

    @given(flowlog_files("vpcflow"))
    def test_reads(file): ...
"""

from __future__ import annotations

# One module per format family; each lists its public names in its own ``__all__``.
from awslogparse.testing.flowlog import *  # noqa: F403
from awslogparse.testing.flowlog import __all__  # noqa: F401  (re-exported as this package's)
