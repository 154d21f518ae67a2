"""The event.

Its configuration (kiosk.toml), the service catalogue and fees, working days, and the event
clock.
"""
