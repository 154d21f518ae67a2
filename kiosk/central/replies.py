"""Signed replies of the sync API: exact JSON bytes plus an Ed25519 signature header.

The body is canonical JSON (keys sorted, no spaces, UTF-8) and always names the request
it answers (method, path, the client's nonce), so a reply cannot be replayed to another
request. docs/sync-protocol.md, section 4.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import Response

from kiosk.central.keys import CentralKeys
from kiosk.central.problems import TITLES, Problem
from kiosk.central.shared import canonical_json

SIGNATURE_HEADER = "Kiosk-Central-Signature"
KEY_HEADER = "Kiosk-Central-Key"
NONCE_HEADER = "Kiosk-Nonce"
PROTOCOL = 1


def signed(keys: CentralKeys, body: dict[str, Any], *, method: str, path: str,
           nonce: str | None, status: int = 200, media_type: str = "application/json",
           headers: dict[str, str] | None = None) -> Response:
    """A Response whose body names its request and whose header carries its signature."""
    payload = dict(body, request={"method": method, "path": path, "nonce": nonce},
                   protocol=PROTOCOL)
    data = canonical_json(payload).encode("utf-8")
    out = {SIGNATURE_HEADER: keys.sign(data), KEY_HEADER: keys.signing_fingerprint,
           "Cache-Control": "no-store"}
    out.update(headers or {})
    return Response(data, status_code=status, media_type=media_type, headers=out)


def problem_response(keys: CentralKeys, problem: Problem, *, method: str, path: str,
                     nonce: str | None) -> Response:
    body: dict[str, Any] = {"type": "about:blank", "title": TITLES.get(problem.code, "Problem"),
                            "status": problem.status, "code": problem.code,
                            "detail": problem.detail}
    if problem.step:
        body["step"] = problem.step
    headers = dict(problem.headers)
    if problem.retry_after:
        headers["Retry-After"] = str(problem.retry_after)
    return signed(keys, body, method=method, path=path, nonce=nonce, status=problem.status,
                  media_type="application/problem+json", headers=headers)
