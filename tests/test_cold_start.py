"""What keeps a Lambda cold start cheap: the compiled spec cache (``make mapping``) is what the
specs say now and loads to exactly what their TOML does, a stale entry is never used, and a fresh
interpreter reading any format's sample imports nothing heavy and parses no TOML. The shortcuts
that save time give what the long way gives: parsed templates from the cache, key hints, the
plugin pre-scan, and the value classes written without dataclasses.

The timings themselves are in ``bench/lambda_bench.py`` (no timing assertions here).
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import pickle
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awslogparse import mapgen, registry, specs, values
from awslogparse.model import Field, FieldType, LineError, Schema
from awslogparse.parsers import apigateway_template
from awslogparse.reader import ReadStats

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
SAMPLES = ROOT / "samples"
HEAVY = ("pyarrow", "dateutil", "boto3", "botocore", "hypothesis", "tomllib", "orjson",
         "msgspec")
"""Modules a first parse must not import (tomllib: the specs come from the compiled cache;
orjson and msgspec, whose imports cost more than a small object's decoding saves)."""
COSTLY_STDLIB = ("dataclasses", "inspect", "typing", "urllib.parse", "ipaddress", "pathlib")
"""Standard library modules a first parse of a line format must not import: each costs a cold
start milliseconds (dataclasses with inspect about 20 ms, urllib.parse with ipaddress 5 ms,
typing 4 ms), and reading lines needs none of them (type hints are for type checkers only)."""


def test_the_committed_cache_is_what_the_specs_give_now() -> None:
    """`make mapping` was run after the last spec change (it writes the cache too)."""
    rendered = mapgen.render_cache()
    committed = {p.name: p.read_text(encoding="utf-8") for p in specs.cache_dir().glob("*.json")}
    assert sorted(committed) == sorted(rendered), "run `make mapping`"
    stale = [name for name, text in rendered.items() if committed[name] != text]
    assert not stale, f"awslogparse/_speccache is stale for {stale}: run `make mapping`"


@pytest.mark.parametrize("name", specs.spec_names())
def test_a_cache_entry_loads_to_exactly_its_toml(name: str) -> None:
    """Same keys in the same order, same types (dates, times and datetimes revived with their
    offsets, ints apart from floats), same values."""
    raw = (specs.specs_dir() / f"{name}.toml").read_bytes()
    cached = specs._cached_tables(name, raw)
    assert cached is not None
    assert repr(cached) == repr(tomllib.loads(raw.decode("utf-8")))


def test_a_stale_entry_is_never_used(tmp_path: Path) -> None:
    """A spec file edited after `make mapping` is read from its TOML, not from the cache."""
    name = "vpcflow"
    raw = (specs.specs_dir() / f"{name}.toml").read_bytes()
    edited = raw.replace(b'title = "', b'title = "Edited: ', 1)
    assert edited != raw
    assert specs._cached_tables(name, edited) is None
    copy = tmp_path / f"{name}.toml"
    copy.write_bytes(edited)
    tables = specs.spec_tables(copy)
    assert tables == tomllib.loads(edited.decode("utf-8"))
    assert tables["format"]["title"].startswith("Edited: ")


def test_the_family_table_names_every_spec_and_its_family() -> None:
    from awslogparse._mapping import SPEC_FAMILIES

    assert dict(SPEC_FAMILIES) == {n: specs.load_spec(n).family for n in specs.spec_names()}
    for family in {f for _, f in SPEC_FAMILIES}:
        members = specs.family_spec_names(family)
        assert members == [n for n in specs.spec_names() if specs.load_spec(n).family == family]


def _smallest_samples() -> dict[str, str]:
    found: dict[str, Path] = {}
    for golden in sorted(GOLDEN.glob("*.jsonl")):
        head = json.loads(golden.read_text(encoding="utf-8").split("\n", 1)[0])
        path = SAMPLES / head["path"]
        best = found.get(head["format"])
        if best is None or path.stat().st_size < best.stat().st_size:
            found[head["format"]] = path
    return {fmt: str(path) for fmt, path in sorted(found.items())}


SAMPLE_OF = _smallest_samples()


def test_import_awslogparse_imports_nothing_heavy() -> None:
    code = ("import sys, awslogparse\n"
            f"print(sorted(m for m in {(*HEAVY, 'pyparsing', 'importlib.metadata')!r} "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("detect", [False, True], ids=["given", "auto"])
@pytest.mark.parametrize("fmt", list(SAMPLE_OF))
def test_a_first_parse_imports_nothing_heavy_and_parses_no_toml(fmt: str, detect: bool) -> None:
    """A fresh interpreter reading a sample, its format given or detected from its key and
    content: every record read, and no heavy module, no TOML parser, no pyparsing (API Gateway
    presets come parsed from the cache), and no ``importlib.metadata`` (a CloudWatch Logs
    payload may hold a stream whose format only detection can tell, which asks plugins too,
    but finding none installed imports nothing). Nor does it call ``compile()`` on generated
    code: its first call builds the ``ast`` classes (see :mod:`awslogparse.codegen`)."""
    sample = SAMPLE_OF[fmt]
    chosen = "auto" if detect else fmt
    code = ("import builtins, json, sys\n"
            "generated, compile_ = [], builtins.compile\n"
            "def counted(source, filename, *args, **kwargs):\n"
            "    if str(filename).startswith('<'):\n"
            "        generated.append(filename)\n"
            "    return compile_(source, filename, *args, **kwargs)\n"
            "builtins.compile = counted\n"
            "import awslogparse\n"
            "from awslogparse import registry\n"
            f"data = open({sample!r}, 'rb').read()\n"
            f"it = awslogparse.iter_records(data, {chosen!r}, errors='collect', "
            f"name={os.path.relpath(sample, SAMPLES)!r})\n"
            "records = sum(1 for _ in it)\n"
            "assert records and records + it.stats.errors == it.stats.units, it.stats\n"
            f"assert it.stats.format == {fmt!r}, it.stats.format\n"
            "plugins = 'importlib.metadata' not in sys.modules and "
            "registry._may_declare_plugins()\n"
            f"print(json.dumps([m for m in {(*HEAVY, 'pyparsing', 'importlib.metadata')!r} "
            "if m in sys.modules and not (plugins and m == 'importlib.metadata')]))\n"
            "print(json.dumps(generated))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    heavy, compiled = out.stdout.strip().splitlines()[-2:]
    # Reading Parquet needs pyarrow (the ``arrow`` extra): a Parquet format's only heavy module
    needed = ["pyarrow"] if registry.get(fmt).format().spec.framing == "parquet" else []
    assert json.loads(heavy) == needed
    assert json.loads(compiled) == []


LINE_FORMATS = [fmt for fmt in SAMPLE_OF if registry.get(fmt).format().spec.framing == "lines"
                and not registry.get(fmt).format().carries_formats]
"""Formats read line by line whose records are their own (a CloudWatch Logs export carries
other formats' records: what its first parse imports depends on theirs)."""


@pytest.mark.parametrize("given", ["given", "detected"])
@pytest.mark.parametrize("fmt", LINE_FORMATS)
def test_a_first_parse_of_a_line_format_imports_no_costly_stdlib_module(fmt: str, given: str
                                                                        ) -> None:
    """A fresh interpreter reading a line format's sample, its format given or detected from
    its key and content, imports none of :data:`COSTLY_STDLIB` (only what was not imported
    before ``import awslogparse`` counts: ``.pth`` files of the environment may import some at
    start-up, which Lambda's has not)."""
    sample = SAMPLE_OF[fmt]
    asked = fmt if given == "given" else "auto"
    code = ("import json, sys\n"
            "before = set(sys.modules)\n"
            "import awslogparse\n"
            f"data = open({sample!r}, 'rb').read()\n"
            f"it = awslogparse.iter_records(data, {asked!r}, errors='collect', "
            f"name={os.path.relpath(sample, SAMPLES)!r})\n"
            "records = sum(1 for _ in it)\n"
            "assert records and records + it.stats.errors == it.stats.units, it.stats\n"
            f"assert it.stats.format == {fmt!r}, it.stats\n"
            f"print(json.dumps([m for m in {COSTLY_STDLIB!r} "
            "if m in sys.modules and m not in before]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_a_first_lambda_event_imports_no_costly_stdlib_module(tmp_path: Path) -> None:
    """``from_lambda_event``, what a forwarder calls, on the events that need no S3 client (a
    CloudWatch Logs subscription, the same payload through Kinesis, a Firehose transformation
    of flow log lines) imports none of :data:`COSTLY_STDLIB` either (it used to import
    dataclasses, typing and urllib.parse: about 80M instructions of a cold start)."""
    from awslogparse.testing.events import b64, firehose_event, kinesis_record

    payload = json.loads((SAMPLES / "lambda-events" / "cloudwatch-logs-vpcflow.json").read_text())
    text = gzip.decompress(Path(SAMPLE_OF["vpcflow"]).read_bytes()).decode()
    flow = [line for line in text.splitlines() if line[:1].isdigit()]
    events = [payload, {"Records": [kinesis_record(payload["awslogs"]["data"], "1")]},
              firehose_event([(f"r{i}", b64((line + "\n").encode()))
                              for i, line in enumerate(flow)])]
    for number, event in enumerate(events):
        (tmp_path / f"{number}.json").write_text(json.dumps(event), encoding="utf-8")
        code = ("import json, sys\n"
                "before = set(sys.modules)\n"
                "import awslogparse\n"
                f"event = json.load(open({str(tmp_path / f'{number}.json')!r}))\n"
                "records = awslogparse.from_lambda_event(event, format='auto')\n"
                "assert sum(1 for _ in records) > 0 and not records.errors, records.errors\n"
                f"print(json.dumps([m for m in {COSTLY_STDLIB!r} "
                "if m in sys.modules and m not in before]))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, cwd=ROOT)
        assert json.loads(out.stdout.strip().splitlines()[-1]) == [], number


def test_percent_decoding_keeps_escapes_that_are_not_utf8() -> None:
    """``values.url_decode`` (written out so that a first parse does not import urllib.parse)
    decodes as ``unquote(errors="strict")`` does, keeping a value whose escapes are not UTF-8
    as written."""
    assert values.url_decode("a%20b%2fc%E2%82%AC%zz%") == "a b/c\u20ac%zz%"
    assert values.url_decode("%C3x%A9") == "%C3x%A9"


escape_texts = st.lists(st.sampled_from(["%", "%2", "%20", "%C3", "%a9", "%E2%82%AC", "%ED%A0%80",
                                         "%F0%9F%98%80", "%80", "%g1", "a", "/", "\u00e9",
                                         "\udcff"]) | st.text(max_size=3),
                        max_size=12).map("".join)


@given(text=escape_texts)
def test_percent_decoding_matches_urllib_on_any_text(text: str) -> None:
    from urllib.parse import unquote

    try:
        expected = unquote(text, errors="strict")
    except UnicodeDecodeError:
        expected = text
    assert values.url_decode(text) == expected


@given(text=escape_texts)
def test_form_decoding_matches_urllib_on_any_text(text: str) -> None:
    from urllib.parse import unquote_plus

    assert values.form_decode(text) == unquote_plus(text)
    assert values.form_decode(text.replace(" ", "+")) == unquote_plus(text.replace(" ", "+"))


@given(text=st.text(st.sampled_from("AZaz09+/=-_ \n\x80")) | st.binary().map(
    lambda b: __import__("base64").b64encode(b).decode()))
def test_base64_decoding_matches_the_validating_standard_library(text: str) -> None:
    """Lambda events' base64 (Kinesis data, ``awslogs.data``) is decoded by binascii in
    strict mode, as ``base64.b64decode(validate=True)`` does, without importing base64."""
    import base64
    import binascii

    from awslogparse.lambda_events import _b64

    try:
        expected: bytes | None = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        expected = None
    assert _b64(text) == expected


def test_event_items_and_parts_behave_as_the_dataclasses_they_replace() -> None:
    from awslogparse.lambda_events import EventItem
    from awslogparse.multisource import Part

    item = EventItem("sqs", "m-1", "/Records/0", records=2, failures=["gone"])
    assert item == EventItem("sqs", "m-1", "/Records/0", None, records=2, failures=["gone"])
    assert item != EventItem("sqs", "m-1", "/Records/0", records=3, failures=["gone"])
    assert repr(item) == ("EventItem(kind='sqs', id='m-1', pointer='/Records/0', data=None, "
                          "records=2, errors=0, skipped=0, failures=['gone'], pending=0)")
    first, second = EventItem("s3", None, ""), EventItem("s3", None, "")
    assert first.failures == [] and first.failures is not second.failures  # (a list each)
    assert dataclasses.asdict(item)["failures"] == ["gone"] and item.failed and item.done
    assert [f.name for f in dataclasses.fields(Part)] == list(Part._fields)
    assert dataclasses.replace(Part("a", raw="x"), pointer="/1") == Part("a", raw="x",
                                                                          pointer="/1")
    with pytest.raises(TypeError):
        hash(item)


def test_read_stats_behave_as_the_dataclass_they_replace() -> None:
    """Keyword construction, ``==``, ``repr``, the ``lines`` alias, ``as_dict``, and the
    dataclasses functions (fields, asdict, replace); the counters are what a chain sums."""
    stats = ReadStats("a", format="vpcflow", units=3, records=2, errors=1)
    assert stats == ReadStats(source="a", format="vpcflow", units=3, records=2, errors=1)
    assert stats != ReadStats("a", format="vpcflow", units=3, records=2)
    assert repr(stats).startswith("ReadStats(source='a', format='vpcflow', detected_by='', "
                                  "units=3, records=2, errors=1,")
    stats.lines += 1
    assert stats.units == stats.lines == 4
    names = [f.name for f in dataclasses.fields(ReadStats)]
    assert names == list(ReadStats._fields)
    assert [n for n in names if isinstance(getattr(stats, n), int)] == list(ReadStats.COUNTERS)
    assert dataclasses.asdict(stats) == {k: v for k, v in stats.as_dict().items() if k != "lines"}
    assert stats.as_dict()["lines"] == 4
    changed = dataclasses.replace(stats, split=2)
    assert changed == ReadStats(**{**dataclasses.asdict(stats), "split": 2}) and changed != stats


def test_cached_templates_are_what_the_grammar_gives() -> None:
    """Every preset of every spec is in the parsed-template cache, and each entry loads to
    exactly the grammar's parse (variables, columns, literals, JSON leaves)."""
    presets = [text for name in specs.spec_names() for _, text in specs.load_spec(name).templates]
    cached = apigateway_template._preparsed()
    assert presets and sorted(cached) == sorted(set(presets))
    assert any(apigateway_template._from_entry(s, e).json_leaves for s, e in cached.items())
    for source, entry in cached.items():
        assert apigateway_template._from_entry(source, entry) == \
            apigateway_template.parse_with_grammar(source)


KEY_PATTERNS = sorted({(info.name, pattern, hint) for info in registry.BUILTIN
                       for pattern, hint in zip(info.key_patterns, info.key_hints, strict=True)})


def test_every_builtin_pattern_has_its_hint() -> None:
    """The generated hints line up with the patterns (``make mapping`` was run)."""
    for info in registry.BUILTIN:
        assert len(info.key_hints) == len(info.key_patterns), info.name
        assert info.key_hints == tuple(mapgen.key_hint(p) for p in info.key_patterns)


def _naming_patterns() -> list[tuple[str, str, str]]:
    from awslogparse._mapping import LOG_NAMING, NAMING_HINTS

    hints = {name: (groups, streams) for name, groups, streams in NAMING_HINTS}
    rows = []
    for name, groups, streams in LOG_NAMING:
        group_hints, stream_hints = hints[name]
        rows += list(zip([name] * len(groups), groups, group_hints, strict=True))
        rows += list(zip([name] * len(streams), streams, stream_hints, strict=True))
    return sorted(rows)


NAMING_PATTERNS = _naming_patterns()
"""(format, log group or stream pattern, its generated hint): lined up by construction above
(``strict`` zips: ``make mapping`` writes both tables)."""


def test_every_naming_pattern_has_its_hint() -> None:
    assert NAMING_PATTERNS
    for _, pattern, hint in NAMING_PATTERNS:
        assert hint == mapgen.key_hint(pattern)


HINTED = [("key", *row) for row in KEY_PATTERNS] + \
    [("log group or stream", *row) for row in NAMING_PATTERNS]
"""Every pattern whose generated hint lets a name skip it uncompiled."""
per_pattern = settings(max_examples=max(3, settings().max_examples // len(HINTED)),
                       suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@per_pattern
@given(data=st.data())
@pytest.mark.parametrize(("kind", "fmt", "pattern", "hint"), HINTED)
def test_a_name_a_pattern_matches_holds_its_hint(kind: str, fmt: str, pattern: str, hint: str,
                                                 data: st.DataObject) -> None:
    """S3 key patterns and CloudWatch Logs naming patterns alike."""
    name = data.draw(st.from_regex(pattern), label=kind)
    assert hint in name, (fmt, pattern)


def test_hints_change_no_key_match() -> None:
    """Every sample's key matches the formats it matched by the patterns alone."""
    keys = [str(p.relative_to(SAMPLES)) for p in SAMPLES.rglob("*") if p.is_file()]
    keys += [str(p) for p in SAMPLES.rglob("*") if p.is_file()]
    for info in registry.BUILTIN:
        for key in keys:
            assert info.matches_key(key) == any(r.search(key) for r in info.key_regexes()), \
                (info.name, key)


def _declares_plugins(path: Path) -> bool:
    """``registry._may_declare_plugins()`` in a fresh interpreter with ``path`` on sys.path."""
    code = ("import sys\nfrom awslogparse import registry\n"
            "found = registry._may_declare_plugins()\n"
            "assert 'importlib.metadata' not in sys.modules\n"
            "print(found)")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(path), str(ROOT)])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env, cwd=ROOT)
    return out.stdout.strip() == "True"


def test_the_plugin_pre_scan_sees_what_entry_points_sees(tmp_path: Path) -> None:
    """No distribution declaring the group: no importlib.metadata import. One that does (in a
    dist-info or egg-info folder, whatever the case of its name): the pre-scan says so."""
    import importlib.metadata

    if importlib.metadata.entry_points(group=registry.PLUGIN_GROUP):
        pytest.skip("a plugin is installed here: the pre-scan answers yes for it")
    other = tmp_path / "other-1.0.dist-info"
    other.mkdir()
    (other / "entry_points.txt").write_text("[console_scripts]\nx = y:z\n")
    assert not _declares_plugins(tmp_path)
    for folder in ("acme_plugin-1.0.dist-info", "Acme.Plugin-2.0.EGG-INFO"):
        declared = tmp_path / folder
        declared.mkdir()
        (declared / "entry_points.txt").write_text(
            f"[{registry.PLUGIN_GROUP}]\nacme = acme_plugin:INFO\n")
        assert _declares_plugins(tmp_path)
        (declared / "entry_points.txt").unlink()
        declared.rmdir()


def test_value_classes_behave_as_the_dataclasses_they_replace() -> None:
    """Keyword and positional construction, equality, hash, repr, immutability, pickling, and
    the dataclasses functions other modules call (``replace``, ``fields``, ``asdict``)."""
    f = Field("a_b", "a-b", FieldType.INT, bits=32)
    same = Field(name="a_b", wire_name="a-b", type=FieldType.INT, bits=32)
    assert f == same and hash(f) == hash(same) and f != dataclasses.replace(f, bits=64)
    assert repr(f).startswith("Field(name='a_b', wire_name='a-b', type=<FieldType.INT: 'int'>, "
                              "bits=32,")
    renamed = dataclasses.replace(f, name="c")
    assert (renamed.name, renamed.bits, renamed.wire_name) == ("c", 32, "a-b")
    assert f.replace(name="c") == renamed and f.replace() == f
    assert [x.name for x in dataclasses.fields(f)] == list(Field._fields)
    assert dataclasses.asdict(f)["nulls"] == ("-",) and dataclasses.is_dataclass(f)
    with pytest.raises(AttributeError):
        f.name = "z"
    schema = Schema("x", (f,))
    assert pickle.loads(pickle.dumps(schema)) == schema and schema["a-b"] is f
    err = LineError("src", 3, "bad", "raw")
    assert str(err) == "src:3: bad" and err == LineError("src", 3, "bad", "raw", "")
    assert {info.name: info for info in registry.BUILTIN}["vpcflow"] == registry.get("vpc")


class _ShortReads:
    """A binary stream whose reads return at most 1,000 bytes, as a network body may."""

    def __init__(self, data: bytes) -> None:
        self._data, self._at = data, 0

    def read(self, size: int = -1) -> bytes:
        size = 1000 if size is None or size < 0 else min(size, 1000)
        piece = self._data[self._at:self._at + size]
        self._at += len(piece)
        return piece


@pytest.mark.parametrize(("size", "small"), [(100, True), (3000, True), (200_000, False)])
def test_only_a_small_object_takes_the_standard_librarys_zlib(
        size: int, small: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether an input is small (the standard library's zlib, no zlib-ng import) is decided
    on the whole of its first 16 KiB, however short the stream's reads are; either way the
    decoded bytes are the same."""
    import gzip
    import random

    from awslogparse import sources

    asked: list[bool] = []
    real = sources._decompressobj_factory

    def spy(small: bool = False) -> Any:
        asked.append(small)
        return real(small)

    monkeypatch.setattr(sources, "_decompressobj_factory", spy)
    raw = random.Random(size).randbytes(size)
    data = gzip.compress(raw, mtime=0)
    assert len(data) > 16 * 1024 or small
    out = b"".join(sources.gunzip_chunks(_ShortReads(data[2:]), data[:2]))  # type: ignore[arg-type]
    assert out == raw and asked == [small]


def test_generated_code_keeps_its_label_without_compile() -> None:
    """``codegen.define`` runs source with ``exec`` yet names it as ``compile()`` would: the
    functions it defines and the code nested in them (a comprehension, an inner function)."""
    from awslogparse.codegen import define

    source = ("def outer(xs):\n"
              "    def inner(x):\n"
              "        return 1 // x\n"
              "    return [inner(x) for x in xs]\n")
    outer = define(source, "<made here>", {"given": 1})["outer"]
    assert outer([1]) == [1]
    with pytest.raises(ZeroDivisionError) as raised:
        outer([0])
    assert [entry.path for entry in raised.traceback[1:]] == ["<made here>"] * 3


def test_a_lazy_pattern_answers_as_the_compiled_one() -> None:
    """``patterns.lazy`` compiles on the first method or attribute asked for, then answers
    every method as ``re.compile`` of the same pattern would."""
    import re

    from awslogparse.patterns import lazy

    text = "a1 b22 c333"
    for first in ("match", "pattern", "groups", "sub"):
        pattern, compiled = lazy(r"([a-z])(\d+)"), re.compile(r"([a-z])(\d+)")
        assert "pattern" not in vars(pattern)  # (nothing compiled yet)
        getattr(pattern, first)
        assert (pattern.pattern, pattern.groups, pattern.flags, pattern.groupindex) == \
            (compiled.pattern, compiled.groups, compiled.flags, compiled.groupindex)
        assert pattern.match(text).group(2) == "1"  # type: ignore[union-attr]
        assert pattern.sub(r"\2", text) == compiled.sub(r"\2", text)
        assert pattern.findall(text) == compiled.findall(text)
        assert pattern.split(text) == compiled.split(text)
        assert pattern.fullmatch("z9") is not None
        assert pattern.search("--x5").start() == 2  # type: ignore[union-attr]


def test_the_committed_code_cache_is_what_the_samples_generate() -> None:
    """`make mapping` was run after the last change to a code generator or a sample: the code
    cache holds exactly the sources that reading every sample defines."""
    from awslogparse.codegen import CACHE_DIR

    rendered = mapgen.render_codecache()
    committed = {}
    for path in Path(CACHE_DIR).glob("*.py"):
        with path.open(encoding="utf-8", newline="") as fh:
            committed[path.name] = fh.read()
    assert sorted(committed) == sorted(rendered), "run `make mapping`"
    stale = [name for name, text in rendered.items() if committed[name] != text]
    assert not stale, f"awslogparse/_codecache is stale for {stale}: run `make mapping`"


def test_a_first_parse_takes_every_generated_source_from_the_code_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh interpreter that may write byte code (as pip's install compiles the cache) reads
    one sample of each format: every source it defines is found in the cache, as byte code, and
    a source the cache does not hold (or holds under its key with other text) is compiled from
    its text."""
    from awslogparse import codegen

    samples = [(str(p), os.path.relpath(p, SAMPLES)) for p in SAMPLE_OF.values()]
    code = ("import json, sys\n"
            "from awslogparse import codegen\n"
            "codegen.RECORDED = []\n"
            "import awslogparse\n"
            f"for path, name in {samples!r}:\n"
            "    data = open(path, 'rb').read()\n"
            "    for _ in awslogparse.iter_records(data, errors='skip', name=name):\n"
            "        pass\n"
            "missed = [s[:60] for s in codegen.RECORDED if codegen.cached_code(s) is None]\n"
            "print(json.dumps([len(codegen.RECORDED), missed]))")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT, env=env)
    defined, missed = json.loads(out.stdout.strip().splitlines()[-1])
    assert defined > len(SAMPLE_OF) and missed == []
    source = "def made():\n    return 'from its text'\n"
    assert codegen.cached_code(source) is None
    monkeypatch.setattr(codegen, "CACHE_DIR", str(tmp_path))
    (tmp_path / f"{codegen.cache_key(source)}.py").write_text(
        "def made():\n    return 'from the cache'\n", encoding="utf-8")
    assert codegen.cached_code(source) is None  # (its key, another text)
    made = codegen.define(source, "<fresh>", {})["made"]
    assert made() == "from its text" and made.__code__.co_filename == "<fresh>"
    (tmp_path / f"{codegen.cache_key(source)}.py").write_text(source, encoding="utf-8")
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    assert codegen.cached_code(source) is not None
    made = codegen.define(source, "<cached>", {})["made"]
    assert made() == "from its text" and made.__code__.co_filename == "<cached>"


def test_family_names_come_from_the_table_while_it_lists_every_spec(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Recognising a flow log header loads no sibling's spec: the names come from the
    generated table, unless a spec file is missing from it (then from the specs)."""
    from awslogparse import _mapping
    from awslogparse.parsers import delimited

    try:
        delimited.family_names.cache_clear()
        assert delimited.family_names("flowlog") == delimited.spec_family_names("flowlog")
        monkeypatch.setattr(_mapping, "FAMILY_NAMES", (("flowlog", ("only-this",)),))
        delimited.family_names.cache_clear()
        assert delimited.family_names("flowlog") == {"only-this"}
        unlisted = tuple(row for row in _mapping.SPEC_FAMILIES if row[0] != "tgwflow")
        monkeypatch.setattr(_mapping, "SPEC_FAMILIES", unlisted)
        delimited.family_names.cache_clear()
        assert delimited.family_names("flowlog") == delimited.spec_family_names("flowlog")
    finally:
        delimited.family_names.cache_clear()
