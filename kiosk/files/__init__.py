"""Files the kiosk writes: owner-only modes for personal data, and checked writes for officers."""
