"""What a test that simulates a killed conversion needs: the process's encoding threads gone
before the next run starts."""

from __future__ import annotations


def encoders_gone() -> None:
    """A killed process's encoding threads die with it; in the test's process they outlive the
    simulated crash, so they finish what they were writing here, before the next run starts (on
    a loaded machine one once committed a file after the next run had removed the leftovers)."""
    from awslogparse.conversion import writer

    writer._writer_pool().shutdown(wait=True)
    writer._writer_pool.cache_clear()
