"""docs/bundle-format.md's example manifest is a real bundle's, the example files beside it
verify, and a bundle the kiosk writes today has the example's fields, types and fixed values."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
import zipfile
from pathlib import Path

from kiosk.export.crypto import load_central_private
from kiosk.export.trusted import load_trusted_kiosks
from kiosk.export.verify import verify_bundle
from kiosk.records.canonical import canonical_json
from tests.helpers.factories import adult_form

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "bundle-format.md"
EXAMPLE = ROOT / "docs" / "examples" / "bundle-v1"
FIXED = ("format", "format_version", "encryption.content.algorithm",
         "encryption.content.member", "encryption.content.aad",
         "encryption.key_wrap.algorithm", "encryption.key_wrap.hkdf_info")


def doc_manifest() -> dict:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"<!-- example manifest: start -->\n```json\n(.*?)\n```\n"
                      r"<!-- example manifest: end -->", text, flags=re.S)
    assert block, "the example manifest's markers are gone from the doc"
    return json.loads(block.group(1))


def example_bundle() -> Path:
    (path,) = EXAMPLE.glob("*.zip")
    return path


def shape(value, path: str = "") -> dict[str, str]:
    """Dotted path -> JSON type name, for every field (list items as path[])."""
    if isinstance(value, dict):
        out = {path: "object"} if path else {}
        for key, sub in value.items():
            out.update(shape(sub, f"{path}.{key}" if path else key))
        return out
    if isinstance(value, list):
        out = {path: "list"}
        for item in value:
            out.update(shape(item, path + "[]"))
        return out
    return {path: type(value).__name__}


def pick(manifest: dict, dotted: str):
    for part in dotted.split("."):
        manifest = manifest[part]
    return manifest


def test_the_doc_shows_the_example_bundles_manifest():
    """The indented manifest in section 11 is, value for value, the example file's, whose
    bytes are canonical JSON; section 1's key line is the example kiosk's."""
    with zipfile.ZipFile(example_bundle()) as zf:
        raw = zf.read("manifest.json")
    assert doc_manifest() == json.loads(raw)
    assert canonical_json(json.loads(raw)).encode("utf-8") == raw
    line = (EXAMPLE / "kiosk-keys.txt").read_text(encoding="utf-8").splitlines()[-1]
    assert f"\n{line}\n" in DOC.read_text(encoding="utf-8")


def test_the_example_bundle_passes_with_the_files_beside_it():
    """Trusted list and central key of the example folder: every step passes, and the
    records decrypt to exactly the lines of records.jsonl."""
    bundle = verify_bundle(example_bundle(),
                           kiosk_keys=load_trusted_kiosks(EXAMPLE / "kiosk-keys.txt"),
                           central_key=load_central_private(
                               EXAMPLE / "example-central-private.pem"))
    assert bundle.records is not None
    lines = b"".join(r.line() + b"\n" for r in bundle.records)
    assert lines == (EXAMPLE / "records.jsonl").read_bytes()
    assert {r.kind for r in bundle.records} >= {"application", "complaint", "queue_event"}


def test_a_bundle_written_today_has_the_examples_shape(registrar, exporter, central, stick,
                                                       trusted):
    """Same fields at every level, same JSON types, same fixed values, same item fields: a
    change to the writer that the doc does not show fails here (rerun
    tools/bundle_example.py and say what changed in the doc)."""
    registrar.submit_application(adult_form(), submission_id=str(uuid.uuid4()))
    path = exporter.export_day(stick, day=dt.date(2019, 10, 23), central_key=central[2]).path
    written = verify_bundle(path, kiosk_keys=trusted, central_key=central[0]).manifest
    example = doc_manifest()
    ignore = re.compile(r"^records\.counts\.")      # which kinds a day holds varies
    assert {k: v for k, v in shape(written).items() if not ignore.match(k)} == \
        {k: v for k, v in shape(example).items() if not ignore.match(k)}
    for field in FIXED:
        assert pick(written, field) == pick(example, field), field
