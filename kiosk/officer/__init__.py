"""Officer rules: accounts and PINs, the slip check and reprints, retention of personal data."""
