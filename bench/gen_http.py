"""Production-like ALB access logs and CloudFront standard logs for the HTTP benchmarks.

Deterministic (seeded) and written the way AWS writes them, with the variety that makes a reader
slow or wrong in production rather than one line repeated:

ALB access logs (``alb_lines``):
- every request type (``http``, ``https``, ``h2``, ``grpcs``, ``ws``, ``wss``) with its TLS
  columns (``-`` on plain HTTP);
- many clients (a pool of about 50,000, a fifth IPv6, unbracketed ``addr:port``) and a few
  dozen targets (some IPv6); ``-`` as target with target status ``-`` for 502/503/504/460/463,
  with ``-1`` timings (504: a real request processing time, ``-1`` target and response
  times), ``-1`` target/response timings for 408/499-like aborts;
- status mix: mostly 200, then 301/302/304, 400/403/404/429, 500/502/503/504, 460/463;
- request lines with query strings, ``%20``, an occasional raw space inside the URL, gRPC and
  WebSocket URLs, and malformed ``- - -`` requests;
- user agents with spaces, ``\\x22`` escapes (ALB writes a double quote that way), and ``-``;
- the column sets AWS wrote over the years: 29 columns (2020-2024), 30 (``conn_trace_id``,
  2024-05), 33 (the transform columns, 2025-08) and 34 (``ip_address``): the file is old and new
  deliveries concatenated, so each layout is a run of lines (``ALB_LAYOUTS`` gives the shares).

CloudFront standard logs (``cloudfront_lines``): ``#Version``/``#Fields`` header (the 33-field
layout), about 120 edge locations, a quarter IPv6 clients, percent-encoded user agents, referers,
paths and query strings (some double-encoded: ``%2520``; some UTF-8: ``%E2%80%94``), cookies,
status ``000`` for viewers that went away, ``Hit``/``RefreshHit``/``Miss``/``Error``/
``LimitExceeded`` result types with their detailed results, HTTP/1.1, 2.0 and 3.0, and 206
range responses.

    python -m bench.gen_http alb OUT.log.gz --lines 1000000
    python -m bench.gen_http cloudfront OUT.log.gz --lines 1000000
"""

from __future__ import annotations

import argparse
import gzip
import ipaddress
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

ALB_LAYOUTS = ((29, 0.25), (30, 0.25), (33, 0.25), (34, 0.25))
"""(columns, share of the lines), in file order: older deliveries first."""
START = datetime(2025, 3, 14, 0, 0, 0, tzinfo=UTC)

# ---- shared pools -------------------------------------------------------------------------------

BROWSERS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.{m} Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{m} like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.{m} Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/{v}.0.0.0 Mobile Safari/537.36",
    "curl/8.{m}.0",
    "python-requests/2.{v}.0",
    "Go-http-client/2.0",
    "okhttp/4.{m}.0",
    "Amazon CloudFront",
    "ELB-HealthChecker/2.0",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "aws-sdk-java/2.20.{v} Linux/5.10 OpenJDK_64-Bit_Server_VM/17.0.{m} Java/17.0.{m}",
)
PATHS = ("/", "/index.html", "/api/v1/orders", "/api/v1/orders/{n}", "/api/v2/users/{n}/profile",
         "/static/js/app.{h}.js", "/static/css/main.{h}.css", "/images/products/{n}.jpg",
         "/health", "/login", "/search", "/cart/items/{n}", "/graphql", "/favicon.ico",
         "/downloads/report%20{n}.pdf", "/docs/getting started.html", "/ws/updates",
         "/helloworld.Greeter/SayHello")
QUERIES = ("", "", "", "", "?page={n}", "?q=red+shoes&sort=price", "?q=caf%C3%A9&lang=fr",
           "?utm_source=newsletter&utm_campaign=spring%2025", "?id={n}&ref=home",
           "?redirect=%2Fcheckout%3Fstep%3D2", "?token={h}")
METHODS = ("GET",) * 14 + ("POST",) * 4 + ("PUT", "DELETE", "HEAD", "OPTIONS", "PATCH")


def _hex(rng: random.Random, n: int) -> str:
    return f"{rng.getrandbits(4 * n):0{n}x}"


def _ipv4(rng: random.Random) -> str:
    return str(ipaddress.IPv4Address(rng.randrange(0x01000000, 0xDF000000)))


def _ipv6(rng: random.Random) -> str:
    return str(ipaddress.IPv6Address((0x2001 << 112) | rng.getrandbits(100)))


def _fill(rng: random.Random, template: str) -> str:
    return template.format(n=rng.randrange(1, 99999), h=_hex(rng, 8),
                           v=rng.randrange(90, 125), m=rng.randrange(0, 9))


