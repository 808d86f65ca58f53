"""What the generated benchmark pages say about their inputs and routes, against what the
generators and routes really do (small sizes only: nothing here times anything)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from bench.harness import Case, Lockstep

ROOT = Path(__file__).resolve().parent.parent


def _alb_timings(count: int) -> dict[int, set[tuple[bool, bool, bool]]]:
    """Per ALB status without a target: which of the three timings are ``-1``."""
    from bench import gen_http

    seen: dict[int, set[tuple[bool, bool, bool]]] = {}
    for line in gen_http.alb_lines(count):
        fields = line.split(" ")
        status = int(fields[8])
        if status in gen_http.NO_TARGET:
            seen.setdefault(status, set()).add(tuple(f == "-1" for f in fields[5:8]))  # type: ignore[arg-type]
    return seen


def test_http_page_says_which_statuses_have_minus_one_timings() -> None:
    """The HTTP page said 502/503/504/460/463 all have `-1` timings; the generator writes a
    real request processing time for 504. The statuses the text lists with three `-1`
    timings are exactly those the generator writes so."""
    from bench import http_bench

    seen = _alb_timings(20_000)
    all_minus = {s for s, kinds in seen.items() if kinds == {(True, True, True)}}
    assert all_minus and all_minus != set(seen)  # (504 differs, the case this test is about)
    text = " ".join(http_bench.GENERATED.split())
    listed = re.search(r"where ([\d/]+) have target `-`, target status `-` and `-1` timings",
                       text)
    assert listed is not None, text
    assert {int(s) for s in listed.group(1).split("/")} == all_minus
    for status in set(seen) - all_minus:
        assert str(status) in text


def _fake_run(plain_rows: int, lines: int) -> Any:
    from bench import http_bench

    cases = []
    for key in ("ours_records", "peer", "ours_parquet", "plain_parquet", "ours_arrow"):
        case = Case(key, key, lambda: 1)
        case.times, case.cpu = [1.0], [1.0]
        cases.append(case)
    steps = Lockstep(("ours", "peer"), 10, ([1.0, 1.0], [2.0, 2.0]), ([1.0, 1.0], [2.0, 2.0]),
                     (20, 20))
    counts = {"parsed": lines, "rejected": 0, "reasons": {}, "compared": 10,
              "plain_rows": plain_rows}
    return http_bench.FormatRun("alb", ROOT / "bench" / "data" / "x.log.gz", lines, 1, 1,
                                counts, cases, (None, None), {"ours": (1, 1, 1),
                                                              "plain": (1, 1, 1)}, steps)


def test_http_summary_calls_a_partial_plain_pipeline_a_yardstick() -> None:
    """The summary row "(2') Parquet vs plain pyarrow.csv + write_table" sat under the heading
    "lines/s over the peer's" while that pipeline read a quarter of the rows and the page's
    own text calls it "no peer, only a yardstick": the row says so and how many rows it read."""
    from bench import http_bench

    text = http_bench.render([_fake_run(250_000, 1_000_000)], {"date": "d", "commit": "c"},
                             "python -m bench.http_bench", 1)
    row = next(line for line in text.splitlines() if "(2')" in line)
    assert "yardstick" in row
    assert "250,000 of the 1,000,000 rows" in row
    full = http_bench.render([_fake_run(1_000_000, 1_000_000)], {"date": "d", "commit": "c"},
                             "python -m bench.http_bench", 1)
    row = next(line for line in full.splitlines() if "(2')" in line)
    assert "yardstick" not in row


def _filter_figures() -> dict[str, Any]:
    from bench import filter_bench

    common = {"records": 10, "matched": 1, "rows_dicts_per_s": 1.0, "arrow_per_s": 1.0,
              "arrow_matched": 1}
    return {"vpcflow_space_delimited": {**common, "pattern": filter_bench.SSH_REJECT,
                                        "rows_lines_per_s": 1.0, "rows_lines_matched": 1},
            "cloudtrail_json": {**common, "pattern": filter_bench.EC2_LARGE,
                                "rows_json_text_per_s": 1.0, "rows_json_text_matched": 1}}


def test_filter_section_says_its_cloudtrail_table_is_not_awslogparses() -> None:
    """(d) of docs/benchmarks.md gave 11 M rows/s for "Arrow expression on the table" of
    CloudTrail events: that table is pyarrow's ``Table.from_pylist`` of the generator's dicts
    (``requestParameters`` a struct), where awslogparse's own CloudTrail table holds
    ``requestParameters`` as JSON text and the pattern has no expression (row evaluation). The
    section says how its table was built and what its inputs vary."""
    import json

    import pyarrow as pa

    import awslogparse
    from awslogparse import filterpattern
    from bench import filter_bench, run

    events = filter_bench.cloudtrail_events(200)
    pattern = filterpattern.compile(filter_bench.EC2_LARGE)
    pattern.to_arrow_expression(pa.Table.from_pylist(events).schema)  # the bench's table
    ours = awslogparse.read_arrow(json.dumps({"Records": events}).encode(), format="cloudtrail")
    with pytest.raises(NotImplementedError):  # awslogparse's own table of the same events
        pattern.to_arrow_expression(ours.schema)
    assert pattern.filter_table(ours).num_rows == sum(1 for _ in pattern.filter(events))

    text = "\n".join(run.render_filters(_filter_figures()))
    row = next(line for line in text.splitlines()
               if line.startswith("| CloudTrail") and "Arrow" in line)
    assert "from_pylist" in row and "row evaluation" in text
    flat = " ".join(text.split())
    assert " ".join(filter_bench.INPUT.split()) in flat


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start:] if end < 0 else text[start:end]


def test_filterpattern_doc_quotes_no_figure_the_benchmark_page_lacks() -> None:
    """docs/filterpattern.md's Performance section quoted its own records/s (0.45 M, 6.5 M,
    2.9 M, ...) with no command, where the generated page (docs/benchmarks.md, (d)) gives
    others from `make bench`: a figure it quotes must be one the page has, and it names the
    command that produced the page."""
    doc = _section((ROOT / "docs" / "filterpattern.md").read_text(encoding="utf-8"),
                   "## Performance")
    page = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    quoted = re.findall(r"(\d[\d.,]*) ?M\b", doc)
    for figure in quoted:
        assert figure in page, figure
    assert "benchmarks.md" in doc and "bench.run" in doc


def test_json_document_ab_refuses_without_the_document_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without msgspec (the ``fast`` extra) ``arrow_document`` declines every document, so
    ``python -m bench.json_document_ab`` timed the column path against itself and printed a
    "document" median and a ratio as if the document path had run. It stops instead."""
    import sys

    from bench import json_document_ab
    from bench.gen_json import write_cloudtrail

    write_cloudtrail(tmp_path, 40, 2)
    monkeypatch.setattr(json_document_ab, "DATA", tmp_path)
    monkeypatch.setitem(sys.modules, "awslogparse.jsonstructs", None)  # as if not installed
    monkeypatch.setattr(sys, "argv", ["json_document_ab", "--files", "2", "--runs", "1"])
    with pytest.raises(SystemExit):
        json_document_ab.main()
    assert "(document)" not in capsys.readouterr().out


