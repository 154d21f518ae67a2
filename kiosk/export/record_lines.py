"""Step 10 of verifying a bundle (docs/bundle-format.md, section 8): its record lines.

``check_records`` applies rules 10.1 to 10.9 line by line and names the first broken rule.
Before it, ``plain_records`` reads a day's thousands of lines the quick way: it applies the
same rules but takes only lines that keep every one of them plainly (a line and payload
written canonically, as the kiosk writes them, are read by msgspec and checked by writing
them back), and gives up (None) at the first thing that is not; then the rule-by-rule
reading runs over the whole text and says which rule broke. A bundle the kiosk wrote is
plain throughout, so the office reads it once, quickly; only a broken (or unusually
written but valid) bundle is read twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter

import msgspec

from kiosk.export import strict_json
from kiosk.export.invalid import BundleInvalid
from kiosk.export.manifest import (
    ManifestError,
    check_line,
    is_hex64,
    is_kind,
    is_utc_time,
    is_uuid,
    parse_json_object,
    sha256_hex,
    time_zone,
)
from kiosk.records.record import LINE_SCHEMA, TEXT_OR_NULL, Record


def check_records(manifest: dict, items: list[dict], plaintext: bytes) -> list[Record]:
    """Rules 10.1 to 10.9, line by line in order, then the totals.

    A day's thousands of lines are first read by ``plain_records``, which takes only the
    plain case and gives up (None) at anything else; then this rule-by-rule reading runs
    and names the first broken rule. Both apply every rule: the first is only quicker."""
    if not plaintext.endswith(b"\n"):
        raise BundleInvalid("records", "records.jsonl does not end with a newline", "10.1")
    lines = plaintext[:-1].split(b"\n")
    if len(lines) != len(items):
        raise BundleInvalid("records", f"{len(lines)} lines for {len(items)} manifest items",
                            "10.1")
    kiosk_id = manifest["kiosk"]["id"]
    day_start, day_end = day_bounds(manifest) if "day" in manifest else ("0", "~")
    plain = plain_records(manifest, items, lines, day_start, day_end)
    if plain is not None:
        return plain
    out = []
    for n, (line, item) in enumerate(zip(lines, items, strict=True), start=1):
        if sha256_hex(line) != item["sha256"]:
            raise BundleInvalid("records", f"line {n} (seq {item['seq']}) does not match its "
                                "SHA-256 in the manifest", "10.2")
        try:
            rec = parse_json_object(line, f"line {n}", rule="10.3", flat=True)
            check_line(rec, f"line {n}")
        except ManifestError as exc:
            raise BundleInvalid("records", exc.detail, exc.rule) from None
        check_line_values(rec, item, n, kiosk_id)
        if not day_start <= rec["created_utc"] < day_end:
            raise BundleInvalid("records", f"line {n} was made at {rec['created_utc']}, not on "
                                f"{manifest['day']} in {manifest['event']['timezone']}",
                                "10.5")
        try:
            payload = parse_json_object(rec["payload"], f"line {n}'s payload", rule="10.6")
        except ManifestError as exc:
            raise BundleInvalid("records", exc.detail, exc.rule) from None
        if not rec["redacted"] and sha256_hex(rec["payload"].encode("utf-8")) != \
                rec["payload_sha256"]:
            raise BundleInvalid("records", f"line {n}: the payload does not match its SHA-256",
                                "10.7")
        out.append(Record.from_line(rec, payload))   # the value read by the rules, parsed once
    if dict(Counter(r.kind for r in out)) != manifest["records"]["counts"]:
        raise BundleInvalid("records", "the kinds of the records differ from the manifest counts",
                            "10.8")
    if sum(r.redacted for r in out) != manifest["records"]["redacted"]:
        raise BundleInvalid("records", "the redacted count differs from the records", "10.9")
    return out


def plain_records(manifest: dict, items: list[dict], lines: list[bytes], day_start: str,
                  day_end: str) -> list[Record] | None:
    """Rules 10.2 to 10.9 for lines that keep every rule plainly: the records, or None at
    the first thing that is not (then check_records reads line by line and says which rule
    broke). A line or payload written exactly as the kiosk writes it is read by
    ``canonical_line`` and strict_json.canonical_object (msgspec, read and written back
    byte for byte: a quarter of a day's verification saved); any other is read by
    strict_json's own decoder (J2 to J4) in one call, from its first character to its
    last, and one with a BOM, white space around it, a \\u escape (J5) or more openers
    than MAX_DEPTH (J6) is not plain.

    Per line: its SHA-256 (10.2); read, and check_line (10.3); the item's seq and uuid,
    this kiosk, a kind name (checked once per name), supersedes, a real UTC time (10.4);
    on the day (10.5); the payload's SHA-256 when not redacted (10.7), then the payload
    read as an object (10.6; hashing first is the cheaper refusal); the totals at the end."""
    scan, kiosk_id, sha256 = strict_json.scan_once, manifest["kiosk"]["id"], hashlib.sha256
    canonical_object, max_depth = strict_json.canonical_object, strict_json.MAX_DEPTH
    from_row = Record.from_row
    kinds: set[str] = set()
    out: list[Record] = []
    try:
        for line, item in zip(lines, items, strict=True):
            if sha256(line).hexdigest() != item["sha256"]:
                return None
            fields = canonical_line(line)
            if fields is None:          # read by the rules
                text = line.decode("utf-8")
                if "\\u" in text:
                    return None
                rec, end = scan(text, 0)
                if end != len(text):
                    return None
                check_line(rec, "")
                fields = (rec["seq"], rec["uuid"], rec["kiosk_id"], rec["kind"],
                          rec["created_utc"], rec["payload"], rec["payload_sha256"],
                          rec["supersedes"], rec["redacted"])
            seq, uuid, kiosk, kind, created, body, body_sha256, supersedes, redacted = fields
            if seq != item["seq"] or uuid != item["uuid"] or kiosk != kiosk_id or \
                    not day_start <= created < day_end or \
                    (supersedes is not None and not is_uuid(supersedes)) or \
                    not is_utc_time(created):
                return None
            if kind not in kinds:
                if not is_kind(kind):
                    return None
                kinds.add(kind)
            body_bytes = body.encode("utf-8")
            if (not redacted and sha256(body_bytes).hexdigest() != body_sha256) or \
                    body.count("{") + body.count("[") > max_depth:
                return None
            payload = canonical_object(body_bytes)
            if payload is None:         # read by the rules
                if "\\u" in body:
                    return None
                payload, end = scan(body, 0)
                if end != len(body) or type(payload) is not dict:
                    return None
            out.append(from_row(fields, payload))      # the payload parsed once
    except (ValueError, StopIteration, RecursionError, ManifestError):
        return None
    if dict(Counter(r.kind for r in out)) != manifest["records"]["counts"] or \
            sum(r.redacted for r in out) != manifest["records"]["redacted"]:
        return None
    return out


# LINE_SCHEMA's fields in canonical JSON's (sorted) order; its text formats are text.
_JSON_TYPE = {int: int, bool: bool, TEXT_OR_NULL: str | None}
_LINE = msgspec.defstruct("Line", [(name, _JSON_TYPE.get(kind, str))
                                   for name, kind in sorted(LINE_SCHEMA.items())],
                          forbid_unknown_fields=True)
_LINE_READER = msgspec.json.Decoder(_LINE)
_LINE_WRITER = msgspec.json.Encoder()


def canonical_line(line: bytes) -> tuple | None:
    """A record line's fields in Record's order (seq, uuid, kiosk_id, kind, created_utc,
    payload, payload_sha256, supersedes, redacted) when the line is written exactly as
    Record.line() writes it and check_line would pass it (each field of its JSON type, the
    hash 64 lowercase hex digits, the time 27 characters ending in Z); else None, which
    says nothing of whether it is valid: read it by the rules. Read by msgspec into the
    line's fields and written back out, byte for byte the same (so J1, J2 and J5 hold, as
    for strict_json.canonical_object; the seq is checked for J4)."""
    try:
        read = _LINE_READER.decode(line)
        if _LINE_WRITER.encode(read) != line:
            return None
    except (msgspec.DecodeError, msgspec.EncodeError, UnicodeError):
        return None
    if not -strict_json.MAX_INT <= read.seq <= strict_json.MAX_INT or \
            not is_hex64(read.payload_sha256) or \
            len(read.created_utc) != 27 or not read.created_utc.endswith("Z"):
        return None
    return (read.seq, read.uuid, read.kiosk_id, read.kind, read.created_utc, read.payload,
            read.payload_sha256, read.supersedes, read.redacted)


def check_line_values(rec: dict, item: dict, n: int, kiosk_id: str) -> None:
    """Rule 10.4: the line is the item it hashes to, of this kiosk, with well-formed values."""
    if (rec["seq"], rec["uuid"]) != (item["seq"], item["uuid"]):
        raise BundleInvalid("records", f"line {n} is not seq {item['seq']}", "10.4")
    if rec["kiosk_id"] != kiosk_id:
        raise BundleInvalid("records", f"line {n} belongs to kiosk {rec['kiosk_id']}", "10.4")
    if not is_kind(rec["kind"]):
        raise BundleInvalid("records", f"line {n}: kind {rec['kind'][:40]!r} is not a kind name",
                            "10.4")
    if rec["supersedes"] is not None and not is_uuid(rec["supersedes"]):
        raise BundleInvalid("records", f"line {n}: supersedes is neither null nor a UUID",
                            "10.4")
    if not is_utc_time(rec["created_utc"]):
        raise BundleInvalid("records", f"line {n}: created_utc {rec['created_utc']!r} is not a "
                            "real UTC time", "10.4")


def day_bounds(manifest: dict) -> tuple[str, str]:
    """The first instant of the bundle's day and of the next, in the event's time zone, as
    UTC texts of the records' own form (they compare as text). At the ends of the calendar
    (years 1 and 9999) a bound beyond it becomes a text below or above every time."""
    zone = time_zone(manifest["event"]["timezone"])
    assert zone is not None                     # rule 2.10
    day = dt.date.fromisoformat(manifest["day"])
    texts = []
    for offset, beyond in ((0, "0"), (1, "~")):
        try:
            local = dt.datetime.combine(day + dt.timedelta(days=offset), dt.time(), tzinfo=zone)
            utc = local.astimezone(dt.UTC).replace(tzinfo=None)
            texts.append(utc.isoformat(timespec="microseconds") + "Z")
        except OverflowError:
            texts.append(beyond)
    return texts[0], texts[1]
