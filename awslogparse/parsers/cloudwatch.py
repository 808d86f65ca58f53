"""CloudWatch Logs subscription envelopes: each log event is parsed in its own (inner) format.

An envelope arrives decoded (``{"messageType": ..., "logEvents": [...]}``), as a Lambda event
(``{"awslogs": {"data": base64(gzip(envelope))}}``), or as gzip bytes that the decompress stage
already opened (Kinesis, Firehose). The inner format of a log stream is chosen once, from its
first event's message: CloudTrail's own stream naming, then content sniffing over every format the
registry knows; a stream no format recognises gives generic records (group, stream, owner, id,
timestamp, message). Inner line parsers live per stream, so a flow log header or a CloudFront
``#Fields`` line in one stream never changes another's layout.
"""

from __future__ import annotations

import binascii
import fnmatch
import functools
import io
import itertools
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence

from awslogparse.jsontext import json_text, lone_surrogate, raw_text, strict_base64
from awslogparse.model import TYPE_CHECKING, Field, LogFormats, ParseError, Record, split_log_format
from awslogparse.parsers.base import (
    Format,
    Gate,
    LineFailure,
    LineParserBase,
    Outcome,
    RecordRun,
    Words,
    one_per_format,
    plain_text,
    sample_lines,
)
from awslogparse.parsers.jsonrec import (
    JsonFormat,
    JsonLineParser,
    _object_converter,
    converter,
    epoch_ms_times,
)
from awslogparse.patterns import lazy
from awslogparse.specs import FormatSpec

if TYPE_CHECKING:  # (typing costs a cold start milliseconds; see awslogparse/model.py)
    from datetime import datetime
    from typing import Any

    from awslogparse.sources import Chunk

MAX_PAYLOAD = 64 * 1024 * 1024
"""Largest decoded envelope of a Lambda payload (a payload is at most 6 MB base64)."""


class _Stream:
    """The inner format of one log stream, its stateful line parser, and the pattern of events
    that continue the one before them (``continuation`` in the format's spec)."""

    def __init__(self, name: str | None, fmt: Format | None, parser: Any) -> None:
        self.name = name
        self.format = fmt
        self.parser = parser
        pattern = fmt.spec.continuation if fmt is not None else ""
        self.continues = re.compile(pattern).match if pattern else None


if TYPE_CHECKING:
    Event = tuple[int, Any, Any, str]
    """(index in the envelope's logEvents, id, time, message) of one log event."""
    Plain = tuple[list[str], list[datetime], list[str], str]
    """A plain envelope's event ids, times and messages, and its messages joined by newlines."""


ROUTE_EVENTS = 8
"""How many of an envelope's first events may confirm a format its log group or stream names
(or that the stream was read as before): the first alone decided, so an envelope opening with
a line of no shape of the format (a statement continued from the last delivery, a function's
own print before its REPORT line) made every event generic."""


def _first_messages(events: list[Any], event_time: Callable[[Any], Any]) -> list[str] | None:
    """The messages of the first :data:`ROUTE_EVENTS` events when the event-by-event loop
    takes each of them (an object with a text message and a time that converts): the messages
    that choose the stream's route either way. None otherwise (the loop chooses it)."""
    out: list[str] = []
    for first in events[:ROUTE_EVENTS]:
        if not isinstance(first, dict) or type(message := first.get("message")) is not str \
                or lone_surrogate(message) is not None:
            return None
        try:
            event_time(first.get("timestamp"))
        except ValueError:
            return None
        out.append(message)
    return out or None


def _plain_events(events: list[Any], ms: bool) -> Plain | None:
    """The columns of log events that are all as CloudWatch Logs writes them (objects with a
    text ``id``, an epoch-milliseconds integer ``timestamp`` and a text ``message``), or None
    when any is not (the careful loop then says which is what). ``ms``: the spec's event time
    is in milliseconds (the conversion here assumes it)."""
    if not ms:
        return None
    try:
        messages = [event["message"] for event in events]
        ids = [event["id"] for event in events]
        stamps = [event["timestamp"] for event in events]
        joined = "\n".join(messages)  # (TypeError: a message that is not text)
    except (KeyError, TypeError, IndexError):  # (an event that is no object, or lacks a key)
        return None
    times = epoch_ms_times(stamps)
    if times is None or (ids and set(map(type, ids)) != {str}):
        return None
    if not (joined.isascii() or lone_surrogate(joined) is None) \
            or lone_surrogate("".join(ids)) is not None:  # (the loop names which event)
        return None
    return ids, times, messages, joined


