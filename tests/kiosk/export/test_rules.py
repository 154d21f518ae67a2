"""Every rule of docs/bundle-format.md section 8, broken once in a bundle re-signed with the
kiosk's own key: each is refused at its step and names its rule; the doc and the table agree."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from kiosk.export import crypto
from kiosk.export.container import MANIFEST, RECORDS, SIGNATURE
from kiosk.export.verify import verify_bundle
from kiosk.records.canonical import sha256_hex
from kiosk.records.keys import public_key_b64
from tests.helpers.forge import Forge, edit_line, replace_in_line, replace_text
from tests.kiosk.export.conftest import verdict as _verdict

DAY = dt.date(2019, 10, 23)
DOC = Path(__file__).resolve().parents[3] / "docs" / "bundle-format.md"
STEPS = ["container", "manifest", "kiosk_key", "signature", "chain", "index", "ciphertext",
         "key", "decrypt", "records"]
OTHER_KEY = Ed25519PrivateKey.generate()
OTHER_UUID = "0f0e0d0c-0b0a-4908-8706-050403020100"


@dataclass(frozen=True)
class Case:
    """One broken rule: `rule` as the doc numbers it, what was done, how to build it."""

    rule: str
    what: str
    build: dict = field(default_factory=dict)     # Forge.build keyword arguments
    raw: Callable[[Forge], bytes] | None = None   # a whole file made otherwise
    previous: bool = False                        # check the link to the real bundle
    keys: Callable[[dict], dict] | None = None    # change the trusted kiosk keys


def _set(path: str, value) -> Callable[[dict], None]:
    """A manifest change: set the dotted `path` ("records.items.0.uuid") to `value`."""
    def apply(m: dict) -> None:
        *parents, last = path.split(".")
        node = m
        for p in parents:
            node = node[int(p)] if isinstance(node, list) else node[p]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return apply


def _zip(entries: list[tuple[str, bytes]], *, deflate: bool = False,
         date=(1980, 1, 1, 0, 0, 0)) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=date)
            info.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
            info.create_system, info.external_attr = 3, 0o100644 << 16
            zf.writestr(info, data)
    return buf.getvalue()


def _members(forge: Forge) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(forge.build())) as zf:
        return [(n, zf.read(n)) for n in zf.namelist()]


def _with(name: str, change: Callable[[bytes], bytes]) -> Callable[[dict], dict]:
    def apply(parts: dict) -> dict:
        return dict(parts, **{name: change(parts[name])})
    return apply


def _resign(key: Ed25519PrivateKey) -> Callable[[dict], dict]:
    return lambda parts: dict(parts, **{SIGNATURE: key.sign(parts[MANIFEST])})


def _twelve_other_bytes(m: dict) -> None:
    nonce = crypto.unb64(m["encryption"]["content"]["nonce"])
    m["encryption"]["content"]["nonce"] = crypto.b64(bytes(b ^ 1 for b in nonce))


def _nested(depth: int) -> Callable[[str], str]:
    def apply(text: str) -> str:
        return re.sub(r'"generator":"[^"]*"', f'"generator":{"[" * depth}{"]" * depth}', text)
    return apply


def _unused_bits_set(b64: str) -> str:
    """The same 32 bytes in base64 whose last character's unused low bits are not 0."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    last = alphabet[alphabet.index(b64[42]) | 1]
    assert crypto.unb64(b64[:42] + last + "=") == crypto.unb64(b64) and last != b64[42]
    return b64[:42] + last + "="


def _same_uuid(lines: list[bytes]) -> list[bytes]:
    return edit_line(1, _set("uuid", json.loads(lines[0])["uuid"]))(lines)


def _count_as_application(kind: str) -> Callable[[dict], None]:
    def apply(m: dict) -> None:
        counts = m["records"]["counts"]
        counts["application"] = counts.get("application", 0) + counts.pop(kind)
    return apply


def _counts(m: dict) -> None:
    counts = m["records"]["counts"]
    counts["application"] -= 1
    counts["complaint"] += 1


