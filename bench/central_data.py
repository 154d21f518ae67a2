"""Synthetic kiosk records for the central office's benchmarks: realistic payloads, built
as day bundles with the kiosks' own writer, and plain rows for bulk loading."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from kiosk.event.config import default_config_text, parse
from kiosk.export.bundle import build_bundle
from kiosk.export.manifest import ZERO_HASH
from kiosk.records.canonical import canonical_json, sha256_hex
from kiosk.records.keys import public_key_b64
from kiosk.records.record import Record

NAMES = ["BUDI", "SITI", "RAHMAT", "NUR'AINI", "AGUS", "DEWI", "FADLI", "SRI", "YUSUF", "RINA",
         "HENDRA", "WULAN", "IRFAN", "FITRI", "ARIF", "LESTARI", "ANDI", "MAYA", "JOKO", "PUTRI"]
FAMILY = ["SANTOSO", "HASAN", "MOKOGINTA", "GOBEL", "PAKAYA", "DAUD", "HABIBIE", "LAMATO",
          "PODUNGGE", "KATILI", "NUSI", "ALI-UNO", "WIDODO", "SUHARTO", "TAMBUNAN", "SIREGAR"]


@dataclass
class BenchKiosk:
    kiosk_id: str
    number: int
    key: Ed25519PrivateKey
    seq: int = 0

    @property
    def public_key(self) -> str:
        return public_key_b64(self.key)


def payload(kind: str, rng: random.Random, *, code: str, ticket: str) -> dict:
    if kind == "application":
        day = rng.randint(1, 28)
        return {"service": rng.choice(["NEW", "NEW", "RENEW"]), "child": False,
                "full_name": f"{rng.choice(NAMES)} {rng.choice(FAMILY)}",
                "nik": f"757101{day:02d}0190{rng.randint(0, 9999):04d}",
                "birth_place": "Gorontalo", "birth_date": f"1990-01-{day:02d}", "sex": "M",
                "phone": f"+62812{rng.randint(10**7, 10**8 - 1)}", "email": "",
                "passport_type": "ordinary", "years": 10, "priority": "", "language": "id",
                "event": "GTO-DEMO"}
    if kind == "complaint":
        return {"category": rng.choice(["slow_service", "officer_conduct", "facilities"]),
                "identity": rng.choice(["identified", "confidential", "anonymous"]),
                "unit": "Paspor", "what_happened": "Antrean tidak bergerak selama dua jam.",
                "event_date": "2019-10-20", "place": "Mal Gorontalo",
                "full_name": f"{rng.choice(NAMES)} {rng.choice(FAMILY)}",
                "phone": f"+62813{rng.randint(10**7, 10**8 - 1)}", "email": "",
                "language": "id", "event": "GTO-DEMO"}
    return {"event": rng.choice(["called", "served"]), "code": code, "day": "2019-10-23",
            "service": "NEW", "counter": "1", "from_service": None, "to_service": None,
            "ticket_record": ticket, "officer_id": 1, "officer_name": "Andi Pratama"}


def records(kiosk: BenchKiosk, count: int, day: dt.date, rng: random.Random) -> list[Record]:
    """`count` records of one kiosk on one event day: 60% applications, 30% queue events
    of those applications, 10% complaints."""
    start = dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC)
    out, apps = [], []
    for i in range(count):
        roll = i % 10
        kind = "complaint" if roll == 9 else ("queue_event" if roll >= 6 else "application")
        rid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        ticket = apps[rng.randrange(len(apps))] if apps and kind == "queue_event" else rid
        code = f"A{kiosk.number}-{(kiosk.seq % 999) + 1:03d}"
        body = canonical_json(payload(kind, rng, code=code, ticket=ticket))
        kiosk.seq += 1
        created = start + dt.timedelta(seconds=i * 9 * 3600 // count)
        out.append(Record(kiosk.seq, rid, kiosk.kiosk_id, kind,
                          created.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), body, sha256_hex(body)))
        if kind == "application":
            apps.append(rid)
    return out


def day_bundles(kiosks: list[BenchKiosk], central: X25519PublicKey, *, days: int,
                per_day: int, seed: int = 7) -> Iterator[tuple[bytes, list[Record]]]:
    """Each kiosk's day bundles, in the order a stick would be imported."""
    rng = random.Random(seed)
    event = parse(default_config_text()).event
    for kiosk in kiosks:
        previous = ZERO_HASH
        for n in range(days):
            day = dt.date(2019, 10, 21) + dt.timedelta(days=n)
            recs = records(kiosk, per_day, day, rng)
            built = build_bundle(recs, signing_key=kiosk.key, central_key=central,
                                 kiosk_id=kiosk.kiosk_id, kiosk_number=kiosk.number,
                                 event=event, day=day, export_number=n + 1,
                                 previous_manifest_sha256=previous,
                                 now=dt.datetime(2019, 10, 25, tzinfo=dt.UTC))
            previous = built.manifest_sha256
            yield built.data, recs


def bench_kiosks(count: int, seed: int = 3) -> list[BenchKiosk]:
    rng = random.Random(seed)
    return [BenchKiosk(f"k{rng.getrandbits(32):08x}", n + 1, Ed25519PrivateKey.generate())
            for n in range(count)]
