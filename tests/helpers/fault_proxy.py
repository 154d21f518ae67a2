"""A small fault proxy on 127.0.0.1 between a kiosk and the central office: it passes
HTTP requests through, or does to one of them what a bad network, a captive portal or a
failing gateway does.

    with FaultProxy("http://127.0.0.1:8470") as proxy:
        proxy.next("POST", "/api/v1/batches", DROP_AFTER)   # the next batch: commit, no reply
        ... the kiosk syncs to proxy.url ...

Faults (the first matching one queued is used, once; otherwise the request passes):

- DROP_BEFORE: the connection closes before the office sees the request;
- DROP_AFTER: the office answers (and commits); the kiosk gets no reply;
- status(502) / status(500): the gateway answers that, the office never sees it;
  after(502): the office answers (and commits), the kiosk gets the gateway's error;
- slow(seconds): the office's reply is held that long before it is passed on;
- TRUNCATE: the reply's headers and half its body, then the connection closes;
- PORTAL: a mall Wi-Fi login page, 200 text/html; REDIRECT: 302 to another host;
- gate(event, reached): the office answers, `reached` is set, the reply waits for `event`.

Each connection carries one request (the proxy answers `Connection: close`).
"""

from __future__ import annotations

import http.client
import socket
import socketserver
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

PORTAL_HTML = (b"<!DOCTYPE html><html><head><title>Mall WiFi</title></head><body>"
               b"<h1>Selamat datang</h1><form>Nomor HP: <input name=phone></form></body></html>")
HOP = {"connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade", "te"}


@dataclass(frozen=True)
class Fault:
    kind: str
    status: int = 0
    seconds: float = 0.0
    release: threading.Event | None = field(default=None, compare=False)
    reached: threading.Event | None = field(default=None, compare=False)
    headers: tuple[tuple[str, str], ...] = ()


DROP_BEFORE = Fault("drop_before")
DROP_AFTER = Fault("drop_after")
TRUNCATE = Fault("truncate")
PORTAL = Fault("portal")
REDIRECT = Fault("redirect")


def status(code: int, *, retry_after: int | None = None) -> Fault:
    extra = (("Retry-After", str(retry_after)),) if retry_after is not None else ()
    return Fault("status", status=code, headers=extra)


def after(code: int) -> Fault:
    return Fault("after", status=code)


def slow(seconds: float) -> Fault:
    return Fault("slow", seconds=seconds)


def gate(release: threading.Event, reached: threading.Event) -> Fault:
    return Fault("gate", release=release, reached=reached)


def forwarded(reached: threading.Event) -> Fault:
    """Pass the request on; `reached` is set once the office has its whole body."""
    return Fault("forwarded", reached=reached)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class FaultProxy:
    """The proxy in front of `upstream` (http://host:port). `url` is its own address."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname, parts.port)
        self._queue: list[tuple[str, str, Fault]] = []
        self._lock = threading.Lock()
        self.log: list[tuple[str, str, str]] = []      # (method, path, fault kind)
        proxy = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                proxy._handle(self)

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FaultProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def next(self, method: str, path: str, fault: Fault) -> None:
        """Do `fault` to the next request of `method` whose path ends with `path`."""
        with self._lock:
            self._queue.append((method, path, fault))

    def pending(self) -> int:
        """Faults queued and not used yet."""
        with self._lock:
            return len(self._queue)

    def _take(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for i, (m, p, fault) in enumerate(self._queue):
                if m == method and path.split("?")[0].endswith(p):
                    del self._queue[i]
                    return fault
        return None

    # -- one connection ---------------------------------------------------------------------
    def _handle(self, h: socketserver.StreamRequestHandler) -> None:
        line = h.rfile.readline(65537).decode("latin-1").strip()
        if not line:
            return
        method, target, _version = line.split(" ", 2)
        headers: list[tuple[str, str]] = []
        while True:
            raw = h.rfile.readline(65537).decode("latin-1")
            if raw in ("\r\n", "\n", ""):
                break
            name, _, value = raw.partition(":")
            headers.append((name.strip(), value.strip()))
        length = int(next((v for k, v in headers if k.lower() == "content-length"), "0"))
        body = h.rfile.read(length) if length else b""
        fault = self._take(method, target) or Fault("pass")
        self.log.append((method, target.split("?")[0], fault.kind))
        if fault.kind == "drop_before":
            return _drop(h)
        if fault.kind == "status":
            return _send(h, fault.status, [("Content-Type", "text/plain"), *fault.headers],
                         f"{fault.status} from the gateway".encode())
        if fault.kind == "portal":
            return _send(h, 200, [("Content-Type", "text/html; charset=utf-8")], PORTAL_HTML)
        if fault.kind == "redirect":
            return _send(h, 302, [("Location", "http://login.wifi-mall.example/portal"),
                                  ("Content-Type", "text/html")], b"<a>login</a>")
        try:
            code, reason, out_headers, out = self._forward(method, target, headers, body, fault)
        except OSError:
            return _send(h, 502, [("Content-Type", "text/plain")], b"bad gateway")
        if fault.kind == "drop_after":
            return _drop(h)
        if fault.kind == "after":
            return _send(h, fault.status, [("Content-Type", "text/plain")], b"gateway error")
        if fault.kind == "slow":
            time.sleep(fault.seconds)
        if fault.kind == "gate":
            fault.reached.set()
            fault.release.wait(120)
        if fault.kind == "truncate":
            return _send(h, code, out_headers, out, reason=reason, cut=len(out) // 2)
        _send(h, code, out_headers, out, reason=reason)

    def _forward(self, method: str, target: str, headers: list[tuple[str, str]], body: bytes,
                 fault: Fault) -> tuple[int, str, list[tuple[str, str]], bytes]:
        conn = http.client.HTTPConnection(*self.upstream, timeout=300)
        try:
            conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
            for name, value in headers:
                if name.lower() not in HOP:
                    conn.putheader(name, value)
            conn.endheaders(body or None)
            if fault.kind == "forwarded":
                fault.reached.set()
            response = conn.getresponse()
            out = response.read()
            kept = [(k, v) for k, v in response.getheaders()
                    if k.lower() not in HOP and k.lower() != "content-length"]
            return response.status, response.reason, kept, out
        finally:
            conn.close()


def _send(h: socketserver.StreamRequestHandler, code: int, headers: list[tuple[str, str]],
          body: bytes, *, reason: str = "", cut: int | None = None) -> None:
    head = [f"HTTP/1.1 {code} {reason or http.client.responses.get(code, '')}"]
    head += [f"{k}: {v}" for k, v in headers]
    head += [f"Content-Length: {len(body)}", "Connection: close", "", ""]
    try:
        h.wfile.write("\r\n".join(head).encode("latin-1"))
        h.wfile.write(body if cut is None else body[:cut])
        h.wfile.flush()
    except OSError:
        pass
    if cut is not None:
        _drop(h)


def _drop(h: socketserver.StreamRequestHandler) -> None:
    try:
        h.connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    h.connection.close()


Plan = Callable[[str, str], Fault | None]
