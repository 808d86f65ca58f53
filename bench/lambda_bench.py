"""Lambda benchmarks: an SQS batch of S3 notifications read by ``from_lambda_event`` against the
naive way, and the cold start of every format.

``python -m bench.lambda_bench`` measures:

(a) An SQS event of 10 messages, each an S3 notification of one gzip VPC flow log object of about
    5 MB, the objects written by ``bench/generate.py``'s production-like generator under AWS's
    key layout (cached under ``bench/data/lambda/``) and stored on a moto S3 server that the
    benchmark starts on 127.0.0.1. Each case runs in a fresh child process (boto3 client made
    and the parsers loaded before the clock starts): ``from_lambda_event`` (objects streamed
    through the decoder), and the naive way (``get_object()["Body"].read()`` +
    ``gzip.decompress`` + ``iter_records`` on the bytes). Records/s and peak RSS (VmHWM, reset
    after the setup, so the growth is what reading cost). Every case must read every line of
    every object before anything is timed, or the run stops; the cases are interleaved round by
    round.
(b) Cold start: a fresh interpreter importing awslogparse and reading the smallest sample of each
    format (``tests/golden`` names each sample's format), against a bare one, from the function
    zip that ``examples/lambda_forwarder/build.py`` builds (unzipped, without pyarrow): as
    built, with its byte code (for this interpreter's version), and without its ``.pyc`` files
    (Lambda's ``/var/task`` is read-only, so every cold start then compiles every module).
    Medians of interleaved runs; and, where valgrind is installed, the instructions each case
    executes (callgrind), a count that the host's drift does not move. Also the size of that
    zip.

It prints a table and writes ``docs/benchmarks_lambda.md`` with the command that produced it.
Quick run while developing: ``python -m bench.lambda_bench --quick --no-doc``.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import importlib.util
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from awslogparse.sources import BLOCK_SIZE, GZIP_READ_SIZE
from bench.harness import fmt_load, proc_status, publish, reset_peak_rss, table, verdict
from bench.harness import machine as harness_machine
from bench.run import load_average

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "lambda"
DOC = ROOT / "docs" / "benchmarks_lambda.md"
GOLDEN = ROOT / "tests" / "golden"
SAMPLES = ROOT / "samples"
BUILD = ROOT / "examples" / "lambda_forwarder" / "build.py"

OBJECTS = 10
OBJECT_MB = 5.0
"""Gzip size of each object (10^6 bytes)."""
QUICK_MB = 0.5
BUCKET = "flow-logs-bench"
QUEUE = "arn:aws:sqs:us-east-1:123456789012:log-queue"
SEED = 11
DATA_VERSION = 1
"""Bumped whenever the objects change for the same seed: older sets are regenerated."""

TARGET_SPEED = 1.0
"""(a) from_lambda_event's records/s over the naive way's: the same or better."""
TARGET_MEMORY = 0.5
"""(a) from_lambda_event's peak RSS growth over the naive way's, at most ("a fraction")."""
TARGET_COLD_MS = 25.0
"""(b) import + first parse of a small object over bare Python, for any format (.pyc cached)."""
RUNTIME_IMPORTS = "import importlib, json, logging, os, sys, time, traceback\n"
"""What the Lambda Python runtime imports before it imports the handler's module (the standard
library modules ``awslambdaric/bootstrap.py`` imports; its own modules are left out): with
them go ``re``, ``enum``, ``functools`` and ``collections``, which a bare interpreter lacks."""

Say = Callable[[str], None]


# ---- (a) data: ten gzip VPC flow log objects under AWS's keys


@dataclasses.dataclass(frozen=True)
class StoredLog:
    key: str
    path: Path
    lines: int
    """Data lines (the header line not counted)."""


def _object_key(net: Any, rnd: random.Random, start: int) -> str:
    """AWS's key for a flow log delivered to S3."""
    when = time.gmtime(start)
    return (f"AWSLogs/{net.owner}/vpcflowlogs/{net.region}/{time.strftime('%Y/%m/%d', when)}/"
            f"{net.owner}_vpcflowlogs_{net.region}_fl-{rnd.getrandbits(68):017x}_"
            f"{time.strftime('%Y%m%dT%H%MZ', when)}_{rnd.getrandbits(32):08x}.log.gz")