def _user_agents(rng: random.Random, count: int) -> list[str]:
    agents = [_fill(rng, rng.choice(BROWSERS)) for _ in range(count)]
    for i in range(0, count, 40):  # a double quote inside: ALB writes it as \x22
        agents[i] = agents[i] + ' (compatible; "Bot" v1)'
    return agents


# ---- ALB ----------------------------------------------------------------------------------------

STATUS = ((200, 780), (201, 20), (204, 20), (206, 5), (301, 20), (302, 30), (304, 40),
          (400, 10), (401, 10), (403, 10), (404, 30), (429, 5), (500, 5), (502, 6), (503, 4),
          (504, 3), (460, 2), (463, 1))
"""(ELB status, weight): production-like, 2xx heavy, every error class present."""
NO_TARGET = {502, 503, 504, 460, 463}
CIPHERS = ("ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384",
           "TLS_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256")
TLS = ("TLSv1.2", "TLSv1.3")
TYPES = (("https", 50), ("h2", 25), ("http", 18), ("wss", 3), ("ws", 1), ("grpcs", 3))
ACTIONS = (("forward", 85), ("waf,forward", 8), ("redirect", 3), ("fixed-response", 2),
           ("authenticate,forward", 2))
ERROR_REASONS = ("LambdaUnhandled", "LambdaInvalidResponse", "AuthInvalidCookie",
                 "AuthInvalidIdToken")


def _weighted(rng: random.Random, table: tuple[tuple[object, int], ...], n: int) -> list[object]:
    values = [v for v, _ in table]
    weights = [w for _, w in table]
    return rng.choices(values, weights, k=n)


def alb_lines(count: int, seed: int = 7) -> Iterator[str]:
    """``count`` ALB access log lines (no newline), the layouts of ``ALB_LAYOUTS`` in runs."""
    rng = random.Random(seed)
    clients = [(_ipv6(rng) if rng.random() < 0.2 else _ipv4(rng)) for _ in range(50_000)]
    targets = [f"10.0.{rng.randrange(0, 64)}.{rng.randrange(2, 250)}" for _ in range(40)]
    targets += [str(ipaddress.IPv6Address((0x26001F18 << 96) | rng.getrandbits(80)))
                for _ in range(8)]
    agents = _user_agents(rng, 3000)
    lb_id = _hex(rng, 16)
    elb = f"app/prod-web/{lb_id}"
    hosts = ("www.example.com", "api.example.com", "shop.example.com", "ws.example.com")
    tgs = [f"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg-{i}/{_hex(rng, 16)}"
           for i in range(6)]
    cert = "arn:aws:acm:us-east-1:123456789012:certificate/" + "-".join(
        _hex(rng, k) for k in (8, 4, 4, 4, 12))
    node_ips = [f"10.1.{rng.randrange(0, 255)}.{rng.randrange(2, 250)}" for _ in range(3)]
    statuses = _weighted(rng, STATUS, 4096)
    types = _weighted(rng, TYPES, 4096)
    actions = _weighted(rng, ACTIONS, 4096)
    bounds = []
    done = 0
    for width, share in ALB_LAYOUTS:
        done += round(share * count)
        bounds.append((min(done, count), width))
    bounds[-1] = (count, bounds[-1][1])
    now = START
    stage = 0
    for i in range(count):
        while i >= bounds[stage][0]:
            stage += 1
        width = bounds[stage][1]
        now += timedelta(microseconds=rng.randrange(0, 180_000))
        status = statuses[i & 4095]
        kind = str(types[(i * 7) & 4095])
        tls = kind in ("https", "h2", "wss", "grpcs")
        client = f"{clients[rng.randrange(len(clients))]}:{rng.randrange(1024, 65536)}"
        host = hosts[3] if kind in ("ws", "wss") else rng.choice(hosts[:3])
        scheme = {"http": "http", "ws": "ws", "wss": "wss"}.get(kind, "https")
        port = 80 if scheme in ("http", "ws") else 443
        proto = "HTTP/2.0" if kind in ("h2", "grpcs") else "HTTP/1.1"
        method = "POST" if kind == "grpcs" else rng.choice(METHODS)
        path = PATHS[17] if kind == "grpcs" else (PATHS[16] if kind in ("ws", "wss")
                                                   else _fill(rng, rng.choice(PATHS[:16])))
        query = _fill(rng, rng.choice(QUERIES))
        request = f"{method} {scheme}://{host}:{port}{path}{query} {proto}"
        if rng.random() < 0.002:
            request = "- - -"
        agent = "-" if rng.random() < 0.01 else agents[rng.randrange(len(agents))]
        agent = agent.replace('"', "\\x22")
        if status in NO_TARGET:
            target, target_status = "-", "-"
            timings = ("-1", "-1", "-1") if status != 504 else (
                f"{rng.random() / 500:.3f}", "-1", "-1")
            target_list, status_list = '"-"', '"-"'
        else:
            target = f"{rng.choice(targets)}:{rng.choice((80, 8080, 8443))}"
            target_status = str(status)
            aborted = rng.random() < 0.003
            timings = (f"{rng.random() / 500:.3f}",
                       "-1" if aborted else f"{rng.lognormvariate(-3.5, 1.2):.3f}",
                       "-1" if aborted else f"{rng.random() / 1000:.3f}")
            target_list, status_list = f'"{target}"', f'"{target_status}"'
        received = rng.randrange(60, 4000) if method in ("GET", "HEAD", "OPTIONS", "DELETE") \
            else rng.randrange(200, 200_000)
        sent = 0 if status == 304 else int(rng.lognormvariate(8, 1.6))
        action = str(actions[(i * 13) & 4095])
        redirect = f'"https://{host}:443{path}"' if action == "redirect" else '"-"'
        error = f'"{rng.choice(ERROR_REASONS)}"' if rng.random() < 0.001 else '"-"'
        created = now - timedelta(microseconds=rng.randrange(100, 900_000))
        trace = f"Root=1-{int(created.timestamp()):08x}-{_hex(rng, 24)}"
        if rng.random() < 0.05:
            trace += f";Self=1-{int(now.timestamp()):08x}-{_hex(rng, 24)}"
        if tls:
            cipher, tls_version = rng.choice(CIPHERS), rng.choice(TLS)
            domain = f'"{host}"'
            chosen = '"session-reused"' if rng.random() < 0.3 else f'"{cert}"'
        else:
            cipher = tls_version = "-"
            domain = chosen = '"-"'
        classification = ('"Ambiguous" "UndefinedContentLengthSemantics"'
                          if rng.random() < 0.002 else '"-" "-"')
        columns = [
            kind, now.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), elb, client, target, *timings,
            str(status), target_status, str(received), str(sent), f'"{request}"', f'"{agent}"',
            cipher, tls_version, rng.choice(tgs), f'"{trace}"', domain, chosen,
            str(rng.choice((0, 1, 2, 5, 10, 100))) if status not in (400, 460) else "-",
            created.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), f'"{action}"', redirect, error,
            target_list, status_list, classification,
        ]
        if width >= 30:
            columns.append(f"TID_{_hex(rng, 32)}")
        if width >= 33:
            columns.append('"-" "-" "-"')
        if width >= 34:
            columns.append(node_ips[i % 3])
        yield " ".join(columns)


