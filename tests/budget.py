"""Hypothesis budgets the property tests share: the active profile's examples divided among
the formats a test runs over, so adding a format does not lengthen the suite."""

from __future__ import annotations

from collections.abc import Sized
from typing import Any

from hypothesis import HealthCheck, settings

RELAXED = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
"""Health checks whole generated files trip by their nature (large, slow to draw)."""


def shared_by(formats: Sized, least: int, **options: Any) -> settings:
    """Examples per format and test: the profile's budget shared across ``formats``, at least
    ``least`` each; RELAXED health checks suppressed unless ``options`` say otherwise."""
    options.setdefault("suppress_health_check", RELAXED)
    return settings(max_examples=max(least, settings().max_examples // len(formats)),
                    **options)