def _parsed(route: _Stream, texts: list[str], joined: str
            ) -> tuple[list[Record], list[LineFailure]]:
    """The stream parser's block loop over the events' texts, as over the lines of a file;
    each record's ``_line`` is its event's position."""
    records: list[Record] = []
    failures: list[LineFailure] = []
    route.parser.parse_many(texts, 0, records, failures, with_lines=True,
                            plain=plain_text(joined))  # (one scan in C)
    return records, failures


def _locators(pointer: str, indexes: Iterable[int]) -> Callable[[], list[str]]:
    """The locators of the events at ``indexes`` (``<pointer>/logEvents/<index>``), made when
    asked."""
    return lambda: [f"{pointer}/logEvents/{index}" for index in indexes]


def joined(events: list[Event], continues: Callable[[str], Any]) -> list[Event]:
    """Events whose message ``continues`` the entry before them (AWS split one entry over
    several events) appended to it with a newline: the entry is one unit, with the first
    event's index, id and time. An envelope's first event always starts an entry (when it
    continues one, that entry began in an earlier delivery: see :attr:`EnvelopeParser.split`)."""
    out: list[Event] = []
    for event in events:
        if out and continues(event[3]):
            where, event_id, when, message = out[-1]
            out[-1] = (where, event_id, when, message.rstrip("\n") + "\n" + event[3])
        else:
            out.append(event)
    return out


class RouteMemory:
    """Which format each log stream's events were found to be, kept across reads: a warm Lambda
    function sees the same streams invocation after invocation, and content detection costs
    milliseconds per stream. A remembered format is a hint, not a decision: it is used only when
    its own sniffer accepts the stream's first event of the new read (one sniffer, not all), and
    a caller's ``log_formats`` mapping still comes first. Streams of no known format are not
    remembered (they are looked at again). Bounded: the oldest entries go."""

    def __init__(self, limit: int = 4096) -> None:
        self.limit = limit
        self._names: dict[tuple[str, str], str] = {}

    def recall(self, group: str, stream: str) -> str | None:
        """The remembered format, or None."""
        return self._names.get((group, stream))

    def remember(self, group: str, stream: str, name: str) -> None:
        names = self._names
        if len(names) >= self.limit:
            del names[next(iter(names))]
        names[(group, stream)] = name

    def __len__(self) -> int:
        return len(self._names)

    def clear(self) -> None:
        self._names.clear()


