"""The screen sizes the kiosk supports, and which layout each gets.

Supported: landscape from 1024x600 up (1920x1080, 1280x800, 1024x600), portrait from
600x1024 up (1080x1920, 800x1280, 600x1024). Below that a 72 px touch target, three rows of
72 px keys, the header and the buttons leave no room for the field being typed into
(800x480), or a button's label beside another no longer fits in the width (480x800): the
kiosk then says so on the screen and in the log instead of showing broken screens.

The layouts, by the window's shape:

- `rail`: a wide window under 700 px high (1024x600). The language button, Back and the
  primary action stand in a column at the right (a label too long for it takes two
  lines), so the header is one thin line and the form keeps the height; the keys (the
  numeric keypad as two wide rows) go under the form.
- otherwise a row of buttons at the bottom (on two or three rows where their labels need
  the width); a wide window docks the numeric keypad beside the form, a tall one puts
  every keyboard under it.
- `compact`: the short side under 900 px (1280x800, 1024x600, 800x1280, 600x1024):
  smaller margins and type (never under 24 px; buttons still 72 px tall with 32 px labels).
- `narrow`: under 1000 px wide (the portrait panels): the header takes two lines.
"""

from __future__ import annotations

from dataclasses import dataclass

SUPPORTED = ((1920, 1080), (1280, 800), (1024, 600), (1080, 1920), (800, 1280), (600, 1024))
SMALLEST_LANDSCAPE = (1024, 600)
SMALLEST_PORTRAIT = (600, 1024)
RAIL_BELOW_HEIGHT = 700
COMPACT_BELOW = 900


@dataclass(frozen=True)
class Fit:
    """How the kiosk lays itself out in a window of `width` x `height` px."""

    width: int
    height: int

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def supported(self) -> bool:
        """At least the smallest supported size of its orientation."""
        low_w, low_h = SMALLEST_LANDSCAPE if self.landscape else SMALLEST_PORTRAIT
        return self.width >= low_w and self.height >= low_h

    @property
    def rail(self) -> bool:
        return self.landscape and self.height < RAIL_BELOW_HEIGHT

    @property
    def rail_width(self) -> int:
        """The buttons' column, in px (0 without one)."""
        return max(280, round(0.31 * self.width)) if self.rail else 0

    @property
    def content_width(self) -> int:
        """What the screens have across, in px (the window less the buttons' column)."""
        return self.width - self.rail_width

    @property
    def compact(self) -> bool:
        return min(self.width, self.height) < COMPACT_BELOW

    @property
    def narrow(self) -> bool:
        return self.width < 1000


def smallest_for(width: int, height: int) -> tuple[int, int]:
    """The smallest supported size of this window's orientation."""
    return SMALLEST_LANDSCAPE if width > height else SMALLEST_PORTRAIT
