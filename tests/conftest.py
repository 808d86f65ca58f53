"""Hypothesis profiles: ``default`` keeps ``pytest -n 2`` to a few minutes; ``ci`` (loaded when
CI=true, or by HYPOTHESIS_PROFILE=ci) searches five times longer (ten times fitted twenty
formats; with thirty and the Lambda event shapes it took the CI run to 20 minutes). ``deep``
(only by HYPOTHESIS_PROFILE=deep; neither ``make test`` nor CI loads it) runs 2,000 examples, for
a long search by hand, one or two files at a time: for example
``HYPOTHESIS_PROFILE=deep pytest -p no:cacheprovider --hypothesis-seed=1 tests/test_x.py``.
Parsing and gzip work make some examples slow, so there are no deadlines and no too-slow health
check."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

pytest_plugins = ["tests.s3server"]  # the local S3 server: s3_endpoint, s3, s3_bucket fixtures

_RELAXED = [HealthCheck.too_slow, HealthCheck.data_too_large]

settings.register_profile("default", max_examples=30, deadline=None,
                          suppress_health_check=_RELAXED)
settings.register_profile("ci", max_examples=150, deadline=None, print_blob=True,
                          suppress_health_check=_RELAXED)
settings.register_profile("deep", max_examples=2000, deadline=None, print_blob=True,
                          suppress_health_check=_RELAXED)

_chosen = os.environ.get("HYPOTHESIS_PROFILE")
if not _chosen:
    _chosen = "ci" if os.environ.get("CI", "").strip().lower() == "true" else "default"
settings.load_profile(_chosen)
