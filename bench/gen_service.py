"""Production-like service logs for ``bench/service_bench.py``: API Gateway access logs, Lambda
REPORT lines and RDS MySQL slow query entries in CloudWatch Logs envelopes.

Deterministic (seeded) and written the way AWS writes them, varied the way production is:

API Gateway access logs (``apigateway_lines``), one request rendered in each layout by
substituting its values into the template text itself (AWS's spacing kept):
- the REST ``json`` and ``clf`` presets from ``formats/apigateway.toml``, and a custom JSON
  template of the kind serverless guides recommend (route key, epoch time and latency as bare
  numbers, integration latency, user agent, domain name, error message);
- about 30,000 clients, a fifth IPv6; 40 resource paths, many with path parameters;
  methods weighted as APIs see them; statuses mostly 200, with 201/204/3xx/4xx/5xx and
  gateway errors (429 throttles, 502/504 with their error messages, integration latency
  ``-`` where no integration ran); response lengths from 0 to megabytes, ``-`` now and then;
  IAM-authorised requests with a caller and user, the rest ``-``; HTTP/1.1 and HTTP/2.0;
  browser, SDK, mobile and bot user agents; request times a few milliseconds apart (many
  requests per second, so CLF times repeat).

Lambda REPORT lines (``lambda_report_lines``): 80 functions with their own memory size (128 MB
to 10 GB), duration distribution and peak memory; random request ids; durations with two
decimals and billed durations rounded up to the millisecond; cold starts (about 3%) with
``Init Duration``; a few SnapStart functions whose cold starts are restores (``Restore
Duration``, ``Billed Restore Duration``); X-Ray traced functions with trace and segment ids and
``Sampled``; timeouts (``Status: timeout``) and crashes (``Status: error``, ``Error Type``);
tab-separated items with the trailing tab Lambda writes.

RDS MySQL slow query log (``rds_slow_envelopes``): CloudWatch Logs subscription envelopes
(decoded JSON) of ``/aws/rds/instance/<db>/slowquery`` log groups, one entry per log event as
RDS publishes them: ``# Time``, ``# User@Host`` (users with and without a host name, thread
ids), ``# Query_time`` / ``Lock_time`` / ``Rows_sent`` / ``Rows_examined``, ``use <db>;`` on
some entries, ``SET timestamp=...;``, and statements of every kind: point selects, joins over
several lines, ``IN`` lists, inserts with string literals holding quotes and non-ASCII text,
updates, deletes, procedure calls and administrator commands.
"""

from __future__ import annotations

import json
import math
import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from bench.gen_http import _hex, _ipv4, _ipv6, _user_agents

START = datetime(2025, 3, 14, 0, 0, 0, tzinfo=UTC)

# ---- API Gateway ----------------------------------------------------------------------------

CUSTOM_JSON = (
    '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp",'
    '"requestTime":"$context.requestTime","requestTimeEpoch":$context.requestTimeEpoch,'
    '"httpMethod":"$context.httpMethod","routeKey":"$context.routeKey",'
    '"status":"$context.status","protocol":"$context.protocol",'
    '"responseLength":"$context.responseLength","responseLatency":$context.responseLatency,'
    '"integrationLatency":"$context.integrationLatency",'
    '"userAgent":"$context.identity.userAgent","domainName":"$context.domainName",'
    '"errorMessage":"$context.error.message"}')
"""A custom JSON access log format: bare numbers where the variable is always a number."""

RESOURCES = ("/orders", "/orders/{orderId}", "/orders/{orderId}/items", "/users/{userId}",
             "/users/{userId}/profile", "/users/{userId}/addresses", "/products",
             "/products/{productId}", "/products/{productId}/reviews", "/search", "/cart",
             "/cart/items/{itemId}", "/checkout", "/payments", "/payments/{paymentId}",
             "/auth/token", "/auth/refresh", "/health", "/webhooks/stripe", "/inventory/{sku}",
             "/reports/daily", "/files/{proxy+}", "/v2/orders", "/v2/orders/{orderId}",
             "/notifications", "/admin/users", "/admin/audit", "/shipments/{shipmentId}",
             "/coupons/{code}", "/recommendations", "/graphql", "/events", "/sessions",
             "/sessions/{sessionId}", "/tenants/{tenantId}/settings", "/exports",
             "/exports/{exportId}", "/imports", "/metrics", "/")