CASES = [
    # 1. container
    Case("1.1", "a fourth member", raw=lambda f: _zip(_members(f) + [("notes.txt", b"x")])),
    Case("1.1", "members in another order", raw=lambda f: _zip(list(reversed(_members(f))))),
    Case("1.2", "a compressed member", raw=lambda f: _zip(_members(f), deflate=True)),
    Case("1.3", "another date in the zip headers",
         raw=lambda f: _zip(_members(f), date=(2019, 10, 23, 9, 30, 0))),
    # 2. manifest: reading JSON (section 4)
    Case("2.1", "J1: a byte order mark", build={"text": lambda t: "\ufeff" + t}),
    Case("2.1", "J1: NaN", build={"text": replace_text('"number":1', '"number":NaN')}),
    Case("2.1", "J1: a trailing comma", build={"text": lambda t: t[:-1] + ",}"}),
    Case("2.1", "J2: day twice", build={
        "text": replace_text('"day":"2019-10-23"', '"day":"2019-10-23","day":"2019-10-24"')}),
    Case("2.1", "J2: kiosk.id twice inside kiosk", build={
        "text": lambda t: re.sub(r'"kiosk":\{"id":"(k[0-9a-f]{8})"',
                                 r'"kiosk":{"id":"\1","id":"k00000001"', t)}),
    Case("2.1", "J2: a key repeated through an escape", build={
        "text": replace_text('"day":"2019-10-23"', '"day":"2019-10-23","\\u0064ay":"2019-10-24"')}),
    Case("2.1", "J3: format_version 1.0",
         build={"text": replace_text('"format_version":1', '"format_version":1.0')}),
    Case("2.1", "J3: an exponent", build={"text": replace_text('"number":1', '"number":1e0')}),
    Case("2.1", "J4: an export number beyond 2^53", build={
        "text": replace_text('"export_number":1', '"export_number":18446744073709551617')}),
    Case("2.1", "J5: an unpaired surrogate in the event name", build={
        "text": replace_text('"name":"', '"name":"\\ud800')}),
    Case("2.1", "J6: nested 40 levels deep", build={"text": _nested(40)}),
    Case("2.1", "not an object", build={"text": lambda t: f"[{t}]"}),
    # 2. manifest: fields
    Case("2.2", "another format", build={"manifest": _set("format", "passport-kiosk-bundle2")}),
    Case("2.2", "format version 2", build={"manifest": _set("format_version", 2)}),
    Case("2.3", "an extra field", build={"manifest": _set("note", "hello")}),
    Case("2.3", "kiosk.id as a flat key beside the kiosk object",
         build={"manifest": lambda m: m.update({"kiosk.id": m["kiosk"].pop("id")})}),
    Case("2.3", "kiosk.number as text", build={"manifest": _set("kiosk.number", "1")}),
    Case("2.3", "an item without its sha256",
         build={"manifest": lambda m: m["records"]["items"][0].pop("sha256")}),
    Case("2.4", "bundle_id in capitals",
         build={"manifest": lambda m: m.update(bundle_id=m["bundle_id"].upper())}),
    Case("2.4", "an item's uuid not a UUID",
         build={"manifest": _set("records.items.0.uuid", "not-a-uuid")}),
    Case("2.5", "created on 30 February",
         build={"manifest": _set("created_utc", "2019-02-30T01:30:00.000000Z")}),
    Case("2.5", "created at hour 24",
         build={"manifest": _set("created_utc", "2019-10-23T24:00:00.000000Z")}),
    Case("2.5", "created_utc with a space for T",
         build={"manifest": _set("created_utc", "2019-10-23 01:30:00.000000Z")}),
    Case("2.6", "day 2019-02-30", build={"manifest": _set("day", "2019-02-30")}),
    Case("2.6", "day 20191023", build={"manifest": _set("day", "20191023")}),
    Case("2.6", "day as an ISO week date", build={"manifest": _set("day", "2019-W43-3")}),
    Case("2.6", "day in Arabic-Indic digits", build={"manifest": _set("day", "٢٠١٩-١٠-٢٣")}),
    Case("2.7", "kiosk id in capitals",
         build={"manifest": lambda m: m["kiosk"].update(id=m["kiosk"]["id"].upper())}),
    Case("2.7", "kiosk number 0", build={"manifest": _set("kiosk.number", 0)}),
    Case("2.7", "kiosk number 10", build={"manifest": _set("kiosk.number", 10)}),
    Case("2.8", "a public key in non-canonical base64 (same 32 bytes)",
         build={"manifest": lambda m: m["kiosk"].update(
             public_key=_unused_bits_set(m["kiosk"]["public_key"]))}),
    Case("2.8", "a 16-byte content nonce",
         build={"manifest": _set("encryption.content.nonce", crypto.b64(b"n" * 16))}),
    Case("2.8", "a 47-byte wrapped key",
         build={"manifest": _set("encryption.key_wrap.wrapped_key", crypto.b64(b"w" * 47))}),
    Case("2.9", "a hash in capitals", build={"manifest": lambda m: m["encryption"]["content"]
                                             .update(ciphertext_sha256="AB" * 32)}),
    Case("2.10", "an unknown time zone",
         build={"manifest": _set("event.timezone", "Mars/Olympus_Mons")}),
    Case("2.10", "a path for a time zone",
         build={"manifest": _set("event.timezone", "../../../etc/passwd")}),
    Case("2.11", "a kind name with capitals", build={
        "manifest": lambda m: m["records"].update(counts={
            k.capitalize(): v for k, v in m["records"]["counts"].items()})}),
    Case("2.12", "another encrypted member",
         build={"manifest": _set("encryption.content.member", "records-2.jsonl.enc")}),
    Case("2.12", "another content algorithm",
         build={"manifest": _set("encryption.content.algorithm", "AES-128-GCM")}),
    Case("2.12", "another AAD", build={"manifest": _set("encryption.content.aad", "none")}),
    Case("2.12", "another key wrap",
         build={"manifest": _set("encryption.key_wrap.algorithm", "RSA-OAEP")}),
    Case("2.12", "another HKDF info",
         build={"manifest": _set("encryption.key_wrap.hkdf_info", "v2")}),
    # 3. kiosk_key, 4. signature
    Case("3.1", "a kiosk not on the list", keys=lambda trusted: {}),
    Case("3.2", "the manifest names another key",
         build={"manifest": _set("kiosk.public_key", public_key_b64(OTHER_KEY))}),
    Case("4.1", "a 63-byte signature", build={"members": _with(SIGNATURE, lambda s: s[:63])}),
    Case("4.2", "signed by another key", build={"members": _resign(OTHER_KEY)}),
    Case("4.2", "the manifest changed after signing", build={
        "members": _with(MANIFEST, lambda b: b.replace(b"Pelayanan", b"Pelayanam"))}),
    # 5. chain
    Case("5.1", "export number 0", build={"manifest": _set("chain.export_number", 0)}),
    Case("5.2", "export 1 names a previous manifest",
         build={"manifest": _set("chain.previous_manifest_sha256", "a" * 64)}),
    Case("5.2", "export 3 names none", build={"manifest": _set("chain.export_number", 3)}),
    Case("5.3", "export 2 names another previous manifest", previous=True, build={
        "manifest": lambda m: m["chain"].update(export_number=2,
                                                previous_manifest_sha256="b" * 64)}),
    Case("5.3", "export 3 after export 1", previous=True, build={
        "manifest": lambda m: m["chain"].update(export_number=3,
                                                previous_manifest_sha256="b" * 64)}),
    # 6. index
    Case("6.1", "count one more than the items",
         build={"manifest": lambda m: m["records"].update(count=m["records"]["count"] + 1)}),
    Case("6.2", "items out of order",
         build={"manifest": lambda m: m["records"]["items"].reverse()}),
    Case("6.2", "a record numbered 0", build={"lines": edit_line(0, _set("seq", 0))}),
    Case("6.3", "seq_first is not the first item's",
         build={"manifest": lambda m: m["records"].update(seq_first=m["records"]["seq_first"]
                                                          + 1)}),
    Case("6.4", "two lines share a uuid", build={"lines": _same_uuid}),
    Case("6.5", "counts add up to one more",
         build={"manifest": lambda m: m["records"]["counts"].update(key_rotation=1)}),
    Case("6.5", "a kind counted 0 times",
         build={"manifest": lambda m: m["records"]["counts"].update(key_rotation=0)}),
    Case("6.6", "more redacted than records",
         build={"manifest": lambda m: m["records"].update(redacted=m["records"]["count"] + 1)}),
    Case("6.6", "a negative redacted count", build={"manifest": _set("records.redacted", -1)}),
    # 7. ciphertext, 8. key, 9. decrypt
    Case("7.1", "a size one byte off", build={"manifest": lambda m: m["encryption"]["content"]
                                             .update(ciphertext_size=m["encryption"]["content"]
                                                     ["ciphertext_size"] - 1)}),
    Case("7.1", "the encrypted member changed after signing",
         build={"members": _with(RECORDS, lambda b: bytes([b[0] ^ 1]) + b[1:])}),
    Case("8.1", "made for another central key",
         build={"manifest": _set("encryption.key_wrap.recipient_public_key_sha256",
                                 crypto.fingerprint(X25519PrivateKey.generate()))}),
    Case("8.2", "a wrapped key that does not open",
         build={"manifest": _set("encryption.key_wrap.wrapped_key", crypto.b64(b"w" * 48))}),
    Case("9.1", "another content nonce", build={"manifest": _twelve_other_bytes}),
    # 10. records
    Case("10.1", "no newline after the last line",
         build={"plaintext": lambda b: b[:-1]}),
    Case("10.1", "an extra empty line", build={"plaintext": lambda b: b + b"\n"}),
    Case("10.2", "a line that is not the one hashed",
         build={"manifest": _set("records.items.0.sha256", sha256_hex(b"another line"))}),
    Case("10.3", "J2: a line repeats kind", build={
        "lines": replace_in_line(0, '"kind":"application"',
                                 '"kind":"application","kind":"application"')}),
    Case("10.3", "J3: a line's seq written 1.0",
         build={"lines": replace_in_line(0, '"seq":1,', '"seq":1.0,')}),
    Case("10.3", "a line with an extra field", build={"lines": edit_line(0, _set("x", 1))}),
    Case("10.3", "redacted as text", build={"lines": edit_line(0, _set("redacted", "false"))}),
    Case("10.4", "an item naming another uuid than its line",
         build={"manifest": _set("records.items.0.uuid", OTHER_UUID)}),
    Case("10.4", "a line of another kiosk",
         build={"lines": edit_line(0, _set("kiosk_id", "k00000000"))}),
    Case("10.4", "a kind name with a space", build={
        "lines": edit_line(0, _set("kind", "application form")),
        "manifest": _count_as_application("application form")}),
    Case("10.4", "supersedes that is not a UUID",
         build={"lines": edit_line(0, _set("supersedes", "A-001"))}),
    Case("10.4", "a record made on 30 February",
         build={"lines": edit_line(0, _set("created_utc", "2019-02-30T01:30:00.000000Z"))}),
    Case("10.5", "a record of the day before",
         build={"lines": edit_line(0, _set("created_utc", "2019-10-22T10:00:00.000000Z"))}),
    Case("10.5", "a record at 00:30 WITA the next day (the same UTC date)",
         build={"lines": edit_line(0, _set("created_utc", "2019-10-23T16:30:00.000000Z"))}),
    Case("10.6", "a payload that is not JSON",
         build={"lines": edit_line(0, lambda r: r.update(
             payload="not json", payload_sha256=sha256_hex(b"not json")))}),
    Case("10.6", "J2: a payload that repeats a key", build={
        "lines": edit_line(0, lambda r: r.update(
            payload='{"service":"NEW","service":"LOST"}',
            payload_sha256=sha256_hex(b'{"service":"NEW","service":"LOST"}')))}),
    Case("10.6", "a payload that is a list",
         build={"lines": edit_line(0, lambda r: r.update(payload="[]",
                                                        payload_sha256=sha256_hex(b"[]")))}),
    Case("10.7", "a payload changed, its hash not",
         build={"lines": edit_line(0, lambda r: r.update(payload='{"service":"LOST"}'))}),
    Case("10.8", "counts that move a record to another kind",
         build={"manifest": _counts}),
    Case("10.9", "a redacted count the lines do not have",
         build={"manifest": _set("records.redacted", 1)}),
]