def test_readme_says_what_json_document_ab_compares(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """README's install line credited the ``fast`` extra with "CloudTrail to Parquet 1.2-1.4x
    faster", citing ``bench.json_document_ab``; that A/B's column path decodes every document
    with msgspec as well, so its ratio is the document path's over the column path with the
    extra installed. The README says so."""
    import msgspec

    from awslogparse import registry
    from bench.gen_json import write_cloudtrail
    from bench.json_bench import ours_parquet_one

    files = write_cloudtrail(tmp_path / "in", 40, 2)
    calls = []
    decode = msgspec.json.decode

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return decode(*args, **kwargs)

    monkeypatch.setattr(msgspec.json, "decode", counting)
    kind = type(registry.get("cloudtrail").format())
    monkeypatch.setattr(kind, "arrow_document", lambda self, target: None)  # the column path
    from awslogparse import framing

    monkeypatch.setattr(framing, "FAST_IMPORT", 0)  # (the benchmark's files are over 1 MiB)
    assert ours_parquet_one(files, tmp_path / "out.parquet") > 0
    assert calls  # the column path decoded with msgspec too
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(i for i, text in enumerate(readme.splitlines()) if "json_document_ab" in text)
    cited = " ".join(readme.splitlines()[line - 1:line + 1])
    assert "column path" in cited, cited
