"""Make the example bundle of docs/bundle-format.md from a real export, and put its manifest
in the doc: a reader in another language can check itself against it.

    python3 tools/bundle_example.py          # rewrites docs/examples/bundle-v1/ and the doc

Writes into docs/examples/bundle-v1/: the bundle (a synthetic event day: made-up citizens
only), `records.jsonl` (its decrypted lines), `kiosk-keys.txt` (the kiosk's public key, as
`kiosk keys show` prints it) and `example-central-private.pem` (the central key it is
encrypted to: an example, published, never to be used for real bundles). The manifest
between the markers in docs/bundle-format.md is replaced by this bundle's, indented.
tests/kiosk/export/test_example.py holds the doc, the files and the writer to each other.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from kiosk.citizen.registrar import Registrar  # noqa: E402
from kiosk.event.catalogue import load_catalogue  # noqa: E402
from kiosk.event.clock import FakeClock  # noqa: E402
from kiosk.export.crypto import (  # noqa: E402
    load_central_private,
    load_central_public,
    make_central_keypair,
)
from kiosk.export.day import DayExporter  # noqa: E402
from kiosk.export.verify import verify_bundle  # noqa: E402
from kiosk.officer.accounts import Officers  # noqa: E402
from kiosk.queue.console import QueueConsole  # noqa: E402
from kiosk.records.keys import public_key_b64  # noqa: E402
from kiosk.records.store import Store  # noqa: E402
from tests.helpers.factories import adult_form, complaint_form, config  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "docs" / "examples" / "bundle-v1"
DOC = ROOT / "docs" / "bundle-format.md"
START, END = "<!-- example manifest: start -->", "<!-- example manifest: end -->"
CENTRAL = "example-central-private.pem"


def make(folder: Path = FOLDER) -> Path:
    """Export a short synthetic day into `folder`; the bundle's path."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        store = Store(work / "kiosk.sqlite3")
        clock = FakeClock(dt.datetime(2019, 10, 23, 1, 30, tzinfo=dt.UTC))   # 09:30 WITA
        cfg, catalogue = config(), load_catalogue()
        registrar = Registrar(store, cfg, catalogue, clock)
        registrar.submit_application(adult_form(), submission_id=str(uuid.uuid4()))
        clock.advance(4 * 60)
        registrar.submit_complaint(complaint_form(identity="confidential"),
                                   submission_id=str(uuid.uuid4()))
        officer = Officers(store, clock).create_officer("Andi Pratama", "480915")
        clock.advance(60)
        queue = QueueConsole(store, cfg, catalogue, clock)
        ticket = queue.call_next("1", None, officer)
        clock.advance(11 * 60)
        queue.mark_served(ticket.code, officer=officer)
        clock.set(dt.datetime(2019, 10, 23, 9, 0, tzinfo=dt.UTC))             # 17:00 WITA
        private, public = make_central_keypair(work / "central")
        key = Ed25519PrivateKey.generate()
        result = DayExporter(store, cfg, clock, key).export_day(
            work, day=dt.date(2019, 10, 23), central_key=load_central_public(public))
        trusted = {store.kiosk_id: public_key_b64(key)}
        bundle = verify_bundle(result.path, kiosk_keys=trusted,
                               central_key=load_central_private(private))
        store.close()
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        shutil.copyfile(result.path, folder / result.path.name)
        shutil.copyfile(private, folder / CENTRAL)
        (folder / "kiosk-keys.txt").write_text(
            "# The kiosks this office trusts: one line each, as `kiosk keys show` prints it.\n"
            + "".join(f'{kid} = "{b64}"\n' for kid, b64 in trusted.items()), encoding="utf-8")
        assert bundle.records is not None
        (folder / "records.jsonl").write_bytes(b"".join(r.line() + b"\n"
                                                        for r in bundle.records))
        return folder / result.path.name


def manifest_block(manifest: dict) -> str:
    """The manifest as the doc shows it: keys sorted, indented by two."""
    return "```json\n" + json.dumps(manifest, indent=2, sort_keys=True,
                                    ensure_ascii=False) + "\n```"


def put_in_doc(manifest: dict, doc: Path = DOC) -> None:
    """The manifest between the markers, and the kiosk's key line as section 1's sample."""
    text = doc.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    text = f"{head}{START}\n{manifest_block(manifest)}\n{END}{tail}"
    line = f'{manifest["kiosk"]["id"]} = "{manifest["kiosk"]["public_key"]}"'
    text = re.sub(r'^k[0-9a-f]{8} = "[^"]*"$', line, text, count=1, flags=re.M)
    doc.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    import zipfile

    path = make()
    with zipfile.ZipFile(path) as zf:
        put_in_doc(json.loads(zf.read("manifest.json")))
    print(path.relative_to(ROOT))
