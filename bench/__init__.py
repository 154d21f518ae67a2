"""Benchmarks of the kiosk, run with `python -m bench` (one JSON object a line)."""