def _write_object(path: Path, target_bytes: int, rnd: random.Random) -> tuple[str, int]:
    """One default-format object of about ``target_bytes`` gzip bytes (header + data lines),
    sized from a first slice's compression ratio. Returns its key and data lines."""
    from bench.generate import V2, Network, file_lines

    net = Network(rnd)
    start = 1763683200 + rnd.randrange(0, 30 * 86400, 300)
    key = _object_key(net, rnd, start)
    probe = file_lines(net, V2, 5000, start, header=False)
    per_line = len(gzip.compress(("\n".join(probe) + "\n").encode(), 6)) / len(probe)
    count = max(1, int(target_bytes / per_line))
    text = [" ".join(V2), *probe[:count]]
    if count > len(probe):
        text += file_lines(net, V2, count - len(probe), start, header=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wb", compresslevel=6) as fh:
        fh.write(("\n".join(text) + "\n").encode())
    return key, count


def objects(megabytes: float, say: Say) -> list[StoredLog]:
    """The ten objects (generated once, then read from ``bench/data/lambda/``)."""
    root = DATA / f"vpc-{megabytes:g}mb"
    manifest_path = root / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) \
        if manifest_path.exists() else {}
    if manifest.get("version") != DATA_VERSION:
        say(f"generating {OBJECTS} objects of {megabytes:g} MB under {root.relative_to(ROOT)}/")
        tmp = root.with_name(root.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        rnd = random.Random(SEED)
        entries = []
        for index in range(OBJECTS):
            key, lines = _write_object(tmp / f"{index:02d}.log.gz", int(megabytes * 1e6), rnd)
            entries.append({"key": key, "file": f"{index:02d}.log.gz", "lines": lines})
        (tmp / "manifest.json").write_text(json.dumps(
            {"version": DATA_VERSION, "seed": SEED, "objects": entries}, indent=1) + "\n",
            encoding="utf-8")
        shutil.rmtree(root, ignore_errors=True)
        tmp.replace(root)
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    return [StoredLog(e["key"], root / e["file"], e["lines"]) for e in manifest["objects"]]


def sqs_event(logs: Sequence[StoredLog]) -> dict[str, Any]:
    """An SQS batch of one S3 notification per object (as S3 -> SQS delivers them)."""
    from awslogparse.testing.events import s3_record, sqs_record

    return {"Records": [
        sqs_record(json.dumps({"Records": [s3_record(BUCKET, log.key,
                                                     size=log.path.stat().st_size)]}),
                   f"msg-{index:02d}")
        for index, log in enumerate(logs)]}


# ---- (a) the S3 server


@contextmanager
def s3_server(log: Path) -> Iterator[str]:
    """moto's standalone S3 server on 127.0.0.1, started as the tests start it."""
    from awslogparse.testing.s3server import moto_server

    try:
        with moto_server(log) as url:
            yield url
    except RuntimeError as exc:
        raise SystemExit(str(exc)) from None


def _client(endpoint: str) -> Any:
    import boto3

    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="bench", aws_secret_access_key="bench")


WARM_KEY = "warm-up/header.log"
"""A small object each child reads before the clock starts."""


def upload(endpoint: str, logs: Sequence[StoredLog]) -> None:
    from bench.generate import V2

    client = _client(endpoint)
    client.create_bucket(Bucket=BUCKET)
    client.put_object(Bucket=BUCKET, Key=WARM_KEY, Body=(" ".join(V2) + "\n").encode())
    for log in logs:
        client.upload_file(str(log.path), BUCKET, log.key)


# ---- (a) the cases, each in a child process


_CHILD = """
import sys
from bench.lambda_bench import read_event_child
read_event_child(*sys.argv[1:])
"""

ROUTES = {
    "ours": "awslogparse.from_lambda_event(event, format='vpcflow'), objects streamed",
    "ours_auto": "awslogparse.from_lambda_event(event), format detected per object",
    "naive": "get_object().read() + gzip.decompress + iter_records(bytes)",
}


