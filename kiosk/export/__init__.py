"""Day export bundles: signed manifest, records encrypted to the central office, USB writing."""
