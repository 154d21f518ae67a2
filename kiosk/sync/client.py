"""Talking to the central office over HTTP (httpx): every request with a fresh nonce, every
reply verified before a byte of it is believed (docs/sync-protocol.md, sections 1-4, 7).

A reply counts only when its Ed25519 signature verifies with the office's key over the
exact body bytes and it names this request. Everything else becomes a SyncError saying
what happened (kiosk/sync/errors.py): a redirect is never followed; an unsigned answer is
not the office (a captive portal's login page, a proxy) whatever its status; 408, 429 and
5xx are the office busy; a broken or truncated connection, a timeout, no route, each in
its own words. Signed problems are sorted by their numbered code.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kiosk import __version__
from kiosk.sync.errors import (
    BatchRefused,
    BatchTooLarge,
    EnrollmentBroken,
    Interrupted,
    NotTheOffice,
    OfficeBusy,
    OfficeRefused,
    Redirected,
    SyncError,
    TimedOut,
    Unreachable,
)
from kiosk.sync.protocol import (
    NONCE_HEADER,
    PREFIX,
    SIGNATURE_HEADER,
    ReplyInvalid,
    new_nonce,
    verify_reply,
)

TIMEOUT_S = 60.0           # waiting for the office's answer (a large batch takes seconds)
CONNECT_TIMEOUT_S = 10.0
MAX_REPLY_BYTES = 32 * 1024 * 1024   # more is not the office (a batch reply is < 1 MB)
# Steps of a refused batch (422.1) that one record can cause: the batch is split to find
# it. The others (kiosk_key, signature, key, container, ...) refuse every batch alike.
RECORD_STEPS = ("records", "index", "manifest")


class Exchange:
    """One request and its reply as received: status, headers, the exact body bytes, and
    the nonce and path that were sent (for verification)."""

    def __init__(self, status: int, headers: httpx.Headers, content: bytes, *, nonce: str,
                 method: str, path: str) -> None:
        self.status, self.headers, self.content = status, headers, content
        self.nonce, self.method, self.path = nonce, method, path

    @property
    def retry_after(self) -> float | None:
        value = (self.headers.get("retry-after") or "").strip()
        return float(value) if value.isdigit() else None


class CentralClient:
    """The office at `url` (its base address, e.g. https://central.example.go.id), with this
    kiosk's bearer `token` and the office's reply key `signing_key_b64` (both from
    enrollment). `timeout`: seconds to wait for an answer; `transport`: an httpx transport
    (tests)."""

    def __init__(self, url: str, *, token: str | None = None,
                 signing_key_b64: str | None = None, timeout: float = TIMEOUT_S,
                 connect_timeout: float = CONNECT_TIMEOUT_S,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.url = url.rstrip("/")
        self.base_path = urlsplit(self.url).path.rstrip("/")
        self.token = token
        self.key = (Ed25519PublicKey.from_public_bytes(base64.b64decode(signing_key_b64))
                    if signing_key_b64 else None)
        self.timeout = timeout
        self.http = httpx.Client(
            follow_redirects=False, transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(connect_timeout, timeout)),
            headers={"User-Agent": f"passport-kiosk/{__version__}"})

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> CentralClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one request ------------------------------------------------------------------------
    def exchange(self, method: str, path: str, *, content: bytes | None = None,
                 json_body: Any = None, params: Mapping[str, Any] | None = None,
                 content_type: str | None = None, auth: bool = True,
                 nonce: str | None = None) -> Exchange:
        """Send one request under PREFIX with a fresh nonce (or `nonce`, when the request
        must sign it: enrollment); the reply as received. Raises TimedOut, Unreachable or
        Interrupted when no whole reply came back."""
        nonce = nonce or new_nonce()
        headers = {NONCE_HEADER: nonce}
        if auth and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if content_type:
            headers["Content-Type"] = content_type
        full = f"{self.base_path}{PREFIX}{path}"
        try:
            with self.http.stream(method, self.url + PREFIX + path, content=content,
                                  json=json_body, params=params, headers=headers) as r:
                chunks, size = [], 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > MAX_REPLY_BYTES:
                        raise NotTheOffice(status=r.status_code,
                                           why=f"a reply of more than {MAX_REPLY_BYTES} bytes")
                    chunks.append(chunk)
                return Exchange(r.status_code, r.headers, b"".join(chunks), nonce=nonce,
                                method=method, path=full)
        except httpx.TimeoutException:
            raise TimedOut(seconds=round(self.timeout), count=round(self.timeout)) from None
        except httpx.ConnectError as exc:
            raise Unreachable(detail=_reason(exc)) from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError,
                httpx.DecodingError) as exc:
            raise Interrupted(detail=_reason(exc)) from None
        except (httpx.TransportError, httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise Unreachable(detail=_reason(exc)) from None

    def verified(self, exchange: Exchange, key: Ed25519PublicKey | None = None) -> dict:
        """The body of a signed 200 reply; the right SyncError for anything else."""
        status = exchange.status
        if 300 <= status < 400:
            host = urlsplit(exchange.headers.get("location") or "").hostname or "?"
            raise Redirected(status=status, host=host)
        key = key or self.key
        if key is None:
            raise NotTheOffice(status=status, why="no office key to check the reply with")
        try:
            body = verify_reply(exchange.content, exchange.headers.get(SIGNATURE_HEADER), key,
                                nonce=exchange.nonce, method=exchange.method,
                                path=exchange.path)
        except ReplyInvalid as exc:
            if status in (408, 429) or status >= 500:
                raise OfficeBusy(status=status, retry_after=exchange.retry_after) from None
            raise NotTheOffice(status=status, why=exc.why) from None
        if status == 200:
            return body
        raise problem_error(status, body, exchange.retry_after)

    def call(self, method: str, path: str, **kwargs: Any) -> dict:
        """exchange() then verified(): the body of the office's signed success."""
        return self.verified(self.exchange(method, path, **kwargs))

    # -- the endpoints ----------------------------------------------------------------------
    def hello(self) -> dict:
        return self.call("GET", "/hello", auth=False)

    def state(self) -> dict:
        return self.call("GET", "/state")

    def post_batch(self, data: bytes) -> dict:
        return self.call("POST", "/batches", content=data, content_type="application/zip")

    def complaints(self, *, after: int, limit: int = 500) -> dict:
        return self.call("GET", "/complaints", params={"after": after, "limit": limit})


def problem_error(status: int, body: Mapping[str, Any], retry_after: float | None) -> SyncError:
    """The SyncError for a signed problem (section 7), by its numbered code."""
    code = str(body.get("code") or status)
    detail = str(body.get("detail") or "")[:300]
    if status == 401 or code == "403.1":
        return EnrollmentBroken(code=code, detail=detail)
    if status == 413:
        return BatchTooLarge(code=code, detail=detail)
    if code == "422.1" and body.get("step") in RECORD_STEPS:
        return BatchRefused(code=code, step=str(body.get("step") or "?"), detail=detail)
    if status in (408, 429) or status >= 500:
        return OfficeBusy(status=status, retry_after=retry_after)
    return OfficeRefused(code=code, detail=detail)


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text[:200]