def read_event_child(route: str, endpoint: str, event_path: str) -> None:
    """Run in a child: read the event by ``route`` and print one JSON line (records, errors,
    seconds, CPU seconds, RSS before, peak RSS)."""
    import gc
    from urllib.parse import unquote_plus

    import awslogparse

    client = _client(endpoint)
    # a warm function: the client has made a request (connection, service model, response
    # parsers) and the readers are loaded, so the clock and the RSS see only the batch
    header = client.get_object(Bucket=BUCKET, Key=WARM_KEY)["Body"].read()
    for _ in awslogparse.iter_records(header, "vpcflow"):
        pass
    for _ in awslogparse.from_lambda_event({"Records": []}):
        pass
    awslogparse.detect(WARM_KEY, header)  # every format's sniffer loaded (format="auto")
    with open(event_path, encoding="utf-8") as fh:
        event = json.load(fh)
    gc.collect()
    out: dict[str, Any] = {}
    if not reset_peak_rss():
        out["reset"] = False
    out["base_rss"] = proc_status("VmRSS")
    cpu, start = time.process_time(), time.perf_counter()
    records = errors = 0
    if route in ("ours", "ours_auto"):
        it = awslogparse.from_lambda_event(event, s3_client=client,
                                           format="vpcflow" if route == "ours" else "auto")
        for _record in it:
            records += 1
        errors = it.stats.errors
    else:
        for message in event["Records"]:
            for record in json.loads(message["body"])["Records"]:
                key = unquote_plus(record["s3"]["object"]["key"])
                body = client.get_object(Bucket=record["s3"]["bucket"]["name"], Key=key)
                data = gzip.decompress(body["Body"].read())
                reader = awslogparse.iter_records(data, "vpcflow")
                for _record in reader:
                    records += 1
                errors += reader.stats.errors
    out.update(seconds=time.perf_counter() - start, cpu=time.process_time() - cpu,
               records=records, errors=errors, peak_rss=proc_status("VmHWM"))
    print(json.dumps(out))


@dataclasses.dataclass
class ChildCase:
    key: str
    label: str
    runs: list[dict[str, Any]] = dataclasses.field(default_factory=list)

    def median(self, name: str) -> float:
        return float(statistics.median(r[name] for r in self.runs))

    @property
    def growth(self) -> float:
        """Median peak RSS growth over the RSS before reading (bytes)."""
        return float(statistics.median(r["peak_rss"] - r["base_rss"] for r in self.runs))


def run_child(route: str, endpoint: str, event_path: Path) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _CHILD, route, endpoint, str(event_path)],
                          cwd=ROOT, env=env, check=False, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"case {route} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@dataclasses.dataclass
class EventRun:
    logs: list[StoredLog]
    gz_bytes: int
    raw_bytes: int
    cases: list[ChildCase]
    loads: tuple[float | None, float | None]

    @property
    def lines(self) -> int:
        return sum(log.lines for log in self.logs)

    def case(self, key: str) -> ChildCase:
        return next(c for c in self.cases if c.key == key)

    def speed_ratio(self) -> float:
        return self.case("naive").median("seconds") / self.case("ours").median("seconds")

    def cpu_ratio(self) -> float:
        """The same as :meth:`speed_ratio` in the reading process's CPU time (the S3 server,
        which shares the machine's cores here, left out)."""
        return self.case("naive").median("cpu") / self.case("ours").median("cpu")

    def memory_ratio(self) -> float:
        return self.case("ours").growth / self.case("naive").growth


