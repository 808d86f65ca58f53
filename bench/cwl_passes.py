"""Warm passes over the CloudWatch Logs benchmark's Lambda payloads, for A/B measurements of
the per-event cost (docs/benchmarks_json.md, section "CloudWatch Logs", times the same read).

One pass reads the first ``--payloads`` payloads of ``bench/data/cwl-vpc-<records>/`` (made by
``python -m bench.json_bench``) with ``iter_records(payload, "cloudwatch")``, or with
``from_lambda_event(json.loads(payload))`` (``--mode event``); a first pass warms the caches and
is not timed, then ``--passes`` more are. Printed: the records of a pass and the median CPU
seconds of the timed passes.

Instructions per event, which do not depend on the machine's load (other work sharing the
cores makes wall and CPU time A/Bs noisy): run under callgrind with 1 and with 2 timed passes,
and divide the difference by the records of a pass::

    for k in 1 2; do PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        python -m bench.cwl_passes --payloads 10 --passes $k; done

(``PYTHONHASHSEED=0``: the count then repeats exactly from run to run.)
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "cwl-vpc-200000"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder of payload-*.json")
    parser.add_argument("--payloads", type=int, default=10)
    parser.add_argument("--passes", type=int, default=1, help="timed passes after a warm one")
    parser.add_argument("--mode", choices=("iter", "event"), default="iter")
    args = parser.parse_args(argv)

    import awslogparse

    files = sorted(args.data.glob("payload-*.json"))[:args.payloads]
    if not files:
        print(f"no payloads in {args.data}: run python -m bench.json_bench", file=sys.stderr)
        return 1
    payloads: list[Any] = [path.read_bytes() for path in files]
    read: Callable[[Any], Any]
    if args.mode == "event":
        payloads = [json.loads(payload) for payload in payloads]
        read = awslogparse.from_lambda_event
    else:
        def read(payload: Any) -> Any:
            return awslogparse.iter_records(payload, "cloudwatch")

    def one_pass() -> int:
        count = 0
        for payload in payloads:
            for _record in read(payload):
                count += 1
        return count

    records = one_pass()
    seconds = []
    for _ in range(args.passes):
        start = time.process_time()
        one_pass()
        seconds.append(time.process_time() - start)
    median = statistics.median(seconds) if seconds else 0.0
    print(f"{records} records a pass; median CPU {median:.4f} s a pass "
          f"({median / max(records, 1) * 1e6:.3f} us an event)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
