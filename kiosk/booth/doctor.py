"""`kiosk doctor`: checks of the data folder, database, config, keys and printer.

Each check returns a Finding; a failing one says what is wrong and what to do.
Other modules add checks with @check.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.event.config import Config, ConfigError, load_or_create
from kiosk.paths import DataDir, sqlite_uri
from kiosk.records.migrations import MIGRATIONS

MIN_FREE_MB = 200


@dataclass(frozen=True)
class Finding:
    name: str
    ok: bool
    detail: str
    todo: str = ""


CheckFn = Callable[[DataDir], Finding]
CHECKS: list[CheckFn] = []


def check(fn: CheckFn) -> CheckFn:
    CHECKS.append(fn)
    return fn


@check
def data_folder(data: DataDir) -> Finding:
    try:
        data.ensure()
        with tempfile.NamedTemporaryFile(dir=data.root):
            pass
    except OSError as exc:
        return Finding("data folder", False, f"{data.root}: {exc.strerror}",
                       "Choose a writable folder with --data-dir or KIOSK_DATA_DIR.")
    free_mb = shutil.disk_usage(data.root).free // 2**20
    if free_mb < MIN_FREE_MB:
        return Finding("data folder", False, f"{data.root}: only {free_mb} MB free",
                       "Free disk space or move the data folder: records need room to commit.")
    return Finding("data folder", True, f"{data.root} (writable, {free_mb} MB free)")


@check
def configuration(data: DataDir) -> Finding:
    try:
        config = load_or_create(data.config)
    except ConfigError as exc:
        return Finding("configuration", False, str(exc),
                       "Fix that line, or rename the file to get the demo configuration back.")
    except OSError as exc:
        return Finding("configuration", False, f"{data.config}: {exc.strerror}",
                       "Make the data folder writable.")
    return Finding("configuration", True,
                   f"{data.config}: event {config.event.code}, kiosk {config.kiosk.number}"
                   f" of {config.event.kiosks}")


@check
def database(data: DataDir) -> Finding:
    from kiosk.records.marker import NotInService, check_database

    path = data.database
    try:
        check_database(path, data.keys)
    except NotInService as exc:
        return Finding("database", False, str(exc))
    except sqlite3.DatabaseError:
        pass                              # said below, with what to do
    if not path.exists():
        return Finding("database", True, f"{path} (not created yet; made on first start)")
    try:
        conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            records = conn.execute("SELECT COUNT(*) FROM records").fetchone()[0] \
                if version else 0
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return Finding("database", False, f"{path}: {exc}",
                       "Do not delete it: copy the file and the -wal file to a stick and call "
                       "the central office's IT staff.")
    if result != "ok":
        return Finding("database", False, f"{path}: integrity check says {result}",
                       "Stop using this kiosk; copy the file and the -wal file and call IT.")
    if version > len(MIGRATIONS):
        return Finding("database", False,
                       f"{path}: schema version {version} is newer than this program knows "
                       f"({len(MIGRATIONS)})", "Install the newer kiosk version.")
    return Finding("database", True,
                   f"{path}: integrity ok, schema {version}, {mode}, {records} records")


def run_checks(data: DataDir) -> list[Finding]:
    findings = []
    for fn in CHECKS:
        try:
            findings.append(fn(data))
        except Exception as exc:  # a check that breaks is itself a finding, not a traceback
            findings.append(Finding(fn.__name__.replace("_", " "), False,
                                    f"check failed: {type(exc).__name__}: {exc}",
                                    "Report this to IT with the output of kiosk doctor."))
    return findings



# -- slips: the signing key and the printer ------------------------------------------------
@check
def signing_key(data: DataDir) -> Finding:
    import stat

    from kiosk.records.keys import SIGNING_KEY_FILE, load_private_key, public_key_b64

    path = data.keys / SIGNING_KEY_FILE
    known, records = _remembered_key(data)
    if not path.exists():
        if known:
            return Finding("signing key", False,
                           f"{path} is missing, but this kiosk has signed with its key "
                           f"(public {known}; records up to number {records}): a new key is "
                           "never made by itself",
                           "Put the key file back from the kiosk's backup. If it is lost for "
                           "good, an officer replaces it on the record with `kiosk keys "
                           "rotate` (slips issued before stay valid).")
        return Finding("signing key", True, f"{path} (not there yet; made on the first slip)")
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        return Finding("signing key", False, f"{path} can be read by others (mode {mode:o})",
                       f"Run: chmod 600 {path}")
    try:
        key = load_private_key(path)
    except (ValueError, TypeError) as exc:
        return Finding("signing key", False, f"{path}: not a usable Ed25519 key ({exc})",
                       "Restore the key file from the kiosk's backup; if it is lost for good, "
                       "an officer runs `kiosk keys rotate`.")
    public = public_key_b64(key)
    if known and public != known:
        return Finding("signing key", False,
                       f"{path} is not the key this kiosk signs with (expected public {known}, "
                       f"found {public})",
                       "Put this kiosk's own key file back from its backup; to change keys "
                       "deliberately, an officer runs `kiosk keys rotate`.")
    return Finding("signing key", True, f"{path} (owner-only; public {public})")


def _remembered_key(data: DataDir) -> tuple[str | None, int]:
    """(public key this kiosk remembers signing with, the last record number issued)."""
    from kiosk.records.marker import NotInService, database_facts, read_marker

    facts = None
    if data.database.exists() and data.database.stat().st_size:
        try:
            facts = database_facts(data.database)
        except sqlite3.DatabaseError:
            facts = None
    try:
        marker = read_marker(data.keys)
    except NotInService:
        marker = None
    known = (facts.public_key if facts else None) or (marker.public_key if marker else None)
    return known, max(facts.last_seq if facts else 0, marker.last_seq if marker else 0)


@check
def printer(data: DataDir) -> Finding:
    from kiosk.slips.status import printer_status

    try:
        config = load_or_create(data.config)
    except (ConfigError, OSError):
        return Finding("printer", False, "not checked: the configuration cannot be read",
                       "Fix the configuration first (see above).")
    ok, message = printer_status(config, data)
    todo = "" if ok else ("Fix the printer or its [printer] settings in kiosk.toml; until then "
                          "citizens are told to ask an officer, who reprints with "
                          "`kiosk reprint CODE --out FILE.pdf`.")
    return Finding("printer", ok, f"{config.printer.backend}: {message}", todo)
@check
def central_key(data: DataDir) -> Finding:
    """The key day exports are encrypted to: optional for a demo, must be usable when set."""
    from kiosk.export.crypto import KeyFileError, fingerprint, load_central_public

    config = load_or_create(data.config)
    source = config.event.central_public_key
    if not source:
        return Finding("central key", True, "not set: `kiosk export` needs --central-key until "
                       "event.central_public_key names central-public.pem")
    path = source if source.lstrip().startswith("-----BEGIN") else data.root / source
    try:
        key = load_central_public(path)
    except KeyFileError as exc:
        return Finding("central key", False, str(exc),
                       "Copy the office's central-public.pem here and name it in "
                       "event.central_public_key.")
    return Finding("central key", True, f"fingerprint {fingerprint(key)[:16]}...")


@check
def personal_data_files(data: DataDir) -> Finding:
    """Database, slips, keys and reports readable by the kiosk's user alone (0700/0600)."""
    from kiosk.booth.privacy import loose_paths

    try:
        config = load_or_create(data.config)
    except (ConfigError, OSError):
        config = None
    loose = loose_paths(data, config)
    if not loose:
        return Finding("personal data files", True, "owner-only (folders 0700, files 0600)")
    shown = ", ".join(f"{path} ({mode:o})" for path, mode in loose[:4])
    more = f" and {len(loose) - 4} more" if len(loose) > 4 else ""
    tops = [folder for folder in [data.root] + _outside(data, config)
            if any(path.is_relative_to(folder) for path, _ in loose)]
    commands = "; ".join(f"chmod -R go-rwx {top}" for top in tops)
    return Finding("personal data files", False,
                   f"other users of this machine can read {shown}{more}",
                   f"Run: {commands} (the kiosk also tightens them when it starts).")