class EnvelopeParser:
    """Per-read state: the inner format and parser of each (log group, log stream), and
    :attr:`split`."""

    def __init__(self, fmt: CloudWatchFormat, fields: str | Sequence[str] | None,
                 log_formats: LogFormats | None = None,
                 routes: RouteMemory | None = None) -> None:
        self.format = fmt
        self.fields = fields
        self.log_formats = {group: split_log_format(value)
                            for group, value in (log_formats or {}).items()}
        self.streams: dict[tuple[str, str], _Stream] = {}
        self.routes = routes
        self.split = 0
        """Envelopes whose first event continues an entry (the format's ``continuation``):
        the entry began in an earlier delivery, whose last unit was read without this part.
        The event is read as a unit of its own; a warning names the first such envelope of
        each stream. Readers report it as ``ReadStats.split``."""
        self._warned: set[tuple[str, str]] = set()

    def __call__(self, value: Any, pointer: str) -> list[Outcome]:
        if isinstance(value, dict) and "awslogs" in value and "logEvents" not in value:
            try:
                envelopes = _lambda_payload(value)
            except ParseError as exc:
                return [(f"{pointer}/awslogs/data", exc)]
            if len(envelopes) == 1:
                return self._envelope(envelopes[0], pointer)
            return [outcome for index, envelope in enumerate(envelopes)
                    for outcome in (
                        [(f"{pointer}/awslogs/data#{index + 1}", envelope)]
                        if isinstance(envelope, ParseError)  # (a corrupt gzip member skipped)
                        else self._envelope(envelope, f"{pointer}/awslogs/data#{index + 1}"))]
        return self._envelope(value, pointer)

    def _envelope(self, value: Any, pointer: str) -> list[Outcome]:
        """The outcomes of one envelope's events, in order. (A list, not a generator: a
        payload holds thousands of events, and each yield through the reader's layers cost
        more than the rest of an event's handling.) Each outcome's locator names its event,
        ``<pointer>/logEvents/<index>``."""
        if not isinstance(value, dict) or not isinstance(value.get("logEvents"), list):
            return [(pointer, ParseError("not a CloudWatch Logs envelope (no logEvents list)"))]
        if value.get("messageType") == "CONTROL_MESSAGE":
            return [(pointer, None)]  # a health check of the destination: no records
        fmt = self.format
        problem: ParseError | None = None
        try:
            head = fmt.envelope(value)
        except ParseError as exc:  # (a field of the envelope's own: only generic records hold
            head, problem = fmt.context(value), exc  # every one; each event is still a unit)
        group_name, stream_name, _ = fmt.context_names
        context = {name: head[name] for name in fmt.context_names}
        log_events = value["logEvents"]
        held = lone_surrogate(context)
        if held is not None:  # (every event's record holds it: each is an error)
            return [(f"{pointer}/logEvents/{index}", ParseError(held, raw_text(event)))
                    for index, event in enumerate(log_events)]
        if problem is None and (held := lone_surrogate(head)) is not None:
            problem = ParseError(held)  # (the envelope's other fields: generic records')
        group, stream = head[group_name] or "", head[stream_name] or ""
        messages = _first_messages(log_events, fmt.event_time)
        if messages is not None:
            route = self._route(group, stream, messages)  # one stream per envelope
            if route.format is not None and route.continues is None:  # (else the loop below)
                plain = _plain_events(log_events, fmt.event_ms)
                if plain is not None:
                    return self._plain_outcomes(plain, context, route, pointer)
        event_time = fmt.event_time
        id_name, _, message_name = fmt.event_names
        early: list[tuple[int, Outcome]] = []
        """Events that are no event (not an object, no text, a bad time), by index."""
        events: list[Event] = []
        for index, event in enumerate(log_events):
            if type(event) is not dict and not isinstance(event, dict):
                early.append((index, (f"{pointer}/logEvents/{index}", ParseError(
                    "a log event is a JSON object", raw_text(event)))))
                continue
            message = event.get("message")
            if type(message) is not str:
                early.append((index, (f"{pointer}/logEvents/{index}", ParseError(
                    "a log event's message is text", raw_text(event)))))
                continue
            event_id = event.get("id")
            if not (message.isascii() and type(event_id) is str and event_id.isascii()) and (
                    held := lone_surrogate(message, message_name)
                    or lone_surrogate(event_id, id_name)) is not None:  # (no Unicode text)
                early.append((index, (f"{pointer}/logEvents/{index}", ParseError(
                    held, message))))
                continue
            try:
                when = event_time(event.get("timestamp"))
            except ValueError as exc:
                early.append((index, (f"{pointer}/logEvents/{index}",
                                      ParseError(str(exc), raw_text(event)))))
                continue
            if event_id is not None and type(event_id) is not str:
                event_id = json_text(event_id)
            events.append((index, event_id, when, message))
        if not events:
            return [outcome for _, outcome in early]
        route = self._route(group, stream, [e[3] for e in events[:ROUTE_EVENTS]])  # (one
        # stream per envelope)
        if route.continues is not None:
            if route.continues(events[0][3]):
                self._split(group, stream, f"{pointer}/logEvents/{events[0][0]}")
            events = joined(events, route.continues)
        outcomes = self._event_outcomes(events, head, context, route, pointer, runs=not early,
                                        problem=problem)
        if not early:
            return outcomes
        merged: list[Outcome] = []  # in the events' order: errors="raise" stops there
        pending = iter(early)
        upcoming = next(pending, None)
        for (index, *_), outcome in zip(events, outcomes, strict=True):
            while upcoming is not None and upcoming[0] < index:
                merged.append(upcoming[1])
                upcoming = next(pending, None)
            merged.append(outcome)
        while upcoming is not None:
            merged.append(upcoming[1])
            upcoming = next(pending, None)
        return merged

    def _event_outcomes(self, events: list[Event], head: Record, context: Record,
                        route: _Stream, pointer: str, *, runs: bool,
                        problem: ParseError | None = None) -> list[Outcome]:
        """Each event's outcome, in order; with ``runs``, events that all gave a record are
        one outcome, a :class:`RecordRun`. ``problem``: why a field of the envelope's own does
        not convert, an error of each event whose record holds it (a generic record)."""
        fmt = self.format
        if route.format is None and problem is not None:
            return [(f"{pointer}/logEvents/{index}", ParseError(problem.reason, message))
                    for index, _, _, message in events]
        if route.format is None:
            id_name, time_name, message_name = fmt.event_names
            generic = [{**head, id_name: event_id, time_name: when, message_name: message,
                        "_format": fmt.name} for _, event_id, when, message in events]
            if runs:
                return [(f"{pointer}/logEvents/{events[0][0]}",
                         RecordRun(generic, _locators(pointer, [e[0] for e in events])))]
            return [(f"{pointer}/logEvents/{event[0]}", record)
                    for event, record in zip(events, generic, strict=True)]
        texts = [e[3].rstrip("\n") for e in events]
        parsed = _parsed(route, texts, "\n".join(texts))
        return self._mapped(parsed, events, context, route, pointer, runs=runs)

    def _plain_outcomes(self, plain: Plain, context: Record, route: _Stream, pointer: str
                        ) -> list[Outcome]:
        """:meth:`_event_outcomes` of events that are all plain (:func:`_plain_events`), from
        their columns: no tuple per event unless one gives no record."""
        ids, times, messages, joined = plain
        count = len(messages)
        texts = [message.rstrip("\n") for message in messages]  # (faster than a search)
        id_name, time_name, _ = self.format.event_names
        whole = route.parser.parse_events(texts, ids, times, context=context, id_name=id_name,
                                          time_name=time_name, format_name=route.name,
                                          plain=plain_text(joined))
        if whole is not None:  # (each record built with the envelope's fields: no merge)
            return [(f"{pointer}/logEvents/0", RecordRun(whole, _locators(pointer,
                                                                         range(count))))]
        records, failures = _parsed(route, texts, joined)
        if failures or len(records) != count:
            events = list(zip(range(count), ids, times, messages, strict=True))
            return self._mapped((records, failures), events, context, route, pointer,
                                runs=False)
        return self._run(records, ids, times, context, route, first=f"{pointer}/logEvents/0",
                         locators=_locators(pointer, range(count)))

    def _run(self, records: list[Record], ids: list[Any], times: list[Any], context: Record,
             route: _Stream, *, first: str, locators: Callable[[], list[str]]
             ) -> list[Outcome]:
        """Events that each gave one record, in order: the records with the envelope's and
        their event's fields, as one outcome (no map from records back to events)."""
        name = route.name
        id_name, time_name, _ = self.format.event_names
        for record, event_id, when in zip(records, ids, times, strict=True):
            del record["_line"]
            record.update(context)
            record[id_name] = event_id
            record[time_name] = when
            record["_format"] = name
        return [(first, RecordRun(records, locators))]

    def _mapped(self, parsed: tuple[list[Record], list[LineFailure]], events: list[Event],
                context: Record, route: _Stream, pointer: str, *, runs: bool
                ) -> list[Outcome]:
        """Each event's outcome from the records and failures its stream's parser gave
        (``_line``: the event's position), in order; with ``runs``, events that all gave a
        record are one outcome, a :class:`RecordRun`. An event that gave neither a record
        nor an error (a header or blank line) is an error: every event is a unit."""
        records, failures = parsed
        if runs and not failures and len(records) == len(events):
            return self._run(records, [e[1] for e in events], [e[2] for e in events], context,
                             route, first=f"{pointer}/logEvents/{events[0][0]}",
                             locators=_locators(pointer, [e[0] for e in events]))
        name = route.name
        id_name, time_name, _ = self.format.event_names
        out: list[Outcome] = []
        found = {record.pop("_line"): record for record in records}
        failed = {line: reason for _, line, reason, _ in failures}
        for position, (index, event_id, when, message) in enumerate(events):
            made = found.get(position)
            if made is None:
                reason = failed.get(position, "a log event holding no record (blank or a "
                                              "header line)")
                out.append((f"{pointer}/logEvents/{index}",
                            ParseError(f"{name}: {reason}", message)))
                continue
            made.update(context)
            made[id_name] = event_id
            made[time_name] = when
            made["_format"] = name
            out.append((f"{pointer}/logEvents/{index}", made))
        return out

    def _split(self, group: str, stream: str, pointer: str) -> None:
        """Count an envelope that starts inside an entry; warn once per stream and read."""
        self.split += 1
        if (group, stream) not in self._warned:
            self._warned.add((group, stream))
            import logging  # (a cold start does not pay for it)

            logging.getLogger("awslogparse").warning(
                "log group %s, stream %s: the event at %s continues an entry that began in an "
                "earlier delivery; it is read as an entry of its own, and that entry's last "
                "record lacks it", group, stream, pointer)

    def _route(self, group: str, stream: str, messages: list[str]) -> _Stream:
        key = (group, stream)
        found = self.streams.get(key)
        if found is None:
            found = self.streams[key] = self._choose(group, stream, messages)
        return found

    def _choose(self, group: str, stream: str, messages: list[str]) -> _Stream:
        """The caller's mapping decides; else a format whose log group or stream naming
        matches, if the content agrees (one of the first events); else the content alone (the
        first event); else no format."""
        from awslogparse import registry

        chosen = next((value for pattern, value in self.log_formats.items()
                       if fnmatch.fnmatchcase(group, pattern)), None)
        name, layout = chosen if chosen is not None else (None, None)
        texts = [message.rstrip("\n") for message in messages]
        if name is None:
            name = self._recalled(group, stream, texts)
        if name is None:
            name = self._guess(group, stream, texts)
            if self.routes is not None and name:  # (no format found: look again next time)
                self.routes.remember(group, stream, name)
        if not name:
            return _Stream(None, None, None)
        fmt = registry.get(name).format()
        # the group's own layout, else the read's ``fields=`` (line formats only)
        fields = layout if layout is not None else \
            self.fields if fmt.spec.framing == "lines" else None
        return _Stream(name, fmt, fmt.stream_parser(fields, group, stream))


    def _recalled(self, group: str, stream: str, texts: list[str]) -> str | None:
        """The format remembered for the stream if its sniffer accepts one of ``texts``; None:
        choose afresh."""
        if self.routes is None:
            return None
        name = self.routes.recall(group, stream)
        if name is None:
            return None
        from awslogparse import registry

        fmt = registry.get(name).format()
        return name if _confirmed(fmt, texts, self.fields) else None

    def _guess(self, group: str, stream: str, texts: list[str]) -> str | None:
        """Naming conventions confirmed by the content (one of the first events), else the
        content alone (the first event)."""
        from awslogparse import registry

        for candidate in _named_by(group, stream):
            if _confirmed(registry.get(candidate).format(), texts, self.fields):
                return candidate
        if _service_owned(group):  # (a log of that service no format reads: no guessing)
            return None
        found = registry.detect(None, texts[0])
        if found and found.format is not None \
                and registry.get(found.format).format().spec.family != self.format.spec.family:
            return found.format  # (never an envelope or export line inside a message)
        return None