def test_every_rule_broken_once_is_refused_at_its_step(forge, trusted, central):
    """Each row breaks one rule of a real bundle and re-signs it with the kiosk's own key:
    refused, at the step the rule belongs to, naming the rule. A bundle refused in steps 1
    to 7 is refused the same without the central key (those steps need none)."""
    real = verify_bundle(forge.build(), kiosk_keys=trusted, central_key=central[0])
    assert real.records and real.export_number == 1          # the forge itself makes good ones
    wrong = []
    for case in CASES:
        data = case.raw(forge) if case.raw else forge.build(**case.build)
        keys = case.keys(trusted) if case.keys else trusted
        previous = real if case.previous else None
        step, rule, reason = _verdict(data, keys, central, previous)
        expected = STEPS[int(case.rule.split(".")[0]) - 1]
        if (step, rule if expected != "container" else case.rule) != (expected, case.rule):
            wrong.append(f"{case.rule} {case.what}: got {step} {rule} {reason}")
        elif STEPS.index(expected) < 7 and \
                _verdict(data, keys, central, previous, decrypt=False)[:2] != (step, rule):
            wrong.append(f"{case.rule} {case.what}: another verdict without the central key")
    assert wrong == []


def test_a_record_at_local_midnight_belongs_to_the_day(forge, trusted, central):
    """The day's bounds are local midnights: 16:00 UTC the day before is 00:00 WITA."""
    start = forge.build(lines=edit_line(0, _set("created_utc", "2019-10-22T16:00:00.000000Z")))
    last = forge.build(lines=edit_line(0, _set("created_utc", "2019-10-23T15:59:59.999999Z")))
    for data in (start, last):
        assert _verdict(data, trusted, central)[0] == "accepted"


