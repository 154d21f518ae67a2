"""The sync API for kiosks (docs/sync-protocol.md): hello, enroll, batches, state, complaints.

Every answer, success or problem, is signed (kiosk.central.replies). The batch body is a
bundle container (docs/bundle-format.md) read by the same ingest as a stick's bundle.
"""

from __future__ import annotations

import io
import json
import re
import threading
import zipfile
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from sqlalchemy.exc import DBAPIError

from kiosk.central.feed import feed_page
from kiosk.central.gaps import kiosk_gaps
from kiosk.central.ingest import BundleRefused, ingest
from kiosk.central.kiosks import Kiosk, authenticate, code_proof, redeem_code
from kiosk.central.office import Office
from kiosk.central.problems import Problem
from kiosk.central.replies import NONCE_HEADER, problem_response, signed
from kiosk.central.shared import utc_now_iso

NONCE = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
NONCE_DETAIL = (f"send a fresh {NONCE_HEADER} header (16-128 characters A-Z a-z 0-9 _ -) "
                "with every request")
BUNDLE_TYPES = ("application/zip", "application/octet-stream")
FEED_LIMIT = 500
MISSING_LIMIT = 1000


# -- documented shapes (OpenAPI; the bytes are canonical JSON, signed) ----------------------
class RequestEcho(BaseModel):
    method: str
    path: str
    nonce: str | None


class Signed(BaseModel):
    protocol: int = Field(description="protocol version, 1")
    request: RequestEcho


class ProblemBody(Signed):
    type: str
    title: str
    status: int
    code: str = Field(description="numbered problem, e.g. 401.2 (section 7)")
    detail: str
    step: str | None = None


class Hello(Signed):
    service: str
    office: str
    central_signing_key: str
    central_key_sha256: str
    server_time_utc: str


class EnrollRequest(BaseModel):
    kiosk_id: str = Field(max_length=16, description="as `kiosk keys show` prints it")
    code: str = Field(max_length=40, description="the one-time code, any case, spaces or -")
    signature: str = Field(max_length=100, description="base64 Ed25519 signature (section 3)")


class Limits(BaseModel):
    max_batch_bytes: int
    max_batch_records: int


class Enrolled(Signed):
    kiosk_id: str
    token: str
    central_signing_key: str
    central_public_key: str
    central_key_sha256: str
    code_proof: str
    limits: Limits
    server_time_utc: str


class RecordOutcome(BaseModel):
    seq: int
    uuid: str
    result: str = Field(description="accepted, duplicate or conflict")
    reason: str | None = None


class BatchReply(Signed):
    kiosk_id: str
    batch_id: str
    file_sha256: str
    already_received: bool
    accepted: int
    duplicate: int
    conflict: int
    high_water_mark: int
    results: list[RecordOutcome]


class State(Signed):
    kiosk_id: str
    high_water_mark: int
    max_seq: int
    missing: list[list[int]]
    missing_truncated: bool
    server_time_utc: str


class FeedItem(BaseModel):
    position: int
    complaint_uuid: str
    tracking_number: str
    status: str
    received_utc: str
    due_date: str
    answered_utc: str | None
    closed_utc: str | None
    changed_utc: str
    contact_check: str | None
    identity: str | None = Field(None, description="identified, confidential or anonymous")


class Feed(Signed):
    kiosk_id: str
    items: list[FeedItem]
    cursor: int


def _problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {c: {"model": ProblemBody, "content": {"application/problem+json": {}}}
            for c in codes}


bearer = HTTPBearer(auto_error=False, description="the kiosk's token (section 3)")
Token = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
Nonce = Annotated[str, Header(alias=NONCE_HEADER, pattern=NONCE.pattern,
                              description="16-128 characters A-Z a-z 0-9 _ -, new for every "
                                          "request; the signed reply names it")]


