"""CLI commands grouped by subject; each module registers itself on kiosk.cli's groups."""
