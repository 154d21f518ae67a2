"""Change one byte anywhere in a bundle: verification fails and names the check and why."""

from __future__ import annotations

import datetime as dt
import io
import random
import uuid
import zipfile
from collections import Counter

import pytest

from kiosk.export.verify import BundleInvalid, verify_bundle
from tests.helpers.factories import adult_form, complaint_form

DAY = dt.date(2019, 10, 23)


@pytest.fixture
def bundle_bytes(registrar, exporter, central, stick):
    for i in range(6):
        registrar.submit_application(adult_form(), submission_id=str(uuid.UUID(int=i + 1)))
    registrar.submit_complaint(complaint_form(), submission_id=str(uuid.UUID(int=99)))
    return exporter.export_day(stick, day=DAY, central_key=central[2]).path.read_bytes()


def positions(size: int) -> list[int]:
    """Every byte of the first and last 400 (zip headers, central directory, signature),
    and a seeded sample of the rest."""
    edges = set(range(min(400, size))) | set(range(max(0, size - 400), size))
    middle = [p for p in range(size) if p not in edges]
    return sorted(edges | set(random.Random(5).sample(middle, min(300, len(middle)))))


def test_the_untouched_bundle_verifies(bundle_bytes, trusted, central):
    """The control: the same bytes unchanged pass every check."""
    assert verify_bundle(bundle_bytes, kiosk_keys=trusted, central_key=central[0]).records


def member_ranges(data: bytes) -> dict[str, range]:
    """Where each member's content lies in the file (stored members: header, then bytes)."""
    out = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            start = info.header_offset + 30 + len(info.filename.encode())
            out[info.filename] = range(start, start + info.file_size)
    return out


def test_any_changed_byte_fails_with_a_reason(bundle_bytes, trusted, central):
    """Each sampled position, flipped, is refused; a changed member byte names the member,
    a changed header byte the place where the zip differs from the canonical layout."""
    ranges = member_ranges(bundle_bytes)
    reasons: Counter[str] = Counter()
    for pos in positions(len(bundle_bytes)):
        damaged = bytearray(bundle_bytes)
        damaged[pos] ^= 0xFF
        with pytest.raises(BundleInvalid) as err:
            verify_bundle(bytes(damaged), kiosk_keys=trusted, central_key=central[0])
        assert err.value.step == "container", pos
        inside = [name for name, span in ranges.items() if pos in span]
        if inside:
            assert f"member {inside[0]} is damaged" in err.value.reason, pos
            reasons[inside[0]] += 1
        else:
            assert any(w in err.value.reason for w in ("not a readable zip", "differ", "holds",
                                                       "is damaged", "not stored plainly")), \
                (pos, err.value.reason)
            reasons["headers"] += 1
    assert set(reasons) == {"manifest.json", "manifest.sig", "records.jsonl.enc", "headers"}
    assert sum(reasons.values()) >= 1000


def test_a_shortened_or_lengthened_file_fails(bundle_bytes, trusted, central):
    """A stick that lost the tail, or a file with bytes appended, is refused."""
    for data in (bundle_bytes[:-1], bundle_bytes[: len(bundle_bytes) // 2],
                 bundle_bytes + b"\0", b"PK" + bundle_bytes):
        with pytest.raises(BundleInvalid) as err:
            verify_bundle(data, kiosk_keys=trusted, central_key=central[0])
        assert err.value.step == "container"


def test_hostile_containers_are_refused_not_crashed_on(bundle_bytes, trusted, central):
    """A compressed member (zip bomb), a deeply nested manifest, a non-zip: a reason each."""
    import zipfile as zf_mod

    from kiosk.export.container import MEMBERS

    buf = io.BytesIO()
    with zf_mod.ZipFile(buf, "w", compression=zf_mod.ZIP_DEFLATED) as zf:
        for name in MEMBERS:
            zf.writestr(name, b"\0" * 100_000)
    deep = b"[" * 100_000 + b"]" * 100_000
    from kiosk.export.container import build_container

    nested = build_container({"manifest.json": deep, "manifest.sig": b"s" * 64,
                              "records.jsonl.enc": b"x"})
    for data, step in [(buf.getvalue(), "container"), (nested, "manifest"),
                       (b"not a zip at all", "container"), (b"", "container")]:
        with pytest.raises(BundleInvalid) as err:
            verify_bundle(data, kiosk_keys=trusted, central_key=central[0])
        assert err.value.step == step
