"""What both sides draw with: widgets, the on-screen keyboard, overlays, the touch watch."""