def _confirmed(fmt: Any, texts: list[str], fields: str | Sequence[str] | None = None) -> bool:
    """Whether ``fmt`` takes a stream its naming (or memory) suggests: by the name alone, its
    sniffer accepts one of the first events, or (a line format, given the read's ``fields=``)
    one of them is a record of that layout: a custom flow log layout, which the sniffer's
    default layout does not fit."""
    if fmt.routes_by_name or any(fmt.sniff(text)[0] >= 0.5 for text in texts):
        return True
    return fields is not None and fmt.spec.framing == "lines" and _fits(fmt, texts, fields)


def _fits(fmt: Any, texts: list[str], fields: str | Sequence[str]) -> bool:
    """Whether ``fields`` is a layout of ``fmt`` (most of its names are the format's fields)
    and one of ``texts`` reads as a record of it, with no column left over."""
    try:
        parser = fmt.line_parser(fields)
        layout = fmt.layout(fields)
    except ParseError:
        return False  # (a format without custom layouts)
    if sum(f.name in fmt.spec.schema for f in layout) * 2 <= len(layout):
        return False  # (the names of another format's fields)
    for text in texts:
        try:
            record = parser(text)
        except ParseError:
            continue
        if record is not None and not any(key.startswith("field_") for key in record):
            return True
    return False