def run_event(megabytes: float, repeat: int, workdir: Path, say: Say) -> EventRun:
    logs = objects(megabytes, say)
    lines = sum(log.lines for log in logs)
    event_path = workdir / "sqs-event.json"
    event_path.write_text(json.dumps(sqs_event(logs)), encoding="utf-8")
    cases = [ChildCase(key, label) for key, label in ROUTES.items()]
    with s3_server(workdir / "moto.log") as endpoint:
        upload(endpoint, logs)
        say(f"(a) {len(logs)} objects stored ({lines:,} lines); checking every case reads "
            "every line")
        for case in cases:  # before timing: each route accounts for every line
            check = run_child(case.key, endpoint, event_path)
            if check["records"] != lines or check["errors"]:
                raise SystemExit(f"{case.label}: {check['records']} records and "
                                 f"{check['errors']} errors of {lines} lines: not timing")
        before = load_average()
        for round_no in range(repeat):
            for case in cases if round_no % 2 == 0 else list(reversed(cases)):
                result = run_child(case.key, endpoint, event_path)
                if result["records"] != lines:
                    raise SystemExit(f"{case.label}: {result['records']} records this run")
                case.runs.append(result)
                say(f"  round {round_no + 1}/{repeat}  {case.key:<10} {result['seconds']:7.2f} s"
                    f"  peak RSS +{(result['peak_rss'] - result['base_rss']) / 2**20:7.1f} MiB")
        after = load_average()
    raw = 0
    for log in logs:
        with gzip.open(log.path, "rb") as fh:
            raw += sum(len(chunk) for chunk in iter(lambda: fh.read(1 << 20), b""))
    return EventRun(logs, sum(log.path.stat().st_size for log in logs), raw, cases,
                    (before, after))


# ---- (b) cold start and the deployment zip


def _load_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("forwarder_build", BUILD)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclasses.dataclass(frozen=True)
class ZipSize:
    zipped: int
    unzipped: int
    files: int
    pyparsing_zipped: int
    """pyparsing, the one runtime requirement, zipped the same way (from the installed copy:
    a pure-Python wheel, the same files pip would put in the zip)."""


PYTHON_VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"


