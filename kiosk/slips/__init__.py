"""Queue slips: content, signed QR token, PDF / ESC/POS / CUPS back ends, printing service."""
