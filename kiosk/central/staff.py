"""Office staff: accounts and roles, passwords (Argon2id), lock-out, sessions.

Roles (docs/central.md): ``administrator`` (kiosks, staff, audit, conflicts),
``complaints_officer`` (the complaints desk, the identity in confidential complaints),
``counter`` (applications and the pick-up list; complaints without identities).
A session is a random token in an HttpOnly cookie, stored as its SHA-256, with its own
CSRF token that every form posts back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, insert, select, update

from kiosk.central.audit import write_audit
from kiosk.central.schema import sessions, staff
from kiosk.central.settings import Settings
from kiosk.central.shared import utc_now_iso

ROLES = ("administrator", "complaints_officer", "counter")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MIN_PASSWORD = 10
_hasher = PasswordHasher()
# Verified against when the username is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(8))


class StaffError(ValueError):
    """A staff command that cannot be done; the message says why."""


@dataclass(frozen=True)
class StaffMember:
    id: int
    username: str
    display_name: str
    role: str
    disabled: bool
    locked_until_utc: str | None

    def can(self, permission: str) -> bool:
        return self.role in PERMISSIONS[permission]


PERMISSIONS = {
    "kiosks": ("administrator",),
    "audit": ("administrator",),
    "conflicts": ("administrator",),
    "applications": ("administrator", "complaints_officer", "counter"),
    "complaints": ("administrator", "complaints_officer", "counter"),
    "answer_complaints": ("complaints_officer",),
    "confidential_identity": ("complaints_officer",),
}


def _member(r) -> StaffMember:
    return StaffMember(r.id, r.username, r.display_name, r.role, r.disabled_utc is not None,
                       r.locked_until_utc)


def add_staff(conn: Connection, *, username: str, display_name: str, role: str,
              password: str, now: dt.datetime, actor: str) -> StaffMember:
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise StaffError("a username is 2-64 lower-case letters, digits, '.', '_' or '-'")
    if role not in ROLES:
        raise StaffError(f"the role is one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise StaffError(f"a password has at least {MIN_PASSWORD} characters")
    if conn.execute(select(staff.c.id).where(staff.c.username == username)).first():
        raise StaffError(f"{username} exists already")
    sid = conn.execute(insert(staff).values(
        username=username, display_name=display_name.strip()[:120] or username, role=role,
        password_hash=_hasher.hash(password), created_utc=utc_now_iso(now), failed_logins=0,
    ).returning(staff.c.id)).scalar_one()
    write_audit(conn, actor=actor, action="staff.add", target=f"staff:{username}", now=now,
                role=role)
    return _member(conn.execute(select(staff).where(staff.c.id == sid)).one())


def list_staff(conn: Connection) -> list[StaffMember]:
    return [_member(r) for r in conn.execute(select(staff).order_by(staff.c.username))]


def disable_staff(conn: Connection, *, username: str, now: dt.datetime, actor: str) -> None:
    row = conn.execute(select(staff).where(staff.c.username == username.strip().lower())).first()
    if row is None:
        raise StaffError(f"no staff member {username}")
    if row.disabled_utc:
        raise StaffError(f"{username} is disabled already")
    conn.execute(update(staff).where(staff.c.id == row.id).values(disabled_utc=utc_now_iso(now)))
    conn.execute(delete(sessions).where(sessions.c.staff_id == row.id))
    write_audit(conn, actor=actor, action="staff.disable", target=f"staff:{row.username}",
                now=now)


@dataclass(frozen=True)
class SignIn:
    member: StaffMember | None
    reason: str | None          # "wrong", "locked", "disabled" when member is None
    token: str | None = None
    csrf: str | None = None


def sign_in(conn: Connection, *, username: str, password: str, now: dt.datetime,
            settings: Settings) -> SignIn:
    """Check a password; lock the account after settings.lockout_attempts wrong ones."""
    username = (username or "").strip().lower()[:64]
    row = conn.execute(select(staff).where(staff.c.username == username)).first()
    stamp = utc_now_iso(now)
    if row is None:
        try:
            _hasher.verify(_DUMMY_HASH, password or "-")
        except VerificationError:
            pass
        return SignIn(None, "wrong")
    if row.disabled_utc:
        return SignIn(None, "disabled")
    if row.locked_until_utc and row.locked_until_utc > stamp:
        write_audit(conn, actor=username, action="signin.locked", target=f"staff:{username}",
                    now=now)
        return SignIn(None, "locked")
    try:
        _hasher.verify(row.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        failed = row.failed_logins + 1
        values: dict = {"failed_logins": failed}
        if failed >= settings.lockout_attempts:
            values = {"failed_logins": 0, "locked_until_utc": utc_now_iso(
                now + dt.timedelta(minutes=settings.lockout_minutes))}
        conn.execute(update(staff).where(staff.c.id == row.id).values(**values))
        write_audit(conn, actor=username, action="signin.lockout" if "locked_until_utc" in
                    values else "signin.failed", target=f"staff:{username}", now=now)
        return SignIn(None, "locked" if "locked_until_utc" in values else "wrong")
    values = {"failed_logins": 0, "locked_until_utc": None}
    if _hasher.check_needs_rehash(row.password_hash):
        values["password_hash"] = _hasher.hash(password)
    conn.execute(update(staff).where(staff.c.id == row.id).values(**values))
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    conn.execute(insert(sessions).values(
        token_sha256=_sha(token), staff_id=row.id, csrf_token=csrf, created_utc=stamp,
        expires_utc=utc_now_iso(now + dt.timedelta(hours=settings.session_hours))))
    write_audit(conn, actor=username, action="signin", target=f"staff:{username}", now=now)
    return SignIn(_member(row), None, token, csrf)


def session_member(conn: Connection, token: str | None,
                   now: dt.datetime) -> tuple[StaffMember, str] | None:
    """(who, CSRF token) of a live session, or None."""
    if not token:
        return None
    row = conn.execute(select(staff, sessions.c.csrf_token, sessions.c.expires_utc)
                       .join(sessions, sessions.c.staff_id == staff.c.id)
                       .where(sessions.c.token_sha256 == _sha(token))).first()
    if row is None or row.expires_utc <= utc_now_iso(now) or row.disabled_utc:
        return None
    return _member(row), row.csrf_token


def sign_out(conn: Connection, token: str | None, *, now: dt.datetime) -> None:
    if not token:
        return
    found = session_member(conn, token, now)
    conn.execute(delete(sessions).where(sessions.c.token_sha256 == _sha(token)))
    if found:
        write_audit(conn, actor=found[0].username, action="signout",
                    target=f"staff:{found[0].username}", now=now)


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()
