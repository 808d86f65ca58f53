"""Sample files for the HTTP-facing formats (load balancers, CloudFront, S3), and what they mean.

Loaded by ``make_samples.py``, whose ``build()`` appends these samples to the flow-log ones. The
same rules hold: every record is built first as typed values (ints, floats, UTC datetimes, ``None``
for nulls, text as the client sent it, i.e. url-decoded where AWS percent-encodes a field), then
each line is rendered from it by the small formatters below, never by awslogparse. Each file
keeps AWS's own key layout; damaged lines record the reason the parser should give.

Addresses are private (RFC 1918) or documentation ranges (RFC 5737, RFC 3849); account
123456789012 is AWS's documentation account; ASNs are from the documentation range (RFC 5398);
certificate, request and trace ids are made up.
"""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

Record = dict[str, Any]
Column = tuple[tuple[str, ...], Callable[[Record], str]]
"""One wire column: the record fields it carries and how to write them."""

ACCOUNT = "123456789012"
REGION = "us-east-1"
T0 = datetime(2026, 11, 21, tzinfo=UTC)
ELB_DIR = f"AWSLogs/{ACCOUNT}/elasticloadbalancing/{REGION}/2026/11/21/"
EVIDENCE = "key pattern and content agree"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass
class Sample:
    """One sample file: its key under samples/, its lines, and what they mean (the same
    interface as ``make_samples.Sample``)."""

    key: str
    format: str
    title: str
    compressed: bool = True
    """gzip on disk (False: plain text, as Classic ELB and S3 deliver)."""
    evidence: str = EVIDENCE
    """How detection must say it recognised the file (the start of ``detected_by``)."""
    lines: list[str] = field(default_factory=list)
    records: list[tuple[int, Record]] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    headers: int = 0
    blank: int = 0

    @property
    def name(self) -> str:
        return self.key.rsplit("/", 1)[-1]

    @property
    def stem(self) -> str:
        return self.name.removesuffix(".gz").removesuffix(".log")

    def header(self, line: str) -> None:
        self.lines.append(line)
        self.headers += 1

    def add(self, line: str, record: Record) -> None:
        assert "\n" not in line and "\r" not in line, line
        self.lines.append(line)
        self.records.append((len(self.lines), record))

    def broken(self, raw: str, reason: str) -> None:
        self.lines.append(raw)
        self.errors.append((len(self.lines), reason, raw))

    def data(self) -> bytes:
        return ("\n".join(self.lines) + "\n").encode("ascii")

    def stats(self) -> dict[str, int]:
        return {"lines": len(self.records) + len(self.errors), "records": len(self.records),
                "errors": len(self.errors), "headers": self.headers, "blank": self.blank}


# ---- values -> wire text --------------------------------------------------------------------


def iso_us(value: datetime) -> str:
    """ALB / Classic ELB: ISO 8601 UTC with microseconds and ``Z``."""
    assert value.tzinfo is UTC
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def iso_s(value: datetime) -> str:
    """NLB: ISO 8601 to the second, no zone."""
    assert value.tzinfo is UTC and not value.microsecond
    return value.strftime("%Y-%m-%dT%H:%M:%S")


def clf(value: datetime) -> str:
    """S3: ``[21/Nov/2026:00:05:12 +0000]``."""
    assert value.tzinfo is UTC and not value.microsecond
    return f"[{value.day:02d}/{MONTHS[value.month - 1]}/{value:%Y:%H:%M:%S} +0000]"


def fixed(value: float, places: int) -> str:
    """A decimal with a fixed number of places; the value must survive the round trip."""
    text = f"{value:.{places}f}"
    assert float(text) == value, (value, text)
    return text


CF_UNSAFE = frozenset('<>"#%{}|\\^~[]`\'')


def pct(value: str, unsafe: frozenset[str] = CF_UNSAFE) -> str:
    """Percent-encoding as CloudFront writes it: bytes 0-32 and 127-255 and the unsafe
    characters as ``%XX``; every ``%`` is encoded, so decoding once gives the value back."""
    out = []
    for byte in value.encode("utf-8"):
        char = chr(byte)
        if byte <= 32 or byte >= 127 or char in unsafe or char == "%":
            out.append(f"%{byte:02X}")
        else:
            out.append(char)
    return "".join(out)


LIGHT_UNSAFE: frozenset[str] = frozenset()
"""NLB's URL-encoded columns keep quotes and slashes as written (AWS's ALPN example)."""


def plain(value: Any) -> str:
    """An unquoted column: ``-`` for null; must hold no blank."""
    if value is None:
        return "-"
    text = str(value)
    assert text and not any(c.isspace() for c in text), text
    return text


def word(name: str) -> Column:
    return (name,), lambda r: plain(r[name])


def number(name: str, null: str = "-") -> Column:
    def render(r: Record) -> str:
        value = r[name]
        if value is None:
            return null
        assert isinstance(value, int) and not isinstance(value, bool), (name, value)
        return str(value)
    return (name,), render


def decimal(name: str, places: int, null: str = "-") -> Column:
    def render(r: Record) -> str:
        value = r[name]
        return null if value is None else fixed(value, places)
    return (name,), render


def moment(name: str, form: Callable[[datetime], str]) -> Column:
    return (name,), lambda r: "-" if r[name] is None else form(r[name])


def hostport(host: str, port: str) -> Column:
    def render(r: Record) -> str:
        if r[host] is None:
            assert r[port] is None
            return "-"
        return f"{r[host]}:{r[port]}"
    return (host, port), render


def quoted(name: str, escape: str = "none") -> Column:
    """A column in double quotes: ALB never has a quote inside (it writes ``\\x22``), Classic
    ELB backslash-escapes, S3 writes quotes as they are."""
    def render(r: Record) -> str:
        value = r[name]
        if value is None:
            return '"-"'
        if escape == "backslash":
            value = value.replace("\\", "\\\\").replace('"', '\\"')
        elif escape == "none":
            assert '"' not in value, value
        assert "\t" not in value and "\n" not in value
        return f'"{value}"'
    return (name,), render


def request_column(name: str, escape: str = "none") -> Column:
    """The HTTP request line (quoted), whose method, URL and protocol are record fields too."""
    fields = (name, f"{name.removesuffix('_uri')}_method", f"{name.removesuffix('_uri')}_url",
              f"{name.removesuffix('_uri')}_protocol")
    return fields, quoted(name, escape)[1]


def request(method: str, url: str, protocol: str) -> Record:
    """An ALB / Classic ELB request line and its parts."""
    return {"request": f"{method} {url} {protocol}", "request_method": method,
            "request_url": url, "request_protocol": protocol}


def field_names(columns: Sequence[Column]) -> list[str]:
    """Record keys in layout order (each once)."""
    out: list[str] = []
    for names, _ in columns:
        out += [n for n in names if n not in out]
    return out


def make(columns: Sequence[Column], values: Record) -> Record:
    """A record with every field of the layout, in layout order; unnamed ones are null."""
    names = field_names(columns)
    unknown = [k for k in values if k not in names]
    assert not unknown, unknown
    return {n: values.get(n) for n in names}


def render(columns: Sequence[Column], record: Record, *, width: int | None = None,
           sep: str = " ") -> str:
    """The first ``width`` columns of a record (an older, shorter line when fewer than the
    layout); the fields of the columns left out must be null."""
    width = len(columns) if width is None else width
    for names, _ in columns[width:]:
        assert all(record[n] is None for n in names), (names, record)
    return sep.join(write(record) for _, write in columns[:width])


def names(text: str) -> list[str]:
    """Field names from a space-separated list."""
    return text.split()


def hexid(rnd: random.Random, digits: int, upper: bool = False) -> str:
    text = f"{rnd.getrandbits(4 * digits):0{digits}x}"
    return text.upper() if upper else text


def at(seconds: float) -> datetime:
    """A moment on 2026-11-21, ``seconds`` after midnight UTC (microsecond precision)."""
    return T0 + timedelta(microseconds=round(seconds * 1_000_000))


def elb_key(name: str) -> str:
    return f"{ELB_DIR}{ACCOUNT}_elasticloadbalancing_{REGION}_{name}"


# ---- Application Load Balancer: access log (f) and connection log (g) -------------------------

ALB_ID = "1a2b3c4d5e6f7a8b"
ALB = f"app/my-alb/{ALB_ID}"
ALB_NODE = "10.0.1.23"
ALB_FILE = f"app.my-alb.{ALB_ID}_20261121T0005Z_{ALB_NODE}_5e6f7a8b.log.gz"
TG = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup"
TG_WEB = f"{TG}/web-prod/6d0ecf831eec9f09"
TG_GRPC = f"{TG}/orders-grpc/8e2a4b6c1d3f5a7b"
TG_CHAT = f"{TG}/chat-ws/3b5d7f9a1c2e4f60"
TG_LAMBDA = f"{TG}/thumbnailer-fn/5c7e9a1b3d5f7e9c"
TG_ADMIN = f"{TG}/admin-console/7a9c1e3b5d7f9a2c"
CERT = f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/1f2e3d4c-5b6a-4789-8a0b-1c2d3e4f5a6b"
WEB_TARGETS = [("10.0.2.41", 8080), ("10.0.2.87", 8080), ("10.0.3.16", 8080)]
TLS12 = ("ECDHE-RSA-AES128-GCM-SHA256", "TLSv1.2")
TLS13 = ("TLS_AES_128_GCM_SHA256", "TLSv1.3")

CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/131.0.0.0 Safari/537.36")
SAFARI_IOS = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
              "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1")
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"