class SyncApi:
    """The routes, bound to one office."""

    def __init__(self, office: Office) -> None:
        self.office = office
        self._busy: set[str] = set()
        self._busy_lock = threading.Lock()
        self.router = APIRouter(prefix="/api/v1", tags=["sync"])
        r = self.router
        r.add_api_route("/hello", self.hello, methods=["GET"], response_model=Hello,
                        responses=_problems(400), summary="Who is answering (signed)")
        r.add_api_route("/enroll", self.enroll, methods=["POST"], response_model=Enrolled,
                        responses=_problems(400, 401, 403, 503),
                        summary="Redeem a one-time enrollment code for a token")
        r.add_api_route("/batches", self.batch, methods=["POST"], response_model=BatchReply,
                        responses=_problems(400, 401, 403, 413, 415, 422, 429, 503),
                        summary="Upload a batch of records (a bundle container)",
                        openapi_extra={"requestBody": {"required": True, "content": {
                            "application/zip": {"schema": {"type": "string",
                                                           "format": "binary"}}}}})
        r.add_api_route("/state", self.state, methods=["GET"], response_model=State,
                        responses=_problems(400, 401, 403, 503),
                        summary="This kiosk's high-water mark and missing ranges")
        r.add_api_route("/complaints", self.complaints, methods=["GET"], response_model=Feed,
                        responses=_problems(400, 401, 403, 503),
                        summary="Complaint status changes after a cursor")

    # -- helpers ---------------------------------------------------------------------------
    def _reply(self, request: Request, nonce: str | None, body: dict) -> Response:
        return signed(self.office.keys, body, method=request.method, path=request.url.path,
                      nonce=nonce)

    def problem(self, request: Request, problem: Problem) -> Response:
        nonce = request.headers.get(NONCE_HEADER)
        return problem_response(self.office.keys, problem, method=request.method,
                                path=request.url.path,
                                nonce=nonce if nonce and NONCE.match(nonce) else None)

    @staticmethod
    def _nonce(nonce: str | None) -> str:
        if not nonce or not NONCE.match(nonce):
            raise Problem("400.2", NONCE_DETAIL)
        return nonce

    async def _kiosk(self, token: HTTPAuthorizationCredentials | None) -> Kiosk:
        def check() -> Kiosk:
            with self.office.db.read() as conn:
                return authenticate(conn, token.credentials if token else None)
        return await _db(check)

    # -- routes ----------------------------------------------------------------------------
    async def hello(self, request: Request, nonce: Nonce) -> Response:
        nonce = self._nonce(nonce)
        keys = self.office.keys
        return self._reply(request, nonce, {
            "service": "passport-kiosk-central", "office": self.office.settings.office_name,
            "central_signing_key": keys.signing_public_b64,
            "central_key_sha256": keys.fingerprint,
            "server_time_utc": utc_now_iso(self.office.now())})

    async def enroll(self, request: Request, body: EnrollRequest,
                     nonce: Nonce) -> Response:
        nonce = self._nonce(nonce)
        office, keys = self.office, self.office.keys

        def redeem() -> str:
            with office.db.write() as conn:
                return redeem_code(conn, kiosk_id=body.kiosk_id, code=body.code,
                                   signature_b64=body.signature, nonce=nonce, now=office.now())
        token = await _db(redeem)
        return self._reply(request, nonce, {
            "kiosk_id": body.kiosk_id, "token": token,
            "central_signing_key": keys.signing_public_b64,
            "central_public_key": keys.public_pem, "central_key_sha256": keys.fingerprint,
            "code_proof": code_proof(body.code, kiosk_id=body.kiosk_id,
                                     signing_key_b64=keys.signing_public_b64,
                                     central_key_sha256=keys.fingerprint, nonce=nonce),
            "limits": {"max_batch_bytes": office.settings.max_batch_bytes,
                       "max_batch_records": office.settings.max_batch_records},
            "server_time_utc": utc_now_iso(office.now())})

    async def batch(self, request: Request, token: Token, nonce: Nonce) -> Response:
        nonce = self._nonce(nonce)
        kiosk = await self._kiosk(token)
        settings = self.office.settings
        ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if ctype not in BUNDLE_TYPES:
            raise Problem("415.1", "send the batch as Content-Type: application/zip")
        data = await _read_limited(request, settings.max_batch_bytes)
        with self._busy_lock:
            if kiosk.kiosk_id in self._busy:
                raise Problem("429.1", "a batch of this kiosk is being received; send the "
                              "next one when that one is answered", retry_after=5)
            self._busy.add(kiosk.kiosk_id)
        try:
            result = await _db(self._ingest, data, kiosk.kiosk_id)
        finally:
            with self._busy_lock:
                self._busy.discard(kiosk.kiosk_id)
        return self._reply(request, nonce, {
            "kiosk_id": kiosk.kiosk_id, "batch_id": result.bundle_id,
            "file_sha256": result.file_sha256, "already_received": result.already_received,
            "accepted": result.accepted, "duplicate": result.duplicate,
            "conflict": result.conflict, "high_water_mark": result.high_water_mark,
            "results": [{"seq": r.seq, "uuid": r.uuid, "result": r.result,
                         **({"reason": r.reason} if r.reason else {})}
                        for r in result.results]})

    def _ingest(self, data: bytes, kiosk_id: str):
        office = self.office
        peek = _record_count(data)
        if peek is not None and peek > office.settings.max_batch_records:
            raise Problem("413.2", f"{peek} records in one batch; the office takes at most "
                          f"{office.settings.max_batch_records}: send smaller batches")
        try:
            return ingest(office.db, office.keys, office.settings, data, channel="network",
                          archive=office.paths.archive, now=office.now(), kiosk_id=kiosk_id)
        except BundleRefused as exc:
            if exc.step == "kiosk":
                raise Problem("403.2", exc.reason) from None
            raise Problem("422.1", f"{exc.step}: {exc.reason}", step=exc.step) from None

    async def state(self, request: Request, token: Token, nonce: Nonce) -> Response:
        nonce = self._nonce(nonce)
        kiosk = await self._kiosk(token)

        def read():
            with self.office.db.read() as conn:
                return kiosk_gaps(conn, kiosk.kiosk_id, limit=MISSING_LIMIT)
        gaps = await _db(read)
        return self._reply(request, nonce, {
            "kiosk_id": kiosk.kiosk_id, "high_water_mark": gaps.high_water_mark,
            "max_seq": gaps.max_seq, "missing": [list(r) for r in gaps.missing],
            "missing_truncated": gaps.truncated,
            "server_time_utc": utc_now_iso(self.office.now())})

    async def complaints(self, request: Request, token: Token, nonce: Nonce,
                         after: Annotated[int, Query(ge=0, le=2**62)] = 0,
                         limit: Annotated[int, Query(ge=1, le=FEED_LIMIT)] = 100) -> Response:
        nonce = self._nonce(nonce)
        kiosk = await self._kiosk(token)

        def read():
            with self.office.db.read() as conn:
                return feed_page(conn, kiosk_id=kiosk.kiosk_id, after=after, limit=limit)
        page = await _db(read)
        return self._reply(request, nonce, {"kiosk_id": kiosk.kiosk_id, "items": page.items,
                                            "cursor": page.cursor})


async def _db(fn, *args):
    """Run blocking database work off the event loop; a busy or unreachable database is
    503.1 (the client retries), never a traceback."""
    try:
        return await run_in_threadpool(fn, *args)
    except DBAPIError as exc:
        raise Problem("503.1", "the office database is busy or unreachable; try again "
                      f"later ({type(exc.orig).__name__})", retry_after=30) from None


async def _read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise Problem("413.1", f"{declared} bytes; the office takes at most {limit} per batch")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Problem("413.1", f"more than {limit} bytes; send smaller batches")
        chunks.append(chunk)
    if not size:
        raise Problem("400.1", "the request has no body; send the batch's bytes")
    return b"".join(chunks)


def _record_count(data: bytes) -> int | None:
    """The manifest's record count, read before the full check (None if unreadable: the
    full check then says why)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            count = json.loads(zf.read("manifest.json"))["records"]["count"]
    except Exception:  # noqa: BLE001 - any damage is reported by the full check
        return None
    return count if isinstance(count, int) else None
