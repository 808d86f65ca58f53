"""``python -m awslogparse``: the same command line as the ``awslogparse`` script."""

from awslogparse.cli import main

raise SystemExit(main())