ALB_COLUMNS: list[Column] = [
    word("type"), moment("time", iso_us), word("elb"),
    hostport("client_ip", "client_port"), hostport("target_ip", "target_port"),
    decimal("request_processing_time", 3, "-1"), decimal("target_processing_time", 3, "-1"),
    decimal("response_processing_time", 3, "-1"),
    number("elb_status_code"), number("target_status_code"),
    number("received_bytes"), number("sent_bytes"),
    request_column("request"), quoted("user_agent"), word("ssl_cipher"), word("ssl_protocol"),
    word("target_group_arn"), quoted("trace_id"), quoted("domain_name"),
    quoted("chosen_cert_arn"), number("matched_rule_priority"),
    moment("request_creation_time", iso_us), quoted("actions_executed"),
    quoted("redirect_url"), quoted("error_reason"), quoted("target_port_list"),
    quoted("target_status_code_list"), quoted("classification"),
    quoted("classification_reason"), word("conn_trace_id"), quoted("transformed_host"),
    quoted("transformed_uri"), quoted("request_transform_status"), word("ip_address"),
]
assert len(ALB_COLUMNS) == 34


@dataclass
class Conn:
    """One client connection to the ALB: access-log lines share its id; the connection log
    has one line for it."""

    client: str
    port: int
    listener: int
    tls: tuple[str, str] | None
    tid: str
    opened: datetime
    keyexchange: str | None = None


@dataclass
class AlbLine:
    record: Record
    width: int = 34
    extra: tuple[str, ...] = ()
    damage: str | None = None
    """``cut`` or ``status``: the line is written damaged (its record is not expected)."""