Naming = tuple[tuple[str, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]], ...]
"""Per format: its log group and log stream name patterns, each with text every name it
matches contains ("": none known)."""


@functools.cache
def _conventions(plugins: bool = False) -> Naming:
    """Each format's log group and log stream naming patterns: the built-in formats' from the
    generated table (no spec parsed), or with ``plugins`` the plugin formats' from their specs
    (finding plugins imports ``importlib.metadata``: only when no built-in format was taken)."""
    hints: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    if not plugins:
        from awslogparse._mapping import LOG_NAMING, NAMING_HINTS

        named: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = list(LOG_NAMING)
        hints = {name: (groups, streams) for name, groups, streams in NAMING_HINTS}
    else:
        named = [(name, spec.log_groups, spec.log_streams) for name, spec in _plugin_specs()]

    def hinted(patterns: tuple[str, ...], known: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        return tuple(zip(patterns, known if len(known) == len(patterns)
                         else ("",) * len(patterns), strict=True))
    return tuple((name, hinted(groups, hints.get(name, ((), ()))[0]),
                  hinted(streams, hints.get(name, ((), ()))[1]))
                 for name, groups, streams in named if groups or streams)


@functools.cache
def _naming_regex(pattern: str) -> re.Pattern[str]:
    """A naming pattern, compiled on the first name its hint lets through (compiling every
    format's cost a cold start milliseconds)."""
    return re.compile(pattern)


def _follows(patterns: tuple[tuple[str, str], ...], name: str) -> bool:
    return any(hint in name and _naming_regex(p).search(name) for p, hint in patterns)


def _named_by(group: str, stream: str) -> Iterator[str]:
    """Formats whose naming conventions the log group or stream follows, in detection order
    (built-in formats before plugins)."""
    for plugins in (False, True):
        for name, groups, streams in _conventions(plugins):
            if _follows(groups, group) or _follows(streams, stream):
                yield name


@functools.cache
def _service_groups(plugins: bool = False) -> tuple[str, ...]:
    """Every format's ``service_log_groups`` patterns: the built-in formats' from the generated
    table, or with ``plugins`` the plugin formats' from their specs."""
    if not plugins:
        from awslogparse._mapping import SERVICE_LOG_GROUPS

        return tuple(p for _, patterns in SERVICE_LOG_GROUPS for p in patterns)
    return tuple(p for _, spec in _plugin_specs() for p in spec.service_log_groups)


@functools.cache
def _plugin_specs() -> tuple[tuple[str, FormatSpec], ...]:
    """The plugin formats' names and specs, in detection order (finding them imports
    ``importlib.metadata``: asked only when no built-in format's naming was taken)."""
    from awslogparse import registry
    from awslogparse.specs import load_spec

    builtin = set(registry.builtin_formats())
    return tuple((name, load_spec(registry.get(name).spec_name))
                 for name in registry.formats() if name not in builtin)


def _service_owned(group: str) -> bool:
    """Whether a service's format claims the log group as one its service writes (RDS's
    ``/aws/rds/instance/<id>/<log>``, whatever the log): no other format's, read or not."""
    return any(_naming_regex(p).search(group) for plugins in (False, True)
               for p in _service_groups(plugins))


def _lambda_payload(value: dict[str, Any]) -> list[Any]:
    """``{"awslogs": {"data": ...}}`` -> the envelopes it holds (gzip members, back to back).
    A corrupt member that decoding went on after (a :class:`~awslogparse.sources.Gap`) is a
    :class:`ParseError` in the list, where the envelope it cut would be; the envelopes of the
    members after it follow."""
    data = value.get("awslogs")
    data = data.get("data") if isinstance(data, dict) else None
    if not isinstance(data, str):
        raise ParseError("awslogs.data is not a base64 string", raw_text(value, 4096))
    try:
        packed = strict_base64(data)  # (base64.b64decode, validating)
    except (binascii.Error, ValueError):
        raise ParseError("awslogs.data is not valid base64", data[:4096]) from None
    if packed[:2] == b"\x1f\x8b":  # gzip members, as files are read (zlib-ng where installed)
        from awslogparse.sources import Gap

        whole = _gunzipped_at_once(packed)
        if whole is None:  # (damage, a cut, several members: piece by piece, as files are read)
            pieces = _gunzipped(packed, data)
            if any(isinstance(piece, Gap) for piece in pieces):
                return _damaged_payload(pieces)
            whole = b"".join(pieces)  # type: ignore[arg-type]  # (no Gap, as just checked)
        packed = whole
    from awslogparse.framing import Failure, Value, json_values, whole_object

    single = whole_object(packed)  # (one envelope, decoded by orjson where that pays)
    if single is not None:
        return [single]
    envelopes = []
    for item in json_values(iter([packed]), containers=True):  # (events: checked one by one)
        if isinstance(item, Failure):
            raise ParseError(f"awslogs.data: {item.reason}", item.raw)
        if isinstance(item, Value):
            envelopes.append(item.value)
    return envelopes


def _damaged_payload(pieces: list[Any]) -> list[Any]:
    """The envelopes of a payload with a corrupt gzip member skipped: each damage is a
    :class:`ParseError` (its raw text the envelope it cut), the envelopes around it are read;
    anything else wrong fails the payload, as it fails an undamaged one."""
    from awslogparse.framing import Failure, Value, json_values

    envelopes: list[Any] = []
    for item in json_values(iter(pieces), containers=True):
        if isinstance(item, Failure):
            if not item.damaged:
                raise ParseError(f"awslogs.data: {item.reason}", item.raw)
            envelopes.append(ParseError(f"awslogs.data: {item.reason}", item.raw))
        elif isinstance(item, Value):
            envelopes.append(item.value)
    return envelopes


def _gunzipped(packed: bytes, data: str) -> list[Chunk]:
    """The gzip members of a payload decoded piece by piece, as files are read: what they hold
    (with a :class:`~awslogparse.sources.Gap` where a corrupt member was skipped), or a
    ParseError saying why not (``data``: the base64 text, quoted by the error)."""
    from awslogparse.sources import Gap, gunzip_chunks

    out: list[Chunk] = []
    size = 0
    try:
        for piece in gunzip_chunks(io.BytesIO(packed)):
            if isinstance(piece, Gap):
                out.append(piece)
                continue
            size += len(piece)
            if size > MAX_PAYLOAD:
                raise ParseError(f"awslogs.data decodes to more than {MAX_PAYLOAD:,} bytes",
                                 data[:4096])
            out.append(piece)
    except EOFError:
        raise ParseError("awslogs.data is truncated gzip", data[:4096]) from None
    except zlib.error as exc:
        raise ParseError(f"awslogs.data is not valid gzip: {exc}", data[:4096]) from None
    return out


def _gunzipped_at_once(packed: bytes) -> bytes | None:
    """``packed`` decoded in one call when it is one whole gzip member of at most
    :data:`MAX_PAYLOAD` decoded bytes, as AWS writes a payload; None for anything else (damage,
    a cut, several members, too much), which :func:`_gunzipped` then reads and says what it
    is. Its pieces of 16 KiB (each after a copy of the decoder, to salvage what precedes
    damage), joined, cost about 600 instructions of a VPC flow log event's 37,000 more than
    this (callgrind); the bytes are the same."""
    from awslogparse.sources import GZIP_READ_SIZE, _decompressobj_factory

    decoder = _decompressobj_factory(small=len(packed) < GZIP_READ_SIZE)(31)
    try:
        out: bytes = decoder.decompress(packed, MAX_PAYLOAD + 1)
    except Exception:  # (zlib.error, isal's IsalError: the careful way says which)
        return None
    if not decoder.eof or decoder.unused_data or len(out) > MAX_PAYLOAD:
        return None
    return out


class CloudWatchFormat(JsonFormat):
    """The envelope format: its own fields are the generic record of a log event."""

    value_is_container = True
    carries_formats = True

    def __init__(self, spec: FormatSpec) -> None:
        super().__init__(spec)
        # The envelope's and the events' keys are AWS's (the spec's wire names); the record's
        # names come from the spec.
        by_wire = {f.wire_name: f for f in spec.schema.fields}
        events = ("id", "timestamp", "message")
        self.event_names = tuple(by_wire[key].name for key in events)
        self._context_keys = ("logGroup", "logStream", "owner")
        self.context_names = tuple(by_wire[key].name for key in self._context_keys)
        self._head = _object_converter(
            [f for f in spec.schema.fields if f.wire_name not in events], "")
        self._context: Callable[[dict[str, Any]], Record] | None = None
        """:meth:`context`'s converter, made when first needed (generated code: a cold start
        does not pay for it)."""
        stamp = by_wire["timestamp"]
        self.event_time = converter(stamp, stamp.name)
        """A log event's epoch-milliseconds timestamp -> UTC datetime."""
        self.event_ms = stamp.unit == "ms"

    def layout(self, fields: str | Sequence[str] | None = None) -> tuple[Field, ...]:
        return self.spec.schema.fields  # ``fields`` is the layout of inner flow log lines

    def arrow_value_parser(self, fields: str | Sequence[str] | None = None
                           ) -> Callable[[Any, str], Iterable[tuple[str, Any]]] | None:
        return None  # inner records of any format: prepared when batched

    def context_fields(self) -> tuple[Field, ...]:
        schema = self.spec.schema
        return tuple(schema[name] for name in (*self.context_names, *self.event_names[:2]))

    def line_parser(self, fields: str | Sequence[str] | None = None) -> JsonLineParser:
        raise ParseError("a CloudWatch Logs payload is JSON with several records: read it with "
                         "iter_records")

    def parse_line(self, line: str, fields: str | Sequence[str] | None = None) -> Record:
        raise ParseError("a CloudWatch Logs payload holds several records: read it with "
                         "iter_records(payload_bytes, 'cloudwatch')", line)

    def value_parser(self, fields: str | Sequence[str] | None = None,
                     log_formats: LogFormats | None = None,
                     routes: RouteMemory | None = None) -> EnvelopeParser:
        return EnvelopeParser(self, fields, log_formats, routes)

    def envelope(self, value: dict[str, Any]) -> Record:
        """The envelope's own fields (group, stream, owner, filters; other keys as written,
        but not the events and the message type)."""
        own = {k: v for k, v in value.items() if k not in ("logEvents", "messageType")}
        try:
            return self._head(own)
        except ValueError as exc:
            raise ParseError(str(exc)) from None

    def context(self, value: dict[str, Any]) -> Record:
        """The envelope's log group, stream and owner alone: what records of an inner format
        carry of it. Text fields, so they always convert (another JSON value becomes its
        text), also when another field of the envelope does not."""
        if self._context is None:
            by_wire = {f.wire_name: f for f in self.spec.schema.fields}
            self._context = _object_converter([by_wire[key] for key in self._context_keys], "")
        return self._context({key: value.get(key) for key in self._context_keys})

    def content_gate(self) -> Gate:
        return "{", False

    _ENVELOPE_KEYS = ('"logEvents"', '"logGroup"')
    _LAMBDA_EVENT_KEYS = ('"awslogs"', '"data"')

    def content_words(self) -> Words:
        return self._ENVELOPE_KEYS, self._LAMBDA_EVENT_KEYS

    def sniff(self, head: str) -> tuple[float, str]:
        window = head[:4096]
        if not window.lstrip().startswith("{"):
            return 0.0, "not a JSON object"
        if all(key in window for key in self._ENVELOPE_KEYS):
            return 0.95, "JSON with logGroup and logEvents: a CloudWatch Logs envelope"
        if all(key in window for key in self._LAMBDA_EVENT_KEYS):
            return 0.9, "a Lambda event carrying a CloudWatch Logs payload (awslogs.data)"
        return 0.0, "no CloudWatch Logs envelope"


_EXPORT_LINE = lazy(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ")


class ExportLineParser(LineParserBase):
    """One line of a CloudWatch Logs export: ``<ISO time> <message>``. The file holds one log
    stream, so its first message chooses the inner format (as in an envelope)."""

    def __init__(self, fmt: ExportFormat, fields: str | Sequence[str] | None,
                 log_stream: str = "") -> None:
        self.format = fmt
        self.layout = fmt.spec.schema.fields
        self._router = EnvelopeParser(fmt.envelope_format(), fields)
        self._route: _Stream | None = None
        self._stream = log_stream
        self._time_name, self._message_name = fmt.field_names

    def __call__(self, line: str) -> Record | None:
        text = line[:-1] if line.endswith("\r") else line
        if not text.strip():
            self.blank += 1
            return None
        stamp, sep, message = text.partition(" ")
        try:
            when = self.format.event_time(stamp) if sep else None
        except ValueError:
            when = None
        if when is None:
            raise ParseError("not an export line (an ISO 8601 time, a space, the message)", line)
        route = self._route
        if route is None:
            route = self._route = self._router._choose("", self._stream, [message])
        if route.format is None:
            return {self._time_name: when, self._message_name: message,
                    "_format": self.format.name}
        try:
            record: Record | None = route.parser(message)
        except ParseError as exc:
            raise ParseError(f"{route.name}: {exc.reason}", line) from None
        if record is None:
            raise ParseError(f"{route.name}: a log event holding no record (blank or a header "
                             "line)", line)
        record[self._time_name] = when
        record["_format"] = route.name
        return record


class ExportFormat(Format):
    """CloudWatch Logs exports to S3 (``CreateExportTask``): one event per line."""

    carries_formats = True

    def __init__(self, spec: FormatSpec) -> None:
        super().__init__(spec)
        stamp, message = spec.schema.fields  # the time, then the message (the line's order)
        self.field_names = (stamp.name, message.name)
        self.event_time = converter(stamp, stamp.name)

    def layout(self, fields: str | Sequence[str] | None = None) -> tuple[Field, ...]:
        return self.spec.schema.fields  # ``fields``: the layout of inner flow log lines

    def line_parser(self, fields: str | Sequence[str] | None = None) -> ExportLineParser:
        return ExportLineParser(self, fields)

    def source_parser(self, fields: str | Sequence[str] | None, source: str
                      ) -> ExportLineParser:
        """The parser of one exported object: its key names the log stream (the
        ``log_stream`` group of a key pattern), whose naming conventions choose the inner
        format before content does (the export does not keep the log group's name)."""
        for pattern in self.spec.key_patterns:
            found = re.search(pattern, source)
            if found is not None and "log_stream" in found.re.groupindex:
                return ExportLineParser(self, fields, found["log_stream"])
        return ExportLineParser(self, fields)

    def context_fields(self) -> tuple[Field, ...]:
        return (self.spec.schema[self.field_names[0]],)

    def envelope_format(self) -> CloudWatchFormat:
        """The envelope format of this family (the formats of its specs first: making every
        format to find it would cost a cold start every spec and every format's set-up)."""
        from awslogparse import registry
        from awslogparse.specs import family_spec_names

        builtin = registry.builtin_formats()
        names = [n for n in family_spec_names(self.spec.family) if n in builtin]
        return next(f for name in itertools.chain(names, registry.formats())
                    if isinstance(f := registry.get(name).format(), CloudWatchFormat))

    def content_gate(self) -> Gate:
        return "", True  # (_EXPORT_LINE: a time first)

    def sniff(self, head: str) -> tuple[float, str]:
        lines = sample_lines(head)
        if lines and all(_EXPORT_LINE.match(ln) for ln in lines):
            return 0.6, "lines of an ISO 8601 time and a message: a CloudWatch Logs export"
        return 0.0, "not a CloudWatch Logs export"


def _make(spec: FormatSpec) -> Format:
    """The envelope format, or the export format (line framing)."""
    return ExportFormat(spec) if spec.framing == "lines" else CloudWatchFormat(spec)


family = one_per_format(_make)


__all__ = ["CloudWatchFormat", "EnvelopeParser", "ExportFormat", "RouteMemory", "family"]
