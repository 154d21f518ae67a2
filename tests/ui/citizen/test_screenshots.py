"""Screenshots of every screen in both languages at every supported size, for people to look at.

Writes artifacts/screens/<W>x<H>/<language>/NN-<stop>.png (git-ignored), and
artifacts/screens/scrolling.json: which stops scroll at which size (the docs list them).
Also checks what a picture cannot be trusted to show (tests/helpers/fitcheck.py): nothing
is cut off at the window's edge, covered by the keyboard or another widget, or scrolled out
of sight without the "more below" hint; no scroll bar shows; no button label is wider than
its button; every button a citizen can tap is at least 72 px tall; the ticket code is large.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.fitcheck import problems, scrolls
from tests.helpers.tour import tour, tour_config
from tests.ui.conftest import start_kiosk
from ui.kit.fit import SUPPORTED
from ui.rehearsal.driver import pump

ROOT = Path(__file__).resolve().parents[3]
# Nothing scrolls at these sizes; smaller panels scroll only where it cannot be helped.
NEVER_SCROLLS = [(1920, 1080), (1080, 1920)]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("size", SUPPORTED, ids=lambda s: f"{s[0]}x{s[1]}")
def test_screenshots_of_every_screen(qtbot, tmp_path, size, language):
    """Every tour stop is saved as a PNG; none has a widget cut off, covered or scrolled
    away unannounced, a scroll bar, clipped text, or a button under 72 px."""
    folder = ROOT / "artifacts" / "screens" / f"{size[0]}x{size[1]}" / language
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):         # a stop renumbered must not leave its old picture
        old.unlink()
    k = start_kiosk(qtbot, tmp_path, config=tour_config(), size=size)
    found, scrolling = [], {}
    try:
        for number, stop in enumerate(tour(k, language), start=1):
            for _ in range(3):          # layouts settle level by level, one event each
                pump()
            image = k.window.grab()
            assert image.width() == size[0] and image.height() == size[1]
            path = folder / f"{number:02d}-{stop}.png"
            assert image.save(str(path)), path
            found += [(stop, p) for p in problems(k.window)]
            if scrolls(k.window):
                scrolling[stop] = scrolls(k.window)
            if stop == "done-ticket":
                assert k.touch.find("ticketCode").fontInfo().pixelSize() >= 120
    finally:
        k.app.close()
    (folder / "scrolling.json").write_text(json.dumps(scrolling, indent=1))
    assert found == []
    if size in NEVER_SCROLLS:
        assert scrolling == {}