class AlbTraffic:
    """Requests to one ALB inside the 5-minute period 00:00-00:05, and their connections."""

    def __init__(self) -> None:
        self.rnd = random.Random(2611210005)
        self.conns: list[Conn] = []
        self.lines: list[AlbLine] = []
        self.clock = 3.0

    def connect(self, client: str, listener: int, tls: tuple[str, str] | None,
                keyexchange: str | None = None) -> Conn:
        rnd = self.rnd
        self.clock += rnd.uniform(1.0, 5.0)
        conn = Conn(client, rnd.randint(32768, 60999), listener, tls,
                    f"TID_{hexid(rnd, 32)}", at(round(self.clock, 6)), keyexchange)
        self.conns.append(conn)
        return conn

    def hit(self, conn: Conn, kind: str, method: str, url: str, status: int, *,
            target: tuple[str, int] | None, times: tuple[float | None, float | None,
                                                        float | None],
            target_status: int | None = None, sizes: tuple[int, int] = (0, 0),
            ua: str | None = CHROME, protocol: str = "HTTP/1.1", group: str | None = TG_WEB,
            host: str = "www.example.com", rule: int | None = 1, actions: str | None = "forward",
            redirect: str | None = None, error: str | None = None,
            classification: tuple[str, str] | None = None, cert: str | None = CERT,
            lists: bool = True, width: int = 34, extra: tuple[str, ...] = (),
            hold: float = 0.0, damage: str | None = None) -> None:
        """One request (``hold``: seconds it stayed open, a WebSocket or a timeout)."""
        rnd = self.rnd
        self.clock += rnd.uniform(0.3, 4.0)
        done = at(round(self.clock + hold, 6))
        assert done < T0 + timedelta(minutes=5), "inside the file's 5-minute period"
        spent = hold + sum(t for t in times if t is not None)
        created = done - timedelta(seconds=spent + rnd.uniform(0.0005, 0.004))
        created = created.replace(microsecond=created.microsecond // 1000 * 1000)  # ms, as AWS
        if created < conn.opened:  # the connection was opened before the request came
            conn.opened = created - timedelta(microseconds=rnd.randint(2000, 40000))
        assert conn.opened >= T0
        tls = conn.tls
        values: Record = {
            "type": kind, "time": done, "elb": ALB, "client_ip": conn.client,
            "client_port": conn.port,
            "target_ip": target[0] if target else None,
            "target_port": target[1] if target else None,
            "request_processing_time": times[0], "target_processing_time": times[1],
            "response_processing_time": times[2], "elb_status_code": status,
            "target_status_code": target_status, "received_bytes": sizes[0],
            "sent_bytes": sizes[1], **request(method, url, protocol), "user_agent": ua,
            "ssl_cipher": tls[0] if tls else None, "ssl_protocol": tls[1] if tls else None,
            "target_group_arn": group,
            "trace_id": f"Root=1-{int(created.timestamp()):08x}-{hexid(rnd, 24)}",
            "domain_name": host if tls else None, "chosen_cert_arn": cert if tls else None,
            "matched_rule_priority": rule, "request_creation_time": created,
            "actions_executed": actions, "redirect_url": redirect, "error_reason": error,
            "classification": classification[0] if classification else None,
            "classification_reason": classification[1] if classification else None,
        }
        if lists and target:
            values["target_port_list"] = f"{target[0]}:{target[1]}"
            values["target_status_code_list"] = None if target_status is None else \
                str(target_status)
        if width >= 30:
            values["conn_trace_id"] = conn.tid
        if width >= 34:
            values["ip_address"] = ALB_NODE
        record = make(ALB_COLUMNS, values)
        for n, token in enumerate(extra, len(ALB_COLUMNS) + 1):
            record[f"field_{n}"] = token
        self.lines.append(AlbLine(record, width, extra, damage))

    def times(self, target: float) -> tuple[float, float, float]:
        rnd = self.rnd
        return (rnd.randint(0, 2) / 1000, target, rnd.randint(0, 1) / 1000)


def alb_traffic() -> AlbTraffic:
    """The requests of the ALB sample (f) and the connections they came on (g)."""
    t = AlbTraffic()
    rnd = t.rnd
    web = WEB_TARGETS
    # A browser on HTTP/2: the page, a script and an API call on one connection.
    c = t.connect("198.51.100.14", 443, TLS13, "X25519MLKEM768")
    t.hit(c, "h2", "GET", "https://www.example.com:443/", 200, target=web[0],
          times=t.times(0.012), target_status=200, sizes=(412, 18904), protocol="HTTP/2.0")
    t.hit(c, "h2", "GET", "https://www.example.com:443/static/app.3f9c2b1e.js", 200,
          target=web[1], times=t.times(0.004), target_status=200, sizes=(96, 241337),
          protocol="HTTP/2.0", rule=2)
    t.hit(c, "h2", "GET", "https://www.example.com:443/api/cart?currency=USD", 200,
          target=web[2], times=t.times(0.031), target_status=200, sizes=(143, 1266),
          protocol="HTTP/2.0")
    # Plain HTTP is redirected to HTTPS by the port-80 listener's default action.
    c = t.connect("203.0.113.9", 80, None)
    t.hit(c, "http", "GET", "http://www.example.com:80/pricing", 301, target=None,
          times=(None, None, None), sizes=(94, 392), ua="curl/8.5.0", group=None, rule=0,
          actions="redirect", redirect="https://www.example.com:443/pricing")
    # An iPhone over IPv6.
    c = t.connect("2001:db8:85a3::8a2e:370:7334", 443, TLS13, "X25519")
    t.hit(c, "https", "GET", "https://www.example.com:443/products/trail-runner-2", 200,
          target=web[0], times=t.times(0.027), target_status=200, sizes=(688, 42711),
          ua=SAFARI_IOS)
    t.hit(c, "https", "GET", "https://www.example.com:443/img/trail-runner-2.webp", 304,
          target=web[1], times=t.times(0.002), target_status=304, sizes=(702, 187),
          ua=SAFARI_IOS, rule=2)
    # gRPC over TLS: two calls on one HTTP/2 connection.
    c = t.connect("198.51.100.77", 443, TLS12)
    for rpc, size in (("GetOrder", 1932), ("ListOrderItems", 8840)):
        t.hit(c, "grpcs", "POST", f"https://api.example.com:443/orders.v1.OrderService/{rpc}",
              200, target=("10.0.4.12", 50051), times=t.times(rnd.randint(5, 60) / 1000),
              target_status=200, sizes=(311, size), ua="grpc-go/1.67.1", protocol="HTTP/2.0",
              group=TG_GRPC, host="api.example.com", rule=3)
    c = t.connect("203.0.113.44", 443, TLS12)
    t.hit(c, "https", "GET", "https://www.example.com:443/products?sort=rating", 200,
          target=web[1], times=t.times(0.038), target_status=200, sizes=(377, 28604),
          ua=FIREFOX, damage="cut")
    # WebSockets, plain and TLS: logged when the connection closes.
    c = t.connect("203.0.113.150", 80, None)
    t.hit(c, "ws", "GET", "http://chat.example.com:80/socket?room=lobby", 101,
          target=("10.0.2.120", 8081), times=(0.001, 0.003, 0.000), target_status=101,
          sizes=(5843, 77410), ua=None, group=TG_CHAT, host="chat.example.com", rule=4)
    c = t.connect("198.51.100.201", 443, TLS12)
    t.hit(c, "wss", "GET", "https://chat.example.com:443/socket?room=support", 101,
          target=("10.0.2.121", 8081), times=(0.000, 0.002, 0.000), target_status=101,
          sizes=(21874, 318652), ua=FIREFOX, group=TG_CHAT, host="chat.example.com", rule=4,
          hold=95.0)
    # Lambda targets: no target address; one invocation fails.
    c = t.connect("203.0.113.77", 443, TLS13, "X25519MLKEM768")
    t.hit(c, "https", "POST", "https://api.example.com:443/v1/thumbnails", 200, target=None,
          times=(0.000, 0.418, 0.000), target_status=200, sizes=(48213, 529),
          ua="okhttp/4.12.0", group=TG_LAMBDA, host="api.example.com", rule=5)
    t.hit(c, "https", "POST", "https://api.example.com:443/v1/thumbnails", 502, target=None,
          times=(0.000, 3.002, 0.000), sizes=(51870, 277), ua="okhttp/4.12.0",
          group=TG_LAMBDA, host="api.example.com", rule=5, error="LambdaUnhandled")
    # Failures: the target reset the connection (502), the target timed out (504), the client
    # gave up before anything was forwarded (460).
    c = t.connect("198.51.100.14", 443, TLS13, "X25519MLKEM768")
    t.hit(c, "https", "GET", "https://www.example.com:443/api/reports/export?month=2026-10", 502,
          target=web[2], times=(0.001, None, None), sizes=(519, 272))
    t.hit(c, "https", "POST", "https://www.example.com:443/api/search", 504, target=web[1],
          times=(None, None, None), sizes=(1877, 326), hold=30.0)
    c = t.connect("203.0.113.9", 443, TLS12)
    t.hit(c, "https", "GET", "https://www.example.com:443/api/recommendations", 460,
          target=None, times=(None, None, None), sizes=(388, 0), ua="curl/8.5.0", rule=None,
          actions=None, group=None)
    # AWS WAF blocks a script-injection probe; its User-Agent carries quotes, written \x22.
    c = t.connect("192.0.2.44", 443, TLS12)
    t.hit(c, "https", "GET", "https://www.example.com:443/search?q=%3Cscript%3Ealert(1)%3C/script%3E",
          403, target=None, times=(None, None, None), sizes=(301, 1205), group=None, rule=0,
          ua="Mozilla/5.0 \\x22><script>alert(document.domain)</script>", actions="waf")
    # A raw space in the URL: forwarded, but classified by desync mitigation.
    c = t.connect("192.0.2.180", 443, TLS12)
    t.hit(c, "https", "GET", "https://www.example.com:443/search?q=trail shoes", 200,
          target=web[0], times=t.times(0.044), target_status=200, sizes=(236, 30114),
          ua="python-requests/2.32.3", classification=("Acceptable", "SpaceInUri"))
    c = t.connect("198.51.100.61", 443, TLS13, "X25519")
    t.hit(c, "https", "GET", "https://www.example.com:443/faq", 200, target=web[2],
          times=t.times(0.009), target_status=200, sizes=(288, 11730), ua=SAFARI_IOS,
          damage="status")
    # OIDC sign-in in front of the admin console; a resumed TLS session.
    c = t.connect("198.51.100.33", 443, TLS12)
    t.hit(c, "https", "GET", "https://admin.example.com:443/dashboard", 200,
          target=("10.0.5.30", 8443), times=t.times(0.089), target_status=200,
          sizes=(1290, 64022), ua=FIREFOX, group=TG_ADMIN, host="admin.example.com", rule=6,
          actions="authenticate,forward")
    c = t.connect("198.51.100.33", 443, TLS12)
    t.hit(c, "https", "GET", "https://admin.example.com:443/api/users?page=2", 200,
          target=("10.0.5.30", 8443), times=t.times(0.052), target_status=200,
          sizes=(1304, 5120), ua=FIREFOX, group=TG_ADMIN, host="admin.example.com", rule=6,
          actions="authenticate,forward", cert="session-reused")
    # Lines as nodes on older software write them: 29 (no connection id), 30 and 33 columns.
    for width, path in ((29, "/products?sort=price"), (30, "/about"), (33, "/contact")):
        c = t.connect(rnd.choice(["198.51.100.120", "203.0.113.44", "198.51.100.61"]), 443,
                      TLS12)
        t.hit(c, "https", "GET", f"https://www.example.com:443{path}", 200,
              target=rnd.choice(web), times=t.times(rnd.randint(3, 40) / 1000),
              target_status=200, sizes=(rnd.randint(300, 700), rnd.randint(4000, 40000)),
              width=width)
    c = t.connect("203.0.113.44", 443, TLS13, "X25519")
    t.hit(c, "https", "HEAD", "https://www.example.com:443/healthz", 200, target=web[2],
          times=t.times(0.001), target_status=200, sizes=(190, 236), ua="Pingdom.com_bot_2.0")
    # A column newer than the spec: kept as field_35.
    c = t.connect("198.51.100.14", 443, TLS13, "X25519MLKEM768")
    t.hit(c, "h2", "GET", "https://www.example.com:443/api/cart/count", 200, target=web[0],
          times=t.times(0.006), target_status=200, sizes=(101, 212), protocol="HTTP/2.0",
          extra=("-",))
    c = t.connect("198.51.100.201", 443, TLS12)
    t.hit(c, "https", "GET", "https://www.example.com:443/old-catalogue.pdf", 404, target=web[1],
          times=t.times(0.003), target_status=404, sizes=(402, 1522), ua=CHROME)
    return t


def sample_alb() -> Sample:
    """(f) ALB access log, with two damaged lines."""
    s = Sample(elb_key(ALB_FILE), "alb",
               "ALB access log: every request type, Lambda and WAF, failures, older and newer "
               "layouts, two damaged lines")
    traffic = alb_traffic()
    for line in traffic.lines:
        text = render(ALB_COLUMNS, line.record, width=line.width)
        text = " ".join([text, *line.extra])
        if line.damage == "cut":
            # A line cut off inside its first columns (a partial copy).
            cut = text[: text.index(' "')]
            cut = cut[: cut.rindex(" ") + 3]
            s.broken(cut, f"expected at least 20 fields, got {len(cut.split())}")
            continue
        if line.damage == "status":
            # A hand-redacted copy: the status class instead of the status code.
            tokens = text.split(" ")
            assert tokens[8] == "200"
            tokens[8] = "2xx"
            s.broken(" ".join(tokens), "elb_status_code: not an integer: '2xx'")
            continue
        s.add(text, line.record)
    return s


CONN_COLUMNS: list[Column] = [
    moment("timestamp", iso_us), word("client_ip"), number("client_port"),
    number("listener_port"), word("tls_protocol"), word("tls_cipher"),
    decimal("tls_handshake_latency", 3), quoted("leaf_client_cert_subject"),
    word("leaf_client_cert_validity"), word("leaf_client_cert_serial_number"),
    word("tls_verify_status"), word("conn_trace_id"), word("tls_keyexchange"), word("elb"),
    word("ip_address"),
]
PARTNER = "CN=gateway.partner.example.net,O=Example Partner Ltd,L=Seattle,ST=Washington,C=US"


def sample_alb_connection() -> Sample:
    """(g) the ALB's connection log for the same 5 minutes: one line per connection of (f),
    plus mutual-TLS partners on port 8443."""
    traffic = alb_traffic()
    rnd = random.Random(2611210006)
    s = Sample(f"{ELB_DIR}conn_log_{ACCOUNT}_elasticloadbalancing_{REGION}_{ALB_FILE}",
               "alb_connection",
               "ALB connection log: the connections of (f), plain and TLS, and mutual TLS "
               "(verified, expired, untrusted)")
    rows: list[Record] = []
    for conn in traffic.conns:
        tls = conn.tls
        rows.append(make(CONN_COLUMNS, {
            "timestamp": conn.opened, "client_ip": conn.client, "client_port": conn.port,
            "listener_port": conn.listener, "tls_protocol": tls[1] if tls else None,
            "tls_cipher": tls[0] if tls else None,
            "tls_handshake_latency": rnd.randint(2, 40) / 1000 if tls else None,
            "tls_verify_status": "Success" if tls else None, "conn_trace_id": conn.tid,
            "tls_keyexchange": conn.keyexchange, "elb": ALB, "ip_address": ALB_NODE}))
    partners = [
        ("203.0.113.201", PARTNER, "NotBefore=2026-03-01T00:00:00Z;NotAfter=2027-03-01T23:59:59Z",
         "5A3F19C2B7E40D86", "Success"),
        ("203.0.113.201", PARTNER, "NotBefore=2026-03-01T00:00:00Z;NotAfter=2027-03-01T23:59:59Z",
         "5A3F19C2B7E40D86", "Success"),
        ("198.51.100.240", "CN=legacy-sync.partner.example.org,O=Example Org,C=DE",
         "NotBefore=2025-10-15T00:00:00Z;NotAfter=2026-10-15T00:00:00Z", "0C7E22A91F3B5D64",
         "Failed:ClientCertExpired"),
        ("192.0.2.7", "CN=test-client,O=Unknown", "NotBefore=2026-11-20T08:00:00Z;"
         "NotAfter=2027-11-20T08:00:00Z", "01", "Failed:ClientCertUntrusted"),
    ]
    for i, (ip, subject, validity, serial, status) in enumerate(partners):
        ok = status == "Success"
        rows.append(make(CONN_COLUMNS, {
            "timestamp": at(round(20.0 + 61.3 * i + rnd.random(), 6)), "client_ip": ip,
            "client_port": rnd.randint(32768, 60999), "listener_port": 8443,
            "tls_protocol": TLS12[1], "tls_cipher": TLS12[0],
            "tls_handshake_latency": rnd.randint(8, 60) / 1000 if ok else None,
            "leaf_client_cert_subject": subject, "leaf_client_cert_validity": validity,
            "leaf_client_cert_serial_number": serial, "tls_verify_status": status,
            "conn_trace_id": f"TID_{hexid(rnd, 32)}", "tls_keyexchange": "X25519",
            "elb": ALB, "ip_address": ALB_NODE}))
    rows.sort(key=lambda r: r["timestamp"])
    for row in rows:
        s.add(render(CONN_COLUMNS, row), row)
    return s


HEALTH_COLUMNS: list[Column] = [
    word("type"), moment("time", iso_us), decimal("latency", 9), word("target_addr"),
    word("target_group_id"), word("status"), number("status_code"), word("reason_code"),
    word("elb"), word("ip_address"),
]
HEALTH_FILE = f"app.my-alb.{ALB_ID}_20261121T0005Z_{ALB_NODE}_9b0c1d2e.log.gz"
LAMBDA_FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:thumbnailer"
HEALTH_TIMEOUT = 5.0
"""The target groups' health check timeout (seconds): a check that times out took about that."""


def sample_alb_health() -> Sample:
    """(g2) the ALB's health check log for the same 5 minutes: every target of (f) checked once
    a minute by the node of (f) and (g); one web target fails and recovers."""
    rnd = random.Random(2611210012)
    s = Sample(f"{ELB_DIR}health_check_log_{ACCOUNT}_elasticloadbalancing_{REGION}_{HEALTH_FILE}",
               "alb_health",
               "ALB health check log: HTTP, HTTPS, gRPC and Lambda targets of (f), passing and "
               "failing checks (every documented reason), older and newer layouts, two damaged "
               "lines")
    # (type, target, target group, what each of its five checks returns: None passes, else
    # (reason code, status code)); a check that passes returns 200 (gRPC: 0, its OK status).
    fail = {"503": ("TargetError", 503), "timeout": ("TimedOut", None),
            "reset": ("ConnectionReset", None), "404": ("ResponseCodeMismatch", 404),
            "string": ("ResponseStringMismatch", 200), "grpc": ("GRPCUnexpectedStatus", 200)}
    plan: list[tuple[str, str, str, list[str | None]]] = [
        ("http", f"{WEB_TARGETS[0][0]}:{WEB_TARGETS[0][1]}", "web-prod", [None] * 5),
        ("http", f"{WEB_TARGETS[1][0]}:{WEB_TARGETS[1][1]}", "web-prod",
         [None, "503", "503", "timeout", None]),
        ("http", f"{WEB_TARGETS[2][0]}:{WEB_TARGETS[2][1]}", "web-prod",
         [None, None, "404", None, None]),
        ("grpc", "10.0.4.12:50051", "orders-grpc", [None, None, None, "grpc", None]),
        ("http", "10.0.2.120:8081", "chat-ws", [None, "string", None, None, None]),
        ("http", "10.0.2.121:8081", "chat-ws", [None] * 5),
        ("https", "10.0.5.30:8443", "admin-console", [None, None, None, None, "reset"]),
        ("lambda", LAMBDA_FN, "thumbnailer-fn", [None] * 5),
    ]
    rows: list[Record] = []
    for kind, target, group, outcomes in plan:
        start = rnd.uniform(1.0, 50.0)
        for k, outcome in enumerate(outcomes):
            if outcome is None:
                reason, code = None, 0 if kind == "grpc" else 200
                latency = rnd.randint(300_000, 40_000_000) / 1e9
                if kind == "lambda":
                    latency = rnd.randint(80_000_000, 400_000_000) / 1e9
            else:
                reason, code = fail[outcome]
                latency = rnd.randint(500_000, 90_000_000) / 1e9
                if outcome == "timeout":
                    latency = HEALTH_TIMEOUT + rnd.randint(0, 4_000_000) / 1e9
            rows.append(make(HEALTH_COLUMNS, {
                "type": kind, "time": at(round(start + 60 * k + rnd.random(), 6)),
                "latency": latency, "target_addr": target, "target_group_id": group,
                "status": "PASS" if reason is None else "FAIL", "status_code": code,
                "reason_code": reason, "elb": ALB, "ip_address": ALB_NODE}))
    rows.sort(key=lambda r: r["time"])
    passes = [i for i, r in enumerate(rows) if r["status"] == "PASS" and r["type"] == "http"]
    for i, row in enumerate(rows):
        if i in passes[:2]:
            # Lines as AWS's documented examples are: eight columns, without elb and ip_address.
            row.update(elb=None, ip_address=None)
            s.add(render(HEALTH_COLUMNS, row, width=8), row)
        elif i == passes[4]:
            # The trailing "-" AWS says may come before a new column is documented.
            row["field_11"] = "-"
            s.add(render(HEALTH_COLUMNS, row) + " -", row)
        elif i == passes[10]:
            # A line cut off after the target group (a partial copy).
            cut = " ".join(render(HEALTH_COLUMNS, row).split(" ")[:5])
            s.broken(cut, "expected at least 8 fields, got 5")
        elif i == passes[17]:
            # A hand-edited copy: the latency in milliseconds with its unit.
            tokens = render(HEALTH_COLUMNS, row).split(" ")
            tokens[2] = f"{round(row['latency'] * 1000)}ms"
            s.broken(" ".join(tokens), f"latency: not a number: {tokens[2]!r}")
        else:
            s.add(render(HEALTH_COLUMNS, row), row)
    return s


# ---- Network Load Balancer (h) ----------------------------------------------------------------

NLB_ID = "2b3c4d5e6f7a8b9c"
NLB = f"net/my-nlb/{NLB_ID}"
NLB_LISTENER = "4f5e6d7c8b9a0b1c"
NLB_CERT = f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
NLB_COLUMNS: list[Column] = [
    word("type"), word("version"), moment("time", iso_s), word("elb"), word("listener"),
    hostport("client_ip", "client_port"), hostport("destination_ip", "destination_port"),
    number("connection_time"), number("tls_handshake_time"), number("received_bytes"),
    number("sent_bytes"), number("incoming_tls_alert"), word("chosen_cert_arn"),
    word("chosen_cert_serial"), word("tls_cipher"), word("tls_protocol_version"),
    word("tls_keyexchange"),
    (("domain_name",), lambda r: plain(None if r["domain_name"] is None
                                        else pct(r["domain_name"], LIGHT_UNSAFE))),
    word("alpn_fe_protocol"), word("alpn_be_protocol"),
    (("alpn_client_preference_list",),
     lambda r: plain(None if r["alpn_client_preference_list"] is None
                     else pct(r["alpn_client_preference_list"], LIGHT_UNSAFE))),
    moment("tls_connection_creation_time", iso_s),
]


def sample_nlb() -> Sample:
    """(h) NLB TLS listener: handshakes with and without ALPN, and connections without one."""
    rnd = random.Random(2611210007)
    s = Sample(elb_key(f"net.my-nlb.{NLB_ID}_20261121T0005Z_7c8d9e0f.log.gz"), "nlb",
               "NLB access log (TLS listener): ALPN h2 and HTTP/1.1, no ALPN, failed and "
               "missing handshakes, IPv6")
    node_v4, node_v6 = "10.0.0.50", "2001:db8:1234:a100::50"
    clock = 3
    plan = ["h2", "h2", "http1", "none", "h2", "scan", "alert", "v6", "h2", "none", "http1",
            "scan", "h2"]
    for kind in plan:
        clock += rnd.randint(5, 20)
        end = T0 + timedelta(seconds=clock)
        client = rnd.choice(["198.51.100.14", "198.51.100.77", "203.0.113.9", "203.0.113.150"])
        dest = node_v4
        duration = rnd.randint(800, min(240000, (clock - 1) * 1000))
        values: Record = {"type": "tls", "version": "2.0", "time": end, "elb": NLB,
                          "listener": NLB_LISTENER, "client_port": rnd.randint(1024, 65535),
                          "destination_port": 443}
        if kind in ("scan", "alert"):
            client = rnd.choice(["192.0.2.44", "192.0.2.180"])
            duration = rnd.randint(1, 900)
        if kind == "v6":
            client, dest = "2001:db8:85a3::8a2e:370:7334", node_v6
        values["client_ip"], values["destination_ip"] = client, dest
        values["connection_time"] = duration
        values["tls_connection_creation_time"] = end - timedelta(seconds=duration // 1000)
        if kind == "scan":  # TCP opened, no client hello
            values.update(received_bytes=0, sent_bytes=0)
        elif kind == "alert":  # the client rejected the certificate: alert 46
            values.update(received_bytes=0, sent_bytes=0, incoming_tls_alert=46,
                          chosen_cert_arn=NLB_CERT, domain_name="mqtt.example.com")
        else:
            tls13 = kind in ("h2", "v6") and rnd.random() < 0.7
            values.update(
                tls_handshake_time=rnd.randint(1, 40),
                received_bytes=rnd.randint(300, 90000), sent_bytes=rnd.randint(2000, 900000),
                chosen_cert_arn=NLB_CERT,
                tls_cipher="TLS_AES_128_GCM_SHA256" if tls13 else "ECDHE-RSA-AES128-GCM-SHA256",
                tls_protocol_version="tlsv13" if tls13 else "tlsv12",
                domain_name="mqtt.example.com" if kind == "none" else "api.example.com")
            if kind in ("h2", "v6"):
                values.update(alpn_fe_protocol="h2", alpn_be_protocol="h2",
                              alpn_client_preference_list='"h2","http/1.1"')
            elif kind == "http1":
                values.update(alpn_fe_protocol="http/1.1", alpn_be_protocol="http/1.1",
                              alpn_client_preference_list='"http/1.1"')
        record = make(NLB_COLUMNS, values)
        s.add(render(NLB_COLUMNS, record), record)
    return s


# ---- Classic Load Balancer (i) ----------------------------------------------------------------

CLB_COLUMNS: list[Column] = [
    moment("time", iso_us), word("elb"), hostport("client_ip", "client_port"),
    hostport("backend_ip", "backend_port"),
    decimal("request_processing_time", 6, "-1"), decimal("backend_processing_time", 6, "-1"),
    decimal("response_processing_time", 6, "-1"),
    number("elb_status_code"), number("backend_status_code"),
    number("received_bytes"), number("sent_bytes"),
    request_column("request", "backslash"), quoted("user_agent", "backslash"),
    word("ssl_cipher"), word("ssl_protocol"),
]
NO_REQUEST: Record = {"request": "- - - ", "request_method": None, "request_url": None,
                      "request_protocol": None}
"""TCP and SSL listeners log no HTTP request: three dashes, each followed by a space."""


def sample_clb() -> Sample:
    """(i) Classic ELB with HTTP, HTTPS, TCP and SSL listeners (plain text, not gzip)."""
    rnd = random.Random(2611210008)
    s = Sample(elb_key("my-clb_20261121T0005Z_10.0.0.37_3c4d5e6f.log"), "clb",
               "Classic ELB: HTTP, HTTPS, TCP and SSL listeners, -1 timings, escaped quotes",
               compressed=False)
    backends = ["10.0.1.87", "10.0.1.88"]
    clients = ["198.51.100.14", "203.0.113.9", "198.51.100.201", "203.0.113.150"]
    rows: list[Record] = []
    clock = 6.0

    def line(listener: str, **values: Any) -> None:
        nonlocal clock
        clock += rnd.uniform(3.0, 17.0)
        values.setdefault("client_ip", rnd.choice(clients))
        values.setdefault("client_port", rnd.randint(1024, 65535))
        values["time"] = at(round(clock, 6))
        values["elb"] = "my-clb"
        if listener in ("http", "https"):
            values.setdefault("backend_ip", rnd.choice(backends))
            values.setdefault("backend_port", 80)
        elif listener in ("tcp", "ssl"):
            values.update(NO_REQUEST)
            values.setdefault("backend_ip", rnd.choice(backends))
            values.setdefault("backend_port", 8080 if listener == "tcp" else 80)
        if listener in ("https", "ssl"):
            values.setdefault("ssl_cipher", "ECDHE-RSA-AES128-GCM-SHA256")
            values.setdefault("ssl_protocol", "TLSv1.2")
        rows.append(make(CLB_COLUMNS, values))

    def timings() -> dict[str, float]:
        return {"request_processing_time": rnd.randint(20, 90) / 1e6,
                "backend_processing_time": rnd.randint(900, 80000) / 1e6,
                "response_processing_time": rnd.randint(15, 70) / 1e6}

    line("http", **timings(), elb_status_code=200, backend_status_code=200, received_bytes=0,
         sent_bytes=5124, **request("GET", "http://shop.example.com:80/", "HTTP/1.1"),
         user_agent=CHROME)
    line("https", **timings(), elb_status_code=200, backend_status_code=200, received_bytes=0,
         sent_bytes=31877,
         **request("GET", "https://shop.example.com:443/catalog?page=3", "HTTP/1.1"),
         user_agent=FIREFOX)
    line("tcp", request_processing_time=0.000431, backend_processing_time=0.000027,
         response_processing_time=0.000039, received_bytes=2210, sent_bytes=18804)
    line("https", **timings(), elb_status_code=302, backend_status_code=302, received_bytes=512,
         sent_bytes=0, **request("POST", "https://shop.example.com:443/login", "HTTP/1.1"),
         user_agent=SAFARI_IOS)
    # A User-Agent that quotes itself, and one with a quoted token: Classic escapes with \.
    line("http", **timings(), elb_status_code=200, backend_status_code=200, received_bytes=0,
         sent_bytes=734, **request("GET", "http://shop.example.com:80/feed.xml", "HTTP/1.1"),
         user_agent='"FeedFetcher-Example/2.1 (+http://feeds.example.org/bot)"')
    line("ssl", request_processing_time=0.000512, backend_processing_time=0.000021,
         response_processing_time=0.000033, received_bytes=644, sent_bytes=5530,
         ssl_cipher="ECDHE-ECDSA-AES128-GCM-SHA256")
    line("http", **timings(), elb_status_code=404, backend_status_code=404, received_bytes=0,
         sent_bytes=612, **request("GET", "http://shop.example.com:80/wp-login.php", "HTTP/1.1"),
         user_agent='Mozilla/5.0 (compatible; "probe" scanner; C:\\tools\\scan.exe)',
         client_ip="192.0.2.44")
    # No instance answered within the idle timeout: no backend, -1 timings.
    line("https", backend_ip=None, backend_port=None, request_processing_time=None,
         backend_processing_time=None, response_processing_time=None, elb_status_code=504,
         backend_status_code=0, received_bytes=0, sent_bytes=0,
         **request("GET", "https://shop.example.com:443/reports/annual.pdf", "HTTP/1.1"),
         user_agent=CHROME)
    line("tcp", request_processing_time=0.000388, backend_processing_time=0.000031,
         response_processing_time=0.000044, received_bytes=1186, sent_bytes=9920)
    line("http", **timings(), elb_status_code=200, backend_status_code=200, received_bytes=0,
         sent_bytes=2048, **request("GET", "http://shop.example.com:80/api/stock?sku=TR-2",
                                    "HTTP/1.1"),
         user_agent="Go-http-client/1.1", client_ip="2001:db8:4006:812::200e")
    line("https", **timings(), elb_status_code=200, backend_status_code=200, received_bytes=0,
         sent_bytes=14090,
         **request("GET", "https://shop.example.com:443/cart", "HTTP/1.1"), user_agent=CHROME,
         ssl_protocol="TLSv1.3", ssl_cipher="TLS_AES_128_GCM_SHA256")
    line("http", request_processing_time=None, backend_processing_time=None,
         response_processing_time=None, backend_ip=None, backend_port=None,
         elb_status_code=408, backend_status_code=None, received_bytes=0, sent_bytes=0,
         **request("POST", "http://shop.example.com:80/upload", "HTTP/1.1"),
         user_agent="curl/8.5.0")
    for row in rows:
        s.add(render(CLB_COLUMNS, row), row)
    return s


# ---- CloudFront: standard (j), standard v2 (k), real-time (l) ---------------------------------

DIST = "E1ABCDEF2GHIJK"
CF_DOMAIN = "d111111abcdef8.cloudfront.net"
CF_WIRE: dict[str, tuple[str, str]] = {
    # wire name -> (record field, how it is written)
    "date": ("timestamp", "date"), "time": ("timestamp", "time"),
    "timestamp": ("timestamp", "epoch_frac"), "timestamp(ms)": ("timestamp_ms", "epoch_ms"),
    "x-edge-location": ("x_edge_location", "str"), "sc-bytes": ("sc_bytes", "int"),
    "c-ip": ("c_ip", "str"), "s-ip": ("s_ip", "str"), "cs-method": ("cs_method", "str"),
    "cs(Host)": ("cs_host", "str"), "cs-host": ("cs_host", "str"),
    "cs-uri-stem": ("cs_uri_stem", "url"), "sc-status": ("sc_status", "status"),
    "cs(Referer)": ("cs_referer", "url"), "cs-referer": ("cs_referer", "url"),
    "cs(User-Agent)": ("cs_user_agent", "url"), "cs-user-agent": ("cs_user_agent", "url"),
    "cs-uri-query": ("cs_uri_query", "url"), "cs(Cookie)": ("cs_cookie", "url"),
    "cs-cookie": ("cs_cookie", "url"), "x-edge-result-type": ("x_edge_result_type", "str"),
    "x-edge-request-id": ("x_edge_request_id", "str"),
    "x-host-header": ("x_host_header", "str"), "cs-protocol": ("cs_protocol", "str"),
    "cs-bytes": ("cs_bytes", "int"), "time-taken": ("time_taken", "sec"),
    "x-forwarded-for": ("x_forwarded_for", "str"), "ssl-protocol": ("ssl_protocol", "str"),
    "ssl-cipher": ("ssl_cipher", "str"),
    "x-edge-response-result-type": ("x_edge_response_result_type", "str"),
    "cs-protocol-version": ("cs_protocol_version", "str"), "fle-status": ("fle_status", "str"),
    "fle-encrypted-fields": ("fle_encrypted_fields", "int"), "c-port": ("c_port", "int"),
    "time-to-first-byte": ("time_to_first_byte", "sec"),
    "x-edge-detailed-result-type": ("x_edge_detailed_result_type", "str"),
    "sc-content-type": ("sc_content_type", "url"), "sc-content-len": ("sc_content_len", "int"),
    "sc-range-start": ("sc_range_start", "int"), "sc-range-end": ("sc_range_end", "int"),
    "distribution-tenant-id": ("distribution_tenant_id", "str"),
    "connection-id": ("connection_id", "str"),
    "origin-fbl": ("origin_fbl", "sec"), "origin-lbl": ("origin_lbl", "sec"),
    "asn": ("asn", "int"), "c-country": ("c_country", "str"),
    "cache-behavior-path-pattern": ("cache_behavior_path_pattern", "str"),
    "c-ip-version": ("c_ip_version", "str"), "cs-accept-encoding": ("cs_accept_encoding", "url"),
    "cs-accept": ("cs_accept", "url"), "cs-headers": ("cs_headers", "url"),
    "cs-header-names": ("cs_header_names", "url"), "cs-headers-count": ("cs_headers_count", "int"),
    "primary-distribution-id": ("primary_distribution_id", "str"),
    "primary-distribution-dns-name": ("primary_distribution_dns_name", "str"),
    "cmcd-encoded-bitrate": ("cmcd_encoded_bitrate", "int"),
    "cmcd-buffer-length": ("cmcd_buffer_length", "int"),
    "cmcd-buffer-starvation": ("cmcd_buffer_starvation", "str"),
    "cmcd-content-id": ("cmcd_content_id", "url"),
    "cmcd-object-duration": ("cmcd_object_duration", "int"),
    "cmcd-deadline": ("cmcd_deadline", "int"),
    "cmcd-measured-throughput": ("cmcd_measured_throughput", "int"),
    "cmcd-next-object-request": ("cmcd_next_object_request", "url"),
    "cmcd-next-range-request": ("cmcd_next_range_request", "str"),
    "cmcd-object-type": ("cmcd_object_type", "str"),
    "cmcd-playback-rate": ("cmcd_playback_rate", "sec"),
    "cmcd-requested-maximum-throughput": ("cmcd_requested_maximum_throughput", "int"),
    "cmcd-streaming-format": ("cmcd_streaming_format", "str"),
    "cmcd-session-id": ("cmcd_session_id", "url"), "cmcd-stream-type": ("cmcd_stream_type", "str"),
    "cmcd-startup": ("cmcd_startup", "str"), "cmcd-top-bitrate": ("cmcd_top_bitrate", "int"),
    "cmcd-version": ("cmcd_version", "int"), "r-host": ("r_host", "str"),
    "sr-reason": ("sr_reason", "str"), "x-edge-mqcs": ("x_edge_mqcs", "str"),
}


def cf_column(wire: str) -> Column:
    """A CloudFront column: tab-separated, ``-`` for null, percent-encoded where AWS encodes."""
    name, kind = CF_WIRE[wire]

    def write(r: Record) -> str:
        value = r[name]
        if value is None:
            return "-"
        if kind == "date":
            return f"{value:%Y-%m-%d}"
        if kind == "time":
            assert not value.microsecond
            return f"{value:%H:%M:%S}"
        if kind == "epoch_frac":
            assert value.microsecond % 1000 == 0
            return f"{int(value.timestamp())}.{value.microsecond // 1000:03d}"
        if kind == "epoch_ms":
            assert value.microsecond % 1000 == 0
            return str(int(value.timestamp()) * 1000 + value.microsecond // 1000)
        if kind == "status":
            return f"{value:03d}"  # 000: the viewer closed the connection first
        if kind == "int":
            assert isinstance(value, int)
            return str(value)
        if kind == "sec":
            return fixed(value, 3)
        if kind == "url":
            return pct(value)
        text = str(value)
        assert text and "\t" not in text and " " not in text, (wire, text)
        return text
    return (name,), write


def cf_layout(wires: Sequence[str]) -> list[Column]:
    return [cf_column(w) for w in wires]


CF33 = names("date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status "
        "cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type "
        "x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for "
        "ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status "
        "fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type "
        "sc-content-type sc-content-len sc-range-start sc-range-end")
MY_APP_UA = "Trailhead%20Shop/5.4.1 CFNetwork/1568.200.51 Darwin/24.1.0"
"""An iOS app whose name has a space sends it percent-encoded: logged as ``%2520``."""


def edge_request_id(rnd: random.Random) -> str:
    return base64.urlsafe_b64encode(rnd.randbytes(40)).decode("ascii")


@dataclass
class View:
    """One viewer request to the distribution (the facts every CloudFront log shares)."""

    when: datetime
    edge: str
    client: str
    method: str
    path: str
    status: int
    result: str
    detailed: str
    sent: int
    received: int
    taken: float
    first_byte: float
    ua: str | None
    query: str | None = None
    referer: str | None = None
    cookie: str | None = None
    protocol: str = "https"
    version: str = "HTTP/2.0"
    tls: tuple[str, str] | None = ("TLSv1.3", "TLS_AES_128_GCM_SHA256")
    content_type: str | None = "text/html; charset=utf-8"
    length: int | None = None
    range_: tuple[int, int] | None = None
    forwarded: str | None = None
    response_result: str | None = None
    port: int = 0
    request_id: str = ""
    asn: int = 64496
    country: str = "US"
    origin: tuple[float, float] | None = None
    behavior: str = "*"
    host: str = "www.example.com"
    accept: str = "text/html,application/xhtml+xml"
    cmcd: Record = field(default_factory=dict)
    millis: int = 0
    """Milliseconds past the second, for the logs that write them (v2, real-time)."""


def views(hour_start: datetime = T0) -> list[View]:
    """Viewer requests during 00:00-00:10 on 2026-11-21: the same requests for all three kinds
    of CloudFront log (j, k, l)."""
    rnd = random.Random(2611210009)
    out: list[View] = []

    def view(**kw: Any) -> None:
        offset = rnd.randint(0, 599)  # inside one Firehose buffer interval
        when = hour_start + timedelta(seconds=offset)
        kw.setdefault("port", rnd.randint(1024, 65535))
        kw.setdefault("request_id", edge_request_id(rnd))
        kw.setdefault("millis", rnd.randint(0, 999))
        out.append(View(when=when, **kw))

    view(edge="IAD89-C1", client="198.51.100.14", method="GET", path="/index.html", status=200,
         result="Hit", detailed="Hit", sent=18904, received=412, taken=0.001, first_byte=0.001,
         ua=CHROME, length=18512, cookie="session-id=8c1f2e; theme=dark")
    view(edge="IAD89-C1", client="198.51.100.14", method="GET", path="/api/products",
         query="category=shoes&page=2", status=200, result="Miss", detailed="Miss", sent=4411,
         received=530, taken=0.087, first_byte=0.086, ua=CHROME,
         content_type="application/json", length=4022, origin=(0.071, 0.079),
         behavior="/api/*", accept="application/json")
    view(edge="FRA56-P3", client="2001:db8:3c4d:15::1a2f", method="GET",
         path="/img/trail-runner-2.webp", status=200, result="RefreshHit", detailed="RefreshHit",
         sent=187402, received=389, taken=0.012, first_byte=0.009, ua=SAFARI_IOS,
         content_type="image/webp", length=186991, country="DE", asn=64500, origin=(0.008, 0.009),
         behavior="/img/*", accept="image/webp,*/*")
    # What the client sent is percent-encoded once more: %2520 in the log is %20 sent.
    view(edge="NRT57-P2", client="203.0.113.9", method="GET", path="/search",
         query="q=caf%C3%A9+au+lait&lang=ja", status=200, result="Miss", detailed="Miss",
         sent=30114, received=622, taken=0.143, first_byte=0.121, ua=MY_APP_UA,
         country="JP", asn=64501, origin=(0.118, 0.139))
    view(edge="IAD89-C1", client="198.51.100.77", method="GET", path="/videos/launch.mp4",
         status=206, result="Hit", detailed="Hit", sent=1049001, received=455, taken=0.212,
         first_byte=0.003, ua=FIREFOX, content_type="video/mp4", length=1048576,
         range_=(0, 1048575), behavior="/videos/*", accept="video/webm,video/ogg,video/*")
    # The viewer hung up before the response: status 000.
    view(edge="SEA19-C2", client="203.0.113.150", method="GET", path="/downloads/catalog.pdf",
         status=0, result="Error", detailed="ClientHungUpRequest", sent=0, received=402,
         taken=0.004, first_byte=0.0, ua=CHROME, content_type=None,
         response_result="Error", behavior="/downloads/*")
    view(edge="IAD89-C1", client="198.51.100.201", method="GET", path="/api/orders/8812",
         status=502, result="Error", detailed="OriginConnectError", sent=915, received=611,
         taken=10.004, first_byte=10.004, ua="okhttp/4.12.0", content_type="text/html",
         length=507, behavior="/api/*", accept="application/json")
    view(edge="LHR61-P1", client="192.0.2.180", method="GET", path="/", status=301,
         result="Redirect", detailed="Redirect", sent=546, received=141, taken=0.0,
         first_byte=0.0, ua="curl/8.5.0", protocol="http", version="HTTP/1.1", tls=None,
         content_type="text/html", length=167, country="GB", asn=64502, accept="*/*")
    view(edge="IAD89-C1", client="198.51.100.33", method="POST", path="/api/cart/items",
         status=201, result="Miss", detailed="Miss", sent=733, received=1902, taken=0.061,
         first_byte=0.060, ua=FIREFOX, content_type="application/json", length=312,
         referer="https://www.example.com/products/trail-runner-2", forwarded="203.0.113.50",
         origin=(0.052, 0.058), behavior="/api/*", accept="application/json")
    view(edge="FRA56-P3", client="2001:db8:3c4d:15::1a2f", method="GET", path="/styles/site.css",
         status=304, result="Hit", detailed="Hit", sent=372, received=477, taken=0.001,
         first_byte=0.001, ua=SAFARI_IOS, content_type=None, country="DE", asn=64500,
         accept="text/css,*/*;q=0.1")
    view(edge="IAD89-C1", client="203.0.113.77", method="GET", path="/api/stock",
         query="sku=TR-2&sku=TR-3", status=200, result="Miss", detailed="OriginShieldHit",
         sent=812, received=388, taken=0.019, first_byte=0.018, ua="Go-http-client/2.0",
         content_type="application/json", length=402, origin=(0.011, 0.012), behavior="/api/*",
         accept="application/json")
    view(edge="IAD89-C1", client="198.51.100.14", method="GET",
         path="/hls/launch/1080p/seg_00042.m4s", status=200, result="Hit", detailed="Hit",
         sent=2411844, received=520, taken=0.094, first_byte=0.002, ua=CHROME,
         content_type="video/iso.segment", length=2411422, behavior="/hls/*", accept="*/*",
         cmcd={"cmcd_encoded_bitrate": 4800, "cmcd_buffer_length": 21300,
               "cmcd_content_id": "launch-2026", "cmcd_object_duration": 4004,
               "cmcd_measured_throughput": 25400, "cmcd_next_object_request":
               "seg_00043.m4s", "cmcd_object_type": "v", "cmcd_playback_rate": 1.0,
               "cmcd_streaming_format": "h", "cmcd_session_id":
               "6e2fb550-c457-11e9-bb97-0800200c9a66", "cmcd_stream_type": "v",
               "cmcd_top_bitrate": 6000, "cmcd_version": 1})
    out.sort(key=lambda v: (v.when, v.path))
    return out


def cf_standard_values(v: View) -> Record:
    """The standard-log fields (legacy and v2) of one viewer request."""
    return {
        "timestamp": v.when, "x_edge_location": v.edge, "sc_bytes": v.sent, "c_ip": v.client,
        "cs_method": v.method, "cs_host": CF_DOMAIN, "cs_uri_stem": v.path,
        "sc_status": v.status, "cs_referer": v.referer, "cs_user_agent": v.ua,
        "cs_uri_query": v.query, "cs_cookie": v.cookie, "x_edge_result_type": v.result,
        "x_edge_request_id": v.request_id, "x_host_header": v.host,
        "cs_protocol": v.protocol, "cs_bytes": v.received, "time_taken": v.taken,
        "x_forwarded_for": v.forwarded, "ssl_protocol": v.tls[0] if v.tls else None,
        "ssl_cipher": v.tls[1] if v.tls else None,
        "x_edge_response_result_type": v.response_result or v.result,
        "cs_protocol_version": v.version, "c_port": v.port,
        "time_to_first_byte": v.first_byte, "x_edge_detailed_result_type": v.detailed,
        "sc_content_type": v.content_type, "sc_content_len": v.length,
        "sc_range_start": v.range_[0] if v.range_ else None,
        "sc_range_end": v.range_[1] if v.range_ else None,
    }


def sample_cloudfront() -> Sample:
    """(j) standard log (legacy), the 33 fields of AWS's example file."""
    s = Sample(f"cloudfront-logs/{DIST}.2026-11-21-00.a1b2c3d4.gz", "cloudfront",
               "CloudFront standard log (legacy, 33 fields): Hit, RefreshHit, Miss, Error, "
               "Redirect, status 000, IPv6, encoded and double-encoded values")
    columns = cf_layout(CF33)
    s.header("#Version: 1.0")
    s.header("#Fields: " + " ".join(CF33))
    for v in views():
        record = make(columns, cf_standard_values(v))
        s.add(render(columns, record, sep="\t"), record)
    return s


CF_V2 = names("date time x-edge-location asn c-country c-ip cs-method cs(Host) cs-uri-stem "
         "cs-uri-query sc-status sc-bytes time-taken time-to-first-byte origin-fbl origin-lbl "
         "x-edge-result-type x-edge-detailed-result-type cs(User-Agent) "
         "cache-behavior-path-pattern timestamp(ms) x-edge-request-id")


def sample_cloudfront_v2() -> Sample:
    """(k) standard logging v2 delivered to S3 as W3C: a field selection of its own, with the
    real-time fields v2 adds (asn, country, origin latencies, cache behavior, timestamp(ms))."""
    s = Sample(f"AWSLogs/{ACCOUNT}/CloudFront/{DIST}/2026/11/21/00/"
               f"{DIST}.2026-11-21-00.b5c6d7e8.gz", "cloudfront_v2",
               "CloudFront standard log v2, W3C output: a selection of 22 fields, v2-only "
               "fields included")
    columns = cf_layout(CF_V2)
    s.header("#Fields: " + " ".join(CF_V2))
    for v in views():
        values = cf_standard_values(v)
        values["timestamp_ms"] = v.when + timedelta(milliseconds=v.millis)
        values.update(asn=v.asn, c_country=v.country,
                      origin_fbl=v.origin[0] if v.origin else None,
                      origin_lbl=v.origin[1] if v.origin else None,
                      cache_behavior_path_pattern=v.behavior)
        record = make(columns, {k: val for k, val in values.items()
                                if k in field_names(columns)})
        s.add(render(columns, record, sep="\t"), record)
    return s


class UnitSample(Sample):
    """A sample of a JSON format: positions and counts are units (here one object a line)."""

    def stats(self) -> dict[str, int]:
        return {"units": len(self.records) + len(self.errors), "records": len(self.records),
                "errors": len(self.errors)}


def sample_cloudfront_v2_json() -> Sample:
    """(k2) the same v2 delivery with the JSON output: one object a line, keyed by the W3C
    field names, every value a string; the records are those of (k). One object is cut short
    (a partial write) and is an error."""
    w3c = sample_cloudfront_v2()
    s = UnitSample(f"AWSLogs/{ACCOUNT}/CloudFront/{DIST}/2026/11/21/01/"
                   f"{DIST}.2026-11-21-01.c7d8e9f0.gz", "cloudfront_v2_json",
                   "CloudFront standard log v2, JSON output: the (k) delivery's requests as "
                   "objects of strings; one object cut short")
    for number, record in w3c.records:
        line = w3c.lines[number - 1]
        s.add(json.dumps(dict(zip(CF_V2, line.split("\t"), strict=True)),
                         separators=(",", ":")), record)
    cut = s.lines[3][:120]
    s.broken(cut, "JSON")
    return s


RT_LAYOUT = names(
    "timestamp c-ip s-ip time-to-first-byte sc-status sc-bytes cs-method cs-protocol cs-host "
    "cs-uri-stem cs-bytes x-edge-location x-edge-request-id x-host-header time-taken "
    "cs-protocol-version c-ip-version cs-user-agent cs-referer cs-cookie cs-uri-query "
    "x-edge-response-result-type x-forwarded-for ssl-protocol ssl-cipher x-edge-result-type "
    "fle-encrypted-fields fle-status sc-content-type sc-content-len sc-range-start sc-range-end "
    "c-port x-edge-detailed-result-type c-country cs-accept-encoding cs-accept "
    "cache-behavior-path-pattern cs-headers cs-header-names cs-headers-count "
    "primary-distribution-id primary-distribution-dns-name origin-fbl origin-lbl asn "
    "cmcd-encoded-bitrate cmcd-buffer-length cmcd-buffer-starvation cmcd-content-id "
    "cmcd-object-duration cmcd-deadline cmcd-measured-throughput cmcd-next-object-request "
    "cmcd-next-range-request cmcd-object-type cmcd-playback-rate "
    "cmcd-requested-maximum-throughput cmcd-streaming-format cmcd-session-id cmcd-stream-type "
    "cmcd-startup cmcd-top-bitrate cmcd-version r-host sr-reason x-edge-mqcs "
    "distribution-tenant-id connection-id")
assert len(RT_LAYOUT) == 69
EDGE_SERVERS = {"IAD89-C1": "192.0.2.210", "FRA56-P3": "192.0.2.211", "NRT57-P2": "192.0.2.212",
                "SEA19-C2": "192.0.2.213", "LHR61-P1": "192.0.2.214"}


def sample_cloudfront_realtime() -> Sample:
    """(l) real-time log records as Firehose writes them to S3 (gzip, one record a line).

    No key pattern exists for real-time logs, so detection goes by content: the configuration
    selected every field, and every record then has the whole catalogue in AWS's order.
    """
    s = Sample("cloudfront-realtime/2026/11/21/00/cf-realtime-to-s3-1-2026-11-21-00-10-12-"
               "4a3b2c1d-0e9f-4a8b-9c7d-6e5f4a3b2c1d.gz", "cloudfront_realtime",
               "CloudFront real-time log via Kinesis and Firehose: every field selected (69), "
               "headers lists, CMCD fields of a video segment",
               evidence="content: lines fit the cloudfront_realtime layout")
    columns = cf_layout(RT_LAYOUT)
    for v in views():
        values = cf_standard_values(v)
        del values["x_edge_request_id"]
        # Real-time logs swap the two host fields: cs-host is what the viewer sent.
        values.update(cs_host=v.host, x_host_header=CF_DOMAIN, x_edge_request_id=v.request_id)
        stem = v.path + ("?" + v.query if v.query else "")  # cs-uri-stem carries the query here
        headers = [("host", v.host)]
        if v.ua:
            headers.append(("user-agent", v.ua))
        headers.append(("accept", v.accept))
        if v.version != "HTTP/1.1" or v.tls:
            headers.append(("accept-encoding", "gzip, deflate, br"))
        if v.cookie:
            headers.append(("cookie", v.cookie))
        values.update(
            timestamp=v.when + timedelta(milliseconds=v.millis),
            s_ip=EDGE_SERVERS[v.edge], cs_uri_stem=stem,
            c_ip_version="IPv6" if ":" in v.client else "IPv4", c_country=v.country,
            cs_accept_encoding=dict(headers).get("accept-encoding"), cs_accept=v.accept,
            cache_behavior_path_pattern=v.behavior,
            cs_headers="".join(f"{k}:{val}\n" for k, val in headers),
            cs_header_names="".join(f"{k}\n" for k, _ in headers),
            cs_headers_count=len(headers), asn=v.asn,
            origin_fbl=v.origin[0] if v.origin else None,
            origin_lbl=v.origin[1] if v.origin else None, **v.cmcd)
        record = make(columns, values)
        s.add(render(columns, record, sep="\t"), record)
    return s


# ---- S3 server access log (m) -----------------------------------------------------------------

BUCKET = "amzn-s3-demo-bucket"
OWNER = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
S3_COLUMNS: list[Column] = [
    word("bucket_owner"), word("bucket"), moment("time", clf), word("remote_ip"),
    word("requester"), word("request_id"), word("operation"),
    (("key",), lambda r: plain(None if r["key"] is None else pct(r["key"]))),
    request_column("request_uri", "raw"), number("http_status"), word("error_code"),
    number("bytes_sent"), number("object_size"), number("total_time"),
    number("turn_around_time"), quoted("referer", "raw"), quoted("user_agent", "raw"),
    word("version_id"), word("host_id"), word("signature_version"), word("cipher_suite"),
    word("authentication_type"), word("host_header"), word("tls_version"),
    word("access_point_arn"), word("acl_required"), word("source_region"),
]
assert len(S3_COLUMNS) == 27
CLI_UA = ("aws-cli/2.22.4 md/awscrt#0.23.0 ua/2.0 os/linux#6.1.115 md/arch#x86_64 "
          "lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe "
          "md/distrib#amzn.2023 md/prompt#off md/command#s3.cp")
JAVA_UA = ("aws-sdk-java/2.29.6 Linux/6.1.115 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS "
           "Java/21.0.5 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/standard")
APP_ROLE = f"arn:aws:sts::{ACCOUNT}:assumed-role/web-app-role/i-0123abcd4567ef890"
DEPLOY = f"arn:aws:iam::{ACCOUNT}:user/deploy-bot"


def s3_request(method: str, path: str, protocol: str | None = "HTTP/1.1") -> Record:
    text = f"{method} {path} {protocol}" if protocol else f"{method} {path}"
    return {"request_uri": text, "request_method": method, "request_url": path,
            "request_protocol": protocol}


def sample_s3access() -> Sample:
    """(m) S3 server access log: plain text, no extension, delivered 00:15:32."""
    rnd = random.Random(2611210012)
    s = Sample("s3-access-logs/2026-11-21-00-15-32-1A2B3C4D5E6F7A8B", "s3access",
               "S3 server access log: GET, PUT, COPY (two records), lifecycle expiry, "
               "anonymous requests, unescaped quotes, 25-, 26- and 27-field lines",
               compressed=False)
    rows: list[tuple[Record, int]] = []

    def host_id() -> str:
        return base64.b64encode(rnd.randbytes(57)).decode("ascii")

    def rec(seconds: int, width: int = 27, **values: Any) -> Record:
        base: Record = {
            "bucket_owner": OWNER, "bucket": BUCKET, "time": T0 + timedelta(seconds=seconds),
            "request_id": hexid(rnd, 16, upper=True), "host_id": host_id(),
            "signature_version": "SigV4", "cipher_suite": "TLS_AES_128_GCM_SHA256",
            "authentication_type": "AuthHeader",
            "host_header": f"{BUCKET}.s3.{REGION}.amazonaws.com", "tls_version": "TLSv1.3",
            "source_region": REGION if width >= 27 else None}
        base.update(values)
        record = make(S3_COLUMNS, base)
        rows.append((record, width))
        return record

    rec(312, remote_ip="10.0.2.41", requester=APP_ROLE, operation="REST.GET.OBJECT",
        key="images/trail-runner-2.webp", **s3_request("GET", "/images/trail-runner-2.webp"),
        http_status=200, bytes_sent=186991, object_size=186991, total_time=38,
        turn_around_time=11, user_agent=JAVA_UA)
    rec(318, remote_ip="10.0.2.87", requester=APP_ROLE, operation="REST.GET.OBJECT",
        key="videos/launch.mp4", **s3_request("GET", "/videos/launch.mp4"), http_status=206,
        bytes_sent=1048576, object_size=73400320, total_time=61, turn_around_time=9,
        user_agent=JAVA_UA)
    # Anonymous requests: the bucket is private, so they are refused.
    rec(344, remote_ip="192.0.2.44", requester=None, operation="REST.GET.OBJECT",
        key="backup/db.sql", **s3_request("GET", "/backup/db.sql"), http_status=403,
        error_code="AccessDenied", bytes_sent=243, object_size=None, total_time=4,
        turn_around_time=None, user_agent="python-requests/2.32.3", signature_version=None,
        authentication_type=None)
    # A probe whose request line holds a raw quote, and a Safari User-Agent ending in one.
    rec(351, remote_ip="192.0.2.44", requester=None, operation="REST.GET.OBJECT",
        key='"', **s3_request("GET", '/"'), http_status=403, error_code="AccessDenied",
        bytes_sent=243, total_time=3, user_agent="curl/8.5.0", signature_version=None,
        authentication_type=None)
    rec(366, remote_ip="203.0.113.9", requester=None, operation="REST.GET.OBJECT",
        key="index.html", **s3_request("GET", "/index.html"), http_status=403,
        error_code="AccessDenied", bytes_sent=243, total_time=5,
        referer="https://www.example.com/", user_agent=SAFARI_IOS + '"',
        signature_version=None, authentication_type=None, tls_version="TLSv1.2",
        cipher_suite="ECDHE-RSA-AES128-GCM-SHA256")
    # Uploads: a PUT, a key that needs encoding, a copy (logged as two records).
    rec(402, remote_ip="198.51.100.61", requester=DEPLOY, operation="REST.PUT.OBJECT",
        key="releases/2026.11.21/app.tar.gz",
        **s3_request("PUT", "/releases/2026.11.21/app.tar.gz?x-id=PutObject"),
        http_status=200, bytes_sent=None, object_size=48215322, total_time=2210,
        turn_around_time=35, user_agent=CLI_UA,
        version_id="3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY")
    rec(415, remote_ip="198.51.100.61", requester=DEPLOY, operation="REST.PUT.OBJECT",
        key="photos/été/IMG_0042.jpg",
        **s3_request("PUT", "/photos/%C3%A9t%C3%A9/IMG_0042.jpg?x-id=PutObject"),
        http_status=200, bytes_sent=None, object_size=2203117, total_time=188,
        turn_around_time=22, user_agent=CLI_UA, version_id="Ua8ky1pcDXPRQv1DFE0zbFm.Ja4tX0qI")
    request_id = hexid(rnd, 16, upper=True)
    copy = s3_request("PUT", "/images/trail-runner-2-v2.webp?x-id=CopyObject")
    rec(433, remote_ip="10.0.2.41", requester=APP_ROLE, operation="REST.COPY.OBJECT",
        key="images/trail-runner-2-v2.webp", **copy, http_status=200, bytes_sent=234,
        object_size=186991, total_time=57, turn_around_time=56, user_agent=JAVA_UA,
        request_id=request_id, version_id="0QmtRzh5rY.3MDGQzBvxqSWxrEq7k8Zs")
    rec(433, remote_ip="10.0.2.41", requester=APP_ROLE, operation="REST.COPY.OBJECT_GET",
        key="images/trail-runner-2.webp", **copy, http_status=200, bytes_sent=None,
        object_size=186991, total_time=None, turn_around_time=None, user_agent=JAVA_UA,
        request_id=request_id, version_id="Wv3pdpI1Hp8sp0c3TXJIn6l8R0F9Q5Ph")
    rec(470, remote_ip="10.0.2.87", requester=APP_ROLE, operation="REST.GET.BUCKET",
        key=None, **s3_request("GET", "/?list-type=2&prefix=images%2F&encoding-type=url"),
        http_status=200, bytes_sent=5921, total_time=28, turn_around_time=27,
        user_agent=JAVA_UA)
    rec(488, remote_ip="10.0.2.87", requester=APP_ROLE, operation="REST.HEAD.OBJECT",
        key="reports/100%-done.csv", **s3_request("HEAD", "/reports/100%25-done.csv"),
        http_status=404, error_code="NoSuchKey", bytes_sent=None, total_time=6,
        turn_around_time=5, user_agent=JAVA_UA)
    # Through an access point, needing an ACL; and an older 25-field line.
    rec(530, remote_ip="10.0.4.12", requester=f"arn:aws:sts::{ACCOUNT}:assumed-role/"
        "analytics-reader/etl-nightly", operation="REST.GET.OBJECT",
        key="exports/orders-2026-11-20.parquet",
        **s3_request("GET", "/exports/orders-2026-11-20.parquet"), http_status=200,
        bytes_sent=9184225, object_size=9184225, total_time=412, turn_around_time=14,
        user_agent=JAVA_UA, host_header=f"analytics-ap-{ACCOUNT}.s3-accesspoint.{REGION}"
        ".amazonaws.com", access_point_arn=f"arn:aws:s3:{REGION}:{ACCOUNT}:accesspoint/"
        "analytics-ap", acl_required="Yes")
    rec(566, width=25, remote_ip="198.51.100.61", requester=DEPLOY,
        operation="REST.GET.OBJECT", key="releases/latest.json",
        **s3_request("GET", "/releases/latest.json"), http_status=200, bytes_sent=212,
        object_size=212, total_time=9, turn_around_time=8, user_agent=CLI_UA,
        tls_version="TLSv1.2", cipher_suite="ECDHE-RSA-AES128-GCM-SHA256")
    rec(601, remote_ip="10.0.2.41", requester=APP_ROLE, operation="REST.DELETE.OBJECT",
        key="tmp/upload-7f3a.part", **s3_request("DELETE", "/tmp/upload-7f3a.part"),
        http_status=204, bytes_sent=None, total_time=14, turn_around_time=13,
        user_agent=JAVA_UA)
    # Lifecycle expiry at midnight: S3 itself, no request line (26 fields).
    rec(7, width=26, remote_ip=None, requester="AmazonS3", operation="S3.EXPIRE.OBJECT",
        key="tmp/upload-5b21.part", request_uri=None, http_status=None, bytes_sent=None,
        object_size=104857600, total_time=None, turn_around_time=None,
        version_id="qsEq9bDa2VyxyZ4cz0c7oBnF67VYTTij", signature_version=None,
        cipher_suite=None, authentication_type=None, host_header=None, tls_version=None)
    rows.sort(key=lambda row: row[0]["time"])
    for record, width in rows:
        s.add(render(S3_COLUMNS, record, width=width), record)
    return s


def build() -> list[Sample]:
    """Every HTTP-facing sample, in the README's order (f) to (m)."""
    samples = [sample_alb(), sample_alb_connection(), sample_alb_health(), sample_nlb(),
               sample_clb(), sample_cloudfront(), sample_cloudfront_v2(),
               sample_cloudfront_v2_json(), sample_cloudfront_realtime(), sample_s3access()]
    check(samples)
    return samples


def check(samples: Sequence[Sample]) -> None:
    """What the README promises for these files."""
    by = {s.format: [r for _, r in s.records] for s in samples}
    alb = by["alb"]
    assert {r["type"] for r in alb} == {"http", "https", "h2", "grpcs", "ws", "wss"}
    assert any(":" in r["client_ip"] for r in alb)
    assert any(r["elb_status_code"] == 502 and r["target_ip"] for r in alb)
    assert any(r["elb_status_code"] == 504 and r["target_processing_time"] is None for r in alb)
    assert any(r["target_group_arn"] == TG_LAMBDA and r["target_ip"] is None for r in alb)
    assert any(r["actions_executed"] == "waf" and "\\x22" in r["user_agent"] for r in alb)
    assert any(r["classification_reason"] == "SpaceInUri" and " " in r["request_url"]
               for r in alb)
    assert any("field_35" in r for r in alb)
    assert len(next(s for s in samples if s.format == "alb").errors) == 2
    health = by["alb_health"]
    assert {r["type"] for r in health} == {"http", "https", "grpc", "lambda"}
    assert {r["reason_code"] for r in health} == {
        None, "TargetError", "TimedOut", "ConnectionReset", "ResponseCodeMismatch",
        "ResponseStringMismatch", "GRPCUnexpectedStatus"}
    assert any(r["target_addr"] == LAMBDA_FN for r in health)
    assert any(r["elb"] is None for r in health) and any("field_11" in r for r in health)
    assert len(next(s for s in samples if s.format == "alb_health").errors) == 2
    assert {r["cs_protocol"] for r in by["cloudfront"]} == {"http", "https"}
    assert any(r["sc_status"] == 0 for r in by["cloudfront"])
    assert any("%20" in (r["cs_user_agent"] or "") for r in by["cloudfront"])
    assert any(r["request_method"] is None for r in by["clb"])
    assert any('"' in (r["user_agent"] or "") for r in by["clb"])
    ops = [r["operation"] for r in by["s3access"]]
    assert ops.count("REST.COPY.OBJECT") == ops.count("REST.COPY.OBJECT_GET") == 1
    assert "S3.EXPIRE.OBJECT" in ops
    assert any(r["requester"] is None for r in by["s3access"])
    for s in samples:
        for _, record in s.records:  # every time inside the hour of 2026-11-21 00:00 UTC
            for value in record.values():
                if isinstance(value, datetime) and value.year == 2026:
                    assert T0 <= value < T0 + timedelta(hours=1), (s.key, value)
