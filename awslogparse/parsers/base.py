"""What every line parser offers the readers: one line at a time, or a block of lines."""

from __future__ import annotations

from awslogparse.model import ParseError, Record

LineFailure = tuple[int, int, str, str]
"""A bad line: (records parsed before it in the block, line number, reason, raw text)."""


def plain_text(text: str) -> bool:
    """True when ``int`` can only see decimal integers in ``text``'s tokens (ASCII, no ``+``,
    no ``_``), so the generated code may call it directly; otherwise it checks each value."""
    return text.isascii() and "+" not in text and "_" not in text


class LineParserBase:
    """Stateful per-source parser. ``__call__`` takes one line (no newline) and returns a
    record, or ``None`` for a line that holds none (blank, header); it raises ParseError."""

    headers = 0
    blank = 0

    def __call__(self, line: str) -> Record | None:
        raise NotImplementedError

    def parse_many(self, lines: list[str], first_line: int, records: list[Record],
                   failures: list[LineFailure], *, with_lines: bool = False,
                   plain: bool = False) -> None:
        """Parse a block of lines into ``records`` and ``failures`` (``first_line`` is the
        number of ``lines[0]``); with ``with_lines`` each record gets its ``_line``. ``plain``
        says the text is printable ASCII without ``+`` or ``_`` (a hint for faster code).
        Parsers override this with a tighter loop; the result must be the same."""
        for offset, line in enumerate(lines):
            try:
                record = self(line)
            except ParseError as exc:
                failures.append((len(records), first_line + offset, exc.reason,
                                 line.rstrip("\r")))
                continue
            if record is not None:
                if with_lines:
                    record["_line"] = first_line + offset
                records.append(record)


def exact_raw(block: bytes, text: str, failures: list[LineFailure], first_line: int
              ) -> list[LineFailure]:
    """Bad lines' raw text without the U+FFFD that UTF-8 decoding put in for invalid bytes:
    those bytes come back as ``\\xNN`` escapes, so an error keeps what the input held."""
    if not failures or "\ufffd" not in text:
        return failures
    lines = block.decode("utf-8", "backslashreplace").split("\n")
    out = []
    for before, line, reason, raw in failures:
        index = line - first_line
        exact = lines[index].rstrip("\r") if "\ufffd" in raw and 0 <= index < len(lines) else raw
        out.append((before, line, reason, exact))
    return out