# ---- CloudFront -------------------------------------------------------------------------------

CF_FIELDS = ("date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status "
             "cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type "
             "x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for "
             "ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status "
             "fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type "
             "sc-content-type sc-content-len sc-range-start sc-range-end")
AIRPORTS = ("IAD", "JFK", "ORD", "DFW", "LAX", "SFO", "SEA", "ATL", "MIA", "BOS", "DEN", "PHX",
            "YUL", "YTO", "GRU", "GIG", "SCL", "BOG", "LHR", "MAN", "DUB", "CDG", "MRS", "FRA",
            "MUC", "HAM", "AMS", "BRU", "ZRH", "MXP", "FCO", "MAD", "BCN", "LIS", "ARN", "CPH",
            "OSL", "HEL", "WAW", "PRG", "VIE", "BUD", "ATH", "IST", "TLV", "DXB", "BAH", "BOM",
            "DEL", "MAA", "BLR", "HYD", "SIN", "KUL", "BKK", "CGK", "MNL", "HKG", "TPE", "ICN",
            "NRT", "KIX", "SYD", "MEL", "AKL", "JNB", "CPT", "NBO")
RESULTS = (("Hit", "Hit", 55), ("Miss", "Miss", 25), ("RefreshHit", "RefreshHit", 5),
           ("Hit", "OriginShieldHit", 3), ("Error", "ClientCommError", 3),
           ("Error", "OriginConnectError", 1), ("Error", "InvalidRequest", 1),
           ("LimitExceeded", "LimitExceeded", 1), ("Miss", "MissGeneratedResponse", 1),
           ("Redirect", "Redirect", 2), ("Error", "AbortedOrigin", 1),
           ("Error", "ClientHungUpRequest", 2))
CONTENT = ("text/html", "text/html;%20charset=utf-8", "application/json", "image/jpeg",
           "image/webp", "application/javascript", "text/css", "video/mp4", "-")
B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
CF_AGENTS_EXTRA = ("Mozilla/5.0%2520(Windows%2520NT%252010.0)",  # double-encoded by a proxy
                   "Mozilla/5.0%20(Linux)%20Caf%C3%A9Browser/1.0%20%E2%80%94%20beta",
                   "-")


def _encode(text: str) -> str:
    """CloudFront's encoding of a header value: space and the unsafe characters as %XX."""
    out = []
    for ch in text:
        if ch == " ":
            out.append("%20")
        elif ch in '<>"#%{}|\\^~[]`\'' or ord(ch) < 33 or ord(ch) > 126:
            out.extend(f"%{b:02X}" for b in ch.encode())
        else:
            out.append(ch)
    return "".join(out)


