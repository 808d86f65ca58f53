"""awslogparse: every common AWS log format as one typed record model.

Records are plain dicts (``iter_records``) or Arrow batches / tables (``iter_batches``,
``read_arrow``). Importing this package is cheap: the names below load their modules on first
use, and pyarrow, pyparsing and dateutil are never imported here.
"""

from __future__ import annotations

import sys

# Not ``from typing import TYPE_CHECKING``: importing typing is most of this module's import
# time, and a Lambda cold start pays for every millisecond. Type checkers treat this constant
# the same way.
TYPE_CHECKING = False

__version__ = "0.1.0"

# public name -> module that defines it (loaded on first attribute access)
_EXPORTS: dict[str, str] = {
    "parse_line": "awslogparse.reader",
    "iter_records": "awslogparse.reader",
    "iter_batches": "awslogparse.reader",
    "read_arrow": "awslogparse.reader",
    "iter_format_batches": "awslogparse.reader",
    "read_tables": "awslogparse.reader",
    "FormatBatchIterator": "awslogparse.reader",
    "RecordIterator": "awslogparse.reader",
    "BatchIterator": "awslogparse.reader",
    "ReadStats": "awslogparse.reader",
    "detect": "awslogparse.api",
    "schema": "awslogparse.api",
    "formats": "awslogparse.api",
    "format_line": "awslogparse.api",
    "write_parquet": "awslogparse.parquet",
    "ParquetSink": "awslogparse.parquet",
    "Detection": "awslogparse.registry",
    "FormatInfo": "awslogparse.registry",
    "Field": "awslogparse.model",
    "FieldType": "awslogparse.model",
    "Schema": "awslogparse.model",
    "Record": "awslogparse.model",
    "LineError": "awslogparse.model",
    "ParseError": "awslogparse.model",
    "SourceError": "awslogparse.model",
    "convert": "awslogparse.conversion.api",
    "ConvertReport": "awslogparse.conversion.report",
    "from_lambda_event": "awslogparse.lambda_events",
    "lambda_event_batches": "awslogparse.lambda_events",
    "batch_item_failures": "awslogparse.lambda_events",
    "firehose_response": "awslogparse.lambda_events",
    "EventRecords": "awslogparse.lambda_events",
    "EventBatches": "awslogparse.lambda_events",
    "EventItem": "awslogparse.lambda_events",
}

__all__ = [
    "BatchIterator",
    "ConvertReport",
    "Detection",
    "EventBatches",
    "EventItem",
    "EventRecords",
    "Field",
    "FieldType",
    "FormatBatchIterator",
    "FormatInfo",
    "LineError",
    "ParquetSink",
    "ParseError",
    "ReadStats",
    "Record",
    "RecordIterator",
    "Schema",
    "SourceError",
    "batch_item_failures",
    "convert",
    "detect",
    "firehose_response",
    "format_line",
    "formats",
    "from_lambda_event",
    "iter_batches",
    "iter_format_batches",
    "iter_records",
    "lambda_event_batches",
    "parse_line",
    "read_arrow",
    "read_tables",
    "schema",
    "write_parquet",
    "__version__",
]

if TYPE_CHECKING:
    from typing import Any

    from awslogparse.api import detect, format_line, formats, schema
    from awslogparse.conversion.api import convert
    from awslogparse.conversion.report import ConvertReport
    from awslogparse.lambda_events import (
        EventBatches,
        EventItem,
        EventRecords,
        batch_item_failures,
        firehose_response,
        from_lambda_event,
        lambda_event_batches,
    )
    from awslogparse.model import (
        Field,
        FieldType,
        LineError,
        ParseError,
        Record,
        Schema,
        SourceError,
    )
    from awslogparse.parquet import ParquetSink, write_parquet
    from awslogparse.reader import (
        BatchIterator,
        FormatBatchIterator,
        ReadStats,
        RecordIterator,
        iter_batches,
        iter_format_batches,
        iter_records,
        parse_line,
        read_arrow,
        read_tables,
    )
    from awslogparse.registry import Detection, FormatInfo


_SUBMODULES = ("filterpattern", "testing")
"""Public subpackages, imported on first attribute access like the names above."""


def _load(module: str) -> Any:
    """``importlib.import_module`` without importing importlib (and warnings) first."""
    __import__(module)
    return sys.modules[module]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return _load(f"awslogparse.{name}")
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'awslogparse' has no attribute {name!r}")
    value = getattr(_load(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