def function_zip(workdir: Path) -> tuple[Path, ZipSize]:
    """The forwarder's function zip built offline (awslogparse and the handler; no pyarrow,
    no boto3) with byte code for this interpreter, unzipped under ``workdir/function``."""
    build = _load_build()
    out = build.build_function(workdir / "function.zip", dependencies=False,
                               python=PYTHON_VERSION)
    stage = workdir / "function"
    with zipfile.ZipFile(out) as archive:
        archive.extractall(stage)
        infos = archive.infolist()
    import pyparsing

    pyparsing_stage = workdir / "pyparsing-stage"
    shutil.copytree(Path(pyparsing.__file__).parent, pyparsing_stage / "pyparsing",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    pyparsing_zip = build.write_zip(pyparsing_stage, workdir / "pyparsing.zip")
    return stage, ZipSize(out.stat().st_size, sum(i.file_size for i in infos), len(infos),
                          pyparsing_zip.stat().st_size)


def cold_samples() -> dict[str, Path]:
    """The smallest sample of each format that tests/golden names, in format order."""
    found: dict[str, Path] = {}
    for golden in sorted(GOLDEN.glob("*.jsonl")):
        with golden.open(encoding="utf-8") as fh:
            head = json.loads(fh.readline())
        path = SAMPLES / head["path"]
        best = found.get(head["format"])
        if best is None or path.stat().st_size < best.stat().st_size:
            found[head["format"]] = path
    return dict(sorted(found.items()))


EVENT_SAMPLE = SAMPLES / "lambda-events" / "cloudwatch-logs-lambda.json"
"""The Lambda event of the ``event`` case: a CloudWatch Logs subscription (no S3 client)."""
EVENT_STATEMENT = ("import json, awslogparse\n"
                   f"event = json.load(open({str(EVENT_SAMPLE)!r}))\n"
                   "n = sum(1 for _ in awslogparse.from_lambda_event(event))\n"
                   "assert n > 0, 'no records'\n")
"""What a forwarder's first invocation runs: the event read by ``from_lambda_event``."""


def cold_statement(fmt: str, path: Path, detect: bool) -> str:
    chosen = "'auto'" if detect else repr(fmt)
    return ("import awslogparse\n"
            f"data = open({str(path)!r}, 'rb').read()\n"
            f"n = sum(1 for _ in awslogparse.iter_records(data, {chosen}, errors='skip', "
            f"name={str(path.relative_to(SAMPLES))!r}))\n"
            "assert n > 0, 'no records'\n")


@dataclasses.dataclass
class ColdCase:
    key: str
    statement: str
    tree: str
    """``pyc`` (the zip as built, with its byte code) or ``source`` (without its .pyc files)."""
    wall: list[float] = dataclasses.field(default_factory=list)
    cpu: list[float] = dataclasses.field(default_factory=list)


def cold_env(tree: Path) -> dict[str, str]:
    """A cold start's environment: only ``tree`` on the path, no byte code written (Lambda's
    ``/var/task`` is read-only), none of this interpreter's own PYTHON* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(PYTHONPATH=str(tree), PYTHONDONTWRITEBYTECODE="1")
    return env


def _run_cold(case: ColdCase, trees: dict[str, Path]) -> tuple[float, float]:
    env = cold_env(trees[case.tree])
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", case.statement], cwd=trees[case.tree],
                             env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"cold start case {case.key} ({case.tree}) failed")
    return wall, usage.ru_utime + usage.ru_stime


@dataclasses.dataclass
class ColdRun:
    samples: dict[str, Path]
    cases: list[ColdCase]
    zip_size: ZipSize
    runs: int
    loads: tuple[float | None, float | None]
    counts: dict[str, int] = dataclasses.field(default_factory=dict)
    """Instructions per .pyc case (callgrind); empty without valgrind."""

    def instructions_over_bare(self, key: str) -> str:
        """Millions of instructions over bare Python, or "" without valgrind."""
        if not self.counts:
            return ""
        return f"{(self.counts[key] - self.counts['bare']) / 1e6:.1f}"

    def worst_instructions(self) -> tuple[str, float] | None:
        """The format of most instructions over bare Python, and their millions."""
        if not self.counts:
            return None
        return max(((fmt, (self.counts[fmt] - self.counts["bare"]) / 1e6)
                    for fmt in self.samples), key=lambda kv: kv[1])

    def over_bare(self, key: str, tree: str, what: str = "wall", base: str = "bare") -> float:
        """Median ms of a case minus the median of ``base`` (bare Python) in the same tree."""
        def median(k: str) -> float:
            case = next(c for c in self.cases if c.key == k and c.tree == tree)
            values: list[float] = getattr(case, what)
            return float(statistics.median(values)) * 1000
        return median(key) - median(base)

    def over_runtime(self, fmt: str) -> float:  # (also "event")
        """Median ms of a format's case after the Lambda runtime's imports, minus theirs."""
        return self.over_bare(f"{fmt}/runtime", "pyc", base="runtime")

    def worst(self, runtime: bool = False) -> tuple[str, float]:
        def cost(fmt: str) -> float:
            return self.over_runtime(fmt) if runtime else self.over_bare(fmt, "pyc")
        return max(((fmt, cost(fmt)) for fmt in self.samples), key=lambda kv: kv[1])


def instructions(statement: str, tree: Path) -> int | None:
    """Instructions a fresh interpreter executes running ``statement`` in ``tree`` (valgrind's
    callgrind, every thread); None without valgrind."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    env = cold_env(tree)
    done = subprocess.run([valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null",
                           sys.executable, "-c", statement], cwd=tree, env=env,
                          capture_output=True, text=True, check=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"callgrind printed no count:\n{done.stderr}")
    return int(found.group(1))


def run_cold(runs: int, workdir: Path, say: Say) -> ColdRun:
    stage, size = function_zip(workdir)
    source = workdir / "function-source"
    shutil.copytree(stage, source, ignore=shutil.ignore_patterns("__pycache__"))
    trees = {"source": source, "pyc": stage}
    samples = cold_samples()
    cases = []
    for tree in trees:
        cases.append(ColdCase("bare", "pass", tree))
        cases.append(ColdCase("import", "import awslogparse", tree))
        if tree == "pyc":
            cases.append(ColdCase("runtime", RUNTIME_IMPORTS, tree))
        cases.append(ColdCase("event", EVENT_STATEMENT, tree))
        if tree == "pyc":
            cases.append(ColdCase("event/runtime", RUNTIME_IMPORTS + EVENT_STATEMENT, tree))
        for fmt, path in samples.items():
            cases.append(ColdCase(fmt, cold_statement(fmt, path, False), tree))
            if tree == "pyc":
                cases.append(ColdCase(f"{fmt}/auto", cold_statement(fmt, path, True), tree))
                cases.append(ColdCase(f"{fmt}/runtime",
                                      RUNTIME_IMPORTS + cold_statement(fmt, path, False), tree))
    for tree, path in trees.items():  # the staged package is the one imported
        check = ColdCase("where", "import awslogparse, sys\n"
                         f"assert awslogparse.__file__.startswith({str(path)!r}), "
                         "awslogparse.__file__", tree)
        _run_cold(check, trees)
    for case in cases:  # warm the OS cache; every statement must work
        _run_cold(case, trees)
    say(f"(b) cold start: {len(cases)} cases, {runs} interleaved rounds")
    before = load_average()
    for round_no in range(runs):
        for case in cases if round_no % 2 == 0 else list(reversed(cases)):
            wall, cpu = _run_cold(case, trees)
            case.wall.append(wall)
            case.cpu.append(cpu)
    after = load_average()
    counts: dict[str, int] = {}
    if shutil.which("valgrind"):
        say("(b) instructions: each .pyc case once under callgrind")
        for case in cases:
            if case.tree == "pyc" and not case.key.endswith("/runtime"):
                counts[case.key] = instructions(case.statement, stage) or 0
    return ColdRun(samples, cases, size, runs, (before, after), counts)


# ---- report


def _mib(value: float) -> str:
    return f"{value / 2**20:,.1f}"


def render(event: EventRun, cold: ColdRun, info: dict[str, str], command: str,
           repeat: int) -> str:
    speed, memory = event.speed_ratio(), event.memory_ratio()
    worst_fmt, worst_ms = cold.worst()
    out = [
        "# Lambda benchmarks",
        "",
        "What a log-forwarding Lambda function pays: reading the S3 objects of an SQS batch, and "
        "a cold start. Written by [`bench/lambda_bench.py`](../bench/lambda_bench.py); do not "
        "edit by hand.",
        "",
        f"Measured {info['date']} at commit {info['commit']} with `{command}`.",
        "",
        *table(["machine", ""], [[k, v] for k, v in info.items() if k not in ("date",
                                                                            "commit")]),
        "",
        "The machine has 2 cores and may be shared with other work: load averages are given "
        "per part, and every case of a part is interleaved round by round (the order reversed "
        "every other round), so drift hits every case alike.",
        "",
        "## Summary",
        "",
        *table(["", "figure", "target", "verdict"], [
            ["(a) records/s, from_lambda_event over the naive way", f"{speed:.2f}x",
             f">= {TARGET_SPEED:g}x", verdict(speed, TARGET_SPEED)],
            ["(a') records per CPU second of the reading process, the same",
             f"{event.cpu_ratio():.2f}x", "(none)", ""],
            ["(a) peak RSS growth, from_lambda_event over the naive way", f"{memory:.3f}x",
             f"<= {TARGET_MEMORY:g}x (a fraction)",
             verdict(TARGET_MEMORY, memory)],
            [f"(b) cold start over bare Python, worst format ({worst_fmt}), with byte code",
             f"{worst_ms:.1f} ms", f"<= {TARGET_COLD_MS:g} ms",
             verdict(TARGET_COLD_MS, worst_ms)],
            ["(b') the same over the Lambda runtime's own imports, worst format "
             f"({cold.worst(runtime=True)[0]})", f"{cold.worst(runtime=True)[1]:.1f} ms",
             "(none)", ""],
            *([[f"(b'') instructions over bare Python, worst format ({most[0]})",
                 f"{most[1]:.1f} M", "(none)", ""]] if (most := cold.worst_instructions())
              else []),
            ["(b) function zip without pyarrow (awslogparse + handler + byte code + pyparsing)",
             f"{(cold.zip_size.zipped + cold.zip_size.pyparsing_zipped) / 2**20:.2f} MiB",
             "(none)", ""],
        ]),
        "",
        "## (a) An SQS batch of S3 notifications",
        "",
        f"{len(event.logs)} objects, {event.lines:,} data lines in all, "
        f"{event.gz_bytes / 1e6:,.1f} MB gzip, {event.raw_bytes / 1e6:,.1f} MB uncompressed, "
        "written by `bench/generate.py`'s flow log generator (seeded; default v2 format with its "
        "header line, as S3 delivers it: many accounts and interfaces, a skewed port and "
        "protocol mix, NODATA/SKIPDATA lines, IPv6) under AWS's `AWSLogs/<account>/vpcflowlogs/"
        "...` keys, and stored on moto's S3 server on 127.0.0.1, started by the benchmark. "
        "The event is an SQS batch of one S3 notification per object (keys URL-encoded as S3 "
        "writes them).",
        "",
        "Each case runs in a fresh child process: the boto3 client is made, a small object "
        "read with it and awslogparse's readers loaded before the clock starts (a warm "
        "function); the peak RSS is reset then "
        "(`/proc/self/clear_refs`), so the growth below is what reading the batch cost. "
        "Seconds include the S3 server's responses (on the same 2 cores). "
        f"Before timing, every case read all {event.lines:,} lines with no error. "
        f"Load average {fmt_load(event.loads[0])} at the start, {fmt_load(event.loads[1])} at "
        f"the end; {repeat} rounds.",
        "",
    ]
    rows = []
    for case in event.cases:
        seconds = case.median("seconds")
        rows.append([case.label, f"{seconds:.2f}", f"{case.median('cpu'):.2f}",
                     f"{event.lines / seconds:,.0f}", _mib(case.median("base_rss")),
                     _mib(case.median("peak_rss")), _mib(case.growth)])
    out += table(["case", "median s", "CPU s", "records/s", "RSS before MiB", "peak RSS MiB",
                  "peak growth MiB"], rows)
    out += [
        "",
        f"The naive way holds each object twice at its peak (the gzip body and the decompressed "
        f"bytes, {event.raw_bytes / len(event.logs) / 2**20:,.1f} MiB uncompressed each) and "
        "decompresses with the standard library's gzip; `from_lambda_event` reads each body in "
        f"{GZIP_READ_SIZE // 1024} KiB pieces through the decoder (zlib-ng where installed) and "
        f"parses {BLOCK_SIZE // 2**20} MiB blocks of text, so its peak is one block's records "
        "(the same in both ways, which parse the bytes block by block too) and does not grow "
        "with the object.",
        "",
        "## (b) Cold start",
        "",
        "A fresh `python -c` importing awslogparse and reading the smallest sample of each "
        "format (`iter_records(bytes, <format>)`, every record), minus a bare `python -c pass`, "
        "medians of wall time (CPU time of the child beside it). The interpreter runs in the "
        "unzipped function package that `examples/lambda_forwarder/build.py` builds (offline: "
        "awslogparse and the handler; pyparsing, the one runtime requirement, from the "
        "environment), with `PYTHONDONTWRITEBYTECODE=1` as on Lambda, where `/var/task` is "
        "read-only:",
        "",
        "- **.pyc**: the zip as built, with its byte code (`build.py` compiles it for "
        "Lambda's Python; here for this interpreter's);",
        "- **instructions**: the same case run once under valgrind's callgrind, millions of "
        "instructions over bare Python's: the same figure at any hour, where the times above "
        "move with the host (two runs ten minutes apart once put the worst format at 118.9 and "
        "68.9 ms);",
        "- **source**: the zip without its `.pyc` files (a build that found no interpreter of "
        "Lambda's Python version): every cold start compiles every module it imports;",
        "- **auto**: the same as .pyc with `format='auto'` and the sample's key as `name=`: "
        "detection by key pattern and content, what a forwarder does by default;",
        "- **after runtime**: the same as .pyc, in an interpreter that first imported what the "
        "Lambda Python runtime imports before the handler's module (`" + RUNTIME_IMPORTS.strip()
        + "`, the standard library imports of `awslambdaric/bootstrap.py`), minus that "
        "interpreter alone: what a function pays on Lambda, where `re`, `enum`, `json`, "
        "`functools` and `collections` are loaded before it.",
        "",
        "The last row is what a forwarder's first invocation runs instead: `import json, "
        "awslogparse`, the event loaded and read by `from_lambda_event` (format detected per "
        "log stream, as by default).",
        "",
        f"{cold.runs} rounds. Load average {fmt_load(cold.loads[0])} at the start, "
        f"{fmt_load(cold.loads[1])} at the end. Bare Python: "
        f"{statistics.median(next(c for c in cold.cases if c.key == 'bare' and c.tree == 'pyc').wall) * 1000:.1f} ms.",  # noqa: E501
        "",
    ]
    rows = [["`import awslogparse`", f"{cold.over_bare('import', 'pyc'):.1f}",
             f"{cold.over_bare('import', 'pyc', 'cpu'):.1f}",
             cold.instructions_over_bare("import"), "", "", "",
             f"{cold.over_bare('import', 'source'):.1f}", ""]]
    for fmt, path in cold.samples.items():
        ms = cold.over_bare(fmt, "pyc")
        rows.append([f"{fmt} (`{path.name[:40]}`, {path.stat().st_size:,} B)", f"{ms:.1f}",
                     f"{cold.over_bare(fmt, 'pyc', 'cpu'):.1f}",
                     cold.instructions_over_bare(fmt),
                     f"{cold.over_bare(f'{fmt}/auto', 'pyc'):.1f}",
                     cold.instructions_over_bare(f"{fmt}/auto"),
                     f"{cold.over_runtime(fmt):.1f}",
                     f"{cold.over_bare(fmt, 'source'):.1f}",
                     "met" if ms <= TARGET_COLD_MS else "MISSED"])
    event_ms = cold.over_bare("event", "pyc")
    rows.append([f"`from_lambda_event` (`{EVENT_SAMPLE.name}`, a CloudWatch Logs subscription "
                 "event)", f"{event_ms:.1f}", f"{cold.over_bare('event', 'pyc', 'cpu'):.1f}",
                 cold.instructions_over_bare("event"), "", "",
                 f"{cold.over_runtime('event'):.1f}", f"{cold.over_bare('event', 'source'):.1f}",
                 "met" if event_ms <= TARGET_COLD_MS else "MISSED"])
    out += table(["format (sample)", ".pyc ms", ".pyc CPU ms", "instructions M", "auto ms",
                  "auto instructions M", "after runtime ms", "source ms",
                  f"<= {TARGET_COLD_MS:g} ms"], rows)
    size = cold.zip_size
    out += [
        "",
        "### Deployment zip",
        "",
        f"`examples/lambda_forwarder/build.py function --no-dependencies --python "
        f"{PYTHON_VERSION}`: {size.zipped / 2**20:.2f} MiB zipped, "
        f"{size.unzipped / 2**20:.2f} MiB unzipped, {size.files} files (awslogparse with its "
        f"format specs and their compiled cache, the handler, and the byte code of both; no "
        f"pyarrow, no boto3, which the runtime has). pyparsing zipped the same "
        f"way: {size.pyparsing_zipped / 2**20:.2f} MiB. Lambda allows 50 MiB zipped.",
        "",
    ]
    return "\n".join(out).rstrip() + "\n"


def machine() -> dict[str, str]:
    return harness_machine({"boto3": "boto3", "moto (S3 server)": "moto"})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds of (a)")
    parser.add_argument("--cold-runs", type=int, default=9, help="rounds of (b)")
    parser.add_argument("--megabytes", type=float, default=OBJECT_MB,
                        help="gzip size of each object")
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK_MB:g} MB objects, 2 rounds of (a), 3 of (b)")
    parser.add_argument("--no-doc", action="store_true", help="print only")
    args = parser.parse_args(argv)
    if args.quick:
        args.megabytes, args.repeat, args.cold_runs = QUICK_MB, 2, 3
    command = "python -m bench.lambda_bench" + "".join(
        f" {a}" for a in (argv if argv is not None else sys.argv[1:]))

    def say(text: str) -> None:
        print(text, flush=True)

    info = machine()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        event = run_event(args.megabytes, args.repeat, work, say)
        cold = run_cold(args.cold_runs, work, say)
    text = render(event, cold, info, command, args.repeat)
    publish(text, DOC, not args.no_doc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
