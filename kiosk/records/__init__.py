"""Records.

What the kiosk keeps and vouches for: the store, migrations, the one record type, canonical
JSON, the signing key.
"""
