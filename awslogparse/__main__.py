"""``python -m awslogparse`` and the ``awslogparse`` script: the command line of
:mod:`awslogparse.cli`. Loading that takes a few tens of milliseconds; Ctrl-C meanwhile exits as
it does later (status 130, no traceback)."""

from __future__ import annotations


def main() -> int:
    try:
        from awslogparse.cli import main as run
    except KeyboardInterrupt:
        return 130
    return run()


if __name__ == "__main__":
    raise SystemExit(main())