def cloudfront_lines(count: int, seed: int = 11) -> Iterator[str]:
    """The two header lines, then ``count`` CloudFront standard log lines (no newlines)."""
    rng = random.Random(seed)
    yield "#Version: 1.0"
    yield f"#Fields: {CF_FIELDS}"
    edges = [f"{rng.choice(AIRPORTS)}{rng.randrange(1, 90)}-{rng.choice('CP')}{rng.randrange(1, 6)}"
             for _ in range(120)]
    clients = [(_ipv6(rng) if rng.random() < 0.25 else _ipv4(rng)) for _ in range(50_000)]
    agents = [_encode(a) for a in _user_agents(rng, 3000)] + list(CF_AGENTS_EXTRA) * 20
    dist = f"d{_hex(rng, 13)}.cloudfront.net"
    hosts = ("www.example.com", "static.example.com", "media.example.com", dist)
    results = [(a, b) for a, b, w in RESULTS for _ in range(w)]
    ciphers = ("TLS_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "TLS_AES_256_GCM_SHA384")
    now = START
    for _ in range(count):
        now += timedelta(microseconds=rng.randrange(0, 90_000))
        result, detailed = rng.choice(results)
        if detailed in ("ClientCommError", "ClientHungUpRequest"):
            status = 0  # the viewer went away: logged as 000
        elif result == "Error":
            status = rng.choice((403, 404, 500, 502, 503, 504))
        elif result in ("LimitExceeded", "Redirect"):
            status = 503 if result == "LimitExceeded" else 301
        else:
            status = rng.choice((200, 200, 200, 200, 200, 200, 304, 206, 404))
        method = rng.choice(METHODS)
        path = _fill(rng, rng.choice(PATHS[:16]))
        stem = _encode(path.replace("%20", " "))
        query = _fill(rng, rng.choice(QUERIES)).lstrip("?") or "-"
        if query != "-" and rng.random() < 0.1:
            query = query.replace("%", "%25")  # double-encoded
        query = query.replace(" ", "%20")
        agent = agents[rng.randrange(len(agents))]
        referer = "-" if rng.random() < 0.6 else _encode(f"https://{rng.choice(hosts[:3])}{path}")
        cookie = "-" if rng.random() < 0.8 else f"session-id={_hex(rng, 16)};%20theme=dark"
        https = rng.random() < 0.9
        version = rng.choice(("HTTP/1.1", "HTTP/2.0", "HTTP/2.0", "HTTP/3.0"))
        ctype = rng.choice(CONTENT)
        length = int(rng.lognormvariate(9, 2)) if status not in (0, 304) else 0
        taken = rng.lognormvariate(-4, 1.3)
        ranged = status == 206
        columns = (
            now.strftime("%Y-%m-%d"), now.strftime("%H:%M:%S"), rng.choice(edges),
            str(length + rng.randrange(200, 900)), clients[rng.randrange(len(clients))], method,
            dist, stem, f"{status:03d}", referer, agent, query, cookie, result,
            "".join(rng.choices(B64URL, k=54)) + "==", rng.choice(hosts),
            "https" if https else "http",
            str(rng.randrange(50, 2000)), f"{taken:.3f}",
            "-" if rng.random() < 0.9 else _ipv4(rng),
            rng.choice(("TLSv1.2", "TLSv1.3")) if https else "-",
            rng.choice(ciphers) if https else "-", result, version, "-", "-",
            str(rng.randrange(1024, 65536)), f"{taken * rng.random():.3f}", detailed, ctype,
            str(length) if ctype != "-" else "-",
            "0" if ranged else "-", str(max(length - 1, 0)) if ranged else "-",
        )
        yield "\t".join(columns)


def write(kind: str, path: Path, lines: int) -> None:
    """Write ``lines`` data lines of ``kind`` (``alb`` or ``cloudfront``) to a gzip file."""
    write_lines(path, alb_lines(lines) if kind == "alb" else cloudfront_lines(lines))


def write_lines(path: Path, lines: Iterator[str]) -> None:
    """Lines to a gzip file (written 10,000 at a time), as the benchmark data generators
    write them."""
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=6, newline="\n") as out:
        buffer: list[str] = []
        for line in lines:
            buffer.append(line)
            if len(buffer) >= 10_000:
                out.write("\n".join(buffer) + "\n")
                buffer.clear()
        if buffer:
            out.write("\n".join(buffer) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=("alb", "cloudfront"))
    parser.add_argument("out", type=Path)
    parser.add_argument("--lines", type=int, default=1_000_000)
    args = parser.parse_args()
    write(args.kind, args.out, args.lines)


if __name__ == "__main__":
    main()
