"""Render sample slips (each kind, both languages, 80 and 58 mm) to PDF and PNG for a look.

    python3 tools/slip_gallery.py [OUT_DIR]      # default: artifacts/slips
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.booth.build import Booth  # noqa: E402
from kiosk.event.catalogue import load_catalogue  # noqa: E402
from kiosk.event.clock import FakeClock  # noqa: E402
from kiosk.paths import DataDir  # noqa: E402
from tests.helpers.factories import config  # noqa: E402
from tests.helpers.slips import sample_receipts  # noqa: E402


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        clock = FakeClock(dt.datetime(2019, 10, 23, 1, 30, tzinfo=dt.UTC))
        cfg, catalogue = config(), load_catalogue()
        booth = Booth(DataDir(Path(tmp) / "data"), config=cfg, catalogue=catalogue, clock=clock)
        receipts = sample_receipts(booth.registrar())
        for paper in (80, 58):
            conf = cfg if paper == 80 else _with_paper(cfg, paper)
            service = Booth(booth.data, config=conf, catalogue=catalogue, clock=clock).slips
            for name, receipt in receipts.items():
                for language in ("id", "en"):
                    stem = out / f"{paper}mm-{name}-{language}"
                    stem.with_suffix(".pdf").write_bytes(
                        service.render_pdf(receipt, language=language))
                    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile",
                                    f"{stem}.pdf", str(stem)], check=True)
                    print(f"{stem}.png")
        booth.close()


def _with_paper(cfg, paper: int):
    import dataclasses

    return dataclasses.replace(cfg, printer=dataclasses.replace(cfg.printer, paper_mm=paper))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("artifacts/slips"))