METHODS = (("GET", 60), ("POST", 20), ("PUT", 6), ("DELETE", 4), ("PATCH", 4), ("OPTIONS", 5),
           ("HEAD", 1))
STATUSES = (("200", 760), ("201", 40), ("204", 25), ("301", 5), ("304", 20), ("400", 25),
            ("401", 20), ("403", 25), ("404", 35), ("409", 5), ("429", 10), ("500", 8),
            ("502", 5), ("503", 4), ("504", 3))
ERRORS = {"403": "Forbidden", "401": "Unauthorized", "429": "Too Many Requests",
          "502": "Internal server error", "504": "Endpoint request timed out",
          "500": "Internal server error", "503": "Service Unavailable"}


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...], n: int) -> list[str]:
    return rng.choices([v for v, _ in table], [w for _, w in table], k=n)


def _render(template: str, values: dict[str, str]) -> str:
    """A template with its ``$context`` variables replaced, longest names first (so that
    ``$context.status`` does not eat ``$context.statusX``)."""
    out = template
    for name in sorted(values, key=len, reverse=True):
        out = out.replace(f"$context.{name}", values[name])
    return out


def apigateway_lines(count: int, template: str, seed: int = 11) -> Iterator[str]:
    """``count`` access log lines of ``template`` (a ``$context`` template's text)."""
    rng = random.Random(seed)
    clients = [(_ipv6(rng) if rng.random() < 0.2 else _ipv4(rng)) for _ in range(30_000)]
    agents = [a.replace('"', "") for a in _user_agents(rng, 2000)]
    callers = [f"AIDA{_hex(rng, 16).upper()}" for _ in range(40)]
    domains = [f"{_hex(rng, 10)}.execute-api.us-east-1.amazonaws.com" for _ in range(6)]
    domains += ["api.example.com", "partners.example.com"]
    methods = _weighted(rng, METHODS, 4096)
    statuses = _weighted(rng, STATUSES, 4096)
    now = START
    for i in range(count):
        now += timedelta(microseconds=rng.randrange(0, 20_000))
        status = statuses[i % 4096]
        resource = rng.choice(RESOURCES)
        method = methods[(i * 7) % 4096]
        iam = rng.random() < 0.1
        caller = rng.choice(callers) if iam else "-"
        no_body = status in ("204", "304") or method in ("HEAD", "OPTIONS")
        length = "0" if no_body else ("-" if rng.random() < 0.01 else
                                      str(int(rng.lognormvariate(7, 2)) % 20_000_000))
        gateway_error = status in ("429", "401", "403") and rng.random() < 0.5
        integration = "-" if gateway_error else str(int(rng.lognormvariate(3.5, 1.1)))
        latency = (0 if integration == "-" else int(integration)) + rng.randrange(1, 30)
        values = {
            "requestId": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "extendedRequestId": _hex(rng, 14).upper()[:14] + "=",
            "identity.sourceIp": rng.choice(clients),
            "identity.caller": caller,
            "identity.user": caller if iam else "-",
            "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "requestTimeEpoch": str(int(now.timestamp() * 1000)),
            "httpMethod": method,
            "resourcePath": resource,
            "routeKey": f"{method} {resource}" if resource != "/" else "$default",
            "status": status,
            "protocol": "HTTP/2.0" if rng.random() < 0.3 else "HTTP/1.1",
            "responseLength": length,
            "responseLatency": str(latency),
            "integrationLatency": integration,
            "identity.userAgent": rng.choice(agents),
            "domainName": rng.choice(domains),
            "error.message": ERRORS.get(status, "-"),
        }
        yield _render(template, values)