def _outside(data: DataDir, config: Config | None) -> list[Path]:
    """Folders of personal data outside the data folder (printer.pdf_dir elsewhere)."""
    from kiosk.booth.privacy import folders

    return [f for f in folders(data, config) if not f.is_relative_to(data.root)]


@check
def kiosk_pin(data: DataDir) -> Finding:
    """kiosk.exit_pin: chosen (not empty, not a PIN ever shipped), and kept as a hash; a
    PIN still written in digits is replaced by its hash here."""
    from kiosk.booth.build import Booth
    from kiosk.event.clock import SystemClock
    from kiosk.officer.kiosk_pin import SETTING

    where = f"{SETTING} in {data.config}"
    try:
        pin = Booth(data, clock=SystemClock()).kiosk_pin()
    except (ConfigError, OSError):
        return Finding("kiosk PIN", False, "not checked: the configuration cannot be read",
                       "Fix the configuration first (see above).")
    if not pin.chosen:
        why = ("is a demo PIN an earlier version shipped: it was published, so anyone may "
               "know it" if pin.published else "is empty: no kiosk PIN is chosen yet")
        return Finding("kiosk PIN", False, f"{where} {why}",
                       "Choose one before the kiosk goes into service: run `kiosk officer "
                       "kiosk-pin` (6 to 8 digits, typed twice), or do the first-run set-up "
                       "on the kiosk's screen.")
    if pin.plain and not pin.migrate():
        return Finding("kiosk PIN", False, f"{where} is written in plain digits and the "
                       "file cannot be changed",
                       "Make kiosk.toml writable and run `kiosk doctor` again (it replaces "
                       "the digits by their hash), or run `kiosk officer kiosk-pin`.")
    return Finding("kiosk PIN", True, f"{where}: chosen, kept as a hash")