def test_the_doc_and_the_table_name_the_same_rules():
    """Every rule the doc's section 8 numbers is broken by at least one row, and every row
    breaks a rule the doc states; J1 to J6 of section 4 each have a row."""
    text = DOC.read_text(encoding="utf-8")
    section8 = text[text.index("## 8."):text.index("## 9.")]
    documented = set(re.findall(r"^\s*- \*\*(\d+\.\d+)\*\*", section8, flags=re.M))
    tested = {c.rule for c in CASES}
    assert documented == tested, (documented ^ tested)
    json_rules = set(re.findall(r"^\s*- \*\*(J\d)\*\*", text, flags=re.M))
    assert json_rules == {"J1", "J2", "J3", "J4", "J5", "J6"}
    assert json_rules <= {w.split(":")[0] for c in CASES for w in [c.what] if w.startswith("J")}


def test_the_doc_lists_the_rules_in_the_order_the_reader_runs_them():
    """Rule numbers rise through section 8, so its order is the reader's order."""
    text = DOC.read_text(encoding="utf-8")
    section8 = text[text.index("## 8."):text.index("## 9.")]
    found = [tuple(int(p) for p in r.split("."))
             for r in re.findall(r"^\s*- \*\*(\d+\.\d+)\*\*", section8, flags=re.M)]
    assert found == sorted(found) and len(found) == len(set(found)) > 40
