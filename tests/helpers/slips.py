"""Receipts of every slip kind, printer back ends that fail or hang, and PDF reading helpers."""

from __future__ import annotations

import subprocess
import threading
import uuid
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from kiosk.citizen.registrar import Receipt, Registrar
from kiosk.slips.content import Slip
from kiosk.slips.errors import PrinterError
from tests.helpers.factories import adult_form, complaint_form

LONG_NAME = "MUHAMMAD ABDURRAHMAN WAHYUDI PRAWIRANEGARA SASTROWARDOYO PUT"
assert len(LONG_NAME) == 60


def sid() -> str:
    return str(uuid.uuid4())


def sample_receipts(registrar: Registrar) -> dict[str, Receipt]:
    """One receipt per slip kind: applications (incl. a 60-character name, a child and a lost
    passport), a complaint, an info visit, referrals for a lost and a damaged passport, and
    the police step (a lost passport without a police report)."""
    return {
        "application": registrar.submit_application(adult_form(), submission_id=sid()),
        "long_name": registrar.submit_application(
            adult_form(full_name=LONG_NAME, service="RENEW", priority="elderly"),
            submission_id=sid()),
        "child": registrar.submit_application(
            adult_form(full_name="Nur Aisyah", nik="7571014101150002",
                       birth_date="01-01-2015", sex="F", child=True, phone="",
                       parent_name="Siti Rahma", parent_nik="7571014101900003",
                       parent_phone="081234567890"), submission_id=sid()),
        "complaint": registrar.submit_complaint(complaint_form(identity="confidential"),
                                                submission_id=sid()),
        "info": registrar.record_visit(kind="info", service="NEW", submission_id=sid()),
        "referral": registrar.record_visit(kind="referral", service="LOST",
                                           submission_id=sid(), reason="not_on_site"),
        "referral_damaged": registrar.record_visit(kind="referral", service="DAMAGED",
                                                   submission_id=sid(), reason="not_on_site"),
        "police": registrar.record_visit(kind="info", service="LOST", submission_id=sid(),
                                         reason="no_police_report"),
        "lost": registrar.submit_application(
            adult_form(service="LOST", police_report_no="LP/123/X/2019/SPKT",
                       police_report_date="20-10-2019"), submission_id=sid()),
    }


class FailingBackend:
    """A printer that is out of paper."""

    name = "failing"

    def print_slip(self, slip: Slip, *, basename: str) -> None:
        raise PrinterError("paper out")


class HangingBackend:
    """A printer whose write never returns until `release` is set (no sleeping)."""

    name = "hanging"

    def __init__(self) -> None:
        self.release = threading.Event()

    def print_slip(self, slip: Slip, *, basename: str) -> None:
        self.release.wait()


def pdf_text(path: Path | bytes) -> str:
    import io

    reader = PdfReader(io.BytesIO(path) if isinstance(path, bytes) else str(path))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_to_image(pdf: Path, *, dpi: int = 200) -> Image.Image:
    """Render the first page with poppler's pdftoppm (what a thermal driver would rasterise)."""
    stem = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf), str(stem)],
                   check=True, capture_output=True)
    with Image.open(f"{stem}.png") as image:
        return image.convert("L")