# ---- Lambda REPORT lines --------------------------------------------------------------------

MEMORY_SIZES = (128, 128, 256, 256, 512, 512, 1024, 1536, 2048, 3008, 4096, 10240)


def lambda_report_lines(count: int, seed: int = 13) -> Iterator[str]:
    """``count`` REPORT lines of 80 functions' invocations, as Lambda writes them."""
    rng = random.Random(seed)
    functions = []
    for index in range(80):
        memory = rng.choice(MEMORY_SIZES)
        functions.append({
            "memory": memory,
            "mu": rng.uniform(1.0, 7.0),  # log of the median duration, ms
            "sigma": rng.uniform(0.3, 1.2),
            "base_mem": rng.randrange(40, max(41, memory // 2)),
            "traced": rng.random() < 0.3,
            "snapstart": index % 20 == 0,
            "timeout_ms": rng.choice((3000, 6000, 15000, 30000, 900000)),
        })
    for _ in range(count):
        fn = rng.choice(functions)
        request = uuid.UUID(int=rng.getrandbits(128), version=4)
        timed_out = rng.random() < 0.002
        duration = float(fn["timeout_ms"]) if timed_out else \
            min(rng.lognormvariate(fn["mu"], fn["sigma"]), fn["timeout_ms"] - 1.0)
        duration = round(duration, 2) or 0.01
        billed = math.ceil(duration)
        used = min(fn["memory"], fn["base_mem"] + rng.randrange(0, 20))
        items = [f"REPORT RequestId: {request}", f"Duration: {duration:.2f} ms",
                 f"Billed Duration: {billed} ms", f"Memory Size: {fn['memory']} MB",
                 f"Max Memory Used: {used} MB"]
        if rng.random() < 0.03:
            if fn["snapstart"]:
                restore = rng.uniform(150, 700)
                items += [f"Restore Duration: {restore:.2f} ms",
                          f"Billed Restore Duration: {int(restore * 0.4)} ms"]
            else:
                items.append(f"Init Duration: {rng.uniform(80, 2500):.2f} ms")
        if fn["traced"]:
            items += [f"XRAY TraceId: 1-{int(START.timestamp()) + rng.randrange(86400):08x}-"
                      f"{_hex(rng, 24)}", f"SegmentId: {_hex(rng, 16)}",
                      f"Sampled: {'true' if rng.random() < 0.9 else 'false'}"]
        if timed_out:
            items.append("Status: timeout")
        elif rng.random() < 0.001:
            items += ["Status: error", "Error Type: Runtime.ExitError"]
        yield "\t".join(items) + "\t"


# ---- RDS MySQL slow query entries in CloudWatch Logs envelopes ------------------------------

TABLES = ("orders", "order_items", "customers", "products", "inventory", "payments",
          "shipments", "sessions", "audit_log", "coupons")
NAMES = ("O'Brien", "Zoë Müller", "José Álvarez", "Ngozi \"Zee\" Okafor", "Søren Kierkegaard",
         "李小龙", "Anne-Marie", "d'Artagnan")


def _statement(rng: random.Random) -> str:
    table = rng.choice(TABLES)
    kind = rng.random()
    n = rng.randrange(1, 10_000_000)
    if kind < 0.35:
        return f"SELECT * FROM {table} WHERE id = {n};"
    if kind < 0.5:
        return (f"SELECT o.id, o.total, c.email\nFROM orders o\n  JOIN customers c ON c.id = "
                f"o.customer_id\nWHERE o.created_at > '2025-03-{rng.randrange(1, 14):02d}'\n"
                f"  AND o.status IN ('paid', 'shipped')\nORDER BY o.created_at DESC\nLIMIT "
                f"{rng.choice((10, 50, 100, 1000))};")
    if kind < 0.6:
        ids = ", ".join(str(rng.randrange(1, 10**7)) for _ in range(rng.randrange(3, 60)))
        return f"SELECT id, sku, quantity FROM {table} WHERE id IN ({ids});"
    if kind < 0.72:
        name = rng.choice(NAMES).replace("'", "''")
        return (f"INSERT INTO customers (name, email, note) VALUES ('{name}', "
                f"'user{n}@example.com', 'called at 10:30; said \"later\"');")
    if kind < 0.82:
        return f"UPDATE {table} SET updated_at = NOW(), version = version + 1 WHERE id = {n};"
    if kind < 0.88:
        return f"DELETE FROM sessions WHERE expires_at < '2025-03-{rng.randrange(1, 14):02d}';"
    if kind < 0.94:
        return f"CALL refresh_daily_totals({rng.randrange(1, 400)}, 'us-east-1');"
    return "# administrator command: Prepare;"


def rds_slow_entries(count: int, seed: int = 17) -> Iterator[tuple[datetime, str]]:
    """``count`` slow query entries (time, text) of a MySQL 8 instance, as RDS publishes each."""
    rng = random.Random(seed)
    users = [("app", "app", ""), ("reporting", "reporting", ""), ("admin", "admin", ""),
             ("rdsadmin", "rdsadmin", "localhost"), ("etl", "etl", "")]
    clients = [f"10.0.{rng.randrange(0, 64)}.{rng.randrange(2, 250)}" for _ in range(200)]
    databases = ("shop", "analytics", "billing")
    now = START
    for _ in range(count):
        now += timedelta(microseconds=rng.randrange(1000, 900_000))
        user, priv, host = rng.choice(users)
        ip = "" if host == "localhost" else rng.choice(clients)
        thread = rng.randrange(8, 250_000)
        query_time = rng.lognormvariate(0.5, 1.2)
        lines = [f"# Time: {now.strftime('%Y-%m-%dT%H:%M:%S.%fZ')}",
                 f"# User@Host: {user}[{priv}] @ {host} [{ip}]  Id: {thread:>6}",
                 f"# Query_time: {query_time:.6f}  Lock_time: {rng.uniform(0, 0.01):.6f} "
                 f"Rows_sent: {rng.randrange(0, 5000)}  Rows_examined: "
                 f"{rng.randrange(0, 20_000_000)}"]
        if rng.random() < 0.3:
            lines.append(f"use {rng.choice(databases)};")
        lines.append(f"SET timestamp={int(now.timestamp())};")
        lines.append(_statement(rng))
        yield now, "\n".join(lines)


def rds_slow_envelopes(entries: int, per_envelope: int = 250, seed: int = 17
                       ) -> Iterator[str]:
    """Decoded CloudWatch Logs envelopes (compact JSON) holding ``entries`` slow query entries
    of four instances, ``per_envelope`` log events each."""
    rng = random.Random(seed + 1)
    instances = ("orders-db", "orders-db-replica-1", "analytics-db", "billing-db")
    batch: list[dict[str, object]] = []
    event_id = rng.getrandbits(180)
    for when, text in rds_slow_entries(entries, seed):
        event_id += rng.randrange(1, 1 << 40)
        batch.append({"id": f"{event_id:056d}"[-56:],
                      "timestamp": int(when.timestamp() * 1000), "message": text})
        if len(batch) == per_envelope:
            yield _envelope(rng.choice(instances), batch)
            batch = []
    if batch:
        yield _envelope(rng.choice(instances), batch)


def _envelope(instance: str, events: list[dict[str, object]]) -> str:
    return json.dumps({
        "messageType": "DATA_MESSAGE", "owner": "123456789012",
        "logGroup": f"/aws/rds/instance/{instance}/slowquery", "logStream": instance,
        "subscriptionFilters": ["to-firehose"], "logEvents": events,
    }, ensure_ascii=False, separators=(",", ":"))


__all__ = ["CUSTOM_JSON", "apigateway_lines", "lambda_report_lines", "rds_slow_entries",
           "rds_slow_envelopes"]
